"""Why a worker was chosen or passed over: the codes stored on ``DispatchDecision.reason``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHOSEN_QUEUE = "next_in_queue"
CHOSEN_REQUEST = "employer_request"
CHOSEN_DIRECT = "direct"
CHOSEN_OFFER = "offer_accepted"
CHOSEN_OUT_OF_TURN = "out_of_turn"
OFFERED = "offered"
SUSPENDED = "suspended"
MISSING_SKILL = "missing_skill"
HAS_JOB_TODAY = "has_job_today"
ALREADY_ON_JOB = "already_on_job"
DECLINED = "declined"
EXPIRED = "offer_expired"
OFFER_PENDING = "offer_pending"
AWAY = "away"
NO_SMS = "no_sms"
NOT_SIGNED_IN = "not_signed_in"
TAKEN = "taken"
#: Why a worker chosen by hand is out of turn (with MISSING_SKILL and NOT_SIGNED_IN).
AHEAD_OF_LINE = "ahead_of_line"
#: The employer declined this worker and the center accepted it (``employers.WorkerDecline``).
EMPLOYER_DECLINED = "employer_declined"

LABELS = {
    CHOSEN_QUEUE: _("Next in the queue"),
    CHOSEN_REQUEST: _("Requested by the employer"),
    CHOSEN_DIRECT: _("Sent directly from the desk"),
    CHOSEN_OFFER: _("Accepted the SMS offer"),
    CHOSEN_OUT_OF_TURN: _("Assigned out of turn by the desk"),
    OFFERED: _("Offered by SMS"),
    SUSPENDED: _("Suspended or not an active member"),
    MISSING_SKILL: _("Lacks a skill the job needs"),
    HAS_JOB_TODAY: _("Already has a job today"),
    ALREADY_ON_JOB: _("Already on this job"),
    DECLINED: _("Declined this job"),
    EXPIRED: _("Did not answer the offer in time"),
    OFFER_PENDING: _("Waiting to answer another offer"),
    AWAY: _("Not at the center"),
    NO_SMS: _("Away and cannot get text messages"),
    NOT_SIGNED_IN: _("Not signed in today"),
    TAKEN: _("Someone else got the last place first"),
    AHEAD_OF_LINE: _("Ahead of eligible workers in line"),
    EMPLOYER_DECLINED: _("The employer declined this worker; the center accepted it"),
}


def label(code: str) -> str:
    return str(LABELS.get(code, code))
