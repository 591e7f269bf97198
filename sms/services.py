"""Writes of the sms app: the outbox, sending, delivery reports, replies and opt-outs.

An outbound message is a row first (``queued``), and the task that sends it is enqueued
after the transaction commits. Sending claims the row with a conditional update
(``queued → sending``), calls the provider outside any transaction and records the answer;
a message whose outcome is unknown stays ``sending`` until the sweeper reconciles it with
the provider. Nothing is ever resent blindly.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import redis
from celery import current_app
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.errors import ApplicationError
from centers.logmask import mask_phone
from centers.models import Center
from centers.queue import enqueue_by_name, enqueue_now
from sms import catalog, ratelimit, replies, segments, selectors, voice
from sms.backends import (
    Outgoing,
    SmsPermanentError,
    SmsTransientError,
    SmsUnknownOutcome,
)
from sms.catalog import Kind, Priority
from sms.models import (
    STATUS_RANK,
    CallEvent,
    CallKeypress,
    Message,
    OptOut,
    StatusEvent,
    VoicePrompt,
)
from sms.signals import offer_text_sent
from sms.transport import get_backend
from workers import membership
from workers.models import Worker

log = logging.getLogger(__name__)

Status = Message.Status
OPTED_OUT_CODES = frozenset({"21610"})
UNKNOWN_CODE = "unknown"
OPTED_OUT_CODE = "opted_out"


# --- queueing ------------------------------------------------------------------------


def message_queue(
    *,
    center: Center,
    worker: Worker,
    kind: str,
    context: dict,
    offer_id: int | None = None,
    validity_seconds: int | None = None,
) -> Message | None:
    """Render ``kind`` in the worker's language and put it in the outbox.

    Returns None, writing nothing, when the worker has no phone, has not consented, or
    opted out (the center's record for the number counts too), or the center has no SMS
    number."""
    if worker.center_id != center.pk:
        raise ValueError("the worker belongs to another center")
    if not worker.sms_reachable or not center.sms_number or _opted_out(center, worker.phone):
        return None
    return _outbound_create(
        center=center,
        worker=worker,
        to_number=str(worker.phone),
        language=worker.preferred_language,
        kind=kind,
        context=context,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
    )


def message_queue_employer(
    *, center: Center, phone: object, language: str, kind: str, context: dict
) -> Message | None:
    """Text an employer (not a worker): their code at sign-up, who is coming, a
    cancellation. None, writing nothing, without a phone or an SMS number, or when the
    number opted out."""
    if not phone or not center.sms_number or _opted_out(center, phone):
        return None
    return _outbound_create(
        center=center,
        worker=None,
        to_number=str(phone),
        language=language,
        kind=kind,
        context=context,
    )


def _opted_out(center: Center | int, phone: object) -> bool:
    return OptOut.objects.filter(center=center, phone=str(phone)).exists()


def _outbound_create(
    *,
    center: Center,
    worker: Worker | None,
    to_number: str,
    language: str,
    kind: str,
    context: dict,
    offer_id: int | None = None,
    validity_seconds: int | None = None,
) -> Message:
    language = language if language in catalog.LANGUAGES else "es"
    body = catalog.render(kind, context, language)
    counted = segments.count(body)
    message = Message.objects.create(
        center=center,
        direction=Message.Direction.OUTBOUND,
        worker=worker,
        to_number=to_number,
        from_number=str(center.sms_number),
        kind=kind,
        body=body,
        language=language,
        encoding=counted.encoding,
        segments=counted.segments,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
        status=Status.QUEUED,
        priority=catalog.priority_of(kind),
    )
    _enqueue_on_commit(message.pk, message.priority)
    log.info("sms #%s queued: %s to %s", message.pk, kind, mask_phone(to_number))
    return message


# Broker priorities (Redis: the lower number is fetched first), so an urgent text's task is
# taken before a backlog of informational ones.
BROKER_PRIORITY: dict[int, int] = {Priority.URGENT: 0, Priority.INFORMATIONAL: 6}


_batch = threading.local()


@contextmanager
def outbox_batch() -> Iterator[None]:
    """Texts queued inside go to the workers in tasks of up to ``SMS_BATCH_SIZE`` each,
    one per priority, once the transaction commits: the many texts of one moment (a draw's
    lottery numbers, a round of offers, the sweeper's) share one task's broker round trips
    instead of paying them each. A task sends its texts one after another, in the order
    they were queued, each under the same rules as a text sent alone."""
    outer = getattr(_batch, "ids", None) is None
    if outer:
        _batch.ids = {}
    try:
        yield
    finally:
        if outer:
            collected, _batch.ids = _batch.ids, None
            if collected:
                transaction.on_commit(lambda: _enqueue_batches(collected))


def _enqueue_on_commit(message_id: int, priority: int) -> None:
    broker_priority = BROKER_PRIORITY.get(priority, 0)
    collected = getattr(_batch, "ids", None)
    if collected is not None:
        collected.setdefault(broker_priority, []).append(message_id)
        return
    # By name: ``sms.tasks`` imports this module (a task calls one service).
    enqueue_by_name(
        "sms.tasks.sms_send",
        message_id,
        recovery="the outbox sweeper will send it",
        priority=broker_priority,
    )


def _enqueue_batches(collected: dict[int, list[int]]) -> None:
    size = max(1, settings.SMS_BATCH_SIZE)
    for broker_priority in sorted(collected):
        ids = collected[broker_priority]
        for start in range(0, len(ids), size):
            outbox_enqueue(ids[start : start + size], broker_priority=broker_priority)


def outbox_enqueue(ids: list[int], *, broker_priority: int) -> bool:
    """Hand queued rows to a worker now: one task for one text, a batch task for more."""
    name, argument = (
        ("sms.tasks.sms_send", ids[0]) if len(ids) == 1 else ("sms.tasks.sms_send_batch", ids)
    )
    return enqueue_now(
        current_app.tasks[name],
        argument,
        recovery="the outbox sweeper will send them",
        priority=broker_priority,
    )


# --- membership renewal reminders ------------------------------------------------------

#: Local hours in which renewal reminders are texted (never at night).
REMINDER_HOURS = (9, 19)


def dues_reminders_send(*, now: datetime | None = None) -> int:
    """Text each member whose dues run out within a week, once per paid period, in the
    center's daytime, in their language; consent and opt-outs hold as for every text."""
    now = now or timezone.now()
    queued = 0
    for center in Center.objects.exclude(sms_number=""):
        local = now.astimezone(center.tz)
        if REMINDER_HOURS[0] <= local.hour < REMINDER_HOURS[1]:
            queued += _dues_reminders_for(center=center, today=local.date())
    return queued


@transaction.atomic
def _dues_reminders_for(*, center: Center, today: date) -> int:
    queued = 0
    with outbox_batch():
        for worker in membership.dues_reminders_claim(center=center, today=today):
            context = {"center": center.sms_sender_name(), "day": worker.dues_paid_through}
            if message_queue(
                center=center, worker=worker, kind=Kind.DUES_REMINDER, context=context
            ):
                queued += 1
    return queued


# --- sending -------------------------------------------------------------------------


class RetryLater(Exception):
    """The provider did not take the message; the task tries again after ``delay``."""

    def __init__(self, *, delay: float, code: str) -> None:
        super().__init__(code)
        self.delay = delay
        self.code = code


def retry_delay(attempt: int) -> float:
    """Exponential backoff with full jitter: up to 2, 4, 8 … seconds, at most 10 minutes."""
    ceiling = min(settings.SMS_RETRY_BACKOFF_MAX, 2 ** max(1, attempt))
    return random.uniform(ceiling / 2, ceiling)


def outbound_send(*, message_id: int, reserved: bool = False) -> float:
    """Send one queued message at most once. Returns the seconds to wait for the sending
    number's rate limit (the caller tries again then with ``reserved=True``: the message
    holds its turn), else 0.

    Raises ``RetryLater`` after a transient error, with the row back in ``queued``.

    Three statements for a message sent: the claim (which reads the row), the rate limit's
    one Redis script, the status write (which says whether a delivery report is waiting)."""
    now = timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return 0.0
    try:
        wait = _rate_turn(message, reserved=reserved)
    except redis.RedisError as exc:
        _unclaim(message, due=now)
        raise RetryLater(delay=retry_delay(1), code="ratelimit") from exc
    if wait > 0:
        _unclaim(message, due=now + timedelta(seconds=wait))
        return wait
    try:
        result = get_backend().send(_outgoing(message))
    except SmsTransientError as exc:
        _after_transient(message, attempt=message.attempts, code=exc.code)
    except SmsPermanentError as exc:
        log.warning("sms #%s refused by the provider: %s", message.pk, exc.code)
        _finish(message, status=Status.FAILED, code=exc.code, only_from=Status.SENDING)
        if exc.code in OPTED_OUT_CODES:
            opt_out_record(
                center=message.center, phone=str(message.to_number), keyword="", source="provider"
            )
    except SmsUnknownOutcome as exc:
        # The request left and no answer came back: it may have been sent. It stays
        # `sending` until the sweeper asks the provider.
        log.warning("sms #%s outcome unknown (%s); left for reconciliation", message.pk, exc.code)
    else:
        _record_sent(message, result.sid)
        log.info("sms #%s accepted by the provider", message.pk)
        if message.channel == Message.Channel.VOICE:
            call_events_apply(sid=result.sid)  # callbacks that came before the CallSid
    return 0.0


@dataclass(frozen=True)
class Later:
    """A text of a batch that goes back to the queue by itself: its rate-limit turn comes
    in ``delay`` seconds (``reserved``: it holds that turn), or it retries after a
    transient error."""

    message_id: int
    delay: float
    reserved: bool


@dataclass
class BatchOutcome:
    later: list[Later]
    #: Not tried: the batch ran out of its time (``SMS_BATCH_SECONDS``); they go on in
    #: another batch.
    rest: list[int]


def outbound_send_batch(*, message_ids: list[int]) -> BatchOutcome:
    """Send a batch's texts one after another, each exactly as ``outbound_send`` sends one
    (its claim, its turn, its answer recorded before the next is tried), so a batch
    delivered twice, or cut by a killed worker, sends nothing twice: what it had sent is
    no longer queued. A text that must wait or retry is handed back to go alone."""
    deadline = time.monotonic() + settings.SMS_BATCH_SECONDS
    later: list[Later] = []
    for done, message_id in enumerate(message_ids):
        if done and time.monotonic() > deadline:
            return BatchOutcome(later=later, rest=list(message_ids[done:]))
        try:
            wait = outbound_send(message_id=message_id)
        except RetryLater as exc:
            later.append(Later(message_id=message_id, delay=exc.delay, reserved=False))
            continue
        if wait > 0:
            later.append(Later(message_id=message_id, delay=wait, reserved=True))
    return BatchOutcome(later=later, rest=[])


_MESSAGE = Message._meta.db_table
_OPT_OUT = OptOut._meta.db_table
_EVENT = StatusEvent._meta.db_table
_CLAIMED = (
    "center_id", "to_number", "from_number", "body", "kind", "priority", "segments",
    "validity_seconds", "offer_id", "attempts", "channel",
)  # fmt: skip

# queued → sending, unless the number opted out meanwhile; the row's fields come back.
CLAIM_SQL = f"""
UPDATE {_MESSAGE} SET status = %s, sending_at = %s, attempts = attempts + 1
WHERE id = %s AND direction = %s AND status = %s
  AND (kind = %s OR NOT EXISTS (
      SELECT 1 FROM {_OPT_OUT} o
      WHERE o.center_id = {_MESSAGE}.center_id AND o.phone = {_MESSAGE}.to_number))
RETURNING {", ".join(_CLAIMED)}
"""  # noqa: S608 (table names from the models, values bound)

# sending → sent with the provider's id; true when a delivery report came first.
SENT_SQL = f"""
UPDATE {_MESSAGE} SET provider_sid = %s, status = %s, sent_at = %s
WHERE id = %s AND status = %s
RETURNING EXISTS (SELECT 1 FROM {_EVENT} e WHERE e.provider_sid = %s AND NOT e.applied)
"""  # noqa: S608


@dataclass
class Sending:
    """A claimed outbound row, as the claim returned it: plain values, so the hot path
    builds no model instance (a phone field parses its number on every assignment)."""

    pk: int
    center_id: int
    to_number: str
    from_number: str
    body: str
    kind: str
    priority: int
    segments: int
    validity_seconds: int | None
    offer_id: int | None
    attempts: int
    channel: str = "sms"

    @property
    def center(self) -> Center:
        return Center.objects.get(pk=self.center_id)


# Plain strings as statement parameters: the driver looks a choices enum's type up slowly.
_SENDING, _QUEUED, _SENT = Status.SENDING.value, Status.QUEUED.value, Status.SENT.value
_CLAIM_PARAMS = (_SENDING, "out", _QUEUED, Kind.OPTED_OUT.value)


def _claim(message_id: int, now: datetime) -> Sending | None:
    """Take a queued outbound row for sending (one statement); None when it is not
    queued any more, or its number opted out (then it is marked failed)."""
    sending, direction, queued, opted_out = _CLAIM_PARAMS
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, [sending, now, message_id, direction, queued, opted_out])
        row = cursor.fetchone()
    if row is not None:
        return Sending(message_id, *row)
    waiting = Message.objects.filter(pk=message_id, direction="out", status=Status.QUEUED)
    message = waiting.only("center_id", "to_number").first()
    if message is not None and _opted_out(message.center_id, message.to_number):
        _finish(message, status=Status.FAILED, code=OPTED_OUT_CODE, only_from=Status.QUEUED)
    return None


def _unclaim(message: Sending, *, due: datetime) -> None:
    """Back to ``queued`` without having tried: its turn comes at ``due``."""
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.QUEUED, attempts=F("attempts") - 1, sending_at=None, next_attempt_at=due
    )
    message.attempts -= 1


