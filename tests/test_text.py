"""What a terminal would obey is printed as an escape; half a UTF-16 pair is not text."""

from __future__ import annotations

import pytest

from viewer.model.text import lone_surrogate_escape, lone_surrogate_reason, printable, printable_json


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("femoral nerve – L2, L3, L4", "femoral nerve – L2, L3, L4"),
        ("tab\there", "tab\\there"),
        ("two\nlines", "two\\nlines"),
        ("fake\rok", "fake\\rok"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("nul\x00", "nul\\x00"),
        ("del\x7f c1\x85 \x9f", "del\\x7f c1\\x85 \\x9f"),
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),
        ("\u2028\u2029\u061c\u200e\u200f\u2066\u2069", "\\u2028\\u2029\\u061c\\u200e\\u200f\\u2066\\u2069"),
        ("half \ud800 pair", "half \\ud800 pair"),
        ("\x1f\x20\x7e\xa0", "\\x1f \x7e\xa0"),
    ],
)
def test_printable_escapes_exactly_what_a_terminal_would_obey(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_printable_json_keeps_line_breaks_and_escapes_the_rest_the_json_way() -> None:
    assert printable_json('{\n  "a": "\x1b[2J\u202e\t"\n}') == '{\n  "a": "\\u001b[2J\\u202e\\u0009"\n}'


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        (r'{"a": "plain"}', None),
        (r'{"a": "\ud83d\ude00 a pair"}', None),
        (r'{"a": "\uD83D\uDE00 upper-case pair"}', None),
        (r'{"a": "\ud800"}', 7),
        (r'{"a": "x\udc00"}', 8),
        (r'{"a": "\ud800x\udc00"}', 7),
        (r'{"a": "\ud800\u0041"}', 7),
        (r'{"a": "\\ud800 an escaped backslash"}', None),
        (r'{"a": "\n\ud800"}', 9),
        (r'{"a": "\ud83d\ude00\udbff"}', 19),
        (r'{"a": "\ud7ff\ue000 not surrogates"}', None),
        # the edges of the two halves: D800–DBFF high, DC00–DFFF low
        (r'"\udbff\udc00"', None),
        (r'"\ud800\udfff"', None),
        (r'"\udc00\udc00"', 1),
        (r'"\ud800\ue000"', 1),
        (r'"\udfff"', 1),
        (r'"\ud83d\ude00\ue000"', None),
    ],
)
def test_a_lone_surrogate_escape_is_found_at_its_offset(text: str, offset: int | None) -> None:
    assert lone_surrogate_escape(text) == offset


def test_the_reason_names_the_escape() -> None:
    text = r'{"a": "\ud800"}'
    assert lone_surrogate_reason(text, 7) == "the escape \\ud800 is half of a UTF-16 pair (a lone surrogate), not a character"
