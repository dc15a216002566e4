"""User files: atomic replacement with a backup, and corrupt files set aside, never lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.model.settings import Settings, Theme, decode_settings, load_settings, save_settings, settings_path
from viewer.model.storage import backup_path, read_user_file, write_atomically


def test_settings_live_in_the_isolated_config_folder(tmp_path: Path) -> None:
    assert settings_path().is_relative_to(tmp_path)


def test_write_keeps_the_previous_contents_as_backup(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert backup_path(target).read_bytes() == b"one"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json", "file.json.bak"]


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme=Theme.DARK, font_scale=1.5), path)
    loaded, message = load_settings(path)
    assert (loaded.theme, loaded.font_scale, message) == (Theme.DARK, 1.5, None)


def test_missing_settings_are_defaults_without_a_message(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == (Settings(), None)


def test_corrupt_settings_are_set_aside_and_the_backup_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme=Theme.DARK), path)
    save_settings(Settings(theme=Theme.LIGHT), path)
    path.write_bytes(b'{"theme": "dark", ')
    loaded, message = load_settings(path)
    assert loaded.theme is Theme.DARK  # the backup's value
    assert message is not None and "settings.json" in message and "restored from settings.json.bak" in message
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"theme": "dark", '


def test_foreign_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "purple"}')
    loaded, message = load_settings(path)
    assert loaded == Settings()
    assert message is not None and message.startswith(str(path)) and "using defaults" in message
    assert not path.exists()  # set aside, not deleted and not overwritten
    assert any(".corrupt-" in p.name for p in tmp_path.iterdir())


def test_font_scale_out_of_range_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"font_scale": 40}')
    loaded, message = load_settings(path)
    assert loaded.font_scale == 1.0 and message is not None and "font_scale" in message


def test_unreadable_user_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "dir.json"
    folder.mkdir()
    found = read_user_file(folder, lambda b: b)
    assert found.value is None and found.message is not None and str(folder) in found.message


# ---- a writer killed mid-save --------------------------------------------------------
# The child saves new settings with os.replace / os.fsync / the temporary file's write
# wrapped so that, at the chosen point, it says where it is and blocks; the test then
# kills it (SIGKILL on POSIX) and reads what a restarted app would find.

_KILLED_WRITER = r"""
import os, sys
from pathlib import Path
from viewer.model.settings import Settings, save_settings

path, point = Path(sys.argv[1]), sys.argv[2]
count = {"replace": 0, "fsync": 0}
real_replace, real_fsync, real_fdopen = os.replace, os.fsync, os.fdopen

def stop(where):
    print(where, flush=True)
    sys.stdin.read()  # blocks until the test kills this process
    raise SystemExit("not killed")

def replace(src, dst):
    count["replace"] += 1
    if point == f"before replace {count['replace']}":
        stop(point)
    real_replace(src, dst)
    if point == f"after replace {count['replace']}":
        stop(point)

def fsync(fd):
    count["fsync"] += 1
    if point == f"before fsync {count['fsync']}":
        stop(point)
    real_fsync(fd)