def _record_sent(message: Sending, sid: str) -> None:
    """sending → sent; an offer's time counts from now, in the same transaction."""
    sent_at = timezone.now()
    with transaction.atomic() if message.offer_id is not None else nullcontext():
        with connection.cursor() as cursor:
            cursor.execute(SENT_SQL, [sid, _SENT, sent_at, message.pk, _SENDING, sid])
            row = cursor.fetchone()
        if row is not None:
            _announce_sent(message, sent_at)
    if row is not None and row[0]:
        status_apply_pending(sid=sid)


def _announce_sent(message: Message | Sending, sent_at: object) -> None:
    """Tell the offer's owner its text left (``sms.signals.offer_text_sent``)."""
    if message.offer_id is None:
        return
    offer_text_sent.send(
        sender=Message,
        offer_id=message.offer_id,
        sent_at=sent_at,
        valid_seconds=message.validity_seconds,
    )


# An informational text that finds the bucket busy for less than this keeps its turn on the
# lane (it woke a moment early); longer means an urgent text took the slot: back of the lane.
KEEP_TURN_SECONDS = 0.25


def _rate_turn(message: Sending, *, reserved: bool) -> float:
    """Seconds until ``message`` may be sent by its number's rate limit; 0 to send now.

    Urgent texts reserve their turn on the number's schedule; informational ones wait for
    a turn on their lane, then take the bucket only if it is free, else draw a new turn
    (see ``sms.ratelimit``)."""
    number, cost = str(message.from_number), message.segments
    if message.priority == Priority.URGENT:
        return 0.0 if reserved else ratelimit.reserve(number, cost)
    if not reserved:
        wait = ratelimit.ticket(number, cost)
        if wait > 0:
            return wait
    busy = ratelimit.take_if_free(number, cost)
    if busy <= 0 or busy <= KEEP_TURN_SECONDS:
        return busy
    return max(busy, ratelimit.ticket(number, cost))


