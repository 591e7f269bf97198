"""Every page names the site's icon, so no browser asks for a missing /favicon.ico."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICON = re.compile(r'<link rel="icon" href="/static/(?P<path>[^"]+)"')


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_pages_link_an_icon_that_exists(client, path, language):
    client.cookies["django_language"] = language
    page = client.get(path).content.decode()
    match = ICON.search(page)
    assert match, f"{path} names no icon"
    assert finders.find(match["path"])
