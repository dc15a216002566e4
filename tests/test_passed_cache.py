"""A pack that passed the source policy is not judged again; anything else always is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from spies import paths_passed_to

from viewer.assets import default_data_path
from viewer.model import checked_cache, passed_cache, source_policy
from viewer.model.errors import PackError
from viewer.model.loader import load_data


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every pack the source policy judges, by path."""
    return paths_passed_to(monkeypatch, source_policy, "policy_problems", 1)


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
    forget_whole_verdicts()
    load_data(path)
    assert judged == [path, path]
    forget_whole_verdicts()
    load_data(path)  # the judged pack is remembered again, soundly
    assert judged == [path, path]


def forget_whole_verdicts() -> None:
    """Drop the remembered verdicts on whole packs (see checked_cache), so that the loader asks this cache."""
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "plexus-viewer" / checked_cache.FOLDER)


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path: Path, judged: list[Path]) -> None:
    path = copy_of_bundled(tmp_path)
    cache = Path(os.environ["XDG_CACHE_HOME"])
    cache.rmdir()
    cache.write_text("not a folder")
    load_data(path)
    load_data(path)
    assert judged == [path, path]


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_CACHE_HOME": "/var/cache/me"}, "/var/cache/me/plexus-viewer"),
        ("linux", {"XDG_CACHE_HOME": "relative/cache"}, "HOME/.cache/plexus-viewer"),
        ("linux", {}, "HOME/.cache/plexus-viewer"),
        ("win32", {"LOCALAPPDATA": "C:/Users/me/AppData/Local"}, "C:/Users/me/AppData/Local/plexus-viewer/cache"),
        ("win32", {}, "HOME/AppData/Local/plexus-viewer/cache"),
        ("darwin", {"XDG_CACHE_HOME": "/var/cache/me"}, "HOME/Library/Caches/plexus-viewer"),
    ],
)
def test_the_cache_lives_where_each_platform_keeps_caches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, env: dict[str, str], expected: str
) -> None:
    import sys

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert passed_cache.user_cache_dir() == Path(expected.replace("HOME", str(tmp_path)))


def test_an_entry_is_keyed_by_the_policy_s_own_code_and_the_pack_s_exact_bytes() -> None:
    import hashlib

    policy = Path(source_policy.__file__).read_bytes()
    assert passed_cache.digest(b"pack bytes") == hashlib.sha256(policy + b"\0" + b"pack bytes").hexdigest()


def test_an_entry_is_written_without_a_backup_beside_it(tmp_path: Path) -> None:
    passed_cache.remember_passed(b"some pack")
    folder = entries_folder()
    assert [p.name for p in folder.iterdir()] == [passed_cache.digest(b"some pack")]
    passed_cache.remember_passed(b"some pack")
    assert len(list(folder.iterdir())) == 1
    assert passed_cache.has_passed(b"some pack") and not passed_cache.has_passed(b"another pack")