def _after_transient(message: Sending, *, attempt: int, code: str) -> None:
    if attempt >= settings.SMS_MAX_ATTEMPTS:
        log.warning("sms #%s failed after %s attempts: %s", message.pk, attempt, code)
        _finish(message, status=Status.FAILED, code=code, only_from=Status.SENDING)
        return
    delay = retry_delay(attempt)
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.QUEUED,
        error_code=code,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    log.info("sms #%s: transient error %s, retry in %.1fs", message.pk, code, delay)
    raise RetryLater(delay=delay, code=code)


def _outgoing(message: Message | Sending) -> Outgoing:
    if message.channel == Message.Channel.VOICE:
        return Outgoing(
            to=str(message.to_number),
            from_=str(message.from_number),
            body=message.body,
            call_url=voice.public_url(reverse("sms-voice-call", args=[message.pk])),
            status_callback=voice.public_url(reverse("sms-voice-status")),
        )
    return Outgoing(
        to=str(message.to_number),
        from_=str(message.from_number),
        body=message.body,
        validity_seconds=message.validity_seconds,
        status_callback=settings.SMS_PUBLIC_BASE_URL.rstrip("/") + "/sms/twilio/status/",
    )


def _finish(message: Message | Sending, *, status: str, code: str, only_from: str) -> None:
    Message.objects.filter(pk=message.pk, status=only_from).update(
        status=status, error_code=code, failed_at=timezone.now()
    )


