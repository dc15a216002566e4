"""Problems found in a pack, each naming the file and the place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from viewer.model.text import printable


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack file: where it is and why it is wrong."""

    path: Path
    reason: str
    line: int | None = None
    element: str | None = None

    def __str__(self) -> str:
        place = str(self.path)
        if self.line is not None:
            place += f":{self.line}"
        elif self.element is not None:
            place += f":#{self.element}"
        # A reason quotes the file (a name, a key): never let it steer the terminal.
        return printable(f"{place}: {self.reason}")


class PackError(Exception):
    """A pack that cannot be used; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        # Written only when asked for: a report of many problems is printed line by line.
        return "\n".join(str(p) for p in self.problems)


def line_locator(text: str) -> Callable[..., int | None]:
    """`at(*steps, key=None)`: the line of a place in the JSON `text` (a path of keys and
    indexes, and optionally a key inside it). The line index is built on the first call:
    only a problem needs one, so a clean file never pays for it."""
    lines = None

    def at(*steps: str | int, key: str | None = None) -> int | None:
        nonlocal lines
        if lines is None:
            from viewer.model.jsonlines import JsonLines

            lines = JsonLines(text)
        return lines.line_of_path(list(steps), key=key)

    return at
