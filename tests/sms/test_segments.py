from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from sms import segments
from sms.segments import GSM7, GSM7_BASIC, GSM7_EXTENSION, UCS2

gsm_basic = st.text(alphabet=sorted(GSM7_BASIC))
gsm_any = st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION))


def test_a_plain_160_character_text_is_one_gsm7_segment():
    counted = segments.count("a" * 160)
    assert (counted.encoding, counted.length, counted.segments) == (GSM7, 160, 1)


def test_161_characters_take_two_parts_of_153():
    assert segments.count("a" * 161).segments == 2
    assert segments.count("a" * 306).segments == 2
    assert segments.count("a" * 307).segments == 3


def test_spanish_letters_in_gsm7_keep_gsm7():
    assert segments.encoding("¿Mañana? ¡Sí! é ü Ñ É") == UCS2  # í is not GSM-7
    assert segments.encoding("¿Mañana? ¡Si! é ü Ñ É à") == GSM7


def test_acute_a_i_o_u_switch_the_whole_text_to_ucs2():
    for letter in "áíóúÁÍÓÚç":
        assert segments.encoding(f"hola {letter}") == UCS2


def test_ucs2_holds_70_characters_then_67_per_part():
    assert segments.count("á" * 70).segments == 1
    assert segments.count("á" * 71).segments == 2
    assert segments.count("á" * 134).segments == 2
    assert segments.count("á" * 135).segments == 3


def test_extension_characters_count_twice():
    counted = segments.count("€" * 80)
    assert (counted.encoding, counted.length, counted.segments) == (GSM7, 160, 1)
    assert segments.count("{" * 81).segments == 2


def test_an_escape_is_never_split_across_parts():
    # 152 plain septets and then '€' (2) do not fit the 153 of the first part.
    text = "a" * 152 + "€" + "a" * 10
    assert segments.count(text).segments == 2
    assert segments.count(text).remaining == 153 - 12


def test_an_emoji_costs_two_units_and_forces_ucs2():
    counted = segments.count("ok 👍")
    assert (counted.encoding, counted.length) == (UCS2, 5)


def test_curly_quotes_force_ucs2_and_the_fold_straightens_them():
    text = "“Hola” it’s — fine…"
    assert segments.encoding(text) == UCS2
    assert segments.gsm_fold(text) == '"Hola" it\'s - fine...'


def test_the_fold_keeps_gsm_letters_and_drops_other_accents():
    assert segments.gsm_fold("Dirección: Jardinería, mié, Ñandú, ¿sí?") == (
        "Direccion: Jardineria, mié, Ñandu, ¿si?"
    )
    assert segments.gsm_fold("ok 👍") == "ok 👍"


@given(gsm_basic)
def test_basic_gsm_text_costs_one_septet_a_character(text):
    counted = segments.count(text)
    assert counted.encoding == GSM7
    assert counted.length == len(text)
    expected = 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert counted.segments == expected


@given(st.text())
def test_segments_are_enough_for_the_length_and_never_wasteful(text):
    counted = segments.count(text)
    single, part = segments.SINGLE[counted.encoding], segments.PART[counted.encoding]
    if counted.length <= single:
        assert counted.segments == 1
    else:
        assert counted.segments >= math.ceil(counted.length / part)
        # Packing only loses the one unit of a split escape or surrogate pair per part.
        assert counted.segments <= math.ceil(counted.length / (part - 1))
    assert counted.remaining >= 0


@given(gsm_any, gsm_any)
def test_adding_text_never_lowers_the_count(left, right):
    assert segments.count(left + right).segments >= segments.count(left).segments


@given(st.text())
def test_folded_text_is_gsm7_unless_a_character_has_no_stand_in(text):
    folded = segments.gsm_fold(text)
    assert segments.gsm_fold(folded) == folded
    for ch in folded:
        if not segments.is_gsm7(ch):
            assert ch in text


@given(gsm_any)
def test_gsm_text_is_left_alone_by_the_fold(text):
    assert segments.gsm_fold(text) == text