# --- delivery reports ----------------------------------------------------------------


def status_record(*, sid: str, status: str, error_code: str = "") -> bool:
    """Keep one delivery report; apply it if the message is known. False for a duplicate."""
    if status not in STATUS_RANK:
        return False
    try:
        with transaction.atomic():
            StatusEvent.objects.create(provider_sid=sid, status=status, error_code=error_code)
    except IntegrityError:
        return False
    status_apply_pending(sid=sid)
    return True


def status_apply_pending(*, sid: str) -> None:
    """Apply the delivery reports that arrived for ``sid`` (possibly before its SID was
    stored). A status only moves forward; a final one is never replaced."""
    events = list(StatusEvent.objects.filter(provider_sid=sid, applied=False))
    if not events:
        return
    message = Message.objects.filter(provider_sid=sid, direction="out").first()
    if message is None:
        return
    for event in sorted(events, key=lambda e: STATUS_RANK[e.status]):
        _status_move(message, event.status, event.error_code)
    StatusEvent.objects.filter(pk__in=[e.pk for e in events]).update(applied=True)


def _status_move(message: Message, status: str, error_code: str) -> None:
    lower = [s for s, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    now = timezone.now()
    changes: dict[str, object] = {"status": status}
    if status == Status.SENT:
        changes["sent_at"] = now
    elif status == Status.DELIVERED:
        changes["delivered_at"] = now
    elif status in (Status.UNDELIVERED, Status.FAILED):
        changes["failed_at"] = now
    if error_code:
        changes["error_code"] = error_code
    moved = Message.objects.filter(pk=message.pk, status__in=lower).update(**changes)
    if moved and error_code in OPTED_OUT_CODES:
        opt_out_record(
            center=message.center, phone=str(message.to_number), keyword="", source="provider"
        )


# --- opt-outs ------------------------------------------------------------------------


@transaction.atomic
def opt_out_record(*, center: Center, phone: str, keyword: str, source: str) -> bool:
    """Stop sending to ``phone`` from ``center``. True when it was not opted out before."""
    now = timezone.now()
    _, created = OptOut.objects.get_or_create(
        center=center,
        phone=phone,
        defaults={"keyword": keyword[:30], "source": source, "opted_out_at": now},
    )
    Worker.objects.filter(center=center, phone=phone, sms_opted_out_at__isnull=True).update(
        sms_opted_out_at=now
    )
    cancelled = Message.objects.filter(
        center=center, to_number=phone, direction="out", status=Status.QUEUED
    ).update(status=Status.FAILED, error_code=OPTED_OUT_CODE, failed_at=now)
    if created:
        log.info(
            "sms: %s opted out (%s), %s queued cancelled", mask_phone(phone), source, cancelled
        )
    return created


@transaction.atomic
def opt_in_record(*, center: Center, phone: str, language: str) -> bool:
    """Send to ``phone`` again. True when it was opted out (or never consented) before."""
    removed, _ = OptOut.objects.filter(center=center, phone=phone).delete()
    now = timezone.now()
    back = Worker.objects.filter(center=center, phone=phone, sms_opted_out_at__isnull=False).update(
        sms_opted_out_at=None
    )
    consented = Worker.objects.filter(
        center=center, phone=phone, sms_consent_at__isnull=True
    ).update(
        sms_consent_at=now,
        sms_consent_method=Worker.ConsentMethod.SMS,
        sms_consent_language=language,
    )
    return bool(removed or back or consented)


# --- replies -------------------------------------------------------------------------


def inbound_receive(*, params: Mapping[str, str]) -> Message | None:
    """Record an inbound text once (by MessageSid) and answer it.

    Routed by ``To`` (the center's number) and ``From`` (the worker's phone within that
    center). Returns None for a duplicate or a number that belongs to no center."""
    sid = params.get("MessageSid", "")
    to_number, from_number = params.get("To", ""), params.get("From", "")
    center = Center.objects.filter(sms_number=to_number).first() if to_number else None
    if not sid or center is None:
        log.warning("sms inbound for unknown number %s ignored", mask_phone(to_number))
        return None
    worker = (
        Worker.objects.filter(center=center, phone=from_number).first() if from_number else None
    )
    body = params.get("Body", "")
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    center=center,
                    direction=Message.Direction.INBOUND,
                    worker=worker,
                    to_number=to_number,
                    from_number=from_number,
                    body=body,
                    provider_sid=sid,
                    status=Status.RECEIVED,
                    segments=int(params.get("NumSegments") or 1),
                    encoding=segments.encoding(body),
                    language=worker.preferred_language
                    if worker
                    else replies.language_of(body) or "",
                )
        except IntegrityError:
            log.info("sms inbound duplicate ignored")
            return None
        _reply(center=center, worker=worker, phone=from_number, message=message)
    return message


