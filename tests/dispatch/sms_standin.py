"""TEMPORARY until sms.services lands on main: a stand-in outbox with the shared interface."""

from sms.models import Message

# TEMPORARY until sms.services lands on main: a stand-in outbox with the shared interface.
try:
    import sms.services  # noqa: F401
except ImportError:
    import sys
    import types

    def _message_queue(*, center, worker, kind, context, offer_id=None, validity_seconds=None):
        if not worker.sms_reachable:
            return None
        return Message.objects.create(
            center=center,
            direction=Message.Direction.OUTBOUND,
            worker=worker,
            to_number=worker.phone,
            kind=kind,
            body=repr(context),
            language=worker.preferred_language,
        )

    _fake = types.ModuleType("sms.services")
    _fake.message_queue = _message_queue
    sys.modules["sms.services"] = _fake
