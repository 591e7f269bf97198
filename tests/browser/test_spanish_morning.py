"""A whole morning in Spanish, in Chromium at tablet size (1024×768), as its users live it.

Each user logs in, chooses Spanish with the header's language switch, and works with the
keyboard and the mouse: the coordinator signs workers in at scanner speed, registers and edits
workers, draws, dispatches, offers by SMS (answered in the SMS simulator), logs the job, opens
a wage claim from it and prints the demand letter; the employer posts and cancels a job in the
portal; the board member opens every report; the center admin opens the audit history.

Every page must answer without a server error, without a browser console error, without a
failed request, and show no English text of the project's own catalog (``tests.i18n``).
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest

from dispatch.models import Assignment, Offer
from employers.models import Job
from tests import factories
from tests.browser.waits import wait_until
from tests.i18n import untranslated
from wages.models import WageClaim
from workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The visible text of the page, element by element, outside the language switch (whose
#: "English" button is meant to be English).
VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('.lang-switch, script, style, template, [hidden]')) continue;
    if (!el.checkVisibility()) continue;
    texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('input[placeholder], button, option, label')) {
    if (el.closest('.lang-switch')) continue;
    if (el.placeholder) texts.push(el.placeholder);
    texts.push(el.innerText || el.textContent || '');
  }
  const switches = [...document.querySelectorAll('.lang-switch')];
  switches.forEach((el) => { el.style.display = 'none'; });
  texts.push(...document.body.innerText.split('\\n'));
  switches.forEach((el) => { el.style.display = ''; });
  texts.push(document.title);
  return texts;
}"""


#: How Chromium's console reports an answer of status >= 400.
LOAD_FAILED = "Failed to load resource: the server responded with a status of"


class Watched:
    """One user's browser tab, recording every problem the morning must not have."""

    def __init__(self, browser, base_url: str) -> None:
        self.context = browser.new_context(
            base_url=base_url,
            viewport={"width": 1024, "height": 768},
            locale="en-US",  # the tablet speaks English; the user picks Spanish
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)
        self.page.on("dialog", lambda dialog: dialog.accept())

    def _console(self, message) -> None:
        # Chromium logs every answer of status >= 400 as "Failed to load resource"; those
        # answers are judged by _response, where a refused scan is told from a missing file.
        if message.type == "error" and not message.text.startswith(LOAD_FAILED):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status}: {response.url}")
        elif response.status >= 400 and not response.headers.get("x-desk-answer"):
            # Only the desk's answer to a refused scan (a suspended worker) may be a 4xx.
            self.problems.append(f"client error {response.status}: {response.url}")

    def _failed(self, request) -> None:
        # The browser itself cancels a live poll still in flight when the user moves to the
        # next page (and a download): "net::ERR_ABORTED" is that, not a failure. A server that
        # fails answers >= 500 (above); a dead one gives another error here.
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def log_in_in_spanish(self, username: str) -> None:
        page = self.page
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", factories.PASSWORD)
        page.click("#login-submit")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.click(".lang-switch button[value=es]")
        page.wait_for_selector("html[lang=es]")
        self.check()

    def check(self) -> None:
        """The page as it is now: no English of the catalog on it."""
        english = untranslated(self.page.evaluate(VISIBLE_TEXTS))
        if english:
            self.problems.append(f"English on {self.page.url}: {sorted(set(english))}")

    def go(self, path: str) -> None:
        self.page.goto(path)
        self.page.wait_for_load_state("load")
        self.check()


@pytest.fixture
def morning(db):
    center = factories.CenterFactory(
        slug="pomona",
        name="Centro Laboral de Pomona",
        signin_opens=time(0, 0),
        lottery_cutoff=time(23, 59),
    )
    today = center.today()
    people = {
        "desk": factories.StaffFactory(center=center, role="coordinator").user,
        "admin": factories.StaffFactory(center=center, role="center_admin").user,
        "board": factories.StaffFactory(center=center, role="board").user,
        "employer": factories.UserFactory(username="pomona-employer"),
    }
    people["desk"].first_name, people["desk"].last_name = "Marisol", "Reyes"
    people["desk"].save()
    factories.EmployerFactory(
        center=center, name="Ana Contreras", address="1200 Holt Ave", city="Pomona", state="CA"
    )
    factories.EmployerFactory(center=center, name="Linda Park", portal_user=people["employer"])
    at_desk = [
        factories.WorkerFactory(center=center, badge=101 + n, known_as=name, phone="")
        for n, name in enumerate(["Rosa", "Chuy", "Beto"])
    ]
    by_sms = factories.WorkerFactory(
        center=center, badge=104, known_as="Lupe", phone="+19095550142"
    )
    suspended = factories.WorkerFactory(
        center=center,
        badge=105,
        known_as="Toño",
        phone="",
        status=Worker.Status.SANCTIONED,
        suspended_until=today + timedelta(days=20),
        suspension_reason="No se presentó dos veces",
        dues_paid_through=today + timedelta(days=90),
    )
    return {
        "center": center,
        "people": people,
        "at_desk": at_desk,
        "by_sms": by_sms,
        "suspended": suspended,
    }


