"""The app read through AT-SPI, the way Orca reads it: texts exposed, announcements heard, a study session by keyboard.

Needs Xvfb, the session bus (dbus), the AT-SPI bus (at-spi2-core) and python3-pyatspi for
the system Python. Anywhere else the test is skipped when they are missing; .ci/run installs
them and sets PLEXUS_REQUIRE_ATSPI=1, which makes a missing one a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

#: Set by .ci/run, which installs the AT-SPI stack: there a missing piece fails, elsewhere it skips.
REQUIRE = "PLEXUS_REQUIRE_ATSPI"
PACKAGES = "xvfb dbus at-spi2-core python3-pyatspi libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0"
HERE = Path(__file__).parent / "atspi"


def missing() -> list[str]:
    gone = [tool for tool in ("Xvfb", "dbus-run-session") if shutil.which(tool) is None]
    if not any(Path(p).exists() for p in ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")):
        gone.append("at-spi-bus-launcher")
    if (
        not Path("/usr/bin/python3").exists()
        or subprocess.run(["/usr/bin/python3", "-c", "import pyatspi"], capture_output=True).returncode
    ):
        gone.append("pyatspi")
    return gone


@pytest.fixture
def x_server():  # type: ignore[no-untyped-def]
    gone = missing()
    if gone:
        message = f"{', '.join(gone)} missing (apt-get install {PACKAGES})"
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{message}; {REQUIRE}=1 requires the AT-SPI test (.ci/run installs them)")
        pytest.skip(f"{message}; .ci/run installs them and requires this test")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"], pass_fds=(write,))
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    try:
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(10)


def test_a_screen_reader_hears_the_texts_the_selection_and_a_study_session(x_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "DISPLAY": x_server,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        "PYTHONPATH": str(Path(__file__).parent.parent),
    }
    texts = tmp_path / "texts.json"
    command = ["dbus-run-session", "--", "/usr/bin/python3", str(HERE / "reader.py"), str(texts), "--"]
    command += [sys.executable, str(HERE / "app.py"), str(texts)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.stdout.strip().splitlines()[-1:] == ["ok"], done.stdout + done.stderr[-3000:]
