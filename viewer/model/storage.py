"""User files that survive crashes: atomic writes, one backup, corrupt files set aside.

Every file the app writes for a user (settings, study progress, notes) goes through
`write_atomically`: the new bytes go to a temporary file in the same folder, are flushed
to disk, and then replace the old file in one rename, so a reader sees either the old
file or the new one, never half of either. The file being replaced is kept as
`<name>.bak` first.

Reading goes through `read_user_file`: a file that cannot be decoded is renamed aside to
`<name>.corrupt-<timestamp>` (never overwritten) and the backup is tried; the caller gets
the value and a one-line message saying what happened.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import msgspec

from viewer.model.text import lone_surrogate_escape, lone_surrogate_reason, printable

APP_DIR_NAME = "plexus-viewer"
T = TypeVar("T")


def _base_dir(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    if sys.platform == "darwin":
        return home / "Library" / ("Preferences" if kind == "config" else "Application Support")
    env, fallback = ("XDG_CONFIG_HOME", ".config") if kind == "config" else ("XDG_DATA_HOME", ".local/share")
    value = os.environ.get(env, "")
    return Path(value) if os.path.isabs(value) else home / fallback


def user_config_dir() -> Path:
    """Where settings live: ~/.config/plexus-viewer, %APPDATA%\\plexus-viewer, ~/Library/Preferences/…"""
    return _base_dir("config") / APP_DIR_NAME


def user_data_dir() -> Path:
    """Where study progress and notes live: ~/.local/share/plexus-viewer and the platform equivalents."""
    return _base_dir("data") / APP_DIR_NAME


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; ReplaceFile is durable enough there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process's file-mode creation mask.

    Read from /proc where there is one; elsewhere by setting it and putting it back.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = True, shared: bool = False) -> None:
    """Replace `path` with `data` in one step; the previous contents become `<name>.bak`.

    A crash at any moment leaves `path` holding either its old or its new contents. The
    file is private to the user (0600), as settings and study progress should be, unless
    `shared`: an export is made for others, and gets the mode any new file gets here
    (0666 less the umask).
    """
    import tempfile  # only writing needs it; kept off start-up

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        if shared and os.name != "nt":
            os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if keep_backup and path.exists():
            # A hard link keeps the old contents under the backup name without a copy;
            # the backup itself is replaced atomically.
            fd_b, tmp_b = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".bak.tmp", dir=path.parent)
            os.close(fd_b)
            os.unlink(tmp_b)
            try:
                os.link(path, tmp_b)
            except OSError:
                Path(tmp_b).write_bytes(path.read_bytes())
            os.replace(tmp_b, backup_path(path))
            if os.path.lexists(tmp_b):
                # After a crash between the two renames the backup is a second name of
                # the file itself, and renaming a link onto its twin does nothing.
                os.unlink(tmp_b)
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
    _remove_stale_temporaries(path)


#: A temporary file this old was left by a writer that was killed mid-save.
STALE_SECONDS = 3600


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what writers killed mid-save left beside `path` (never the file or its backup)."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # another writer's, or already gone


@dataclass(frozen=True)
class UserFile(Generic[T]):
    """What reading a user file gave: the value (None if there was none) and what happened."""

    value: T | None
    #: One line for the user when something was wrong (a corrupt file set aside), else None.
    message: str | None = None
    #: Where a corrupt file was moved to, if one was.
    set_aside: Path | None = None


class DecodeError(ValueError):
    """A user file's contents are not what this version can read; the text says where."""


class _Versioned(Protocol):
    @property
    def format(self) -> str: ...


V = TypeVar("V", bound=_Versioned)


def decode_versioned(data: bytes, kind: type[V], what: str, expected_format: str) -> V:
    """Decode a versioned JSON user file into `kind`; DecodeError says what is wrong and where."""
    lone = lone_surrogate_escape(data.decode("utf-8", "replace")) if b"\\u" in data else None
    if lone is not None:
        raise DecodeError(lone_surrogate_reason(data.decode("utf-8", "replace"), lone))
    try:
        value = msgspec.json.decode(data, type=kind)
    except msgspec.ValidationError as exc:
        raise DecodeError(f"not a {what} file this version can read ({exc})") from None
    except msgspec.DecodeError as exc:
        raise DecodeError(f"not valid JSON ({exc})") from None
    if value.format != expected_format:
        raise DecodeError(f"format {value.format!r} is not {expected_format!r}")
    return value


def set_aside(path: Path) -> Path:
    """Rename a corrupt file out of the way (never deleting it) and return its new name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    return target


def read_user_file(path: Path, decode: Callable[[bytes], T]) -> UserFile[T]:
    """Read and decode `path`; a corrupt file is set aside and its backup used instead.

    `decode` raises DecodeError (or ValueError) naming the place when the bytes are bad.
    The message quotes the file (a decoder's reason may hold its bytes), so it comes back
    with control characters escaped.
    """
    found = _read_user_file(path, decode)
    if found.message is None:
        return found
    return UserFile(found.value, printable(found.message), found.set_aside)


def _read_user_file(path: Path, decode: Callable[[bytes], T]) -> UserFile[T]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        return UserFile(None, f"{path}: cannot be read ({exc.strerror or exc}); using defaults")
    problem: str | None = None
    moved: Path | None = None
    if data is not None:
        try:
            return UserFile(decode(data))
        except ValueError as exc:
            moved = set_aside(path)
            problem = f"{path}: {exc}; kept as {moved.name}"
    backup = backup_path(path)
    if backup.exists():
        try:
            value = decode(backup.read_bytes())
        except (OSError, ValueError):
            pass
        else:
            return UserFile(value, f"{problem}; restored from {backup.name}" if problem else None, moved)
    if problem:
        return UserFile(None, f"{problem}; using defaults", moved)
    return UserFile(None)
