"""A fuzzer over every file the viewer reads from outside: the pack's data file, a lesson,
the settings and the study progress.

Each test mutates a real, valid file (bytes cut, spliced, duplicated or overwritten with
hostile fragments; JSON values swapped for odd ones) and requires one of two outcomes:
a clean load, or a clean refusal. A refusal is the reader's own error, each problem one
printable line naming the file; a load can be used (traced, named, written back). Never
another exception, never a control character or a lone surrogate in a message.

The run is bounded by its example count (PLEXUS_FUZZ_EXAMPLES, default below) and is
deterministic unless PLEXUS_FUZZ_RANDOM=1, so the suite stays quick and repeatable.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.assets import default_data_path, default_svg_path

EXAMPLES = int(os.environ.get("PLEXUS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("PLEXUS_FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

#: Fragments an attacker or a broken editor would put into a text file.
HOSTILE_TEXT = [
    "\x00",
    "\x1b[2K\r",
    "\x1b]0;title\x07",
    "\u202e",
    "\u2028",
    "\x85",
    "\x0c",
    "\x0b",
    "\r",
    "\r\n",
    "\ufeff",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u0000",
    "\\",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "9" * 5000,
    "-0.0e-99999",
    "1e400",
    "NaN",
    "Infinity",
    "null",
    "true",
    "[" * 200,
    "{" * 200,
    "é",
    "𝔏",
    "|",
    "#",
]
HOSTILE_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\xe2\x80", b"\x00\x00"]


def fragments() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT).map(lambda s: s.encode("utf-8")),
        st.sampled_from(HOSTILE_BYTES),
        st.binary(min_size=1, max_size=8),
        st.text(min_size=1, max_size=8).map(lambda s: s.encode("utf-8")),
    )


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with one to four cuts, splices, copies or overwrites."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        size = len(data)
        at = draw(st.integers(0, size))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate"]))
        if kind == "insert":
            data[at:at] = draw(fragments())
        elif kind == "delete":
            data[at : at + draw(st.integers(1, 64))] = b""
        elif kind == "replace":
            piece = draw(fragments())
            data[at : at + len(piece)] = piece
        elif kind == "duplicate":
            end = min(size, at + draw(st.integers(1, 256)))
            data[end:end] = data[at:end]
        else:
            del data[at:]
    return bytes(data)


def odd_values() -> st.SearchStrategy[Any]:
    text = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\x1b", "\u202e", "\x00", "\r"]), max_size=12)
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text)
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=6)


@st.composite
def edited_json(draw: st.DrawFn, original: Any) -> bytes:
    """The JSON value `original` with one to three values, somewhere inside, replaced by odd ones."""
    value = json.loads(json.dumps(original))
    for _ in range(draw(st.integers(1, 3))):
        node, key = value, None
        # Walk down a random path, then swap what is there.
        for _depth in range(draw(st.integers(0, 6))):
            child = node[key] if key is not None else node
            if isinstance(child, dict) and child:
                node, key = child, draw(st.sampled_from(sorted(child)))
            elif isinstance(child, list) and child:
                node, key = child, draw(st.integers(0, len(child) - 1))
            else:
                break
        if key is None:
            continue
        if draw(st.booleans()) or not isinstance(node, dict):
            node[key] = draw(odd_values())
        else:
            node[draw(st.text(max_size=6) | st.sampled_from(["\x1b[2K", "id", "kind", "\u202e"]))] = draw(odd_values())
    return json.dumps(value, indent=draw(st.sampled_from([None, 1])), ensure_ascii=draw(st.booleans())).encode("utf-8")


def assert_clean_lines(lines: list[str], path: Path) -> None:
    assert lines
    for line in lines:
        assert "\n" not in line and not UNPRINTABLE.search(line), repr(line)
        assert line.startswith(f"{path}"), line
        line.encode("utf-8")  # strict: no lone surrogate can reach a terminal


# ---- the data file --------------------------------------------------------------------

DATA = default_data_path().read_bytes()


def check_data(tmp_path: Path, data: bytes) -> None:
    from viewer.model.errors import PackError
    from viewer.model.loader import load_pack
    from viewer.model.names import NameIndex
    from viewer.model.tracing import trace

    path = tmp_path / "lumbosacral.json"
    path.write_bytes(data)
    try:
        pack = load_pack(path, default_svg_path())
    except PackError as exc:
        assert_clean_lines([str(p) for p in exc.problems], path)
        return
    names = NameIndex(pack)
    for sid in list(pack.structures)[:: max(1, len(pack.structures) // 8)]:
        trace(pack, sid)
        assert names.resolve(sid).match == sid
        pack.structures[sid].name.encode("utf-8")


@FUZZ
@given(data=mutated(DATA))
def test_fuzz_the_data_file_bytes(tmp_path: Path, data: bytes) -> None:
    check_data(tmp_path, data)


@FUZZ
@given(data=edited_json(json.loads(DATA)))
def test_fuzz_the_data_file_values(tmp_path: Path, data: bytes) -> None:
    check_data(tmp_path, data)


# ---- a lesson --------------------------------------------------------------------------

LESSON = (default_data_path().parent / "lessons" / "lower-limb-walkthrough.txt").read_bytes()


@FUZZ
@given(data=mutated(LESSON))
def test_fuzz_a_lesson(tmp_path: Path, pack, data: bytes) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.lesson import LessonError, read_lesson

    path = tmp_path / "lesson.txt"
    path.write_bytes(data)
    try:
        lesson = read_lesson(path, pack)
    except LessonError as exc:
        assert_clean_lines([str(p) for p in exc.problems], path)
        lines = data.count(b"\n") + 1
        assert all(p.line is None or 1 <= p.line <= lines for p in exc.problems)
        return
    text = data.decode("utf-8-sig").split("\n")
    for item in lesson.items:
        assert item.structure_id in pack.structures
        assert 1 <= item.line <= len(text) and text[item.line - 1].strip()


# ---- the settings and the progress file ------------------------------------------------


def _settings_bytes() -> bytes:
    from viewer.model.settings import Settings, WindowGeometry, encode_settings

    return encode_settings(Settings(font_scale=1.25, present_screen=1, geometry=WindowGeometry(10, 20, 800, 600)))


def _progress_bytes() -> bytes:
    from datetime import UTC, datetime

    from viewer.model.review import ItemProgress, Progress, encode_progress

    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    items = {
        "identify:gluteus_medius": ItemProgress(box=2, due=when, asked=3, right=2, wrong=1, last_answered=when, last_right=True),
        "segments:tibialis_anterior": ItemProgress(due=when),
    }
    return encode_progress(Progress(items=items, sessions=4))


def check_user_file(tmp_path: Path, name: str, data: bytes) -> None:
    from viewer.model.review import load_progress, save_progress
    from viewer.model.settings import Settings, load_settings, save_settings

    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.json"
    for stale in folder.iterdir():
        stale.unlink()
    path.write_bytes(data)
    if name == "settings":
        value, message = load_settings(path)
        assert isinstance(value, Settings)
        save_settings(value, path)  # what was read can be written back
        assert load_settings(path) == (value, None)
    else:
        loaded = load_progress(path)
        message = loaded.message
        save_progress(loaded.progress, path)
        assert load_progress(path).progress == loaded.progress
    if message is not None:
        assert_clean_lines([message], path)


@FUZZ
@given(data=mutated(_settings_bytes()) | edited_json(json.loads(_settings_bytes())))
def test_fuzz_the_settings(tmp_path: Path, data: bytes) -> None:
    check_user_file(tmp_path, "settings", data)


@FUZZ
@given(data=mutated(_progress_bytes()) | edited_json(json.loads(_progress_bytes())))
def test_fuzz_the_progress_file(tmp_path: Path, data: bytes) -> None:
    check_user_file(tmp_path, "progress", data)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("settings", '{"format": "plexus-settings/1", "palette": "okabe-ito\\udc00"}'),
        ("progress", '{"format": "plexus-progress/1", "items": {"\\ud800x": {"due": "2026-01-01T00:00:00Z"}}}'),
        ("settings", '{"format": "plexus-settings/1\x1b[2K\\u001b]0;x\\u0007", "theme": "dark"}'),
    ],
)
def test_user_files_found_by_the_fuzzer(tmp_path: Path, name: str, text: str) -> None:
    check_user_file(tmp_path, name, text.encode("utf-8"))
