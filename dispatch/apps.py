from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch")

    def ready(self) -> None:
        from employers.hooks import hook_register
        from sms.replies import register_handler
        from sms.signals import offer_text_sent

        from .replies import reply_handle
        from .selectors.morning import job_cancel_told
        from .services.morning import job_day_release, job_has_workers, job_release
        from .services.offers import offer_sent

        register_handler(reply_handle)

        from sms import voice

        from .replies import call_status
        from .services.offers import call_answer

        voice.register("answer", call_answer)
        voice.register("status", call_status)
        hook_register("job_release", job_release)
        hook_register("job_cancel_told", job_cancel_told)
        hook_register("job_day_release", job_day_release)
        hook_register("job_has_workers", job_has_workers)

        def on_offer_text_sent(sender: object, *, offer_id: int, sent_at, valid_seconds, **kw):
            offer_sent(offer_id=offer_id, sent_at=sent_at, valid_seconds=valid_seconds)

        offer_text_sent.connect(on_offer_text_sent, dispatch_uid="dispatch.offer_sent", weak=False)

        from .exports import sections_register

        sections_register()
