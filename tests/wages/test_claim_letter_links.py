"""The links to the demand letter in each language are named in the reader's language."""

from __future__ import annotations

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(desk_client, coordinator):
    def make(language: str):
        coordinator.language = language
        coordinator.save(update_fields=["language"])
        return desk_client

    return make


@pytest.mark.parametrize(
    ("language", "labels", "english"),
    [
        ("en", ["Demand letter (English)", "Demand letter (Spanish)"], []),
        (
            "es",
            ["Carta de cobro (inglés)", "Carta de cobro (español)"],
            ["Demand letter (English)"],
        ),
    ],
)
def test_the_claim_names_both_letters_in_the_readers_language(
    reading, center, language, labels, english
):
    claim = factories.WageClaimFactory(center=center)
    page = reading(language).get(f"/claims/{claim.pk}/").content.decode()
    assert all(label in page for label in labels)
    assert not any(text in page for text in english)


@pytest.mark.parametrize(
    ("language", "letter", "link"),
    [
        ("en", "es", "English version"),
        ("en", "en", "Spanish version"),
        ("es", "es", "Versión en inglés"),
        ("es", "en", "Versión en español"),
    ],
)
def test_the_letter_links_to_the_other_language_in_the_readers_language(
    reading, center, language, letter, link
):
    claim = factories.WageClaimFactory(center=center)
    page = reading(language).get(f"/claims/{claim.pk}/letter/?lang={letter}").content.decode()
    toolbar = page.split('id="demand-letter"')[0]
    assert link in toolbar
    if language == "es":
        assert "English version" not in toolbar
