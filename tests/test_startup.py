"""Starting the window: --help and --version, a pack from the command line, and clear failures instead of silent exits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from viewer import __version__
from viewer.assets import default_data_path, default_svg_path


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=60, env=base | env)


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"plexus-viewer {__version__}"
    helped = run("--help")
    assert helped.returncode == 0
    for words in ("segment by segment", "examples:", "export --select L4 -o l4.pdf", "Exit status"):
        assert words in helped.stdout
    export_help = run("export", "--help").stdout
    assert ".png, .svg or .pdf" in export_help and "--theme" in export_help


def test_no_display_is_one_clear_line_not_a_crash() -> None:
    result = run()
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        "plexus-viewer: the window cannot start: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "the commands (see --help) work without one"
    ]


def test_a_platform_plugin_that_cannot_load_is_explained() -> None:
    result = run(QT_QPA_PLATFORM="no-such-platform")
    assert result.returncode == 3
    assert "plexus-viewer: the window cannot start:" in result.stderr
    assert "Traceback" not in result.stderr and "core dumped" not in result.stderr


def test_a_failure_while_opening_the_window_is_reported(qtbot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import viewer.qt.shell.window as window_module
    from viewer.qt.shell import application as app

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app, "show_error", lambda title, text, detail="": shown.append((title, text)))

    class Broken:
        def __init__(self, _pack: object) -> None:
            raise RuntimeError("the renderer refused the drawing")

    monkeypatch.setattr(window_module, "MainWindow", Broken)
    assert app.run_window(None, None, None) == app.EXIT_NO_WINDOW
    assert shown == [("The window could not be opened.", "RuntimeError: the renderer refused the drawing")]
    assert "RuntimeError" in capsys.readouterr().err


def test_a_pack_given_on_the_command_line_opens_in_the_window(qtbot, tmp_path: Path) -> None:
    from viewer.qt.shell.application import run_window
    from viewer.qt.shell.window import MainWindow

    data, svg = tmp_path / "mine.json", tmp_path / "mine.svg"
    raw = json.loads(default_data_path().read_text(encoding="utf-8"))
    raw["title"] = "My own pack"
    data.write_text(json.dumps(raw), encoding="utf-8")
    shutil.copy(default_svg_path(), svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), tmp_path / "mine-skin.svg")
    opened: list[tuple[str, Path, Path, str | None]] = []

    def look_and_close() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                opened.append((w.windowTitle(), w.pack.data_path, w.pack.svg_path, w.selection.current))
                w.close()

    QTimer.singleShot(0, look_and_close)
    assert run_window("peroneus longus", data, svg) == 0
    assert opened == [("My own pack — Plexus Viewer", data, svg, "fibularis_longus")]


def test_an_invalid_pack_on_the_command_line_exits_1_with_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    result = run("--data", str(bad), "--svg", str(default_svg_path()), QT_QPA_PLATFORM="offscreen", PLEXUS_VIEWER_NO_DIALOGS="1")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:")
    assert "Traceback" not in result.stderr
