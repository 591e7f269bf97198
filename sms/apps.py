from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "sms"
    verbose_name = _("SMS")

    def ready(self) -> None:
        from workers.signals import worker_erased

        from .services import messages_erase

        def on_worker_erased(sender: object, *, worker_id: int, **kwargs: object) -> None:
            messages_erase(worker_id=worker_id)

        worker_erased.connect(on_worker_erased, dispatch_uid="sms.messages_erase", weak=False)

        from .exports import sections_register

        sections_register()

        # ``sms.services`` queues ``sms.tasks.sms_send`` by name: registered in every process.
        from . import tasks  # noqa: F401
