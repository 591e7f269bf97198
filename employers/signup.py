"""Employers who sign up in the portal: the bot defence, the throttle, the account, its
verification (a signed email link or a code by text), the center's terms and the center's
approval. Writes are atomic; texts and emails go through the outboxes (``sms``), after
commit. How it works for a center: docs/signup.md."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status

from centers.errors import ApplicationError
from centers.lockout import is_locked
from centers.models import Center, User
from employers.errors import DispatchError
from employers.models import CenterTerms, Employer, Job, SignupAttempt
from employers.selectors import terms_current
from employers.services import employer_create
from sms.catalog import Kind
from sms.mail import mail_queue
from sms.services import message_queue_employer

FORM_SALT = "employers.signup.form"
EMAIL_SALT = "employers.signup.email"
VERIFY_BY = ("email", "sms")


class SignupRefused(ApplicationError):
    """The sign-up form came from a bot (too fast, too old, the hidden field filled)."""


class SignupThrottled(ApplicationError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS  # type: ignore[assignment]
    code = "signup_throttled"


# --- the bot defence and the throttle -------------------------------------------------


def form_token_make(*, now: datetime | None = None) -> str:
    """The signed time the sign-up form was shown, for its hidden field."""
    moment = now or timezone.now()
    return signing.dumps(int(moment.timestamp()), salt=FORM_SALT)


def form_check(*, token: str, honeypot: str, now: datetime | None = None) -> None:
    """Refuse a form that a person cannot have filled: the hidden field filled in, the
    time token missing or forged, sent within seconds of being shown, or too old."""
    stale = _("The form was open too long. Check what you wrote and send it again.")
    if honeypot.strip():
        raise SignupRefused(_("The form could not be accepted. Please try again."), code="bot")
    try:
        shown = int(signing.loads(token, salt=FORM_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise SignupRefused(stale, code="form_token") from None
    age = (now or timezone.now()).timestamp() - shown
    if age < settings.SIGNUP_MIN_SECONDS:
        raise SignupRefused(
            _("That was very fast. Check what you wrote and send the form again."),
            code="form_too_fast",
        )
    if age > settings.SIGNUP_MAX_SECONDS:
        raise SignupRefused(stale, code="form_token")


def form_token_valid(token: str, *, now: datetime | None = None) -> bool:
    """A genuine token that is not too old: a form sent back with a mistake keeps it, so
    the time the person has spent on the form counts."""
    try:
        shown = int(signing.loads(token, salt=FORM_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return (now or timezone.now()).timestamp() - shown <= settings.SIGNUP_MAX_SECONDS


def address_of(request: Any) -> str:
    """The client address as the login throttle (django-axes) reads it."""
    return get_client_ip_address(request) or ""


def _address_hash(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def signup_throttle(*, request: Any, now: datetime | None = None) -> None:
    """Count a sign-up from this address; refuse it past ``SIGNUP_PER_ADDRESS_PER_HOUR`` an
    hour, or while the address is locked out of logins (``centers.lockout``)."""
    now = now or timezone.now()
    refusal = SignupThrottled(
        _("Too many sign-ups from this connection. Try again in an hour or call the center.")
    )
    if is_locked(request, None):
        raise refusal
    key = _address_hash(address_of(request))
    SignupAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
    recent = SignupAttempt.objects.filter(address_hash=key, at__gte=now - timedelta(hours=1))
    if recent.count() >= settings.SIGNUP_PER_ADDRESS_PER_HOUR:
        raise refusal
    SignupAttempt.objects.create(address_hash=key, at=now)


# --- the center's terms ---------------------------------------------------------------


@transaction.atomic
def terms_publish(*, center: Center, by: User | None, text_es: str, text_en: str) -> CenterTerms:
    """A new version of the center's terms; the current one when nothing changed."""
    text_es, text_en = text_es.strip(), text_en.strip()
    if not text_es or not text_en:
        raise DispatchError(
            _("Write the terms in Spanish and in English."), code="required", field="text_es"
        )
    Center.objects.select_for_update().get(pk=center.pk)  # one new version at a time
    current = terms_current(center)
    if current and (current.text_es, current.text_en) == (text_es, text_en):
        return current
    return CenterTerms.objects.create(
        center=center,
        version=(current.version + 1) if current else 1,
        text_es=text_es,
        text_en=text_en,
        created_by=by if by is not None and by.is_authenticated else None,
    )


