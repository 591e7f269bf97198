"""A desk that stays still and says what it will do, in Spanish at a tablet: job cards in
a fixed order, "Dispatch next N" and who went, filled jobs folded away, "left" undone."""

from __future__ import annotations

from datetime import time

import pytest

from dispatch.models import Assignment, Departure, SignIn
from dispatch.services import morning
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _card_titles(page):
    return page.locator("#desk-live .desk-jobs > article.job header strong").all_inner_texts()


def test_dispatch_next_says_how_many_names_who_and_the_cards_stay_put(spanish_desk, page):
    center, _user, workers = spanish_desk
    workers(range(1, 7), sign_in=True)
    morning.lottery_draw(center=center, notify=False)
    employer = factories.EmployerFactory(center=center, name="Ana Contreras")
    factories.JobFactory(
        center=center,
        employer=employer,
        description="Mudanza",
        start_time=time(9, 0),
        workers_needed=2,
    )
    factories.JobFactory(
        center=center, employer=employer, description="Jardín", start_time=time(8, 0)
    )
    factories.JobFactory(
        center=center, employer=employer, description="Pintura", start_time=time(9, 0)
    )
    page.goto("/desk/")
    assert _card_titles(page) == ["Jardín", "Mudanza", "Pintura"]
    move = page.locator("article.job", has_text="Mudanza")
    assert move.locator("button[value=desk]").inner_text() == "Enviar a los 2 siguientes"
    garden = page.locator("article.job", has_text="Jardín")
    assert garden.locator("button[value=desk]").inner_text() == "Enviar al siguiente"

    move.locator("button[value=desk]").click()
    answer = page.locator("#desk-detail")
    answer.locator(".scan-good", has_text="Enviados 2 trabajadores").wait_for()
    sent = answer.locator("ul.sent li").all_inner_texts()
    assigned = Assignment.objects.select_related("worker").order_by("slot")
    assert sent == [a.worker.desk_name for a in assigned]
    assert all("· #" in name for name in sent)

    # The filled job folds away at the bottom; the others have not moved.
    page.locator("#jobs-filled summary", has_text="1 trabajo completo").wait_for()
    assert _card_titles(page) == ["Jardín", "Pintura"]
    assert not page.locator("#jobs-filled article.job").is_visible()
    page.click("#jobs-filled summary")
    assert page.locator("#jobs-filled article.job", has_text="Mudanza").is_visible()
    page.wait_for_timeout(4_500)  # the next poll keeps it open
    assert page.locator("#jobs-filled article.job", has_text="Mudanza").is_visible()
    assert _card_titles(page) == ["Jardín", "Pintura"]


def test_left_is_said_apart_from_away_and_can_be_undone(spanish_desk, page):
    center, user, workers = spanish_desk
    workers(range(1, 4), sign_in=True)
    morning.lottery_draw(center=center, notify=False)
    first, second = SignIn.objects.order_by("position").select_related("worker")[:2]
    page.goto("/desk/")

    row = page.locator("#desk-live tbody tr", has_text=first.worker.desk_name)
    assert row.locator("button[value=away]").inner_text() == "Salió un rato"
    assert row.locator("button[value=left]").inner_text() == "Se fue"
    row.locator("button[value=away]").click()
    page.locator("#desk-detail", has_text="sigue en la fila, con ofertas por SMS").wait_for()
    row.locator(".pill.away", has_text="fuera · SMS").wait_for()

    other = page.locator("#desk-live tbody tr", has_text=second.worker.desk_name)
    other.locator("button[value=left]").click()
    page.locator("#desk-detail .scan-left", has_text="se fue por hoy").wait_for()
    other.locator(".pill.bad", has_text="Se fue").wait_for()
    assert other.locator("button[value=left]").count() == 0
    assert SignIn.objects.get(pk=second.pk).state == SignIn.State.LEFT

    page.click("#undo-left")
    page.locator("#desk-detail", has_text="vuelve a la fila como estaba").wait_for()
    other.locator("button[value=left]").wait_for()
    assert SignIn.objects.get(pk=second.pk).state == SignIn.State.WAITING
    assert Departure.objects.get().undone_by == user
