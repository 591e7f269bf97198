"""The recorded prompts page in Chromium, in Spanish at 1024x768: a center admin records a
fragment with the microphone (Chromium's fake device) and uploads another; both are kept as
WAV, served back through signed URLs, and the count of missing fragments goes down."""

from __future__ import annotations

from pathlib import Path

import pytest

from sms.models import VoicePrompt
from tests import factories
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40


@pytest.fixture
def microphone_page(browser, live_server):
    """A browser whose microphone is Chromium's fake device, allowed for the site."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1024, "height": 768}, locale="es-MX",
        permissions=["microphone"],
    )  # fmt: skip
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
    chromium.close()


def test_a_center_admin_records_and_uploads_prompts_for_mixteco(
    microphone_page, settings, tmp_path
):
    settings.VOICE_PROMPT_ROOT = tmp_path / "prompts"
    page = microphone_page
    center = factories.CenterFactory(slug="pomona", name="Pomona")
    admin = factories.StaffFactory(center=center, role="center_admin").user
    admin.language = "es"
    admin.save()
    page.goto("/accounts/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/sms/templates/")
    page.click("#voice-prompts-link")
    page.locator("#language").fill("")
    page.locator("#language").type("Mixteco", delay=60)
    page.keyboard.press("Enter")
    page.wait_for_url("**/sms/voice/prompts/?language=Mixteco")
    summary = page.locator("#prompt-summary").inner_text()
    assert "Todavía faltan" in summary
    assert "mensaje de texto" in summary
    before = int(summary.split()[2])

    greeting = page.locator("tr[data-key='greeting']")
    greeting.locator("button[data-record]").click()
    page.wait_for_timeout(1200)
    greeting.locator("button[data-record]", has_text="Parar y guardar").click()
    page.wait_for_selector("tr[data-key='greeting'] audio")

    clip = Path(tmp_path) / "trabajo.wav"
    clip.write_bytes(WAV)
    job = page.locator("tr[data-key='job']")
    job.locator("input[type=file]").set_input_files(str(clip))
    job.locator("button[type=submit]").click()
    page.wait_for_selector("tr[data-key='job'] audio")
    assert "Grabación guardada." in page.content()

    recorded = VoicePrompt.objects.filter(center=center, language="mixteco")
    assert set(recorded.values_list("key", flat=True)) == {"greeting", "job"}
    greeting_file = recorded.get(key="greeting").audio
    assert greeting_file.open("rb").read(12)[8:12] == b"WAVE"
    assert int(page.locator("#prompt-summary").inner_text().split()[2]) == before - 2
    src = page.locator("tr[data-key='greeting'] audio").get_attribute("src")
    assert page.request.get(src).body()[:4] == b"RIFF"
