"""Signals of the sms app, for apps that need to know what happened to their texts."""

from __future__ import annotations

from django.dispatch import Signal

#: An outbound text left: the provider took it (``sent_at``). Sent only for texts that
#: carry an ``offer_id``, with ``valid_seconds`` (the text's validity, or None), so the
#: offer's time to answer can count from the moment the worker could read it.
offer_text_sent = Signal()
