"""Lesson playlists: a lecturer's sequence of pathways, written as a small text file.

    # Lower limb lecture 3
    L5 | L5: the foot-drop root
    common fibular nerve | Where the nerve winds round the fibular neck
    gluteus medius

One selection per line: any name the command line accepts (id, display name, Latin
name or synonym), then optionally `|` and a caption to show with it. Lines starting with
`#` are comments; the first comment before any item is the lesson's title. Blank lines
are ignored. The file is UTF-8 (a byte-order mark is allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from viewer.model.errors import Problem
from viewer.model.names import NameIndex
from viewer.model.pack import Pack

#: Bigger files are refused unread: a lesson is a page of text, not a data dump.
MAX_BYTES = 256 * 1024
MAX_ITEMS = 500
MAX_LINE = 500
#: How many problems one error lists before it stops reading.
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class LessonItem:
    """One pathway of a lesson: the structure to select and what to say about it."""

    structure_id: str
    caption: str
    #: The line of the file it was written on (1-based).
    line: int


@dataclass(frozen=True)
class Lesson:
    title: str
    items: tuple[LessonItem, ...]
    path: Path


class LessonError(Exception):
    """A lesson that cannot be used; every problem names the file and the line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_lesson(path: Path, pack: Pack, names: NameIndex | None = None) -> Lesson:
    """Read and check the lesson at `path`; LessonError if anything in it is wrong."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LessonError([Problem(path, f"{size:,} bytes is too big for a lesson (the limit is {MAX_BYTES // 1024} KiB)")])
        data = path.read_bytes()
    except IsADirectoryError:
        raise LessonError([Problem(path, "is a folder, not a lesson file")]) from None
    except OSError as exc:
        raise LessonError([Problem(path, f"cannot read: {exc.strerror or exc}")]) from None
    return parse_lesson(data, path, pack, names)


def parse_lesson(data: bytes, path: Path, pack: Pack, names: NameIndex | None = None) -> Lesson:
    """Parse lesson text (bytes as read from `path`, which names the file in errors)."""
    if len(data) > MAX_BYTES:
        raise LessonError([Problem(path, f"{len(data):,} bytes is too big for a lesson (the limit is {MAX_BYTES // 1024} KiB)")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = data[: exc.start].count(b"\n") + 1
        raise LessonError([Problem(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the lesson as UTF-8", line=where)]) from None
    if "\x00" in text:
        raise LessonError([Problem(path, "is a binary file, not a lesson", line=text[: text.index("\x00")].count("\n") + 1)])
    names = names or NameIndex(pack)
    title = ""
    items: list[LessonItem] = []
    problems: list[Problem] = []
    # Lines end at \n (or \r\n) only: str.splitlines also breaks at form feeds, vertical
    # tabs, NEL and U+2028, and every line number after one of those would be wrong.
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not items and not title:
                title = line.lstrip("#").strip()
            continue
        if len(line) > MAX_LINE:
            problems.append(Problem(path, f"line is longer than {MAX_LINE} characters", line=number))
        else:
            name, _bar, caption = (part.strip() for part in line.partition("|"))
            problem = _check_name(name, pack, names)
            if problem:
                problems.append(Problem(path, problem, line=number))
            else:
                found = names.resolve(name).match
                assert found is not None
                items.append(LessonItem(found, caption, number))
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(path, "stopped reading after this many problems", line=number))
            break
        if len(items) > MAX_ITEMS:
            problems.append(Problem(path, f"more than {MAX_ITEMS} items; split the lesson", line=number))
            break
    if problems:
        raise LessonError(problems)
    if not items:
        raise LessonError([Problem(path, "has no items: write one structure per line, e.g. 'L5 | the foot-drop root'")])
    return Lesson(title or path.stem.replace("-", " ").replace("_", " "), tuple(items), path)


def _check_name(name: str, pack: Pack, names: NameIndex) -> str | None:
    """Why `name` selects nothing, or None if it names exactly one structure."""
    if not name:
        return "no structure named before the '|'"
    found = names.resolve(name)
    if found.match:
        return None
    shown = ", ".join(pack.structures[c].name for c in found.candidates)
    if found.ambiguous:
        return f"{name!r} names several structures; did you mean: {shown}?"
    if shown:
        return f"no structure called {name!r}; did you mean: {shown}?"
    return f"no structure called {name!r}; `plexus-viewer list` shows every name"
