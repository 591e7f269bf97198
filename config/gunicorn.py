"""gunicorn's settings, the one file the image (Dockerfile CMD), docker-compose and CI use:
``gunicorn --config config/gunicorn.py config.wsgi:application``.

The access and error logs go through the same masking as Django's log lines
(``centers.logmask``): a request line ``GET /workers/?q=909-555-0164`` is logged as
``GET /workers/?q=•••``, and so is the referrer. ``GUNICORN_CMD_ARGS`` (e.g.
``--bind 127.0.0.1:8001 --access-logfile var/access.log``) overrides any value here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The master loads this file before the application: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gunicorn.glogging import Logger

from centers.logmask import MaskPersonalDataFilter

MASK_FILTER = MaskPersonalDataFilter()


class MaskingLogger(Logger):
    """gunicorn's logger with query values, phone numbers and bodies masked."""

    def setup(self, cfg):  # type: ignore[no-untyped-def]
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(MASK_FILTER)  # one instance: a reload does not add it twice


bind = ["0.0.0.0:8000"]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
logger_class = MaskingLogger
