"""ID card photos: consent first, stored privately, normalised, shown on the card and at the
desk, served only to the center's desk staff, deleted on erasure and withdrawal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories
from workers import photos, services
from workers.errors import RegistryError
from workers.models import Worker

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def private_photos(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def picture(width=800, height=600, color=(200, 30, 30), fmt="JPEG", exif_orientation=None):
    image = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    extra = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        extra["exif"] = exif
    image.save(out, format=fmt, **extra)
    return out.getvalue()


def upload(data=None, name="photo.jpg"):
    return SimpleUploadedFile(name, data or picture(), content_type="image/jpeg")


def _stored(worker) -> Path:
    worker.refresh_from_db()
    path = photos.photo_path(worker.photo_name)
    assert path is not None
    return path


def test_the_private_folder_is_outside_static_and_media():
    root = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    assert root != Path(django_settings.STATIC_ROOT).resolve()
    assert not any(
        str(root).startswith(str(Path(d).resolve())) for d in django_settings.STATICFILES_DIRS
    )
    assert not getattr(django_settings, "MEDIA_ROOT", "")


def test_a_photo_is_taken_only_with_consent(center, coordinator):
    worker = factories.WorkerFactory(center=center)
    with pytest.raises(RegistryError, match="only with their consent"):
        photos.photo_save(worker=worker, upload=upload(), consent=False, by=coordinator)
    worker.refresh_from_db()
    assert worker.photo_name == ""
    assert not photos.photo_dir().exists() or not any(photos.photo_dir().iterdir())


def test_a_photo_is_normalised_upright_and_without_metadata(center, coordinator):
    worker = factories.WorkerFactory(center=center)
    # A landscape camera picture marked "rotate 90°" in EXIF: stored upright, as a portrait.
    photos.photo_save(
        worker=worker,
        upload=upload(picture(1200, 900, exif_orientation=6)),
        consent=True,
        by=coordinator,
    )
    path = _stored(worker)
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == photos.PHOTO_SIZE
        assert not stored.getexif()
    assert worker.photo_consent_at is not None
    assert worker.photo_consent_by == coordinator


def test_a_png_upload_is_stored_as_a_jpeg(center, coordinator):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(
        worker=worker, upload=upload(picture(fmt="PNG"), "p.png"), consent=True, by=coordinator
    )
    with Image.open(_stored(worker)) as stored:
        assert stored.format == "JPEG"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This file is not a picture."),
        ("es", "Este archivo no es una imagen."),
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_in_the_users_language(
    client, center, coordinator, language, message
):
    coordinator.language = language
    coordinator.save()
    client.force_login(coordinator)
    worker = factories.WorkerFactory(center=center)
    bad = SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = client.post(
        f"/workers/{worker.pk}/photo/take/", {"photo": bad, "photo_consent": "on"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    worker.refresh_from_db()
    assert worker.photo_name == ""
    assert worker.photo_consent_at is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_uploaded_photo_shows_on_the_card_the_list_and_the_desk_search(
    client, center, coordinator, language
):
    coordinator.language = language
    coordinator.save()
    client.force_login(coordinator)
    worker = factories.WorkerFactory(
        center=center, known_as="Lupe", full_name="Guadalupe Núñez", dues_paid_through="2027-03-31"
    )
    worker.search_text = services.worker_search_text(worker)
    worker.save(update_fields=["search_text"])
    page = client.get(f"/workers/{worker.pk}/photo/take/")
    assert page.status_code == 200
    assert 'src="/static/js/photo.js"' in page.content.decode()
    response = client.post(
        f"/workers/{worker.pk}/photo/take/", {"photo": upload(), "photo_consent": "on"}
    )
    assert response.status_code == 302
    url = f"/workers/{worker.pk}/photo/"
    card = client.get(f"/workers/{worker.pk}/card/").content.decode()
    assert f'src="{url}?v=' in card
    assert ("Miembro hasta" if language == "es" else "Member through") in card
    assert "31/03/2027" in card or "03/31/2027" in card
    rows = client.get("/workers/?q=lupe").content.decode()
    assert f'src="{url}?v=' in rows
    hits = client.post("/desk/signin/", {"q": "nunez"}, **HTMX).content.decode()
    assert f'src="{url}?v=' in hits
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert "no-store" in served["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert image.size == photos.PHOTO_SIZE


def test_a_new_photo_replaces_the_old_file(center, coordinator, django_capture_on_commit_callbacks):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    first = _stored(worker)
    with django_capture_on_commit_callbacks(execute=True):
        photos.photo_save(
            worker=worker, upload=upload(picture(color=(0, 0, 200))), consent=False, by=None
        )
    assert not first.exists()
    assert sorted(p.name for p in photos.photo_dir().iterdir()) == [_stored(worker).name]
    assert _stored(worker).exists()


def test_another_centers_coordinator_gets_404_for_the_photo(
    client, center, coordinator, other_coordinator
):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    client.force_login(other_coordinator)
    assert client.get(f"/workers/{worker.pk}/photo/").status_code == 404
    assert client.get(f"/workers/{worker.pk}/photo/take/").status_code == 404
    response = client.post(
        f"/workers/{worker.pk}/photo/take/", {"photo": upload(), "photo_consent": "on"}
    )
    assert response.status_code == 404
    assert client.post(f"/workers/{worker.pk}/photo/withdraw/").status_code == 404
    assert _stored(worker).exists()


def test_a_board_member_cannot_fetch_the_photo(client, center, coordinator, board_member):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    client.force_login(board_member)
    assert client.get(f"/workers/{worker.pk}/photo/").status_code in (403, 404)


def test_nobody_logged_out_gets_the_photo(client, center, coordinator):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    response = client.get(f"/workers/{worker.pk}/photo/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_erasure_deletes_the_photo_file_from_disk(center, coordinator, center_admin):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    path = _stored(worker)
    assert path.exists()
    services.worker_erase(worker=worker, by=center_admin)
    assert not path.exists()
    worker.refresh_from_db()
    assert (worker.photo_name, worker.photo_consent_at) == ("", None)


def test_withdrawing_consent_deletes_the_photo(client, center, coordinator):
    worker = factories.WorkerFactory(center=center)
    photos.photo_save(worker=worker, upload=upload(), consent=True, by=coordinator)
    path = _stored(worker)
    client.force_login(coordinator)
    response = client.post(f"/workers/{worker.pk}/photo/withdraw/")
    assert response.status_code == 302
    assert not path.exists()
    worker = Worker.objects.get(pk=worker.pk)
    assert worker.photo_name == ""
    assert worker.photo_consent_at is None
    assert client.get(f"/workers/{worker.pk}/photo/").status_code == 404
    card = client.get(f"/workers/{worker.pk}/card/").content.decode()
    assert "/photo/?v=" not in card
