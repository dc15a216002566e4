"""User files when something goes wrong: a save that fails part way, a backup that cannot be
linked, what a killed writer left behind, and each message the reader gives, word for word."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from viewer.model import storage
from viewer.model.storage import DecodeError, backup_path, read_user_file, write_atomically


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _decode(data: bytes) -> str:
    text = data.decode("ascii")
    if not text.startswith("ok:"):
        raise DecodeError(f"not a note file (starts {text[:3]!r})")
    return text[3:]


# ---------------------------------------------------------------- writing


def test_a_new_file_is_written_into_folders_made_for_it_with_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "notes.json"
    write_atomically(path, b"ok:one")
    assert path.read_bytes() == b"ok:one"
    assert _names(path.parent) == ["notes.json"]


def test_a_private_file_is_for_the_user_alone_and_a_shared_one_follows_the_umask(tmp_path: Path) -> None:
    private, shared = tmp_path / "progress.json", tmp_path / "export.svg"
    write_atomically(private, b"x")
    write_atomically(shared, b"x", shared=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    if os.name != "nt":
        assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~storage.current_umask()
        old = os.umask(0o027)
        try:
            write_atomically(shared, b"y", shared=True)
        finally:
            os.umask(old)
        assert stat.S_IMODE(shared.stat().st_mode) == 0o640


def test_without_a_backup_the_old_contents_are_simply_replaced(tmp_path: Path) -> None:
    path = tmp_path / "export.svg"
    write_atomically(path, b"one", keep_backup=False)
    write_atomically(path, b"two", keep_backup=False)
    assert path.read_bytes() == b"two"
    assert _names(tmp_path) == ["export.svg"]


def test_where_the_backup_cannot_be_a_hard_link_it_is_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")

    def no_links(src: object, dst: object) -> None:
        raise OSError("links not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write_atomically(path, b"ok:two")
    write_atomically(path, b"ok:three")
    assert (path.read_bytes(), backup_path(path).read_bytes()) == (b"ok:three", b"ok:two")
    assert _names(tmp_path) == ["notes.json", "notes.json.bak"]


def test_a_backup_left_as_a_second_name_of_the_file_by_a_crash_is_tidied(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")
    os.link(path, backup_path(path))  # a crash between the two renames leaves this
    write_atomically(path, b"ok:two")
    assert (path.read_bytes(), backup_path(path).read_bytes()) == (b"ok:two", b"ok:one")
    assert _names(tmp_path) == ["notes.json", "notes.json.bak"]


def test_a_save_that_fails_leaves_the_old_file_and_backup_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")
    write_atomically(path, b"ok:two")
    real_replace = os.replace

    def full_disk(src: str, dst: str) -> None:
        if Path(dst) == path:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, b"ok:three")
    assert path.read_bytes() == b"ok:two"
    assert _names(tmp_path) == ["notes.json", "notes.json.bak"]


def test_a_save_that_fails_before_the_backup_leaves_everything_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")
    write_atomically(path, b"ok:two")

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(OSError, match="Input/output"):
        write_atomically(path, b"ok:three")
    assert (path.read_bytes(), backup_path(path).read_bytes()) == (b"ok:two", b"ok:one")
    assert _names(tmp_path) == ["notes.json", "notes.json.bak"]


def test_the_folder_is_flushed_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name == "nt":
        pytest.skip("Windows cannot flush a folder")
    flushed: list[bool] = []
    real_fsync = os.fsync

    def recording(fd: int) -> None:
        flushed.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording)
    write_atomically(tmp_path / "notes.json", b"ok:one")
    assert flushed == [False, True]  # the data, then the folder that now names it


def test_only_stale_temporaries_of_the_same_file_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    hour = storage.STALE_SECONDS
    old = {".notes.json.abc.tmp": 10 * hour, ".notes.json.def.bak.tmp": hour + 60, ".notes.json.fresh.tmp": hour - 60}
    kept = {".other.json.abc.tmp": 10 * hour, "notes.json.abc.tmp": 10 * hour, ".notes.json.abc.txt": 10 * hour}
    now = time.time()
    for name, age in {**old, **kept}.items():
        (tmp_path / name).write_bytes(b"")
        os.utime(tmp_path / name, (now - age, now - age))
    write_atomically(path, b"ok:one")
    assert _names(tmp_path) == sorted(["notes.json", ".notes.json.fresh.tmp", *kept])


def test_a_temporary_that_vanishes_while_tidying_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.json"
    stale = tmp_path / ".notes.json.abc.tmp"
    stale.write_bytes(b"")
    os.utime(stale, (0, 0))
    real_unlink = Path.unlink

    def raced(self: Path, missing_ok: bool = False) -> None:
        if self == stale:
            real_unlink(self)
            raise FileNotFoundError(2, "No such file or directory")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", raced)
    write_atomically(path, b"ok:one")
    assert _names(tmp_path) == ["notes.json"]


# ---------------------------------------------------------------- reading


def test_a_good_file_is_read_with_no_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")
    assert read_user_file(path, _decode) == storage.UserFile("one")


def test_a_missing_file_gives_its_backup_quietly(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    backup_path(path).write_bytes(b"ok:saved")
    assert read_user_file(path, _decode) == storage.UserFile("saved")


def test_a_missing_file_with_a_bad_or_unreadable_backup_gives_nothing_quietly(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    backup_path(path).write_bytes(b"garbage")
    assert read_user_file(path, _decode) == storage.UserFile(None)
    backup_path(path).unlink()
    backup_path(path).mkdir()
    assert read_user_file(path, _decode) == storage.UserFile(None)


def test_a_corrupt_file_is_set_aside_and_its_backup_restored_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_bytes(b"garbage")
    backup_path(path).write_bytes(b"ok:saved")
    found = read_user_file(path, _decode)
    assert found.set_aside is not None and found.set_aside.read_bytes() == b"garbage"
    assert found == storage.UserFile(
        "saved", f"{path}: not a note file (starts 'gar'); kept as {found.set_aside.name}; restored from notes.json.bak", found.set_aside
    )


def test_a_corrupt_file_whose_backup_is_corrupt_too_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_bytes(b"garbage")
    backup_path(path).write_bytes(b"rubbish")
    found = read_user_file(path, _decode)
    assert found.set_aside is not None
    assert found == storage.UserFile(
        None, f"{path}: not a note file (starts 'gar'); kept as {found.set_aside.name}; using defaults", found.set_aside
    )
    assert backup_path(path).read_bytes() == b"rubbish"  # left for the user to look at


def test_a_file_that_cannot_be_read_is_reported_with_the_systems_reason(tmp_path: Path) -> None:
    folder = tmp_path / "notes.json"
    folder.mkdir()
    found = read_user_file(folder, _decode)
    assert found == storage.UserFile(None, f"{folder}: cannot be read (Is a directory); using defaults")


def test_a_message_quoting_the_file_cannot_steer_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_bytes(b"\x1b[2Jgarbage")
    found = read_user_file(path, _decode)
    assert found.message is not None and "\x1b" not in found.message
    assert found.message.startswith(f"{path}: not a note file (starts '\\x1b[2'")


def test_the_new_bytes_and_the_backup_are_staged_beside_the_file_so_each_rename_stays_on_one_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.json"
    write_atomically(path, b"ok:one")
    staged: list[Path] = []
    real_replace = os.replace

    def recording(src: str, dst: str) -> None:
        staged.append(Path(src).parent)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", recording)
    write_atomically(path, b"ok:two")
    assert staged == [tmp_path, tmp_path]  # the backup, then the file


def test_a_temporary_exactly_an_hour_old_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = time.time()
    monkeypatch.setattr(storage.time, "time", lambda: now)
    kept = tmp_path / ".notes.json.abc.tmp"
    kept.write_bytes(b"")
    os.utime(kept, (now - storage.STALE_SECONDS, now - storage.STALE_SECONDS))
    write_atomically(tmp_path / "notes.json", b"ok:one")
    assert kept.exists()


def test_where_proc_tells_the_umask_it_is_never_changed_even_for_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc here")
    expected = os.umask(0o027)
    os.umask(expected)

    def changing(mask: int) -> int:
        raise AssertionError("the umask was changed to read it")

    monkeypatch.setattr(os, "umask", changing)
    assert storage.current_umask() == expected


def test_a_versioned_file_that_is_not_utf8_and_holds_a_lone_surrogate_is_refused_for_the_surrogate() -> None:
    from viewer.model.settings import SETTINGS_FORMAT, Settings

    data = b'{"format": "\\ud800", "note": "\xff"}'
    with pytest.raises(DecodeError) as caught:
        storage.decode_versioned(data, Settings, "settings", SETTINGS_FORMAT)
    assert str(caught.value) == "the escape \\ud800 is half of a UTF-16 pair (a lone surrogate), not a character"
