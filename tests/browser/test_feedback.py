"""An employer rates a worker in the portal, in Spanish, at tablet size with the keyboard:
the rating is saved, shown on the job's worker list, and can be changed the same week."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.i18n import untranslated
from wages.models import WorkerRating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employer_rates_a_worker_in_spanish(page, login):
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    user = factories.UserFactory(username="dana", language="es")
    employer = factories.EmployerFactory(center=center, name="Dana Smith", portal_user=user)
    job = factories.JobFactory(
        center=center,
        employer=employer,
        description="Limpieza del patio",
        date=center.today() - timedelta(days=1),
        status="completed",
    )
    worker = factories.WorkerFactory(center=center, known_as="Chuy", full_name="Jesús Ortega")
    factories.AssignmentFactory(job=job, worker=worker, state="completed")
    page.set_viewport_size({"width": 1024, "height": 768})
    login("dana")

    page.goto("/portal/")
    page.wait_for_selector("html[lang=es]")
    page.click(f"#portal-workers-{job.pk}")
    page.wait_for_selector("text=Chuy (#")
    assert "Jesús Ortega" not in page.content()  # the employer sees the known-as name only
    page.click("text=Calificar")
    page.wait_for_selector("#rating-form")
    assert page.locator("h1").inner_text() == f"¿Cómo trabajó Chuy (#{worker.badge})?"
    page.get_by_label("No", exact=True).first.check()  # llegó a tiempo: no
    page.get_by_label("4", exact=True).check()
    page.locator("input[name=would_hire_again][value=yes]").check()
    page.locator("#id_comment").type("Trabaja bien, llegó 20 minutos tarde", delay=30)
    page.locator("#id_comment").press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Gracias: su calificación quedó guardada.")
    assert "4/5 · tarde · lo contrataría otra vez" in page.locator("table").inner_text()
    rating = WorkerRating.objects.get()
    assert (rating.on_time, rating.quality, rating.would_hire_again) == (False, 4, True)
    assert rating.comment == "Trabaja bien, llegó 20 minutos tarde"

    page.click("text=Cambiar la calificación")
    page.wait_for_selector("#rating-form")
    assert page.locator("input[name=quality][value='4']").is_checked()
    page.get_by_label("5", exact=True).check()
    page.click("#rating-submit")
    page.wait_for_selector("text=5/5")
    assert WorkerRating.objects.get().quality == 5
    assert not untranslated(page.locator("main").inner_text().split("\n"))
