"""Name character classes for `re` (pipeline/unicase.py)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from claimex.unicase import LOWER, UPPER, UPPER_CLASS, uni


def _code_points(class_body: str) -> list[int]:
    """Every code point a character-class body of single characters and ranges holds."""
    out: list[int] = []
    i = 0
    while i < len(class_body):
        if i + 2 < len(class_body) and class_body[i + 1] == "-":
            out.extend(range(ord(class_body[i]), ord(class_body[i + 2]) + 1))
            i += 3
        else:
            out.append(ord(class_body[i]))
            i += 1
    return out


def test_every_code_point_of_the_upper_class_is_a_capital():
    wrong = [hex(c) for c in _code_points(UPPER_CLASS) if unicodedata.category(chr(c)) not in ("Lu", "Lt")]
    assert wrong == []


@pytest.mark.parametrize("capital", ["A", "Z", "\u00c5", "\u00d3", "\u0110", "\u0141", "\u03a3", "\u0416"])
def test_capitals_of_any_script_are_upper_and_not_lower(capital: str):
    assert re.fullmatch(UPPER, capital) and not re.fullmatch(LOWER, capital)


@pytest.mark.parametrize("small", ["a", "\u00e5", "\u00f6", "\u0111", "\u03c3"])
def test_small_letters_are_lower_and_not_upper(small: str):
    assert re.fullmatch(LOWER, small) and not re.fullmatch(UPPER, small)


def test_a_decomposed_accent_stays_inside_the_word():
    word = re.compile(uni(r"\p{Lu}[\w\p{M}]*"))
    m = word.match("Be\u0301atrice Dupont")
    assert m is not None and m.group(0) == "Be\u0301atrice"


def test_upper_and_lower_hold_exactly_what_the_one_class_forms_hold():
    # UPPER and LOWER split the class at U+FFFF for speed; they must match the same characters as
    # `[UPPER_CLASS]` and `[^\W\d_UPPER_CLASS]` would: every BMP code point and every one near a
    # supplementary-plane capital range (its ends and their neighbours) is compared.
    upper, lower = re.compile(UPPER), re.compile(LOWER)
    one_upper, one_lower = re.compile(f"[{UPPER_CLASS}]"), re.compile(f"[^\\W\\d_{UPPER_CLASS}]")
    near = {c + d for c in _code_points(UPPER_CLASS) if c > 0xFFFF for d in (-1, 0, 1)}
    for c in sorted(set(range(0x10000)) | near):
        ch = chr(c)
        assert bool(upper.fullmatch(ch)) == bool(one_upper.fullmatch(ch)), hex(c)
        assert bool(lower.fullmatch(ch)) == bool(one_lower.fullmatch(ch)), hex(c)


def test_the_patterns_scanned_in_lower_cased_text_have_only_ascii_letters():
    # lower_searchable's promise holds for ASCII lower-case letters only (re.I matches "σ" to "ς",
    # lower() does not): a non-ASCII letter added to one of these would quietly miss matches
    from claimex.attribution.candidates import _FURNITURE_ALL
    from claimex.backends.rules.denials import _DENIAL_LOW
    from claimex.backends.rules.furniture import _BOILERPLATE_LOW

    for text in (_DENIAL_LOW.pattern, _BOILERPLATE_LOW.pattern, *_FURNITURE_ALL):
        odd = {c for c in text if c.isalpha() and not (c.isascii() and c.islower())}
        assert not odd, f"{odd} in {text[:60]!r}"
