"""The checked SVG is remembered by its exact bytes: the same file is not parsed again, anything else always is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bundled_packs import PACKS, bundled, copy_pack
from spies import paths_passed_to

from viewer.assets import default_svg_path
from viewer.model import checked_cache, svgids
from viewer.model.errors import PackError
from viewer.model.svgids import read_svg


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "plexus-viewer" / checked_cache.FOLDER


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every SVG the safety check parses, by path."""
    return paths_passed_to(monkeypatch, svgids, "_check", 0)


def schematic(tmp_path: Path) -> Path:
    path = tmp_path / "schematic.svg"
    path.write_bytes(default_svg_path().read_bytes())
    return path


def test_the_same_bytes_are_checked_once_and_read_back_the_same(tmp_path: Path, cache: Path, parsed: list[Path]) -> None:
    path = schematic(tmp_path)
    first = read_svg(path)
    again = read_svg(path)
    assert parsed == [path]
    assert again == first
    assert b"<script" not in again.data and again.ids["l4"] == first.ids["l4"] > 1
    assert [entry.name for entry in cache.iterdir()] == [checked_cache.key("svg", "viewer.model.svgids", path.read_bytes())]


def test_a_hostile_change_is_checked_afresh_and_refused(tmp_path: Path, cache: Path, parsed: list[Path]) -> None:
    path = schematic(tmp_path)
    read_svg(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</svg>", '<image href="http://203.0.113.7/x.png"/></svg>'), encoding="utf-8")
    with pytest.raises(PackError, match=r"schematic\.svg"):
        read_svg(path)
    with pytest.raises(PackError):
        read_svg(path)  # a refusal is never remembered: refused again, with its line
    assert parsed == [path, path, path]
    assert len(list(cache.iterdir())) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry[:-1] + bytes([entry[-1] ^ 1]),  # one bit of the copy flipped
        lambda entry: entry[: len(entry) // 2],  # cut short
        lambda entry: b"",  # emptied
        lambda entry: entry.replace(b"checked\n", b"checked!\n", 1),  # not the magic line
        lambda entry: entry.split(b"\n", 1)[0] + b"\n" + b"0" * 64 + entry[entry.index(b"\n", len(entry.split(b"\n", 1)[0]) + 1) :],
    ],
    ids=["bit flipped", "cut short", "empty", "magic", "another key"],
)
def test_a_damaged_entry_is_refused_and_the_file_checked_again(tmp_path: Path, cache: Path, parsed: list[Path], damage) -> None:  # type: ignore[no-untyped-def]
    path = schematic(tmp_path)
    sound = read_svg(path)
    (entry,) = cache.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    assert read_svg(path) == sound
    assert parsed == [path, path]
    assert read_svg(path) == sound and parsed == [path, path]  # and the entry is sound again
    assert [e.name for e in cache.iterdir()] == [entry.name]  # written over, no backup kept


def test_an_entry_whose_payload_is_not_a_checked_svg_is_refused(tmp_path: Path, cache: Path, parsed: list[Path]) -> None:
    path = schematic(tmp_path)
    sound = read_svg(path)
    checked_cache.remember("svg", "viewer.model.svgids", path.read_bytes(), b"not msgpack of a checked drawing")
    assert read_svg(path) == sound
    assert parsed == [path, path]


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = schematic(tmp_path)
    assert read_svg(path) == read_svg(path)
    assert parsed == [path, path]


def test_the_key_names_the_result_its_maker_and_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<svg/>"
    key = checked_cache.key("svg", "viewer.model.svgids", data)
    assert len(key) == 64
    assert key != checked_cache.key("textless", "viewer.model.svgids", data)
    assert key != checked_cache.key("svg", "viewer.model.loader", data)
    assert key != checked_cache.key("svg", "viewer.model.svgids", data + b" ")
    import viewer

    monkeypatch.setattr(viewer, "__version__", "999")
    checked_cache._code.cache_clear()
    try:
        assert key != checked_cache.key("svg", "viewer.model.svgids", data)
    finally:
        monkeypatch.undo()
        checked_cache._code.cache_clear()
    assert key == checked_cache.key("svg", "viewer.model.svgids", data)