def _reply(*, center: Center, worker: Worker | None, phone: str, message: Message) -> None:
    intent = replies.parse(message.body)
    Message.objects.filter(pk=message.pk).update(kind=f"reply:{intent}")
    language = worker.preferred_language if worker else replies.language_of(message.body) or "es"
    log.info("sms #%s inbound from %s: %s", message.pk, mask_phone(phone), intent)
    if intent == replies.STOP:
        if opt_out_record(
            center=center, phone=phone, keyword=replies.fold(message.body), source="reply"
        ):
            _answer(
                center,
                worker,
                phone,
                language,
                Kind.OPTED_OUT,
                {"center": center.sms_sender_name()},
            )
        return
    if _opted_out(center, phone) and intent != replies.START:
        return  # an opted-out number gets nothing but its one confirmation
    if intent == replies.START:
        if opt_in_record(center=center, phone=phone, language=language):
            _answer(
                center, worker, phone, language, Kind.OPTED_IN, {"center": center.sms_sender_name()}
            )
        else:
            _answer(center, worker, phone, language, Kind.UNKNOWN_REPLY, {})
        return
    if worker is not None and worker.sms_consent_at is None:
        return  # never text a number that has not agreed to it
    if intent == replies.HELP:
        context = {
            "center": center.sms_sender_name(),
            "phone": str(center.phone or center.sms_number),
        }
        _answer(center, worker, phone, language, Kind.HELP, context)
        return
    if intent == replies.JOIN and worker is None:
        _answer(center, None, phone, language, Kind.JOIN_UNKNOWN, {})
        return
    reason: str | None = "unknown reply"
    if intent in replies.HANDLED_ELSEWHERE and worker is not None:
        try:
            with transaction.atomic():
                reason = replies.handler_call(worker=worker, intent=intent, message=message)
        except ApplicationError as exc:
            reason = str(exc)
    if reason is not None:
        log.info("sms #%s reply not taken: %s", message.pk, reason)
        _answer(center, worker, phone, language, Kind.UNKNOWN_REPLY, {})