# --- signing up -----------------------------------------------------------------------


@transaction.atomic
def employer_signup(
    *,
    center: Center,
    name: str,
    email: str,
    phone: str,
    password: str,
    language: str,
    terms_version: int,
    verify_by: str,
    link_base: str,
    business_name: str = "",
    kind: str = Employer.Kind.HOMEOWNER,
    notify_by_sms: bool = False,
) -> Employer:
    """An employer account waiting for the center's approval, with its portal login, the
    terms it accepted and the first verification sent (a link by email or a code by text).
    ``link_base``: the site's address, for the email link."""
    email = email.strip().lower()
    if not email:
        raise DispatchError(_("Enter your email."), code="required", field="email")
    if not str(phone).strip():
        raise DispatchError(_("Enter your phone number."), code="required", field="phone")
    if verify_by not in VERIFY_BY:
        raise DispatchError(_("Choose how to confirm your account."), field="verify_by")
    terms = terms_current(center)
    if terms is None:
        raise DispatchError(
            _("This center does not take sign-ups online yet. Please call the center."),
            code="no_terms",
        )
    if terms.version != terms_version:
        raise DispatchError(
            _("The center changed its terms while you were reading. Read them again."),
            code="terms_changed",
            field="accept_terms",
        )
    if User.objects.filter(username__iexact=email).exists() or (
        Employer.objects.filter(center=center, email__iexact=email).exists()
    ):
        raise DispatchError(
            _("There is already an account with this email. Log in instead."),
            code="email_taken",
            field="email",
        )
    user = User(username=email, email=email, language=language)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DispatchError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    employer = employer_create(
        center=center,
        by=None,
        phone=phone,
        name=name,
        business_name=business_name,
        kind=kind,
        email=email,
        preferred_language=language,
    )
    employer.approval = Employer.Approval.PENDING
    employer.portal_user = user
    employer.terms = terms
    employer.terms_accepted_at = timezone.now()
    employer.notify_by_sms = notify_by_sms
    employer.save()
    if verify_by == "sms":
        phone_code_send(employer=employer)
    else:
        email_link_send(employer=employer, link_base=link_base)
    return employer


def email_token(employer: Employer) -> str:
    return signing.dumps({"e": employer.pk, "m": employer.email}, salt=EMAIL_SALT)


def email_link_send(*, employer: Employer, link_base: str) -> None:
    link = f"{link_base.rstrip('/')}/portal/verify/email/{email_token(employer)}/"
    mail_queue(
        center=employer.center,
        to=employer.email,
        language=employer.language,
        kind="signup_verify",
        context={"employer": employer, "link": link, "days": settings.SIGNUP_EMAIL_LINK_DAYS},
    )


@transaction.atomic
def email_verify(*, token: str) -> Employer:
    """The employer whose email the signed link confirms (the email it was sent to)."""
    expired = _("This link has expired or is not valid. Log in to get a new one.")
    try:
        data = signing.loads(
            token, salt=EMAIL_SALT, max_age=timedelta(days=settings.SIGNUP_EMAIL_LINK_DAYS)
        )
    except signing.BadSignature:
        raise DispatchError(expired, code="link_invalid") from None
    employer = Employer.objects.select_for_update().filter(pk=data.get("e")).first()
    if employer is None or employer.email.lower() != str(data.get("m", "")).lower():
        raise DispatchError(expired, code="link_invalid")
    if employer.email_verified_at is None:
        employer.email_verified_at = timezone.now()
        employer.save(update_fields=["email_verified_at"])
    return employer