def test_made_from_makes_once_and_recalls_after(cache: Path) -> None:
    made: list[bytes] = []

    def make(data: bytes) -> bytes:
        made.append(data)
        return data.upper()

    assert checked_cache.made_from("upper", "viewer.model.svgids", b"abc", make) == b"ABC"
    assert checked_cache.made_from("upper", "viewer.model.svgids", b"abc", make) == b"ABC"
    assert checked_cache.made_from("upper", "viewer.model.svgids", b"abd", make) == b"ABD"
    assert made == [b"abc", b"abd"]


def test_the_drawing_without_text_is_remembered_as_it_was_made(cache: Path) -> None:
    from viewer.qt.canvas import label_layer

    data = default_svg_path().read_bytes()
    made = label_layer._textless_svg(data)
    assert label_layer.textless_svg.__wrapped__(data) == made  # made, and remembered
    assert b"<text" not in made and b'id="l4"' in made
    assert label_layer.textless_svg.__wrapped__(data) == made  # read back
    assert label_layer.smallest_text_units(data) == label_layer._smallest_text_units(data) == label_layer.smallest_text_units(data)
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("name", PACKS)
def test_the_labels_read_back_are_those_read_from_the_drawing(cache: Path, name: str) -> None:
    from viewer.qt.canvas import label_layer

    pack = bundled(name)
    names = label_layer.display_names(pack)
    direct = label_layer._candidates(pack, pack.svg_data, names)
    before = set(cache.iterdir()) if cache.exists() else set()  # the pack's checked drawings, when loaded here
    assert label_layer.candidates(pack, pack.svg_data, names) == direct  # read, and remembered
    assert label_layer.candidates(pack, pack.svg_data, names) == direct  # read back
    (entry,) = set(cache.iterdir()) - before
    entry.write_bytes(entry.read_bytes().replace(b"plexus-viewer checked", b"plexus-viewer checkeD"))
    assert label_layer.candidates(pack, pack.svg_data, names) == direct  # a damaged entry is read afresh
    renamed = {**names, next(iter(names)): "Another name"}
    assert label_layer.candidates(pack, pack.svg_data, renamed) != direct  # names are part of the key


