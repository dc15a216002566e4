"""An unexpected error, reported in one line, with the details kept in a log file.

A bug must not end in a traceback over the user's terminal, nor in the status that means
"this pack is invalid": the command line and the window both say what went wrong in one
line, name the log file that holds the traceback, and exit with their own status.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from viewer import __version__
from viewer.model.text import printable

#: Longest part of an error's own text shown in the one line (the log holds all of it).
MAX_SHOWN = 300


def log_dir() -> Path:
    """Where crash logs go: $XDG_STATE_HOME/plexus-viewer (~/.local/state), elsewhere the data folder."""
    if sys.platform.startswith("linux"):
        value = os.environ.get("XDG_STATE_HOME", "")
        base = Path(value) if os.path.isabs(value) else Path.home() / ".local" / "state"
        return base / "plexus-viewer"
    from viewer.model.storage import user_data_dir

    return user_data_dir()


def write_log(exc: BaseException) -> Path | None:
    """Write `exc`'s traceback to a new log file and return its path (None if nothing could be written)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = f"plexus-viewer {__version__}, {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n{' '.join(sys.argv)}\n\n"
    text += "".join(traceback.format_exception(exc))
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return path
        except OSError:
            continue
    return None


def internal_error_line(exc: BaseException, log: Path | None) -> str:
    """The one line that reports `exc`: what it was, and where its details are."""
    what = str(exc)
    if len(what) > MAX_SHOWN:
        what = what[: MAX_SHOWN - 1] + "…"
    where = f"the details are in {log}" if log else "no log file could be written"
    return printable(f"plexus-viewer: internal error: {type(exc).__name__}{': ' + what if what else ''}; {where}")
