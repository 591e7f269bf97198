"""Joining the day's line by text: a worker texts LISTA or LINE to the center's number.

Open from sign-in opening to the lottery cutoff, where the center allows it, for at most
``Center.remote_join_limit`` workers a day. A worker who joins by text is away (reachable by
SMS) until they sign in at the desk, which marks the same entry present, or accept an offer.
The center chooses whether those still away at the draw are drawn with everyone or join the
end after those present, in the order they texted (``lottery_inputs``)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from centers.models import Center
from dispatch.models import LotteryDraw, SignIn
from workers.models import Worker

from .morning import cutoff_at, draw_get_or_create, opens_at, signin_create
from .notify import sms_queue


@transaction.atomic
def remote_join(*, worker: Worker, now: datetime | None = None) -> str:
    """Put ``worker`` on today's line if the center's rules allow it and text the answer.
    Returns the kind of the answer queued (``join_confirmed``, ``lottery_number``, or why
    not: ``join_not_offered``, ``join_closed``, ``join_refused``, ``join_full``)."""
    center: Center = worker.center
    now = now or timezone.now()
    day = now.astimezone(center.tz).date()
    context: dict[str, object] = {"center": center.sms_sender_name()}
    kind = "join_confirmed"
    signin = SignIn.objects.filter(center=center, date=day, worker=worker).first()
    if not center.allow_remote_join:
        kind = "join_not_offered"
    elif signin is not None:
        pass  # already on the line: the same answer again, never a second entry
    elif not opens_at(center, day) <= now < cutoff_at(center, day):
        kind = "join_closed"
        context |= {"opens": center.signin_opens, "closes": center.lottery_cutoff}
    elif worker.signin_refusal(day):
        kind = "join_refused"
    else:
        # The day's draw row serializes joiners, so the limit holds under concurrent texts.
        draw = draw_get_or_create(center=center, day=day)
        LotteryDraw.objects.select_for_update(no_key=True).filter(pk=draw.pk).first()
        joined = SignIn.objects.filter(center=center, date=day, method=SignIn.Method.TEXT)
        if joined.count() >= center.remote_join_limit:
            kind = "join_full"
        else:
            signin = signin_create(center=center, worker=worker, method=SignIn.Method.TEXT, now=now)
            SignIn.objects.filter(pk=signin.pk).update(present=False)
    if signin is not None and kind == "join_confirmed":
        if signin.lottery_number is not None:
            kind = "lottery_number"
            context = {"number": signin.lottery_number, "day": day}
        else:
            context["time"] = center.lottery_cutoff
    sms_queue(center=center, worker=worker, kind=kind, context=context)
    return kind