@pytest.fixture
def checked_data(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every data file whose rules the loader checks, by path."""
    from viewer.model import loader

    return paths_passed_to(monkeypatch, loader, "_check_data", 1)


def test_a_data_file_that_passed_is_not_checked_again(tmp_path: Path, cache: Path, checked_data: list[Path]) -> None:
    from viewer.model.loader import load_data

    path = copy_pack(PACKS[0], tmp_path)
    first = load_data(path)
    again = load_data(path)
    assert checked_data == [path]
    assert again.structures == first.structures and again.links == first.links and again.sources == first.sources


def test_a_refused_data_file_is_refused_every_time(tmp_path: Path, cache: Path, checked_data: list[Path]) -> None:
    from viewer.model.loader import load_data

    path = copy_pack(PACKS[0], tmp_path)
    load_data(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"id": "l4"', '"id": "L 4"', 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PackError, match="L 4"):
            load_data(path)
    assert checked_data == [path, path, path]


def test_a_pass_without_the_source_policy_is_no_pass_with_it(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.model import loader

    path = copy_pack(PACKS[0], tmp_path)
    text = path.read_text(encoding="utf-8")
    url = text.split('"url": "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(url, "http://203.0.113.7/page", 1), encoding="utf-8")
    monkeypatch.setattr(loader, "ENFORCE_SOURCE_POLICY", False)
    loader.load_data(path)
    loader.load_data(path)
    monkeypatch.setattr(loader, "ENFORCE_SOURCE_POLICY", True)
    with pytest.raises(PackError, match="a raw IP address"):
        loader.load_data(path)


def test_a_damaged_verdict_is_refused_and_the_data_checked_again(tmp_path: Path, cache: Path, checked_data: list[Path]) -> None:
    from viewer.model import loader

    path = copy_pack(PACKS[0], tmp_path)
    loader.load_data(path)
    entry = cache / checked_cache.key(loader._verdict_kind(), loader._VERDICT_MAKERS, path.read_bytes())
    entry.write_bytes(entry.read_bytes()[:-1] + b"!")
    loader.load_data(path)
    loader.load_data(path)
    assert checked_data == [path, path]


def test_without_blake2_the_cache_keys_by_sha256(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    import hashlib
    import sys

    data = b"<svg/>"
    blake = checked_cache._hash(data)
    assert blake == hashlib.blake2b(data, digest_size=32).hexdigest()
    monkeypatch.setitem(sys.modules, "_blake2", None)  # a Python built without it
    assert checked_cache._hash(data) == hashlib.sha256(data).hexdigest() != blake
    checked_cache.remember("upper", "viewer.model.svgids", b"abc", b"ABC")
    assert checked_cache.recall("upper", "viewer.model.svgids", b"abc") == b"ABC"


def test_the_least_recently_used_entries_go_first(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import time

    monkeypatch.setattr(checked_cache, "MAX_ENTRIES", 3)
    long_ago = time.time() - 1000
    for n, data in enumerate((b"a", b"b", b"c")):
        checked_cache.remember("upper", "viewer.model.svgids", data, data.upper())
        path = checked_cache.entry_path(checked_cache.key("upper", "viewer.model.svgids", data))
        os.utime(path, (long_ago + n, long_ago + n))
    assert checked_cache.recall("upper", "viewer.model.svgids", b"a") == b"A"  # used now
    checked_cache.remember("upper", "viewer.model.svgids", b"d", b"D")
    kept = [data for data in (b"a", b"b", b"c", b"d") if checked_cache.recall("upper", "viewer.model.svgids", data)]
    assert kept == [b"a", b"c", b"d"]
    assert len(list(cache.iterdir())) == 3


def test_the_cache_keeps_within_its_bytes(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    big = b"x" * 1000
    checked_cache.remember("big", "viewer.model.svgids", b"1", big)
    (entry,) = cache.iterdir()
    os.utime(entry, (1, 1))  # the oldest
    monkeypatch.setattr(checked_cache, "MAX_BYTES", 2 * entry.stat().st_size)  # two entries exactly
    checked_cache.remember("big", "viewer.model.svgids", b"2", big)
    assert len(list(cache.iterdir())) == 2
    checked_cache.remember("big", "viewer.model.svgids", b"3", big)
    assert checked_cache.recall("big", "viewer.model.svgids", b"1") is None
    assert checked_cache.recall("big", "viewer.model.svgids", b"2") == checked_cache.recall("big", "viewer.model.svgids", b"3") == big


def test_a_cache_whose_files_cannot_be_touched_or_removed_still_serves(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only entry cannot be touched or removed, and another process may remove one while it is pruned."""
    import os
    import time

    def path_of(data: bytes) -> Path:
        return checked_cache.entry_path(checked_cache.key("upper", "viewer.model.svgids", data))

    long_ago = time.time() - 1000
    for n, data in enumerate((b"a", b"b")):
        checked_cache.remember("upper", "viewer.model.svgids", data, data.upper())
        os.utime(path_of(data), (long_ago + n, long_ago + n))
    real_utime, real_unlink, real_stat = os.utime, Path.unlink, Path.stat

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(os, "utime", refused)
    assert checked_cache.recall("upper", "viewer.model.svgids", b"a") == b"A"  # served, though not touched
    monkeypatch.setattr(os, "utime", real_utime)

    def unlink(self: Path, *args: object, **kwargs: object) -> None:
        if self == path_of(b"b"):
            raise PermissionError("read-only")
        real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.setattr(checked_cache, "MAX_ENTRIES", 1)
    checked_cache.remember("upper", "viewer.model.svgids", b"c", b"C")
    assert sorted(p.name for p in cache.iterdir()) == sorted(p.name for p in (path_of(b"b"), path_of(b"c")))  # b could not go; a did
    monkeypatch.setattr(Path, "unlink", real_unlink)

    def vanishing(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if self == path_of(b"b"):
            raise FileNotFoundError(self)  # removed by another process as the folder was listed
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", vanishing)
    checked_cache.remember("upper", "viewer.model.svgids", b"d", b"D")
    monkeypatch.setattr(Path, "stat", real_stat)
    assert path_of(b"d").exists() and not path_of(b"c").exists()  # the others still pruned


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_an_entry_is_readable_by_the_user_alone(cache: Path) -> None:
    import stat

    checked_cache.remember("upper", "viewer.model.svgids", b"a", b"A")
    (entry,) = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_a_write_that_fails_leaves_nothing_behind(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    real = os.replace
    monkeypatch.setattr(os, "replace", full)
    checked_cache.remember("upper", "viewer.model.svgids", b"a", b"A")  # not remembered, and no error
    assert list(cache.iterdir()) == []
    monkeypatch.setattr(os, "replace", real)
    checked_cache.remember("upper", "viewer.model.svgids", b"a", b"A")
    assert [e.name for e in cache.iterdir()] == [checked_cache.key("upper", "viewer.model.svgids", b"a")]