def _answer(
    center: Center, worker: Worker | None, phone: str, language: str, kind: str, context: dict
) -> None:
    if not center.sms_number:
        return
    _outbound_create(
        center=center, worker=worker, to_number=phone, language=language, kind=kind, context=context
    )


# --- the sweeper ---------------------------------------------------------------------


def messages_erase(*, worker_id: int) -> int:
    """A worker's data was erased: blank the texts and the worker's number on their messages
    (the rows stay, anonymous, for the counts)."""
    mine = Message.objects.filter(worker_id=worker_id)
    outbound = mine.filter(direction=Message.Direction.OUTBOUND).update(body="", to_number="")
    inbound = mine.filter(direction=Message.Direction.INBOUND).update(body="", from_number="")
    return outbound + inbound


def outbox_sweep(*, requeue_after: float | None = None) -> dict[str, int]:
    """Hand stuck ``queued`` rows to a task again (the broker may have been down at commit,
    or a killed worker held their tasks) and reconcile ``sending`` rows whose outcome is
    unknown with the provider.

    A queued row is stuck once ``requeue_after`` seconds (``SMS_REQUEUE_AFTER_SECONDS`` on
    the timer, a few seconds when a worker starts) have passed since it was due
    (``next_attempt_at``) or, never tried, since it was written. A ``sending`` row is
    reconciled after ``SMS_SENDING_GRACE_SECONDS``, longer than any send can take."""
    now = timezone.now()
    if requeue_after is None:
        requeue_after = settings.SMS_REQUEUE_AFTER_SECONDS
    stale = now - timedelta(seconds=requeue_after)
    stuck = list(
        Message.objects.filter(direction="out", status=Status.QUEUED)
        .filter(
            Q(next_attempt_at__lt=stale) | Q(next_attempt_at__isnull=True, created_at__lt=stale)
        )
        .order_by("priority", "pk")
        .values_list("pk", "priority")[:1000]
    )
    with outbox_batch():
        for pk, priority in stuck:
            Message.objects.filter(pk=pk, status=Status.QUEUED).update(next_attempt_at=now)
            _enqueue_on_commit(pk, priority)
    reconciled = sum(
        _reconcile(message)
        for message in Message.objects.filter(
            direction="out",
            status=Status.SENDING,
            sending_at__lt=now - timedelta(seconds=settings.SMS_SENDING_GRACE_SECONDS),
        ).select_related("center")[:200]
    )
    if stuck or reconciled:
        log.info("sms sweep: %s re-enqueued, %s reconciled", len(stuck), reconciled)
    return {"requeued": len(stuck), "reconciled": reconciled}


def _reconcile(message: Message) -> int:
    """Settle a ``sending`` row from the provider's own record; when the provider has no
    record of it, mark it failed with code ``unknown`` (never resend it blindly)."""
    backend = get_backend()
    try:
        if message.provider_sid:
            found = backend.fetch(message.provider_sid)
        else:
            since = (message.sending_at or timezone.now()) - timedelta(minutes=1)
            found = backend.find(_outgoing(message), since)
    except (SmsTransientError, SmsPermanentError) as exc:
        log.warning("sms #%s reconciliation failed: %s", message.pk, exc.code)
        return 0
    if found is None:
        _finish(message, status=Status.FAILED, code=UNKNOWN_CODE, only_from=Status.SENDING)
        return 1
    Message.objects.filter(pk=message.pk, status=Status.SENDING, provider_sid__isnull=True).update(
        provider_sid=found.sid
    )
    with transaction.atomic():
        moved = Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now()
        )
        if moved:  # it left when the send was tried
            _announce_sent(message, message.sending_at or timezone.now())
    if message.channel == Message.Channel.VOICE:
        call_status_record(sid=found.sid, status=found.status)
        call_events_apply(sid=found.sid)
        return 1
    status_record(sid=found.sid, status=found.status, error_code=found.error_code)
    status_apply_pending(sid=found.sid)
    return 1


