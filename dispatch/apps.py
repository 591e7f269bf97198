from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = "Dispatch"

    def ready(self) -> None:
        try:
            from sms.replies import register_handler
        except ImportError:  # pragma: no cover - until the sms reply pipeline lands
            return

        from .replies import reply_handle

        register_handler(reply_handle)
