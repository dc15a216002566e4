"""What keeps the viewer quick must not change what it shows; the bench runs and reports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from viewer.model.pack import Pack


def render(scene, size: tuple[int, int] = (960, 540)) -> QImage:  # type: ignore[no-untyped-def]
    from viewer.qt.output.export import render_image

    return render_image(scene, size)


def test_a_restyled_scene_draws_exactly_what_a_fresh_one_draws(qtbot, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    """Overlay items are reused between clicks; the picture must not depend on the history."""
    from viewer.qt.canvas.geometry import GeometryIndex
    from viewer.qt.canvas.safe_svg import svg_renderer
    from viewer.qt.canvas.scene import SchematicScene
    from viewer.session.selection import Selection

    selection = Selection(pack)
    geometry = GeometryIndex(pack)

    def fresh(structure_id: str) -> QImage:
        scene = SchematicScene(pack, svg_renderer(pack))
        scene.set_geometry(geometry)
        scene.show_trace(selection.trace_of(structure_id))
        return render(scene)

    reused = SchematicScene(pack, svg_renderer(pack))
    reused.set_geometry(geometry)
    history = ["l4", "gluteus_medius", "sciatic_nerve", "l4", "femoral_nerve", "gluteus_medius"]
    for sid in history:
        reused.show_trace(selection.trace_of(sid))
    assert render(reused) == fresh("gluteus_medius")
    reused.show_trace(None)
    plain = SchematicScene(pack, svg_renderer(pack))
    assert render(reused) == render(plain)


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "viewer", "bench", "--quick", *args], capture_output=True, text=True, timeout=300, env=env)


def test_bench_quick_prints_every_row(pack) -> None:  # type: ignore[no-untyped-def]
    result = _bench()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    rows = [
        "start → first painted window",
        "CPU time to first paint",
        "first start, nothing in the cache",
        "peak memory (max RSS)",
        f"tracing, each of {len(pack.structures)} structures",
    ]
    for size in ("1920×1080", "3840×2160"):
        rows += [
            f"click in the window vs its repaint, {size}",
            f"still repaint of the canvas, {size}",
            f"zoom step (a wheel notch), {size}",
            f"pan step (a drag's move), {size}",
        ]
    rows.append("×3")  # the generated pack three times the size, against ×1 and the 2× target
    for row in rows:
        line = next((line for line in out.splitlines() if line.strip().startswith(row)), None)
        assert line is not None, f"{row!r} missing from:\n{out}"
        if not any(word in row for word in ("tracing", "CPU", "still", "first start")):
            assert line.rstrip().endswith(("PASS", "MISS")), line
    assert "Traceback" not in result.stderr


def _bench_json() -> dict:  # type: ignore[type-arg]
    import json

    result = _bench("--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def quick_report() -> dict:  # type: ignore[type-arg]
    return _bench_json()


def test_bench_json_is_one_object_with_every_figure(quick_report) -> None:  # type: ignore[no-untyped-def]
    report = quick_report
    startup_keys = {"viewer_ms", "floor_ms", "ratio", "cpu_ms", "floor_cpu_ms", "cpu_ratio", "first_start_ms", "first_start_ratio"}
    assert startup_keys | {"svg_only_ms", "svg_only_ratio"} <= set(report["startup"])
    # The first start checks every file of the pack; later starts read what it found.
    assert report["startup"]["first_start_ms"] > 0
    assert set(report["memory"]) == {"viewer_mib", "floor_mib", "ratio", "svg_only_mib", "svg_only_ratio"}
    # The reference: a window that draws the SVG and nothing else, the least any QtSvg viewer pays.
    assert report["memory"]["floor_mib"] < report["memory"]["svg_only_mib"] < report["memory"]["viewer_mib"]
    for size in ("1920x1080", "3840x2160"):
        assert {"viewer_ms", "floor_ms", "ratio", "cpu_ms", "floor_cpu_ms", "cpu_ratio"} <= set(report["click"][size])
        assert {"zoom_ms", "zoom_max_ms", "pan_ms", "pan_max_ms", "still_ms"} <= set(report["frames"][size])
    assert report["trace_us"] > 0
    # A quick run measures the generated packs ×1 and ×3 (a full run adds ×10).
    assert [row["factor"] for row in report["scale"]] == [1, 3]
    for row in report["scale"]:
        assert {"factor", "structures", "start_ms", "click_ms", "rss_mib", "trace_us"} <= set(row)
        assert row["start_ms"] > 0 and row["click_ms"] > 0 and row["rss_mib"] > 0 and row["trace_us"] > 0
        assert row["hits"] == row["clicks"] > 0  # every click lit the structure aimed at
    assert report["scale"][1]["structures"] == 3 * report["scale"][0]["structures"]


#: The regression guard's ceilings: 1.5× each ratio's target, or 1.5× the level last recorded in
#: docs/performance.md while that level still misses its target (start-up's CPU time, 2.2×;
#: the click's, 3.6× at 1920×1080 in a quick run, where every structure clicked draws its
#: overlay for the first time). CPU-time ratios, which a loaded machine disturbs far less than
#: wall-clock ones; peak memory is not disturbed by load at all.
CEILINGS = {"startup": 1.5 * 2.2, "memory": 1.5 * 1.3, "click": 1.5 * 3.6}


def _ratios(report: dict) -> dict[str, float]:  # type: ignore[type-arg]
    ratios = {"startup": report["startup"]["cpu_ratio"], "memory": report["memory"]["ratio"]}
    ratios |= {f"click {size}": figures["cpu_ratio"] for size, figures in report["click"].items()}
    return ratios


def test_no_ratio_regresses_past_its_ceiling(quick_report) -> None:  # type: ignore[no-untyped-def]
    """A real regression fails; a busy machine does not: the best of up to three quick runs counts."""
    best = _ratios(quick_report)

    def over() -> dict[str, float]:
        return {name: ratio for name, ratio in best.items() if ratio > CEILINGS[name.split()[0]]}

    for _ in range(2):
        if not over():
            break
        best = {name: min(ratio, again) for (name, ratio), again in zip(best.items(), _ratios(_bench_json()).values(), strict=True)}
    assert not over(), f"worse than the ceiling {CEILINGS} in the best of three runs: {best}"


def test_the_first_frame_waits_for_none_of_the_modes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The clinical, study and skin-map code loads when first used, not before the window first paints;
    nor do the dialogs' and the style's Qt classes."""
    code = r"""
import sys, json
import viewer.qt.shell.window as W
def painted(self):
    loaded = [m for m in ("viewer.qt.modes.lesion", "viewer.qt.modes.localise", "viewer.qt.modes.study", "viewer.qt.skin.skin_map",
                          "viewer.qt.modes.hall_painter", "viewer.qt.modes.presentation_framing", "viewer.qt.shell.dialogs",
                          "viewer.model.lesion", "viewer.model.study", "svgelements") if m in sys.modules]
    built = [n for n in ("lesion_mode", "localise_mode", "study", "skin_dock", "dialogs") if self.built(n) is not None]
    # PySide6 builds a class (and its enumerations) when first met: a widget made in C++ meets
    # every widget class, the application's style all of QStyle's.
    import PySide6.QtWidgets as widgets
    types = [t for t in ("QMessageBox", "QFileDialog", "QWizard", "QStyle") if t in vars(widgets)]
    print(json.dumps({"loaded": loaded, "built": built, "types": types}))
    from PySide6.QtWidgets import QApplication
    QApplication.instance().quit()
W.MainWindow._after_first_paint = painted
from viewer.cli import main
sys.exit(main([]))
"""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"QT_QPA_PLATFORM": "offscreen", "PLEXUS_VIEWER_NO_DIALOGS": "1"}
    env |= {"XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"loaded": [], "built": [], "types": []}


def test_the_modes_are_there_when_first_used(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Built on first use, the modes still keep to one at a time."""
    window.trigger("lesion_mode")
    qtbot.waitUntil(lambda: window.lesion_mode.active)
    window.trigger("localise")
    qtbot.waitUntil(lambda: window.localise_mode.active)
    assert not window.lesion_mode.active and window.session.modes.active == "localise"
    window.trigger("lesion_mode")
    qtbot.waitUntil(lambda: window.lesion_mode.active)
    assert not window.localise_mode.active
