"""Joining the day's line by text (LISTA / LINE): the center's rules, the answers, and
signing in at the desk afterwards without a second entry."""

from __future__ import annotations

from datetime import time

import pytest

from dispatch.models import SignIn
from dispatch.services import morning
from dispatch.services.remote import remote_join
from sms.models import Message
from tests import factories
from tests.sms.test_webhooks import INBOUND, _twilio_token, inbound_params, post, sign  # noqa: F401 (the token fixture is found by name)

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_center(center):
    center.allow_remote_join = True
    center.signin_opens, center.lottery_cutoff = time(6, 0), time(7, 30)
    center.remote_join_limit = 2
    center.save()
    return center


def at(center, hhmm):
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return center.local_datetime(center.today(), time(hours, minutes))


def answer(worker):
    return Message.objects.filter(direction="out", worker=worker).latest("pk")


def test_a_text_during_sign_in_hours_joins_the_line_away_and_says_when_the_number_comes(
    open_center,
):
    worker = factories.WorkerFactory(center=open_center, preferred_language="es")
    assert remote_join(worker=worker, now=at(open_center, "06:30")) == "join_confirmed"
    signin = SignIn.objects.get(worker=worker)
    assert (signin.method, signin.present, signin.state) == ("text", False, "waiting")
    text = answer(worker)
    assert text.kind == "join_confirmed"
    assert "7:30am" in text.body
    assert "lista de hoy" in text.body


def test_a_second_text_gives_the_same_answer_and_no_second_entry(open_center):
    worker = factories.WorkerFactory(center=open_center)
    remote_join(worker=worker, now=at(open_center, "06:30"))
    assert remote_join(worker=worker, now=at(open_center, "06:40")) == "join_confirmed"
    assert SignIn.objects.filter(worker=worker).count() == 1


@pytest.mark.parametrize("hhmm", ["05:59", "07:30", "12:00"])
def test_outside_sign_in_hours_the_answer_says_when_it_opens(open_center, hhmm):
    worker = factories.WorkerFactory(center=open_center, preferred_language="en")
    assert remote_join(worker=worker, now=at(open_center, hhmm)) == "join_closed"
    assert not SignIn.objects.exists()
    assert "open from 6am to 7:30am" in answer(worker).body


def test_over_the_centers_limit_the_answer_says_the_line_is_full(open_center):
    workers = factories.WorkerFactory.create_batch(3, center=open_center, preferred_language="en")
    kinds = [remote_join(worker=w, now=at(open_center, "06:30")) for w in workers]
    assert kinds == ["join_confirmed", "join_confirmed", "join_full"]
    assert SignIn.objects.count() == 2
    assert "full" in answer(workers[2]).body


def test_a_suspended_worker_cannot_join_by_text(open_center):
    worker = factories.WorkerFactory(
        center=open_center, status="sanctioned", suspended_until=open_center.today()
    )
    assert remote_join(worker=worker, now=at(open_center, "06:30")) == "join_refused"
    assert not SignIn.objects.exists()


def test_a_center_that_takes_no_line_by_text_says_so(center):
    worker = factories.WorkerFactory(center=center)
    assert remote_join(worker=worker, now=at(center, "06:30")) == "join_not_offered"
    assert not SignIn.objects.exists()


def test_signing_in_at_the_desk_later_makes_the_same_entry_present(open_center):
    worker = factories.WorkerFactory(center=open_center)
    remote_join(worker=worker, now=at(open_center, "06:30"))
    signin = morning.signin_create(
        center=open_center, badge=worker.badge, now=at(open_center, "07:00")
    )
    assert SignIn.objects.filter(worker=worker).count() == 1
    assert signin.pk == SignIn.objects.get(worker=worker).pk
    assert SignIn.objects.get(worker=worker).present is True
    with pytest.raises(morning.DispatchConflict):  # a second scan says so, as always
        morning.signin_create(center=open_center, badge=worker.badge, now=at(open_center, "07:05"))


def test_after_a_draw_a_joiner_gets_their_number_at_once(open_center):
    morning.lottery_draw(center=open_center, now=at(open_center, "06:10"))
    worker = factories.WorkerFactory(center=open_center, preferred_language="en")
    assert remote_join(worker=worker, now=at(open_center, "06:30")) == "lottery_number"
    assert SignIn.objects.get(worker=worker).lottery_number == 1