# --- calls ---------------------------------------------------------------------------


def call_language(center: Center, worker: Worker, script_for: Any) -> tuple[str, Any] | None:
    """The language a call to ``worker`` speaks and its script (``script_for(language)``):
    their call language when every fragment can be said in it (recorded, or text-to-speech
    for Spanish and English), else None."""
    language = worker.call_language
    script = script_for(language)
    if voice.missing(script, set(selectors.prompts_recorded(center.pk, language)), language):
        return None
    return language, script


def call_queue(
    *,
    center: Center,
    worker: Worker,
    kind: str,
    language: str,
    script: list[list[str]],
    gather: bool = False,
    offer_id: int | None = None,
    validity_seconds: int | None = None,
) -> Message | None:
    """Put a call in the outbox (a row like a text's, sent at most once by the same task).
    None, writing nothing, when the worker cannot be reached (no phone or consent, opted
    out) or the center has no number."""
    if worker.center_id != center.pk:
        raise ValueError("the worker belongs to another center")
    if not worker.sms_reachable or not center.sms_number or _opted_out(center, worker.phone):
        return None
    message = Message.objects.create(
        center=center,
        direction=Message.Direction.OUTBOUND,
        channel=Message.Channel.VOICE,
        worker=worker,
        to_number=str(worker.phone),
        from_number=str(center.sms_number),
        kind=kind,
        body=" ".join(text for _key, text in script)[:1600],
        voice_script={"language": language, "items": script, "gather": gather},
        language=worker.preferred_language,
        segments=1,
        offer_id=offer_id,
        validity_seconds=validity_seconds,
        status=Status.QUEUED,
        priority=catalog.priority_of(kind),
    )
    _enqueue_on_commit(message.pk, message.priority)
    log.info("call #%s queued: %s to %s", message.pk, kind, mask_phone(worker.phone))
    return message


#: Call statuses in the order they happen (Twilio's ``CallStatus``); the last ones are final.
CALL_RANK = {
    "queued": 0,
    "initiated": 0,
    "ringing": 1,
    "in-progress": 2,
    "completed": 3,
    "busy": 3,
    "no-answer": 3,
    "failed": 3,
    "canceled": 3,
}


def call_status_record(
    *, sid: str, status: str, duration: int | None = None, answered_by: str = ""
) -> bool:
    """Keep one status callback of a call (once per CallSid and status) and apply it. False
    for a duplicate or an unknown status."""
    if status not in CALL_RANK:
        return False
    try:
        with transaction.atomic():
            CallEvent.objects.create(
                call_sid=sid, status=status, duration_seconds=duration, answered_by=answered_by
            )
    except IntegrityError:
        return False
    call_events_apply(sid=sid)
    return True


def call_events_apply(*, sid: str) -> None:
    """Apply a call's status callbacks (some may have come before its CallSid was stored):
    the call's status only moves forward; a completed call is ``delivered``, one not
    answered (busy, no answer, failed) ``undelivered`` with the status as its code."""
    message = Message.objects.filter(provider_sid=sid, channel=Message.Channel.VOICE).first()
    if message is None:
        return
    for event in sorted(CallEvent.objects.filter(call_sid=sid), key=lambda e: CALL_RANK[e.status]):
        rank = CALL_RANK[event.status]
        lower = ["", *(s for s, r in CALL_RANK.items() if r < rank)]
        Message.objects.filter(pk=message.pk, call_status__in=lower).update(
            call_status=event.status
        )
        if event.duration_seconds is not None:
            Message.objects.filter(pk=message.pk).update(duration_seconds=event.duration_seconds)
        if event.answered_by:
            Message.objects.filter(pk=message.pk).update(answered_by=event.answered_by[:24])
        if rank == 3:
            final = Status.DELIVERED if event.status == "completed" else Status.UNDELIVERED
            code = "" if final == Status.DELIVERED else event.status[:10]
            _status_move(message, final, code)


def call_answered(*, sid: str, answered_by: str = "") -> Message | None:
    """Twilio asks what to play on a call it placed: the call's row, if it is ours."""
    message = (
        Message.objects.filter(provider_sid=sid, channel=Message.Channel.VOICE)
        .select_related("center", "worker")
        .first()
    )
    if message is not None and answered_by:
        Message.objects.filter(pk=message.pk).update(answered_by=answered_by[:24])
    return message


