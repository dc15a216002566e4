#!/usr/bin/env python3
"""Set up and run Plexus Viewer from a checkout with nothing but python3.

    python3 dev.py run [ARGS…]    # the app (any plexus-viewer arguments pass through)
    python3 dev.py test [ARGS…]   # the test suite (arguments pass to pytest)

The first call makes a virtual environment in .venv and installs the project with its
test dependencies into it; later calls reinstall only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
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
    ensure_validators()
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


#: The packaging tests run the desktop-entry and AppStream validators (Debian packages).
VALIDATORS = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}


def ensure_validators() -> None:
    """Install the validators the packaging tests run, where apt-get can (Debian, Ubuntu)."""
    missing = sorted({package for tool, package in VALIDATORS.items() if shutil.which(tool) is None})
    if not missing or not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"] if shutil.which("sudo") else None
    if sudo is None:
        print(f"dev.py: the packaging tests need {' '.join(missing)}; install them with apt-get", file=sys.stderr)
        return
    print(f"Installing {' '.join(missing)} for the packaging tests …", flush=True)
    quiet = {"stdout": subprocess.DEVNULL} if os.environ.get("CI") else {}
    subprocess.run([*sudo, "apt-get", "update", "-q"], check=False, **quiet)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", *missing], check=False, **quiet)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
