from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagesConfig(AppConfig):
    name = "wages"
    verbose_name = _("Wage claims")

    def ready(self) -> None:
        from dispatch.replies import payment_reply_register
        from employers.hooks import hook_register

        from .exports import sections_register
        from .models import WageClaim
        from .services.ledger import payment_reply

        hook_register("open_claim_statuses", lambda: WageClaim.OPEN_STATUSES)
        payment_reply_register(payment_reply)
        sections_register()
