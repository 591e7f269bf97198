from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The apps below queue ``reports.tasks.stats_refresh`` by name (centers.queue): the
        # task is registered here, in every process, not only in a Celery worker.
        from . import tasks  # noqa: F401
