from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests import factories
from workers.models import Worker
from workers.services import worker_create


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_desks_registering_at_once_get_different_badges():
    center = factories.CenterFactory(slug="pomona")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            worker_create(center=center, by=None, full_name=f"Worker {n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(Worker.objects.values_list("badge", flat=True)) == [1, 2, 3, 4]
