from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = "Dispatch"

    def ready(self) -> None:
        from sms.replies import register_handler

        from .replies import reply_handle

        register_handler(reply_handle)

        from .exports import sections_register

        sections_register()
