"""The outbox through a real Celery worker, real Redis and PostgreSQL, and the real Twilio
SDK against the fake Twilio: delivery, replies, the rate limit, a worker killed mid-send and
a broker outage."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client

from config.celery import app
from sms import services
from sms.catalog import Kind, Priority
from sms.client import signature_compute
from sms.models import Message
from sms.tasks import sms_send
from tests import factories
from tests.conftest import REDIS_URL

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = (
    os.environ["CELERY_BROKER_URL"]
    if os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    else REDIS_URL.rsplit("/", 1)[0] + "/14"
)
Status = Message.Status


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(message):
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def offer(center, worker, what="Pintura"):
    context = {
        "what": what,
        "day": "vie 27/11",
        "start": "8am",
        "wage": "25",
        "hours": "8",
        "place": "Pomona",
        "minutes": "10",
    }
    return services.message_queue(
        center=center, worker=worker, kind=Kind.OFFER, context=context, validity_seconds=600
    )


def use_broker(url):
    # Celery prefers the CELERY_BROKER_URL environment variable to its configuration.
    os.environ["CELERY_BROKER_URL"] = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def real_celery(settings, fake_twilio):
    """Tasks go to Redis, not eager; worker threads use fresh database connections."""
    redis.Redis.from_url(BROKER_URL).flushdb()
    saved_env = os.environ.get("CELERY_BROKER_URL")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(BROKER_URL)
    settings.SMS_PUBLIC_BASE_URL = "https://jornada.example.org"
    max_age = connection.settings_dict.get("CONN_MAX_AGE", 0)
    connection.settings_dict["CONN_MAX_AGE"] = 0  # the worker threads close theirs after each task
    yield fake_twilio
    connection.settings_dict["CONN_MAX_AGE"] = max_age
    use_broker(BROKER_URL)
    if saved_env is None:
        del os.environ["CELERY_BROKER_URL"]


@pytest.fixture
def live_worker(real_celery):
    with start_worker(
        app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING"
    ) as worker:
        yield worker


def signed_post(path, params, token):
    url = "https://jornada.example.org" + path
    signature = signature_compute(token=token, url=url, params=params)
    return Client().post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


def test_a_message_is_sent_by_the_worker_delivered_and_stop_opts_out(
    center, worker, real_celery, live_worker
):
    fake = real_celery
    message = offer(center, worker)
    wait_for(lambda: status_of(message) == Status.SENT, what="the offer sent")
    [post] = fake.posts()
    assert post.form["ValidityPeriod"] == "600"
    message.refresh_from_db()
    assert message.provider_sid == post.sid

    report = {"MessageSid": post.sid, "MessageStatus": "delivered"}
    assert signed_post("/sms/twilio/status/", report, fake.auth_token).status_code == 200
    assert status_of(message) == Status.DELIVERED

    stop = {
        "MessageSid": "SM" + "d" * 32,
        "From": str(worker.phone),
        "To": str(center.sms_number),
        "Body": "Alto",
    }
    assert signed_post("/sms/twilio/inbound/", stop, fake.auth_token).status_code == 200
    confirmation = Message.objects.get(kind=Kind.OPTED_OUT)
    wait_for(lambda: status_of(confirmation) == Status.SENT, what="the confirmation sent")
    worker.refresh_from_db()
    assert worker.sms_opted_out_at is not None
    assert offer(center, worker) is None
    assert len(fake.posts()) == 2


def test_the_worker_retries_a_429_and_never_retries_a_21211(
    center, worker, english_worker, real_celery, live_worker
):
    fake = real_celery
    fake.script("429")
    retried = offer(center, worker)
    wait_for(lambda: status_of(retried) == Status.SENT, what="the retried offer sent")
    assert len(fake.posts(to=str(worker.phone))) == 2
    fake.script("21211")
    refused = offer(center, english_worker)
    wait_for(lambda: status_of(refused) == Status.FAILED, what="the refused offer failed")
    assert len(fake.posts(to=str(english_worker.phone))) == 1


def test_the_rate_limit_spaces_the_sends_of_one_number(
    center, worker, real_celery, live_worker, settings
):
    settings.SMS_RATE_REDIS_URL = REDIS_URL
    settings.SMS_RATE_PER_SECOND = 4.0
    redis.Redis.from_url(REDIS_URL).delete(f"sms:rate:{center.sms_number}")
    messages = [offer(center, worker, what=f"Trabajo {n}") for n in range(6)]
    for message in messages:
        wait_for(lambda m=message: status_of(m) == Status.SENT, what="every offer sent")
    times = sorted(post.at for post in real_celery.posts())
    assert len(times) == 6
    # Six sends at four a second take at least 5 × 0.25 s; no two share a slot.
    assert times[-1] - times[0] >= 5 * 0.25 * 0.9


def _worker_process(fake, tmp_path, name, **extra_env):
    db = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_API_BASE_URL": fake.url,
        "TWILIO_TIMEOUT_SECONDS": "60",
        "SMS_RATE_PER_SECOND": "0",
        "NO_PROXY": "127.0.0.1,localhost",
        "DB_CONN_MAX_AGE": "0",
        **extra_env,
    }
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--without-heartbeat", "--without-mingle", "--without-gossip", "--loglevel=INFO",
         "-n", f"{name}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_a_worker_killed_while_twilio_holds_the_send_never_sends_it_twice(
    center, worker, english_worker, real_celery, settings, tmp_path
):
    fake = real_celery
    fake.script("timeout")
    fake.hold_seconds = 60
    first = _worker_process(fake, tmp_path, "first")
    try:
        held = offer(center, worker)
        wait_for(fake.holding.is_set, what="the send held at Twilio")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert status_of(held) == Status.SENDING

    second = _worker_process(fake, tmp_path, "second")
    try:
        sms_send.delay(held.pk)  # the task delivered again, as after a lost ack
        later = offer(center, english_worker)
        wait_for(lambda: status_of(later) == Status.SENT, timeout=60, what="the next offer")
        time.sleep(3)  # past the visibility timeout: the killed worker's task comes back
        later_twice = offer(center, english_worker, what="Otra")
        wait_for(lambda: status_of(later_twice) == Status.SENT, timeout=60, what="another")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
    fake.release()  # Twilio had taken the held message after all
    assert status_of(held) == Status.SENDING
    assert len(fake.posts(to=str(worker.phone))) == 1

    settings.SMS_SENDING_GRACE_SECONDS = 0
    assert services.outbox_sweep()["reconciled"] == 1
    held.refresh_from_db()
    assert held.status == Status.SENT
    assert held.provider_sid == fake.posts(to=str(worker.phone))[0].sid
    assert len(fake.posts(to=str(worker.phone))) == 1


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server owned by the test, on a free port, that the test can stop and start."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp_path)]  # fmt: skip
    server = {"process": None}

    def start():
        server["process"] = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=port)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server up")

    def stop():
        server["process"].terminate()
        server["process"].wait(10)

    start()
    yield {"url": f"redis://127.0.0.1:{port}/0", "start": start, "stop": stop}
    if server["process"].poll() is None:
        stop()


def _pings(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_messages_committed_while_the_broker_is_down_are_all_sent_once(
    center, worker, real_celery, own_redis, settings
):
    fake = real_celery
    use_broker(own_redis["url"])
    settings.SMS_REQUEUE_AFTER_SECONDS = 0
    with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False):
        before = [offer(center, worker, what=f"Antes {n}") for n in range(3)]
        for message in before:
            wait_for(lambda m=message: status_of(m) == Status.SENT, what="sent before")
        own_redis["stop"]()
        during = [offer(center, worker, what=f"Durante {n}") for n in range(5)]
        assert {status_of(m) for m in during} == {Status.QUEUED}
        own_redis["start"]()
        services.outbox_sweep()
        services.outbox_sweep()  # twice: a message may now have two tasks
        for message in during:
            wait_for(lambda m=message: status_of(m) == Status.SENT, timeout=60, what="sent")
    bodies = [post.form["Body"] for post in fake.posts()]
    assert len(bodies) == 8
    assert len(set(bodies)) == 8


def test_a_job_offered_by_sms_is_taken_by_reply_passed_on_when_unanswered_and_filled(
    center, api, real_celery, live_worker
):
    """From the desk's dispatch to the worker's phone and back, on real services."""
    from datetime import timedelta

    from django.utils import timezone

    from dispatch.models import Assignment, Offer, SignIn
    from dispatch.services import morning
    from dispatch.tasks import offers_expire
    from employers.models import Job
    from tests import factories

    fake = real_celery
    a, b, c = (
        factories.WorkerFactory(center=center, phone=phone, preferred_language=language)
        for phone, language in (("+19095550171", "es"), ("+19095550172", "en"), ("+19095550173", "es"))
    )  # fmt: skip
    walk_in = factories.WorkerFactory(center=center, phone="")
    opens = center.local_datetime(center.today(), center.signin_opens)
    for minute, worker in enumerate((a, b, c, walk_in)):
        morning.signin_create(center=center, worker=worker, now=opens + timedelta(minutes=minute))
    morning.lottery_draw(
        center=center, now=center.local_datetime(center.today(), center.lottery_cutoff)
    )
    for position, worker in enumerate((a, b, c, walk_in), 1):
        SignIn.objects.filter(worker=worker).update(position=position)
    job = factories.JobFactory(center=center, workers_needed=2, description="Limpieza de patio")

    response = api.post(f"/api/v1/jobs/{job.pk}/dispatch/", {"via": "sms"}, format="json")
    assert response.status_code == 200, response.json()
    assert [o["badge"] for o in response.json()["offered"]] == [a.badge, b.badge]

    def sent(worker, kind):
        return Message.objects.filter(
            worker=worker, kind=kind, status__in=[Status.SENT, Status.DELIVERED]
        ).exists()

    wait_for(lambda: sent(a, Kind.OFFER) and sent(b, Kind.OFFER), what="both offers sent")
    offer_to_a = Message.objects.get(worker=a, kind=Kind.OFFER)
    assert offer_to_a.body.startswith('Trabajo: "Limpieza de patio", ')
    assert Message.objects.get(worker=b, kind=Kind.OFFER).body.startswith(
        'Job: "Limpieza de patio", '
    )
    # (the offer may leave before A's lottery number: it is urgent, the number is not)
    [offer_post] = [p for p in fake.posts(to=str(a.phone)) if p.sid == offer_to_a.provider_sid]
    assert offer_post.form["ValidityPeriod"] == "600"

    # B does not answer: the sweeper (a beat task, on the real worker) passes the job to C.
    Offer.objects.filter(worker=b).update(expires_at=timezone.now() - timedelta(seconds=1))
    offers_expire.delay()
    wait_for(lambda: sent(b, Kind.OFFER_EXPIRED) and sent(c, Kind.OFFER), what="passed on")
    assert Offer.objects.get(worker=b).state == Offer.State.EXPIRED

    # A walk-in takes one place at the desk; then A's "SI" fills the job.
    morning.assignment_create(job=job, worker=walk_in, how=Assignment.How.WALK_IN)
    reply = {"MessageSid": "SM" + "e" * 32, "From": str(a.phone), "To": str(center.sms_number)}
    assert (
        signed_post("/sms/twilio/inbound/", reply | {"Body": "Sí"}, fake.auth_token).status_code
        == 200
    )
    wait_for(lambda: sent(a, Kind.ASSIGNMENT_DETAILS), what="the details sent to A")
    wait_for(lambda: sent(c, Kind.JOB_FILLED), what="C told the job is filled")
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED
    assert Assignment.objects.get(job=job, worker=a).how == Assignment.How.SMS_OFFER
    assert Offer.objects.get(worker=a).state == Offer.State.ACCEPTED
    assert Offer.objects.get(worker=c).state == Offer.State.CANCELLED

    # C's late yes finds nothing waiting: the short bilingual help.
    late = {"MessageSid": "SM" + "f" * 32, "From": str(c.phone), "To": str(center.sms_number)}
    assert (
        signed_post("/sms/twilio/inbound/", late | {"Body": "1"}, fake.auth_token).status_code
        == 200
    )
    wait_for(lambda: sent(c, Kind.UNKNOWN_REPLY), what="the help sent to C")
    assert job.assignments.count() == 2

    # Every message that left was posted to Twilio exactly once.
    outbound = Message.objects.filter(direction="out").exclude(status=Status.QUEUED)
    assert sorted(outbound.values_list("provider_sid", flat=True)) == sorted(
        post.sid for post in fake.posts()
    )


# --- urgent texts first ----------------------------------------------------------------


def limit_rate(settings, center, per_second):
    """The real per-number bucket in Redis at ``per_second`` segments, both lanes empty."""
    settings.SMS_RATE_REDIS_URL = REDIS_URL
    settings.SMS_RATE_PER_SECOND = per_second
    settings.SMS_RATE_BURST = 1.0
    number = str(center.sms_number)
    redis.Redis.from_url(REDIS_URL).delete(f"sms:rate:{number}", f"sms:rate:{number}:info")


def lottery_texts(center, count):
    """``count`` lottery-number texts queued back to back, as after the draw."""
    from datetime import date

    from tests import factories

    workers = [
        factories.WorkerFactory(
            center=center, phone=f"+1909556{n:04d}", preferred_language=("es", "en")[n % 2]
        )
        for n in range(count)
    ]
    texts = [
        services.message_queue(
            center=center,
            worker=worker,
            kind=Kind.LOTTERY_NUMBER,
            context={"number": n + 1, "day": date(2026, 12, 1)},
        )
        for n, worker in enumerate(workers)
    ]
    assert {text.priority for text in texts} == {Priority.INFORMATIONAL}
    return texts


def test_an_offer_leaves_within_two_seconds_behind_forty_lottery_texts_at_one_a_second(
    center, english_worker, real_celery, live_worker, settings
):
    fake = real_celery
    limit_rate(settings, center, 1.0)
    lottery = lottery_texts(center, 40)
    wait_for(lambda: len(fake.posts()) >= 2, timeout=15, what="the lottery texts draining")
    queued_at = time.time()
    urgent = offer(center, english_worker)
    to = str(english_worker.phone)
    wait_for(lambda: fake.posts(to=to), timeout=5, what="the offer at Twilio")
    [posted] = fake.posts(to=to)
    assert posted.at - queued_at <= 2.0
    wait_for(lambda: status_of(urgent) == Status.SENT, timeout=5, what="the offer marked sent")
    # The informational texts go on with what is left of the rate, one a second.
    sent_before = len(fake.posts())
    wait_for(lambda: len(fake.posts()) >= sent_before + 3, timeout=10, what="the lottery going on")
    times = sorted(post.at for post in fake.posts())
    assert times[-1] - times[0] >= (len(times) - 1) * 0.9
    assert sum(status_of(text) == Status.SENT for text in lottery) == len(times) - 1


def test_forty_lottery_texts_and_an_offer_all_leave_once_at_the_rate_the_offer_first(
    center, english_worker, real_celery, live_worker, settings
):
    fake = real_celery
    limit_rate(settings, center, 10.0)  # 10 segments a second: the drain takes ~4 s
    lottery = lottery_texts(center, 40)
    queued_at = time.time()
    urgent = offer(center, english_worker)
    for text in [urgent, *lottery]:
        wait_for(lambda t=text: status_of(t) == Status.SENT, timeout=60, what="every text sent")
    posts = sorted(fake.posts(), key=lambda post: post.at)
    assert len(posts) == 41
    assert sorted(Message.objects.values_list("provider_sid", flat=True)) == sorted(
        post.sid for post in posts
    )
    # Of the texts still waiting when the offer was queued, the offer left first (or second,
    # behind the one being sent at that moment).
    after = [post.form["To"] for post in posts if post.at >= queued_at]
    assert len(after) > 10, "the backlog had drained before the offer: nothing shown"
    assert after.index(str(english_worker.phone)) <= 1
    # 41 one-segment texts at 10 a second take at least 4 s: no slot was shared.
    assert posts[-1].at - posts[0].at >= 40 * 0.1 * 0.9


def test_a_draws_texts_in_batches_leave_once_each_through_the_real_worker_at_the_rate(
    center, real_celery, live_worker, settings
):
    from django.db import transaction

    fake = real_celery
    settings.SMS_BATCH_SIZE = 10
    limit_rate(settings, center, 20.0)
    with transaction.atomic(), services.outbox_batch():  # as the draw queues them
        texts = lottery_texts(center, 30)
    for text in texts:
        wait_for(lambda t=text: status_of(t) == Status.SENT, timeout=60, what="every text sent")
    posts = sorted(fake.posts(), key=lambda post: post.at)
    assert len(posts) == 30
    assert sorted(Message.objects.values_list("provider_sid", flat=True)) == sorted(
        post.sid for post in posts
    )
    assert posts[-1].at - posts[0].at >= 29 * 0.05 * 0.9  # 20 a second: no slot shared


# --- recovery when a worker starts -------------------------------------------------------


def test_a_starting_worker_sends_what_a_killed_worker_left_and_settles_its_sends(
    center, worker, english_worker, real_celery, tmp_path
):
    from datetime import timedelta

    from django.utils import timezone

    from sms.transport import get_backend

    fake = real_celery
    # What a killed worker leaves: queued texts whose tasks died with it, and a text it was
    # sending when it died (Twilio took it, the SID was never stored).
    lost = [offer(center, worker, what=f"Perdido {n}") for n in range(3)]
    in_flight = offer(center, english_worker, what="En camino")
    redis.Redis.from_url(BROKER_URL).flushdb()  # their tasks are gone
    get_backend().send(services._outgoing(in_flight))
    a_minute_ago = timezone.now() - timedelta(seconds=90)
    Message.objects.filter(pk__in=[m.pk for m in lost]).update(created_at=a_minute_ago)
    Message.objects.filter(pk=in_flight.pk).update(
        status=Status.SENDING, sending_at=a_minute_ago, attempts=1
    )

    started = time.monotonic()
    restarted = _worker_process(fake, tmp_path, "restarted", SMS_SENDING_GRACE_SECONDS="60")
    try:
        for message in [*lost, in_flight]:
            wait_for(lambda m=message: status_of(m) == Status.SENT, timeout=45, what="recovered")
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(20)
    # No timer ran (no beat; the timer's sweep waits SMS_REQUEUE_AFTER_SECONDS = 120 s).
    assert time.monotonic() - started < 45
    in_flight.refresh_from_db()
    [posted] = fake.posts(to=str(english_worker.phone))
    assert in_flight.provider_sid == posted.sid  # reconciled, not sent again
    assert len(fake.posts(to=str(worker.phone))) == 3


# --- a broker that refuses connections ---------------------------------------------------


def test_an_enqueue_against_a_refused_broker_is_tried_once_and_the_sweep_sends_it(
    center, worker, real_celery, monkeypatch
):
    fake = real_celery
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: connections are refused
    use_broker(f"redis://127.0.0.1:{port}/0")
    attempts = []
    connect = socket.socket.connect

    def counting_connect(sock, address):
        if isinstance(address, tuple) and address[1] == port:
            attempts.append(address)
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", counting_connect)
    message = offer(center, worker)
    assert len(attempts) == 1  # one try, no retry policy, no reconnect loop
    assert status_of(message) == Status.QUEUED
    monkeypatch.undo()

    use_broker(BROKER_URL)
    with start_worker(app, pool="threads", concurrency=2, perform_ping_check=False):
        assert services.outbox_sweep(requeue_after=0)["requeued"] == 1
        wait_for(lambda: status_of(message) == Status.SENT, what="the swept text sent")
    assert len(fake.posts()) == 1


#: Time zones spread round the clock: one of them is in its daytime whenever the test runs.
DAYTIME_ZONES = [
    "UTC", "Europe/Paris", "Asia/Dubai", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Auckland",
    "America/Sao_Paulo", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu",
]  # fmt: skip


def test_the_membership_run_twice_on_the_real_worker_expires_once_and_texts_one_reminder(
    center, worker, real_celery, live_worker
):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from workers.models import Worker
    from workers.tasks import membership_nightly

    center.timezone = next(
        zone for zone in DAYTIME_ZONES if 10 <= datetime.now(ZoneInfo(zone)).hour < 17
    )
    center.membership_grace_days = 0
    center.save()
    today = center.today()
    Worker.objects.filter(pk=worker.pk).update(dues_paid_through=today + timedelta(days=5))
    lapsed = factories.WorkerFactory(center=center, dues_paid_through=today - timedelta(days=1))
    membership_nightly.delay()
    membership_nightly.delay()  # a second beat, or a redelivery, at the same time
    wait_for(
        lambda: Message.objects.filter(kind=Kind.DUES_REMINDER, status=Status.SENT).exists(),
        what="the renewal reminder sent",
    )
    time.sleep(1.0)  # room for the second run to finish (and, were it wrong, to send again)
    reminders = Message.objects.filter(kind=Kind.DUES_REMINDER)
    assert [m.worker_id for m in reminders] == [worker.pk]
    assert reminders.get().priority == Priority.INFORMATIONAL
    assert len(real_celery.posts()) == 1
    assert Worker.objects.get(pk=lapsed.pk).status == Worker.Status.EXPIRED
