"""ID card photos: taken at the desk with the worker's consent, kept private.

A photo is a file in ``settings.PRIVATE_MEDIA_ROOT`` (outside MEDIA and STATIC: no web
server serves that folder), reached only through the worker's photo page, which checks the
staff member's center. Every photo is normalised on the way in (Pillow): turned upright
from the camera's EXIF orientation, cropped to the card's portrait shape, scaled down and
saved as a plain JPEG, which drops every piece of metadata the camera wrote (GPS included).
Withdrawing consent, or erasing the worker, deletes the file at once.
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from centers.models import User

from .errors import RegistryError
from .models import Worker

#: The stored photo's size in pixels (4:5 portrait, sharp on a printed card).
PHOTO_SIZE = (360, 450)
#: The largest upload read (bytes) and the largest image accepted (pixels).
UPLOAD_MAX = 10 * 1024 * 1024
PIXELS_MAX = 40_000_000
JPEG_QUALITY = 85


def photo_dir() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "photos"


def photo_path(name: str) -> Path | None:
    """The file of a stored photo name; None for an empty or a malformed name."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    return photo_dir() / name


def photo_normalise(data: bytes) -> bytes:
    """Any camera picture or upload as the card's upright JPEG, without metadata."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > PIXELS_MAX:
                raise RegistryError(_("This picture is too large."), field="photo")
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise RegistryError(
            _("This file is not a picture. Take the photo again or choose a JPEG or PNG file."),
            code="invalid_photo",
            field="photo",
        ) from None
    fitted = ImageOps.fit(upright, PHOTO_SIZE, method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _write(name: str, data: bytes) -> None:
    folder = photo_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = folder / f".{name}.part"
    temporary.write_bytes(data)
    os.replace(temporary, folder / name)


def _delete_file(name: str) -> None:
    path = photo_path(name)
    if path is not None:
        path.unlink(missing_ok=True)


@transaction.atomic
def photo_save(*, worker: Worker, upload: IO[bytes], consent: bool, by: User | Any) -> Worker:
    """Store the worker's card photo. Needs their consent: given now (``consent``) or
    recorded before. The previous photo's file is deleted."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if worker.erased_at is not None:
        raise RegistryError(_("This worker's data was erased."), code="erased")
    if not consent and worker.photo_consent_at is None:
        raise RegistryError(
            _("Ask the worker first: a photo is taken only with their consent."),
            code="photo_consent",
            field="photo_consent",
        )
    data = upload.read(UPLOAD_MAX + 1)
    if len(data) > UPLOAD_MAX:
        raise RegistryError(_("This picture is too large."), field="photo")
    jpeg = photo_normalise(data)
    previous = worker.photo_name
    worker.photo_name = f"{worker.center_id}-{worker.pk}-{secrets.token_hex(8)}.jpg"
    if worker.photo_consent_at is None:
        worker.photo_consent_at = timezone.now()
        worker.photo_consent_by = by if getattr(by, "is_authenticated", False) else None
    _write(worker.photo_name, jpeg)
    try:
        worker.save(update_fields=["photo_name", "photo_consent_at", "photo_consent_by"])
    except Exception:
        _delete_file(worker.photo_name)
        raise
    if previous:
        transaction.on_commit(lambda: _delete_file(previous))
    return worker


def photo_discard(worker: Worker) -> None:
    """Delete the photo's file and forget the photo and its consent (the caller saves)."""
    if worker.photo_name:
        _delete_file(worker.photo_name)
    worker.photo_name = ""
    worker.photo_consent_at = None
    worker.photo_consent_by = None


@transaction.atomic
def photo_consent_withdraw(*, worker: Worker) -> Worker:
    """The worker no longer wants a photo on file: it is deleted now."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    photo_discard(worker)
    worker.save(update_fields=["photo_name", "photo_consent_at", "photo_consent_by"])
    return worker