class HalfWriter:
    def __init__(self, f):
        self.f = f
    def write(self, data):
        self.f.write(data[: len(data) // 2])
        self.f.flush()
        stop(point)
    def __getattr__(self, name):
        return getattr(self.f, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.f.__exit__(*exc)

def fdopen(fd, *args, **kwargs):
    f = real_fdopen(fd, *args, **kwargs)
    return HalfWriter(f) if point == "mid write" else f

os.replace, os.fsync, os.fdopen = replace, fsync, fdopen
save_settings(Settings(font_scale=2.0), path)
print("finished", flush=True)
"""

# Each point of the save, and which font scale the file and its backup must then hold:
# the previous save (1.5) until the one rename that publishes the new file (2.0).
KILL_POINTS = {
    "mid write": (1.5, 1.25),  # the temporary file is half written
    "before fsync 1": (1.5, 1.25),  # written, not yet flushed to disk
    "before replace 1": (1.5, 1.25),  # about to make the old file the backup
    "before replace 2": (1.5, 1.5),  # the backup is the old file; about to publish
    "after replace 2": (2.0, 1.5),  # published, the folder not yet flushed
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_writer_killed_mid_save_loses_nothing(tmp_path: Path, point: str) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(font_scale=1.25), path)
    save_settings(Settings(font_scale=1.5), path)
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), point], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == point
        finally:
            child.kill()
            child.wait(timeout=30)
    assert child.returncode == (-signal.SIGKILL if os.name == "posix" else 1)
    want_file, want_backup = KILL_POINTS[point]
    assert decode_settings(path.read_bytes()).font_scale == want_file
    assert decode_settings(backup_path(path).read_bytes()).font_scale == want_backup
    loaded, message = load_settings(path)
    assert (loaded.font_scale, message) == (want_file, None)
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    # The next save works, tidies what the killed writer left once it is stale, and
    # removes nothing it should keep.
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    for leftover in leftovers:
        os.utime(leftover, (0, 0))
    save_settings(Settings(font_scale=1.75), path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json", "settings.json.bak"]
    assert load_settings(path) == (Settings(font_scale=1.75), None)
    assert decode_settings(backup_path(path).read_bytes()).font_scale == want_file


def test_the_writer_finishes_when_not_killed(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    result = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(path), "nowhere"], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "finished", result.stderr
    assert load_settings(path) == (Settings(font_scale=2.0), None)


def test_a_corrupt_file_set_aside_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"theme": "dark"')  # truncated, no backup
    loaded, message = load_settings(path)
    assert loaded == Settings() and message is not None
    [aside] = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert message == f"{path}: not valid JSON (Input data was truncated); kept as {aside.name}; using defaults"
    for scale in (1.25, 1.5):
        save_settings(Settings(font_scale=scale), path)
    # A second corrupt file gets its own name: the first is kept as it was.
    path.write_bytes(b"\xff\xfe")
    load_settings(path)
    assert aside.read_bytes() == b'{"theme": "dark"'
    assert len([p for p in tmp_path.iterdir() if ".corrupt-" in p.name]) == 2


def test_the_window_start_up_reads_settings_and_reports_a_file_set_aside(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from viewer.qt.shell.application import run_window
    from viewer.qt.shell.window import MainWindow

    settings_path().parent.mkdir(parents=True)
    settings_path().write_bytes(b'{"theme": ')
    seen: list[str] = []

    def exec_(_app: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.waitUntil(lambda: bool(window.statusBar().currentMessage()))
        seen.append(window.statusBar().currentMessage())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert run_window(None, None, None) == 0
    [message] = seen
    assert message.startswith(f"{settings_path()}: not valid JSON") and "kept as settings.json.corrupt-" in message
    # Closing saved the window's frame into a fresh file; the corrupt one was kept aside untouched.
    assert load_settings()[1] is None
    assert [p.read_bytes() for p in settings_path().parent.iterdir() if ".corrupt-" in p.name] == [b'{"theme": ']


# ---- where each platform keeps the user's files, and the mode they are made with ----------------


@pytest.mark.parametrize(
    ("platform", "env", "config", "data"),
    [
        ("linux", {"XDG_CONFIG_HOME": "/x/conf", "XDG_DATA_HOME": "/x/data"}, "/x/conf", "/x/data"),
        ("linux", {"XDG_CONFIG_HOME": "", "XDG_DATA_HOME": ""}, "HOME/.config", "HOME/.local/share"),
        ("linux", {}, "HOME/.config", "HOME/.local/share"),  # not set at all
        # A relative XDG folder is ignored, as the XDG base directory specification says.
        ("linux", {"XDG_CONFIG_HOME": "rel/conf", "XDG_DATA_HOME": "rel/data"}, "HOME/.config", "HOME/.local/share"),
        ("darwin", {}, "HOME/Library/Preferences", "HOME/Library/Application Support"),
        ("win32", {"APPDATA": "/x/roaming"}, "/x/roaming", "/x/roaming"),
        ("win32", {"APPDATA": ""}, "HOME/AppData/Roaming", "HOME/AppData/Roaming"),
    ],
)
def test_each_platform_keeps_settings_and_progress_where_its_users_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, env: dict[str, str], config: str, data: str
) -> None:
    from viewer.model import storage

    monkeypatch.setattr(storage.sys, "platform", platform)
    monkeypatch.setattr(storage.Path, "home", staticmethod(lambda: tmp_path))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    home = str(tmp_path)
    assert storage.user_config_dir() == Path(config.replace("HOME", home)) / "plexus-viewer"
    assert storage.user_data_dir() == Path(data.replace("HOME", home)) / "plexus-viewer"


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_the_umask_is_read_with_or_without_proc(monkeypatch: pytest.MonkeyPatch, mask: int) -> None:
    import builtins
    import os

    from viewer.model import storage

    old = os.umask(mask)
    try:
        assert storage.current_umask() == mask
        real_open = builtins.open

        def no_proc(file, *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(file).startswith("/proc/"):
                raise OSError("no /proc here")
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", no_proc)
        assert storage.current_umask() == mask
        assert os.umask(mask) == mask  # and it is left as it was
    finally:
        os.umask(old)


def test_a_versioned_file_is_refused_with_what_is_wrong(tmp_path: Path) -> None:
    from viewer.model.settings import SETTINGS_FORMAT, Settings
    from viewer.model.storage import DecodeError, decode_versioned

    good = f'{{"format": "{SETTINGS_FORMAT}"}}'.encode()
    assert decode_versioned(good, Settings, "settings", SETTINGS_FORMAT).format == SETTINGS_FORMAT
    cases = {
        b'{"format": "someone-else/1"}': "format 'someone-else/1' is not " + repr(SETTINGS_FORMAT),
        b"{not json": "not valid JSON (JSON is malformed: object keys must be strings (byte 1))",
        b'{"format": 3}': "not a settings file this version can read (Expected `str`, got `int` - at `$.format`)",
        b'{"format": "\\ud800"}': "the escape \\ud800 is half of a UTF-16 pair (a lone surrogate), not a character",
    }
    for data, reason in cases.items():
        with pytest.raises(DecodeError) as caught:
            decode_versioned(data, Settings, "settings", SETTINGS_FORMAT)
        assert str(caught.value) == reason, data


def test_files_set_aside_in_the_same_second_are_numbered_and_stamped_with_the_time(tmp_path: Path) -> None:
    import re
    import time

    from viewer.model.storage import set_aside

    path = tmp_path / "progress.json"
    kept = []
    for n in range(3):
        path.write_bytes(b"broken %d" % n)
        before = time.strftime("%Y%m%d")
        kept.append(set_aside(path))
        assert not path.exists()
    stamp = re.fullmatch(r"progress\.json\.corrupt-(\d{8})-(\d{6})", kept[0].name)
    assert stamp is not None and stamp.group(1) == before, kept[0].name
    assert 0 <= int(stamp.group(2)[:2]) < 24 and 0 <= int(stamp.group(2)[2:4]) < 60
    # Later ones in the same second get -2, -3 (or a later second's stamp); none overwrites another.
    assert len({p.name for p in kept}) == 3
    assert [p.read_bytes() for p in kept] == [b"broken 0", b"broken 1", b"broken 2"]
    for p in kept[1:]:
        assert re.fullmatch(r"progress\.json\.corrupt-\d{8}-\d{6}(-[23])?", p.name), p.name
