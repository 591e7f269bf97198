"""A Spanish-speaking coordinator at a 1024×768 desk records a member's dues, prints the
receipt, takes the member's photo with the browser's camera and sees it on the ID card.

Chromium's fake camera (``--use-fake-device-for-media-stream``) films a test pattern, and
``--use-fake-ui-for-media-stream`` answers the camera permission prompt."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from PIL import Image

from tests import factories
from tests.browser.test_csp import watch
from tests.browser.waits import wait_until
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from workers import photos
from workers.models import DuesPayment, Worker
from workers.services import worker_search_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def camera_page(browser, live_server):
    """A Chromium of its own (the session's has no fake camera), from the same Playwright."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
    )
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 768}, locale="es-MX"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
    chromium.close()


def test_dues_a_receipt_and_a_camera_photo_on_the_card_in_spanish(camera_page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    page = camera_page
    problems = watch(page)
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    user = factories.StaffFactory(center=center, role="coordinator").user
    user.language = "es"
    user.save()
    today = center.today()
    worker = factories.WorkerFactory(
        center=center, known_as="Lupe", full_name="Guadalupe de la Cruz", preferred_language="es"
    )
    worker.search_text = worker_search_text(worker)
    worker.save(update_fields=["search_text"])

    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Dues at the desk: type the amount and the end of the period, Enter.
    page.goto(f"/workers/{worker.pk}/")
    assert page.locator("h2#dues").inner_text() == "Cuotas de membresía"
    page.click("#id_amount")
    page.keyboard.type("20.00", delay=40)
    end = today + timedelta(days=30)
    page.fill("#id_period_to", end.isoformat())  # the date picker takes ISO
    page.select_option("#id_method", "cash")
    page.press("#id_note", "Enter")
    page.wait_for_url("**/receipt/")
    receipt = page.locator("#dues-receipt")
    assert "Recibo de cuotas" in receipt.inner_text()
    assert "$20.00" in page.locator("#receipt-amount").inner_text()
    assert "Efectivo" in receipt.inner_text()
    payment = DuesPayment.objects.get()
    assert (payment.amount, payment.period_to, payment.taken_by_id) == (
        Decimal("20.00"),
        end,
        user.pk,
    )

    # The photo: consent, camera, take it, save.
    page.goto(f"/workers/{worker.pk}/")
    page.click("#worker-photo")
    page.wait_for_url("**/photo/take/")
    page.check("#id_photo_consent")
    page.click("#camera-start")
    page.locator("#camera-view").wait_for(state="visible")
    wait_until(page, "document.querySelector('#camera-view').videoWidth > 0")  # a first frame
    page.click("#camera-take")
    page.wait_for_selector("#camera-shot[data-taken]")
    assert page.eval_on_selector("#id_photo", "input => input.files.length") == 1
    page.click("#photo-save")
    page.wait_for_url(f"**/workers/{worker.pk}/")
    assert "Foto guardada." in page.content()

    saved = Worker.objects.get(pk=worker.pk)
    assert saved.photo_consent_at is not None
    assert saved.photo_consent_by_id == user.pk
    stored = photos.photo_path(saved.photo_name)
    with Image.open(stored) as image:
        assert image.size == photos.PHOTO_SIZE

    # The card shows the photo (loaded through the private photo page) and the expiry.
    page.goto(f"/workers/{worker.pk}/card/")
    photo = page.locator(".id-card .id-card-photo")
    photo.wait_for(state="visible")
    assert (
        page.eval_on_selector(".id-card-photo", "img => img.complete && img.naturalWidth")
        == (photos.PHOTO_SIZE[0])
    )
    expiry = page.locator(".id-card-expiry").inner_text()
    assert "Miembro hasta" in expiry
    assert end.strftime("%d/%m/%Y") in expiry

    # The picture served is the one stored, and only to this center's staff.
    served = page.request.get(f"/workers/{worker.pk}/photo/")
    assert served.status == 200
    with Image.open(io.BytesIO(served.body())) as image:
        assert image.size == photos.PHOTO_SIZE
    assert not problems, problems
