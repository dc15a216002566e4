"""What keeps the viewer quick must not change what it shows; the bench runs and reports."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from viewer.model.pack import Pack


def render(scene, size: tuple[int, int] = (960, 540)) -> QImage:  # type: ignore[no-untyped-def]
    from viewer.qt.export import render_image

    return render_image(scene, size)


def test_a_restyled_scene_draws_exactly_what_a_fresh_one_draws(qtbot, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    """Overlay items are reused between clicks; the picture must not depend on the history."""
    from viewer.qt.geometry import GeometryIndex
    from viewer.qt.safe_svg import svg_renderer
    from viewer.qt.scene import SchematicScene
    from viewer.qt.selection import SelectionModel

    selection = SelectionModel(pack)
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


def test_bench_quick_prints_every_row(pack) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "viewer", "bench", "--quick"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in (
        "start → first painted window",
        "CPU time to first paint",
        "click-to-highlight vs repaint, 1920×1080",
        "click-to-highlight vs repaint, 3840×2160",
        "peak memory (max RSS)",
        f"tracing, each of {len(pack.structures)} structures",
    ):
        line = next((line for line in out.splitlines() if line.strip().startswith(row)), None)
        assert line is not None, f"{row!r} missing from:\n{out}"
        if "tracing" not in row and "CPU" not in row:
            assert line.rstrip().endswith(("PASS", "MISS")), line
    assert "Traceback" not in result.stderr
