"""Scans at scanner speed: every Enter is one sign-in of exactly what was typed, in order,
with its own answer, however slow the answers come back."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

import dispatch.views.desk as desk_views
from dispatch.models import SignIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERED = "#scan-answers li.scan-answer:not(.scan-pending)"


def _slow_answers(monkeypatch, seconds):
    """Every sign-in request takes ``seconds`` longer, as over a slow network."""
    real = desk_views.desk_scan

    def slow(**kwargs):
        time.sleep(seconds)
        return real(**kwargs)

    monkeypatch.setattr(desk_views, "desk_scan", slow)


def _scan(page, badge):
    page.keyboard.type(str(badge), delay=30)
    page.keyboard.press("Enter")


def _signed_in_order(center):
    return list(
        SignIn.objects.filter(center=center)
        .order_by("signed_in_at", "pk")
        .values_list("worker__badge", flat=True)
    )


def test_ten_badges_at_scanner_speed_over_a_slow_line_sign_in_exactly_those_ten(
    spanish_desk, page, monkeypatch
):
    center, _user, workers = spanish_desk
    typed = [14, 116, 7, 8, 71, 111, 61, 9, 130, 12]
    # Each of these is what a lost or mixed-up keystroke would have made of a typed badge.
    decoys = [16, 1, 11, 6, 13, 30, 2, 4, 3]
    people = {worker.badge: worker for worker in workers(typed + decoys)}
    _slow_answers(monkeypatch, 0.7)
    page.goto("/desk/")

    for badge in typed:  # back to back, no waiting for the answers
        _scan(page, badge)
    assert page.input_value("#scan") == ""
    expect(page.locator(ANSWERED)).to_have_count(len(typed), timeout=30_000)

    assert _signed_in_order(center) == typed
    answers = page.locator("#scan-answers li.scan-answer")
    assert answers.count() == 10
    # Newest first, each saying which badge and which worker it was for.
    for answer, badge in zip(answers.all(), reversed(typed), strict=True):
        assert answer.locator(".scan-typed").inner_text() == str(badge)
        assert "scan-good" in answer.get_attribute("class")
        text = answer.locator(".scan-text").inner_text()
        assert text == f"Entrada registrada: {people[badge].desk_name}."
    assert page.evaluate("document.activeElement.id") == "scan"
    # The live panel shows the ten in line.
    expect(page.locator("#desk-live .desk-queue tbody tr")).to_have_count(10)


def test_seven_enter_eight_enter_signs_in_both_and_the_panel_stays(spanish_desk, page):
    center, _user, workers = spanish_desk
    seven, eight = workers([7, 8])
    page.goto("/desk/")

    page.keyboard.type("7", delay=30)
    page.keyboard.press("Enter")
    page.keyboard.type("8", delay=30)
    page.keyboard.press("Enter")
    expect(page.locator(ANSWERED)).to_have_count(2)

    assert _signed_in_order(center) == [7, 8]
    texts = page.locator("#scan-answers .scan-text").all_inner_texts()
    assert texts == [
        f"Entrada registrada: {eight.desk_name}.",
        f"Entrada registrada: {seven.desk_name}.",
    ]
    rows = page.locator("#desk-live .desk-queue tbody tr")
    expect(page.locator("#desk-live .desk-queue tbody tr")).to_have_count(2)
    page.wait_for_timeout(4_500)  # a poll of the live panel later, it is still there
    assert rows.count() == 2
    assert page.locator("#desk-live .desk-lottery").is_visible()
    assert page.locator("#desk-live .desk-jobs").is_visible()
    assert eight.desk_name in page.locator("#desk-live .desk-queue").inner_text()

    # A second scan of a badge gets its own answer, in red, and nothing changes.
    _scan(page, 7)
    expect(page.locator(ANSWERED)).to_have_count(3)
    first = page.locator("#scan-answers li.scan-answer").first
    assert "scan-bad" in first.get_attribute("class")
    assert "ya se registró hoy" in first.inner_text()
    assert SignIn.objects.count() == 2


def test_a_name_search_is_an_answer_and_a_click_on_a_name_signs_in(spanish_desk, page):
    center, _user, workers = spanish_desk
    made = workers([6, 12, 18, 25])  # three Concepción and a Concepción T.
    page.goto("/desk/")
    page.keyboard.type("concepcion", delay=30)
    page.keyboard.press("Enter")
    hits = page.locator("#scan-answers .scan-search .search-hits button")
    hits.first.wait_for()
    labels = hits.all_inner_texts()
    assert sorted(labels) == sorted(worker.desk_name for worker in made)
    assert len(set(labels)) == 4  # no two alike
    target = next(worker for worker in made if worker.badge == 25)
    page.click(f"#scan-answers button:has-text('{target.desk_name}')")
    page.wait_for_selector("#scan-answers li.scan-good")
    assert page.locator("#scan-answers li.scan-good .scan-text").inner_text() == (
        f"Entrada registrada: {target.desk_name}."
    )
    assert _signed_in_order(center) == [25]
    assert SignIn.objects.get().method == SignIn.Method.SEARCH
