"""Signals for the layers above ``workers``, which it may not import.

``worker_erased(sender=Worker, worker_id=…)`` is sent inside the erasing transaction, so a
receiver that removes its own copies of the worker's personal data commits or fails with it.
"""

from django.dispatch import Signal

worker_erased = Signal()
