"""Text from files, made safe to show, and strict about what counts as text.

Everything a pack, a lesson or a user file holds may end up on a terminal or in a
dialog. `printable` is the one place every printed message passes through: control
characters (which a terminal obeys: colours, cursor moves, a carriage return that draws
a fake "ok" over an error), line and paragraph separators, bidirectional overrides and
lone surrogates are written as escapes (`\\x1b`, `\\u202e`) instead.

`lone_surrogate_escape` finds the JSON escape of half a UTF-16 pair (`\\ud800` with no
low half after it, or a low half alone): JSON parsers accept it, but it is not a
character, and a string holding it cannot be printed or written as UTF-8.
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, line/paragraph separators, bidirectional controls, surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` with everything a terminal would obey, or could not encode, written as an escape."""
    return _UNPRINTABLE.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text with the same characters written as JSON's own `\\uXXXX` escapes, so it stays valid JSON."""
    # A raw line break in JSON output is layout (JSON escapes those inside strings): kept.
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


#: A JSON escape: `\uXXXX` (with its value) or any other backslash pair.
_JSON_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def lone_surrogate_escape(text: str) -> int | None:
    """The offset of the first `\\uXXXX` escape in JSON `text` that is half a surrogate pair, or None.

    Escapes are read left to right, so an escaped backslash (`\\\\ud800`) is not taken for
    an escape; a high half must be followed at once by a low half.
    """
    if not _SURROGATE_ESCAPE.search(text):
        return None
    pending: tuple[int, int] | None = None  # (start, end) of a high half waiting for its low half
    for match in _JSON_ESCAPE.finditer(text):
        code = match.group(1)
        value = int(code, 16) if code else -1
        if pending is not None:
            if match.start() == pending[1] and 0xDC00 <= value <= 0xDFFF:
                pending = None
                continue
            return pending[0]
        if 0xD800 <= value <= 0xDBFF:
            pending = (match.start(), match.end())
        elif 0xDC00 <= value <= 0xDFFF:
            return match.start()
    return pending[0] if pending is not None else None


def lone_surrogate_reason(text: str, offset: int) -> str:
    """Why the escape at `offset` is refused, naming it."""
    return f"the escape {text[offset : offset + 6]} is half of a UTF-16 pair (a lone surrogate), not a character"
