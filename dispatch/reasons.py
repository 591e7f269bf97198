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
#: A job of several days: the worker has another job on one of its later days.
HAS_JOB_ON_A_DAY = "has_job_on_a_day"
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
#: What a worker lacks for a job (``dispatch.selectors.gating``).
MISSING_CERTIFICATE = "missing_certificate"
NO_ORIENTATION = "no_orientation"
ENGLISH_LEVEL = "english_level"
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
    HAS_JOB_ON_A_DAY: _("Already has a job on one of this job's days"),
    ALREADY_ON_JOB: _("Already on this job"),
    DECLINED: _("Declined this job"),
    EXPIRED: _("Did not answer the offer in time"),
    OFFER_PENDING: _("Waiting to answer another offer"),
    AWAY: _("Not at the center"),
    NO_SMS: _("Away and cannot get text messages"),
    NOT_SIGNED_IN: _("Not signed in today"),
    TAKEN: _("Someone else got the last place first"),
    AHEAD_OF_LINE: _("Ahead of eligible workers in line"),
    MISSING_CERTIFICATE: _("Lacks a certificate the job needs"),
    NO_ORIENTATION: _("Has not done the orientation the center requires before a first job"),
    ENGLISH_LEVEL: _("Speaks less English than the job asks"),
    EMPLOYER_DECLINED: _("The employer declined this worker; the center accepted it"),
}


def label(code: str) -> str:
    return str(LABELS.get(code, code))
