"""Finding the line of a value in a JSON text, for error messages.

The fast C decoder keeps no positions, so this second, pure-Python parse runs only when
a problem has to be reported.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from typing import Any


class JsonLines:
    """Maps the objects of a parsed JSON text, and their keys, to line numbers."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts: list[int] | None = None
        #: The line of each (object's start, key) already looked up: a report of many
        #: problems asks for the same top-level keys again and again.
        self._keys: dict[tuple[int, str], int] = {}
        self._spans: dict[int, tuple[int, int]] = {}
        self._starts: list[tuple[int, int]] | None = None
        spans = self._spans
        parse_object = getattr(json.decoder, "JSONObject")  # noqa: B009 (not in the typeshed stubs)

        def tracking_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            start = s_and_end[1] - 1
            obj, end = parse_object(s_and_end, *args)
            spans[id(obj)] = (start, end)
            return obj, end

        decoder = json.JSONDecoder()
        # The pure-Python scanner calls decoder.parse_object for every object it meets.
        setattr(decoder, "parse_object", tracking_object)  # noqa: B010
        setattr(decoder, "scan_once", getattr(json.scanner, "py_make_scanner")(decoder))  # noqa: B009, B010
        self.root = decoder.decode(text)

    def line_at(self, offset: int) -> int:
        """The line (1-based) of the character at `offset`; the line starts are indexed once."""
        if self._line_starts is None:
            self._line_starts = line_starts(self.text)
        return bisect.bisect_right(self._line_starts, offset)

    _line_at = line_at

    def line_of(self, obj: Any) -> int | None:
        span = self._spans.get(id(obj))
        return None if span is None else self._line_at(span[0])

    def line_of_key(self, obj: Any, key: str) -> int | None:
        """The line where `key` is written in the object `obj` (found once, then remembered)."""
        span = self._spans.get(id(obj))
        if span is None:
            return None
        found = self._keys.get((span[0], key))
        if found is None:
            pattern = re.compile(re.escape(json.dumps(key)) + r"\s*:")
            own = next((m for m in pattern.finditer(self.text, span[0], span[1]) if self._owner(m.start()) == span[0]), None)
            found = self._keys[(span[0], key)] = self._line_at(own.start()) if own else self._line_at(span[0])
        return found

    def _owner(self, offset: int) -> int:
        """The start of the innermost object written around `offset` (a key of a nested object is not its parent's)."""
        if self._starts is None:
            self._starts = sorted(self._spans.values())
        i = bisect.bisect_left(self._starts, (offset, -1))
        while i > 0:
            i -= 1
            start, end = self._starts[i]
            if end > offset:
                return start
        return 0

    def line_of_path(self, path: list[str | int], key: str | None = None) -> int | None:
        """The line of the deepest object on `path` (keys and list indexes from the root)."""
        node: Any = self.root
        line = self.line_of(node)
        last_obj = node
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict):
                last_obj = node
                line = self.line_of(node) or line
            elif isinstance(step, str) and isinstance(last_obj, dict):
                line = self.line_of_key(last_obj, step) or line
        if key is not None and isinstance(last_obj, dict):
            return self.line_of_key(last_obj, key)
        return line


def line_starts(text: str) -> list[int]:
    """The offset at which each line of `text` starts (lines end at \\n only)."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


_PATH_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_error_path(path: str) -> list[str | int]:
    """Turn a msgspec error location such as `$.structures[3].kind` into steps."""
    steps: list[str | int] = []
    for name, index in _PATH_STEP.findall(path):
        steps.append(name if name else int(index))
    return steps
