"""Killing the app in the middle of saving progress loses nothing that was saved before.

A child process saves a large progress file through the app's own code several times,
then saves once more with a hook that stops it at an exact point of the write and says
so on stdout; the test kills it there with SIGKILL (TerminateProcess on Windows) and
reads the progress back. The hook makes the kill land where intended every time: it
blocks the child at that point instead of relying on timing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from viewer.model.review import ProgressStore, encode_progress, load_progress

CHILD = r"""
import os, sys, time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from viewer.model import review, storage

path, point, saves = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
# A large history: 20,000 answered items (several megabytes), so a write takes real time.
big = review.Progress(items={f"identify:item{i:05d}": review.schedule(None, i % 3 != 0, t0) for i in range(20000)})
review.save_progress(big, path)
store = review.ProgressStore(path, clock=lambda: t0 + timedelta(hours=1))
for n in range(saves):
    store.record(f"name:saved{n}", True)
    print(f"saved name:saved{n}", flush=True)

def stop(message):
    print(message, flush=True)
    time.sleep(600)  # the parent kills us here

real_fdopen, real_replace = os.fdopen, os.replace

class HalfWriter:
    # Writes the first half of the data to the temporary file, then stops.
    def __init__(self, f):
        self.f = f
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.f.__exit__(*exc)
    def write(self, data):
        self.f.write(data[: len(data) // 2])
        self.f.flush()
        os.fsync(self.f.fileno())
        stop(f"writing {len(data)}")
    def __getattr__(self, name):
        return getattr(self.f, name)

def fdopen(fd, mode="r", *args, **kwargs):
    f = real_fdopen(fd, mode, *args, **kwargs)
    return HalfWriter(f) if point == "mid-write" and "w" in mode else f

def replace(src, dst, *args, **kwargs):
    if Path(dst) == path and point == "before-replace":
        stop("replacing")  # the backup is made and the new file is complete, not yet in place
    real_replace(src, dst, *args, **kwargs)
    if Path(dst) == path and point == "after-replace":
        stop("replaced")

os.fdopen, os.replace = fdopen, replace
store.record("name:killed", True)
print("finished", flush=True)
"""


def run_and_kill(path: Path, point: str, saves: int) -> tuple[list[str], str]:
    """Run the saving child until it reports the kill point, kill it, return what it said before."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), point, str(saves)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    said: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.strip()
            if line.startswith("saved "):
                said.append(line.removeprefix("saved "))
                continue
            proc.kill()  # SIGKILL: no handler, no flush, no cleanup runs in the child
            proc.wait(timeout=30)
            return said, line
        raise AssertionError(f"the child ended without reaching {point}: {proc.stderr.read() if proc.stderr else ''}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


@pytest.mark.parametrize(("point", "signal_line"), [("mid-write", "writing"), ("before-replace", "replacing")])
def test_a_kill_during_a_save_keeps_the_earlier_progress(tmp_path: Path, point: str, signal_line: str) -> None:
    path = tmp_path / "progress.json"
    saved, line = run_and_kill(path, point, saves=3)
    assert line.startswith(signal_line)
    assert saved == ["name:saved0", "name:saved1", "name:saved2"]

    loaded = load_progress(path)
    assert loaded.message is None  # the file is whole: nothing to set aside
    items = loaded.progress.items
    assert len(items) == 20003
    assert all(item in items for item in saved)
    assert "name:killed" not in items
    assert path.read_bytes() == encode_progress(loaded.progress)

    # The interrupted write left a hidden temporary file; it is never read as progress.
    litter = [p for p in tmp_path.iterdir() if p.name.startswith(".progress.json.") and p.name.endswith(".tmp")]
    assert litter, "the kill should have landed inside the write"
    if point == "mid-write":
        full = int(line.split()[1])
        assert 0 < litter[0].stat().st_size < full  # really cut off mid-write
    # The app carries on from the saved progress.
    store = ProgressStore(path)
    store.record("name:after", True)
    assert set(load_progress(path).progress.items) == set(items) | {"name:after"}


def test_a_kill_just_after_the_replace_keeps_the_new_progress(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    saved, line = run_and_kill(path, "after-replace", saves=2)
    assert saved == ["name:saved0", "name:saved1"]
    assert line == "replaced"
    loaded = load_progress(path)
    assert loaded.message is None
    assert {"name:saved0", "name:saved1", "name:killed"} <= set(loaded.progress.items)
    backup = load_progress(path.with_name("progress.json.bak")).progress.items
    assert "name:saved1" in backup and "name:killed" not in backup