@pytest.fixture
def tabs():
    """The users' tabs, closed at the end whatever happened."""
    opened: list[Watched] = []
    yield opened
    for tab in opened:
        tab.context.close()


def test_a_whole_morning_in_spanish(browser, live_server, settings, morning, tabs):
    settings.TWILIO_AUTH_TOKEN = ""  # the SMS simulator signs with the development token
    center, people = morning["center"], morning["people"]

    def tab_for(username: str) -> Watched:
        tab = Watched(browser, live_server.url)
        tabs.append(tab)
        tab.log_in_in_spanish(username)
        return tab

    # --- the coordinator ----------------------------------------------------------------
    desk = tab_for(people["desk"].username)
    page = desk.page

    # Register a worker with the keyboard.
    desk.go("/workers/new/")
    page.keyboard.type("Esperanza Ruiz Díaz")
    page.fill("#id_known_as", "Espe")
    page.click("#worker-save")
    page.wait_for_url("**/workers/*/")
    desk.check()
    assert Worker.objects.filter(known_as="Espe").exists()

    # Edit a suspended worker: add a note and save. Nothing else may change.
    toño = morning["suspended"]
    desk.go(f"/workers/{toño.pk}/edit/")
    page.fill("#id_notes", "Llamó para avisar que vuelve en enero.")
    page.click("#worker-save")
    page.wait_for_url(f"**/workers/{toño.pk}/")
    desk.check()
    saved = Worker.objects.get(pk=toño.pk)
    assert saved.notes == "Llamó para avisar que vuelve en enero."
    kept = (saved.dues_paid_through, saved.suspended_until, saved.suspension_reason)
    before = (toño.dues_paid_through, toño.suspended_until, toño.suspension_reason)
    if kept != before:  # noted, and the morning goes on: the end lists every problem
        desk.problems.append(f"saving the worker form changed {before} into {kept}")
    saved.dues_paid_through, saved.suspended_until, saved.suspension_reason = before
    saved.status = Worker.Status.SANCTIONED
    saved.save()

    # Post two jobs at the desk: one for the workers here, one to offer by SMS.
    for description, wage in (("Mover muebles", "25"), ("Limpiar un patio", "23")):
        desk.go("/jobs/new/")
        page.select_option("#id_employer", label="Ana Contreras")
        page.fill("#id_description", description)
        page.fill("#id_date", center.today().isoformat())
        page.fill("#id_start_time", factories.LATER_TODAY_TEXT)
        page.fill("#id_estimated_hours", "3")
        page.fill("#id_hourly_wage", wage)
        page.fill("#id_workers_needed", "1")
        page.fill("#id_address", "12 Elm St, Claremont, CA")
        page.click("form.card button[type=submit].primary")
        page.wait_for_url(lambda url: "/jobs/new/" not in url)
        desk.check()
    furniture, patio = (
        Job.objects.get(description="Mover muebles"),
        Job.objects.get(description="Limpiar un patio"),
    )

    # Sign workers in at scanner speed: the digits, Enter, and the desk answers each one.
    desk.go("/desk/")
    for worker in [*morning["at_desk"], morning["by_sms"]]:
        page.keyboard.type(str(worker.badge), delay=30)
        page.keyboard.press("Enter")
        page.locator(f"#scan-answers li.scan-good:has-text('· #{worker.badge}')").first.wait_for()
    page.keyboard.type(str(toño.badge), delay=30)
    page.keyboard.press("Enter")
    page.get_by_text("Toño no puede registrarse: suspensión hasta el").first.wait_for()
    desk.check()

    # Draw (the button asks first), then offer one job by SMS and dispatch the other here.
    page.click("#draw-now")
    page.wait_for_selector("#draw-seed")
    desk.check()
    page.click(f"#job-{patio.pk} button[value=sms]")
    page.wait_for_selector(f"#job-{patio.pk} .pill.warn")  # "1 oferta por SMS esperando…"
    assert Offer.objects.get(job=patio).worker == morning["by_sms"]
    page.click(f"#job-{furniture.pk} button[value=desk]")
    page.wait_for_selector("#desk-detail ul.sent li")  # who went, by name and badge
    # Filled, the job folds away at the bottom; unfolded, it names who went.
    page.click("#jobs-filled summary")
    page.wait_for_selector(f"#jobs-filled #job-{furniture.pk} .job-people li")
    desk.check()

    # Lupe answers the offer on her phone in the SMS simulator.
    desk.go(f"/sms/simulator/?worker={morning['by_sms'].pk}")
    page.wait_for_selector(".sim-msg.theirs[data-kind=offer]")
    page.fill("#sim-body", "1")
    page.click("#sim-send")
    page.wait_for_selector(".sim-msg.theirs[data-kind=assignment_details]")
    desk.check()
    lupe = Assignment.objects.get(job=patio, worker=morning["by_sms"])

    # Log the job: 3 h × $23 earned, the employer paid $50.
    desk.go(f"/jobs/{patio.pk}/log/")
    page.fill(f"#id_a{lupe.pk}-hours_worked", "3")
    page.fill(f"#id_a{lupe.pk}-amount_paid", "50")
    page.fill(f"#id_a{lupe.pk}-pay_note", "Pagó solo una parte")
    page.select_option(f"#id_a{lupe.pk}-paid_status", "partial")
    page.click(f"#complete-{lupe.pk}")
    page.wait_for_selector(f"#claim-from-{lupe.pk}")
    desk.check()

    # Open a wage claim from it: it claims what is owed, $69 − $50.
    page.click(f"#claim-from-{lupe.pk}")
    page.wait_for_selector("#id_amount_owed")
    desk.check()
    assert page.input_value("#id_amount_owed") == "19.00"
    page.click("#claim-open")
    page.wait_for_selector("#claim-owed")
    desk.check()
    claim = WageClaim.objects.get(assignment=lupe)
    assert claim.amount_owed == Decimal("19.00")

    # The employer pays $10 of it.
    page.fill("#id_amount", "10")
    page.click("#payment-submit")
    page.wait_for_selector("#claim-recovered:has-text('$10.00')")
    desk.check()
    assert page.inner_text("#claim-balance") == "$9.00"

    # The demand letter in Spanish: earned, paid and due, signed for the center.
    page.click("#letter-es")
    page.wait_for_selector("#demand-letter")
    desk.check()
    assert page.inner_text("#letter-earned") == "$69.00"
    assert page.inner_text("#letter-paid") == "$60.00"
    assert page.inner_text("#letter-balance") == "$9.00"
    signature = page.inner_text("#letter-signature")
    assert "Marisol Reyes" in signature
    assert center.name in signature

    # --- the employer: post a job in the portal, then cancel it ---------------------------
    employer = tab_for("pomona-employer")
    portal = employer.page
    portal.click("#portal-post")
    portal.wait_for_selector("#portal-submit")
    employer.check()
    portal.fill("#id_description", "Pintar una cerca")
    portal.fill("#id_date", (center.today() + timedelta(days=1)).isoformat())
    portal.fill("#id_start_time", "08:00")
    portal.fill("#id_estimated_hours", "4")
    portal.fill("#id_hourly_wage", "24")
    portal.fill("#id_address", "45 Towne Ave, Pomona")
    portal.click("#portal-submit")
    portal.wait_for_url("**/portal/")
    employer.check()
    posted = Job.objects.get(description="Pintar una cerca")
    portal.click(f"#portal-cancel-{posted.pk}")
    portal.wait_for_selector("#cancel-told")
    employer.check()
    portal.click("#cancel-confirm")
    portal.wait_for_url("**/portal/")
    employer.check()
    posted.refresh_from_db()
    assert posted.status == Job.Status.CANCELLED

    # --- the board member opens every report ----------------------------------------------
    board = tab_for(people["board"].username)
    for path in ("/reports/", "/reports/fairness/"):
        board.go(path)
        wait_until(board.page, "Object.keys(Chart.instances).length > 0")
        board.check()

    # --- the center admin opens the audit history ----------------------------------------
    admin = tab_for(people["admin"].username)
    admin.go("/audit/")
    admin.page.wait_for_selector("h1")
    admin.check()

    problems = [problem for tab in tabs for problem in tab.problems]
    assert not problems, "\n".join(problems)
