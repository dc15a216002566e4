#!/usr/bin/env python3
"""Set up and run Plexus Viewer from a checkout with nothing but python3.

    python3 dev.py run [ARGS…]    # the app (any plexus-viewer arguments pass through)
    python3 dev.py test [ARGS…]   # the test suite (arguments pass to pytest)

The first call makes a virtual environment in .venv and installs the project with its
test dependencies into it; later calls reinstall only when pyproject.toml changes.
Nothing else is installed and nothing needs root: the packaging tests run the desktop
entry and AppStream validators where they are installed and are skipped where they are
not (`.ci/run` installs them and makes those tests required).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    python = _python()
    if not python.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != _wanted_stamp():
        print("Installing Plexus Viewer and its dependencies into .venv …", flush=True)
        quiet = ["-q"] if os.environ.get("CI") else []
        subprocess.run([str(python), "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", *quiet, "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(_wanted_stamp())
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    try:
        python = ensure_environment()
    except subprocess.CalledProcessError as exc:
        print(f"dev.py: installing failed (exit {exc.returncode}); see the messages above.", file=sys.stderr)
        return 1
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(python), "-m", "viewer", *rest], cwd=ROOT)
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