def call_keypress(*, sid: str, digit: str) -> tuple[Message | None, str]:
    """A key pressed on an offer call: 1 takes the job, 2 passes, anything else repeats.
    Applied once per (CallSid, digit): Twilio's retry of the same request gets the same
    outcome. Returns the call's row and the outcome (``accepted``, ``declined``,
    ``filled``, ``repeat``, ``goodbye`` while the same key is still being applied;
    ``unknown`` for a call that is not ours)."""
    message = call_answered(sid=sid)
    if message is None or message.worker is None:
        return None, "unknown"
    action = voice.DIGITS.get(digit, "repeat")
    if action == "repeat" or message.offer_id is None:
        return message, "repeat"
    try:
        with transaction.atomic():
            CallKeypress.objects.create(call_sid=sid, digit=digit)
    except IntegrityError:
        outcome = CallKeypress.objects.get(call_sid=sid, digit=digit).outcome
        return message, outcome or "goodbye"  # the first request is still being answered
    outcome = voice.handler("answer")(
        offer_id=message.offer_id, worker=message.worker, accept=action == "accept"
    )
    CallKeypress.objects.filter(call_sid=sid, digit=digit).update(outcome=outcome)
    log.info("call #%s: key %s, %s", message.pk, digit, outcome)
    return message, outcome


def inbound_call_script(*, params: Mapping[str, str]) -> tuple[Center | None, str, Any]:
    """A call to a center's number: routed by ``To`` and ``From`` like a text. A known
    worker hears their place in line and what is open (in their call language, else their
    SMS language by text-to-speech); returns the center, the language and the script."""
    to_number, from_number = params.get("To", ""), params.get("From", "")
    center = Center.objects.filter(sms_number=to_number).first() if to_number else None
    if center is None:
        return None, "es", []
    worker = (
        Worker.objects.filter(center=center, phone=from_number, erased_at__isnull=True).first()
        if from_number
        else None
    )
    if worker is None:
        return center, "es", []
    status = voice.handler("status")(worker=worker)
    name = center.sms_sender_name()

    def script_for(language: str) -> Any:
        return voice.status_script(language=language, center_name=name, status=status)

    chosen = call_language(center, worker, script_for)
    if chosen is None:
        chosen = (worker.preferred_language, script_for(worker.preferred_language))
    log.info("call inbound from %s", mask_phone(from_number))
    return center, chosen[0], chosen[1]


# --- recorded prompts ----------------------------------------------------------------

#: The audio Twilio's ``<Play>`` takes, known by its first bytes.
AUDIO_TYPES = (
    (lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE", "audio/wav", "wav"),
    (
        lambda head: head[:3] == b"ID3" or (head[:1] == b"\xff" and head[1] & 0xE0 == 0xE0),
        "audio/mpeg",
        "mp3",
    ),
)


def prompt_save(*, center: Center, language: str, key: str, upload: Any) -> VoicePrompt:
    """Keep a recorded fragment (WAV or MP3, at most ``VOICE_PROMPT_MAX_BYTES``) for one
    language of the center, replacing the one it had."""
    from workers.services import voice_language_clean

    try:
        language = voice_language_clean(language)
    except ApplicationError as exc:
        raise PromptError(str(exc), field="language") from None
    if not language:
        raise PromptError(_("Choose the language of the recording."), field="language")
    keys = voice.catalog_keys(selectors.skill_names())
    if key not in keys:
        raise PromptError(_("Unknown fragment."), field="key")
    if upload is None or not upload.size:
        raise PromptError(_("Choose or record an audio file."), field="audio")
    if upload.size > settings.VOICE_PROMPT_MAX_BYTES:
        raise PromptError(
            _("The recording is too long: keep each fragment to a few seconds."), field="audio"
        )
    head = upload.read(16)
    upload.seek(0)
    kind = next(
        ((ct, ext) for test, ct, ext in AUDIO_TYPES if len(head) >= 12 and test(head)), None
    )
    if kind is None:
        raise PromptError(_("The recording must be a WAV or MP3 file."), field="audio")
    content_type, ext = kind
    with transaction.atomic():
        prompt = (
            VoicePrompt.objects.select_for_update()
            .filter(center=center, language=language, key=key)
            .first()
        ) or VoicePrompt(center=center, language=language, key=key)
        old = prompt.audio.name if prompt.pk else ""
        prompt.content_type = content_type
        prompt.audio.save(f"{key.replace(':', '-')}.{ext}", upload, save=False)
        prompt.save()
    if old and old != prompt.audio.name:
        prompt.audio.storage.delete(old)
    log.info("voice prompt %s:%s recorded for center %s", language, key, center.pk)
    return prompt


class PromptError(ApplicationError):
    """A recording that cannot be kept, said in the admin's language."""
