#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller and smoke-test it.

    python3 packaging/build.py [--skip-install]

Uses the project's .venv (made by `python3 dev.py setup`), installs PyInstaller into it,
builds dist/plexus-viewer/ from packaging/plexus-viewer.spec, then runs the frozen app:
`--version` must print the version, `export --select L4` must write a PNG with L4 lit,
and `export` must write an SVG. Prints the build time, the folder's size and the smoke
results; exits non-zero if any step fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYINSTALLER = "pyinstaller>=6.10,<7"
DIST = ROOT / "dist" / "plexus-viewer"


def _venv_python() -> Path:
    subprocess.run([sys.executable, str(ROOT / "dev.py"), "setup"], check=True)
    return ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def smoke(executable: Path) -> list[str]:
    """Run the frozen app as a user would; return one line per failure."""
    sys.path.insert(0, str(ROOT))
    from viewer import __version__

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    failures: list[str] = []
    out = subprocess.run([str(executable), "--version"], capture_output=True, text=True, env=env, timeout=60)
    print(f"  --version: exit {out.returncode}, {out.stdout.strip()!r}")
    if out.returncode != 0 or out.stdout.strip() != f"plexus-viewer {__version__}":
        failures.append(f"--version printed {out.stdout!r} {out.stderr!r}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("l4.png", "l4.svg", "l4.pdf"):
            target = Path(tmp) / name
            started = time.perf_counter()
            run = subprocess.run(
                [str(executable), "export", "--select", "L4", "-o", str(target)], capture_output=True, text=True, env=env, timeout=120
            )
            took = time.perf_counter() - started
            size = target.stat().st_size if target.exists() else 0
            print(f"  export {name}: exit {run.returncode} in {took:.1f} s, {size} bytes; {run.stdout.strip() or run.stderr.strip()}")
            if run.returncode != 0 or size == 0:
                failures.append(f"export {name} failed: {run.stderr.strip()}")
                continue
            head = target.read_bytes()[:8]
            expected = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}[target.suffix]
            if not head.startswith(expected):
                failures.append(f"export {name} does not start with {expected!r}: {head!r}")
        png = Path(tmp) / "l4.png"
        if png.exists():
            failures += _check_png(png)
    return failures


def _check_png(png: Path) -> list[str]:
    """The exported PNG has the right size and shows the lit L4 colour somewhere."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    from viewer.palette import segment_style

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(str(png))
    if (image.width(), image.height()) != (1920, 1080):
        return [f"{png.name} is {image.width()}×{image.height()}, not 1920×1080"]
    want = QColor(segment_style(4)[0])  # L4 is the fifth segment (T12, L1, L2, L3, L4)
    hits = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if _close(image.pixelColor(x, y), want))
    print(f"  {png.name}: 1920×1080, {hits} sampled pixels in L4's colour {want.name()}")
    return [] if hits > 200 else [f"{png.name} shows almost no L4 colour ({hits} pixels)"]


def _close(a: object, b: object) -> bool:
    return all(abs(x - y) < 30 for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    python = _venv_python() if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() else Path(sys.executable)
    if Path(sys.executable) != python:
        # The smoke test reads the PNG with Qt: run the rest inside the project's environment.
        return subprocess.call([str(python), str(Path(__file__).resolve()), *argv])
    if "--skip-install" not in argv:
        subprocess.run([str(python), "-m", "pip", "install", "-q", PYINSTALLER], check=True)
    started = time.perf_counter()
    build = subprocess.run(
        [
            str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "plexus-viewer.spec"),
        ],
        cwd=ROOT,
    )  # fmt: skip
    took = time.perf_counter() - started
    if build.returncode != 0:
        print(f"build failed (exit {build.returncode}) after {took:.0f} s", file=sys.stderr)
        return 1
    executable = DIST / ("plexus-viewer.exe" if os.name == "nt" else "plexus-viewer")
    print(f"built {DIST.relative_to(ROOT)} in {took:.0f} s: {folder_size(DIST) / 2**20:.0f} MiB")
    failures = smoke(executable)
    for line in failures:
        print(f"FAILED: {line}", file=sys.stderr)
    print("smoke test: " + ("passed" if not failures else f"{len(failures)} failure(s)"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
