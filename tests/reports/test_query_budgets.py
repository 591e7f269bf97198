"""Every list page and API list costs the same number of queries for 1 or 3 copies of the
data: a sweep over the URLconf, as a center admin (who may open every center page)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from reports.stats import stats_rebuild
from tests.reports import data

#: Pages that are not lists of rows.
SKIP = re.compile(r"^/(admin/|api/schema|api/docs|healthz|readyz|accounts/|language/|center/)")


def _list_paths(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _list_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            path = "/" + route.lstrip("^").rstrip("$").replace("\\Z", "")
            if not SKIP.match(path):
                yield path


def _queries(client, paths):
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, {"start": "2025-02-01", "end": "2025-03-31"})
        counts[path] = (response.status_code, len(captured))
    return counts


@pytest.fixture
def admin_client(client, center_admin):
    client.force_login(center_admin)
    return client


def test_list_pages_and_api_lists_cost_the_same_queries_for_more_rows(
    admin_client, center, other_center
):
    paths = sorted(set(_list_paths()))
    assert "/reports/" in paths
    assert "/api/v1/reports/summary/" in paths
    data.march(center, other_center)
    stats_rebuild(start=data.MARCH[0].replace(month=2), end=data.MARCH[1])
    _queries(admin_client, paths)  # warm per-process caches (content types, sessions)
    few = _queries(admin_client, paths)
    data.march(center, other_center)
    data.march(center, other_center)
    stats_rebuild(start=data.MARCH[0].replace(month=2), end=data.MARCH[1])
    many = _queries(admin_client, paths)
    grown = {path: (few[path], many[path]) for path in paths if many[path][1] > few[path][1]}
    assert not grown, f"queries grow with the rows: {grown}"
