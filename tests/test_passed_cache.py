"""A pack that passed the source policy is not judged again; anything else always is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from viewer.assets import default_data_path
from viewer.model import passed_cache, source_policy
from viewer.model.errors import PackError
from viewer.model.loader import load_data


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every pack the source policy judges, by path."""
    seen: list[Path] = []
    real = source_policy.policy_problems

    def counting(record, path, text):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(record, path, text)

    monkeypatch.setattr(source_policy, "policy_problems", counting)
    return seen


def entries_folder() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "plexus-viewer" / "passed-packs"


def copy_of_bundled(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(default_data_path().parent, folder)
    return folder / default_data_path().name


def test_the_same_bytes_are_judged_once(tmp_path: Path, judged: list[Path]) -> None:
    path = copy_of_bundled(tmp_path)
    load_data(path)
    load_data(path)
    assert judged == [path]
    entries = list(entries_folder().iterdir())
    assert [e.name for e in entries] == [passed_cache.digest(path.read_bytes())]


def test_one_byte_changed_is_judged_afresh_and_its_problems_still_refuse_it(tmp_path: Path, judged: list[Path]) -> None:
    path = copy_of_bundled(tmp_path)
    load_data(path)
    text = path.read_text(encoding="utf-8")
    # A never-cited site put in place of a source's URL: same length of file, one source changed.
    url = text.split('"url": "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(url, "http://203.0.113.7/page", 1), encoding="utf-8")
    with pytest.raises(PackError):
        load_data(path)
    assert judged == [path, path]


def test_a_corrupt_entry_is_refused_and_the_pack_judged(tmp_path: Path, judged: list[Path]) -> None:
    path = copy_of_bundled(tmp_path)
    load_data(path)
    entry = entries_folder() / passed_cache.digest(path.read_bytes())
    entry.write_bytes(b"passed")
    load_data(path)
    assert judged == [path, path]
    load_data(path)  # the judged pack is remembered again, soundly
    assert judged == [path, path]


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path: Path, judged: list[Path]) -> None:
    path = copy_of_bundled(tmp_path)
    cache = Path(os.environ["XDG_CACHE_HOME"])
    cache.rmdir()
    cache.write_text("not a folder")
    load_data(path)
    load_data(path)
    assert judged == [path, path]