@transaction.atomic
def phone_code_send(*, employer: Employer, now: datetime | None = None) -> None:
    """Text a new six-digit code (a minute apart at most, so a page reload sends none)."""
    now = now or timezone.now()
    employer = Employer.objects.select_for_update().select_related("center").get(pk=employer.pk)
    if employer.phone_code_sent_at and now - employer.phone_code_sent_at < timedelta(minutes=1):
        raise DispatchError(
            _("A code was just sent. Wait a minute before asking for another."),
            code="code_too_soon",
        )
    if not employer.center.sms_number:
        raise DispatchError(
            _("This center cannot send texts. Confirm your email instead."), field="verify_by"
        )
    code = f"{secrets.randbelow(1_000_000):06d}"
    employer.phone_code_hash = make_password(code)
    employer.phone_code_sent_at = now
    employer.phone_code_tries = 0
    employer.save(update_fields=["phone_code_hash", "phone_code_sent_at", "phone_code_tries"])
    message_queue_employer(
        center=employer.center,
        phone=employer.phone,
        language=employer.language,
        kind=Kind.EMPLOYER_CODE,
        context={"center": employer.center.sms_sender_name(), "code": code},
    )


def phone_code_check(*, employer: Employer, code: str, now: datetime | None = None) -> Employer:
    """Confirm the phone with the texted code. A wrong try counts (and stays counted: no
    transaction around it) up to ``SIGNUP_PHONE_CODE_TRIES``."""
    now = now or timezone.now()
    employer = Employer.objects.get(pk=employer.pk)
    if employer.phone_verified_at:
        return employer
    sent = employer.phone_code_sent_at
    if (
        not employer.phone_code_hash
        or sent is None
        or now - sent > timedelta(minutes=settings.SIGNUP_PHONE_CODE_MINUTES)
        or employer.phone_code_tries >= settings.SIGNUP_PHONE_CODE_TRIES
    ):
        raise DispatchError(
            _("This code has expired. Ask for a new one."), code="code_expired", field="code"
        )
    if not check_password(code.strip(), employer.phone_code_hash):
        Employer.objects.filter(pk=employer.pk).update(phone_code_tries=F("phone_code_tries") + 1)
        raise DispatchError(
            _("That code is not right. Check the text and try again."),
            code="code_wrong",
            field="code",
        )
    Employer.objects.filter(pk=employer.pk, phone_code_hash=employer.phone_code_hash).update(
        phone_verified_at=now, phone_code_hash=""
    )
    employer.refresh_from_db()
    return employer


# --- the center's decision ------------------------------------------------------------


@transaction.atomic
def employer_review(
    *, employer: Employer, by: User | None, approve: bool, reason: str = "", link_base: str = ""
) -> Employer:
    """Approve an account (its held jobs go to dispatch; those whose day passed are
    cancelled) or refuse it with a reason (its held jobs are cancelled). Told by email."""
    employer = Employer.objects.select_for_update().select_related("center").get(pk=employer.pk)
    if employer.approval != Employer.Approval.PENDING:
        raise DispatchError(
            _("This account was already reviewed: %(approval)s.")
            % {"approval": employer.get_approval_display()},
            code="already_reviewed",
        )
    reason = reason.strip()
    if approve and not employer.verified:
        raise DispatchError(
            _("The employer has not confirmed their email or phone yet."), code="not_verified"
        )
    if not approve and not reason:
        raise DispatchError(_("Say why the account is refused."), code="required", field="reason")
    center = employer.center
    held = Job.objects.select_for_update().filter(employer=employer, status=Job.Status.PENDING)
    if approve:
        held.filter(date__gte=center.today()).update(status=Job.Status.OPEN)
        held.update(status=Job.Status.CANCELLED, cancelled_reason=_("Its day passed in review"))
    else:
        held.update(status=Job.Status.CANCELLED, cancelled_reason=reason[:255])
    employer.approval = Employer.Approval.APPROVED if approve else Employer.Approval.REFUSED
    employer.refused_reason = "" if approve else reason[:255]
    employer.reviewed_by = by if by is not None and by.is_authenticated else None
    employer.reviewed_at = timezone.now()
    employer.save(update_fields=["approval", "refused_reason", "reviewed_by", "reviewed_at"])
    mail_queue(
        center=center,
        to=employer.email,
        language=employer.language,
        kind="signup_approved" if approve else "signup_refused",
        context={
            "employer": employer,
            "reason": employer.refused_reason,
            "link": f"{link_base.rstrip('/')}/portal/",
        },
    )
    return employer