@pytest.mark.parametrize("order", ["after_present", "with_everyone"])
def test_joiners_still_away_are_drawn_after_those_present_when_the_center_says_so(
    open_center, order
):
    open_center.remote_join_order = order
    open_center.remote_join_limit = 10
    open_center.save()
    texted = factories.WorkerFactory.create_batch(4, center=open_center)
    present = factories.WorkerFactory.create_batch(4, center=open_center)
    for n, worker in enumerate(texted):
        remote_join(worker=worker, now=at(open_center, f"06:0{n}"))
    for n, worker in enumerate(present):
        morning.signin_create(
            center=open_center, badge=worker.badge, now=at(open_center, f"06:1{n}")
        )
    morning.lottery_draw(center=open_center, now=at(open_center, "07:30"), notify=False)
    numbers = dict(SignIn.objects.values_list("worker_id", "lottery_number"))
    last_present = max(numbers[w.pk] for w in present)
    first_texted = min(numbers[w.pk] for w in texted)
    if order == "after_present":
        assert first_texted > last_present
        assert [numbers[w.pk] for w in texted] == [5, 6, 7, 8]  # in the order they texted
    else:
        assert sorted(numbers.values()) == list(range(1, 9))


# --- through Twilio's signed webhook ------------------------------------------------------


@pytest.fixture
def all_day(open_center):
    open_center.signin_opens, open_center.lottery_cutoff = time(0, 0), time(23, 59, 59)
    open_center.save()
    return open_center


@pytest.mark.parametrize("keyword", ["LISTA", "line", "Lista."])
def test_a_signed_text_with_the_keyword_joins_the_line(all_day, keyword):
    worker = factories.WorkerFactory(center=all_day, phone="+19095550142")
    params = inbound_params(all_day, worker, body=keyword)
    assert post(INBOUND, params, sign(INBOUND, params)).status_code == 200
    assert Message.objects.get(direction="in").kind == "reply:join"
    assert SignIn.objects.get(worker=worker).method == "text"
    assert answer(worker).kind == "join_confirmed"


def test_a_forged_join_text_is_refused_and_nobody_joins(all_day):
    worker = factories.WorkerFactory(center=all_day, phone="+19095550142")
    params = inbound_params(all_day, worker, body="LISTA")
    assert post(INBOUND, params, sign(INBOUND, params, token="forged")).status_code == 403
    assert not SignIn.objects.exists()


def test_a_join_text_from_an_unknown_number_gets_a_short_bilingual_answer(all_day):
    stranger = factories.WorkerFactory.build(phone="+19095550999")
    params = inbound_params(all_day, stranger, body="LISTA")
    assert post(INBOUND, params, sign(INBOUND, params)).status_code == 200
    reply = Message.objects.get(direction="out")
    assert reply.kind == "join_unknown"
    assert reply.to_number == "+19095550999"
    assert "We do not know this number" in reply.body
    assert " / " in reply.body
    assert reply.segments == 1
    assert not SignIn.objects.exists()


def test_the_same_signed_text_twice_joins_once(all_day):
    worker = factories.WorkerFactory(center=all_day, phone="+19095550142")
    params = inbound_params(all_day, worker, body="LISTA")
    post(INBOUND, params, sign(INBOUND, params))
    post(INBOUND, params, sign(INBOUND, params))
    assert SignIn.objects.filter(worker=worker).count() == 1
    assert Message.objects.filter(direction="out").count() == 1


# --- the center's settings -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_center_admin_turns_on_the_line_by_text_with_its_order_and_limit(
    client, center, center_admin, language
):
    from tests.centers.test_settings import _form_values

    client.force_login(center_admin)
    page = client.get("/center/settings/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    label = "fila por mensaje" if language == "es" else "join the line by text"
    assert label in page
    values = _form_values(page) | {
        "allow_remote_join": "on",
        "remote_join_order": "with_everyone",
        "remote_join_limit": "15",
    }
    assert client.post("/center/settings/", values).status_code == 302
    center.refresh_from_db()
    assert (center.allow_remote_join, center.remote_join_order, center.remote_join_limit) == (
        True,
        "with_everyone",
        15,
    )
    refused = client.post(
        "/center/settings/", values | {"remote_join_limit": "0"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert refused.status_code == 400
    assert ("Permita entre 1 y 500" if language == "es" else "between 1 and 500") in (
        refused.content.decode()
    )
    center.refresh_from_db()
    assert center.remote_join_limit == 15
