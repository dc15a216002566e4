"""`plexus-viewer bench`: the viewer measured against the floor PySide6 itself sets.

One run prints:

- start → first painted window, against a bare PySide6 window holding one label; each
  measured in fresh processes, several times, the median kept;
- a click in the real window (docks open; hit test, trace, every view updated, painted)
  against one repaint of that window, at 1920×1080 and 3840×2160;
- zoom steps (wheel notches) and pan steps (a drag's moves) in that window, each from the
  input event to its frame painted, median and worst, against one frame at 60 Hz, beside
  one still repaint of the canvas;
- peak memory (the process's maximum resident set) against the bare window;
- tracing time per query, over every structure of the pack.

The targets: start-up and memory each at most 1.3× their floor, the click at most 1.5×; a
zoom or pan step within a frame. Start-up is
measured from process spawn (wall clock, and CPU time, which a busy machine disturbs
less); memory is the peak over the whole start, including the work deferred past the
first frame (the hit-test geometry). For reference the table also shows a window that
draws the same schematic with QtSvg and does nothing else: the part of the gap that any
QtSvg viewer pays. Bytecode is cached for the child processes (in a private folder), as
it is in every install; so are the checked pack's files (the user's cache folder, private
to the run), as after any first start; a first start, with that folder empty, is shown
beside them.

`--quick` runs each measurement once: a smoke test of the bench, not a measurement.
`--json` prints one object instead of the table (startup, memory, click and frames per size,
trace_us).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Each ratio's target: start-up and peak memory within 1.3× the bare window's, a click in the
#: real window within 1.5× one repaint of that window.
TARGETS = {"startup": 1.3, "memory": 1.3, "click": 1.5}
#: One frame at 60 Hz: a zoom or pan step must be painted within it.
FRAME_MS = 1000 / 60
SIZES = ((1920, 1080), (3840, 2160))
#: Packs generated N times the size of the bundled one (`tools/scale_pack.py`): start-up, a
#: click and peak memory each within 2× the bundled pack's (factor 1) at 10×.
SCALE_FACTORS = (1, 3, 10)
QUICK_SCALE_FACTORS = (1, 3)
SCALE_TARGET = 2.0
SCALE_SEED = 1
SCALE_SIZE = (1920, 1080)

#: A bare PySide6 window with one label, sized like the viewer's window: the floor.
_BARE_CHILD = r"""
import time, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

class Label(QLabel):
    painted = None
    def paintEvent(self, event):
        super().paintEvent(event)
        if Label.painted is None:
            Label.painted = time.time_ns()
            Label.cpu = time.process_time()
            QTimer.singleShot(0, done)

def done():
    print(json.dumps({"first_paint": Label.painted, "cpu": Label.cpu, "rss_kib": _rss()}), flush=True)
    app.quit()

def _rss():
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss

app = QApplication(sys.argv[:1])
label = Label("Plexus Viewer")
screen = label.screen().availableGeometry()
label.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))
label.show()
app.exec()
"""

#: For reference, not a target: the least any QtSvg viewer pays — a main window whose
#: graphics view draws the same (checked) schematic with QtSvg, nothing else.
_SVG_CHILD = r"""
import time, json, sys
from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QMainWindow

class View(QGraphicsView):
    painted = None
    def paintEvent(self, event):
        super().paintEvent(event)
        if View.painted is None:
            View.painted = (time.time_ns(), time.process_time())
            QTimer.singleShot(0, app.quit)

class Scene(QGraphicsScene):
    def drawBackground(self, painter, rect):
        painter.fillRect(rect, Qt.GlobalColor.white)
        renderer.render(painter, self.sceneRect())

app = QApplication(sys.argv[:1])
with open(sys.argv[1], "rb") as f:
    renderer = QSvgRenderer(QByteArray(f.read()))
scene = Scene()
scene.setSceneRect(renderer.viewBoxF())
window = QMainWindow()
view = View(scene)
window.setCentralWidget(view)
screen = window.screen().availableGeometry()
window.resize(min(1600, int(screen.width() * 0.92)), min(1000, int(screen.height() * 0.9)))
window.show()
view.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
app.exec()
try:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss = rss // 1024 if sys.platform == "darwin" else rss
except ImportError:
    rss = None
print(json.dumps({"first_paint": View.painted[0], "cpu": View.painted[1], "rss_kib": rss}), flush=True)
"""

#: The viewer started through its real entry point; reports its first paint, then waits
#: for the deferred work after it (the hit-test geometry) before reporting memory.
_APP_CHILD = r"""
import time, json, sys

def _rss():
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss

def patch(W):
    _first = W.MainWindow._after_first_paint

    def hooked(self):
        painted = time.time_ns()
        cpu = time.process_time()
        _first(self)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        def wait():
            if self.scene.geometry is None:
                QTimer.singleShot(2, wait)
                return
            print(json.dumps({"first_paint": painted, "cpu": cpu, "ready": time.time_ns(), "rss_kib": _rss()}), flush=True)
            QApplication.instance().quit()
        QTimer.singleShot(0, wait)

    W.MainWindow._after_first_paint = hooked

class WindowHook:
    # Patches the window class as its module loads, so the app imports in its own order.
    def find_spec(self, name, path, target=None):
        if name != "viewer.qt.shell.window":
            return None
        sys.meta_path.remove(self)
        import importlib.util
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            patch(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, WindowHook())
from viewer.cli import main
sys.exit(main(sys.argv[1:]))
"""

#: The real window (docks open) at each size: a click, zoom steps and a drag, each timed from
#: the input event to its frame painted, beside one still repaint of the canvas and one
#: repaint of the whole window. Wall clock, and CPU time (which other load disturbs less).
_WINDOW_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from viewer.model.loader import load_pack
from viewer.qt.qapp import ensure_application

data, svg, count, steps = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
sizes = json.loads(sys.argv[5])
app = ensure_application(offscreen=True)
from viewer.qt.canvas.safe_svg import svg_renderer
from viewer.qt.shell.window import MainWindow
from viewer.qt.canvas.zoom_view import ZoomView

# The canvas's own paint, timed inside its paint event: what a click costs the drawing alone.
canvas_paint = [0.0]
_paint = ZoomView.paintEvent


def _timed_paint(self, event):
    t = time.perf_counter()
    _paint(self, event)
    canvas_paint[0] += (time.perf_counter() - t) * 1e3


ZoomView.paintEvent = _timed_paint

pack = load_pack(data, svg)
drawn = svg_renderer(pack)
# Only what the schematic draws can be clicked (the skin map's dermatomes are not on it).
ids = [i for i in pack.structures if drawn.elementExists(i)]
sample = ids[:: max(1, len(ids) // count)][:count]
from viewer.model.tracing import trace
widest = max(ids, key=lambda i: len(trace(pack, i).strands))


class Paints(QObject):
    # Counts the canvas's paints: every timed step must end with its frame painted.
    n = 0

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            Paints.n += 1
        return False


def timed(send, wall, cpu):
    # From the input event to its frame painted: the event, then the event loop's turn, which
    # runs what the views deferred and paints every widget they marked.
    before = Paints.n
    c0, t0 = time.process_time(), time.perf_counter()
    send()
    app.processEvents()
    if Paints.n == before:
        canvas.viewport().repaint()
    wall.append((time.perf_counter() - t0) * 1e3)
    cpu.append((time.process_time() - c0) * 1e3)


def wheel(pos, notches):
    vp = canvas.viewport()
    event = QWheelEvent(QPointF(pos), QPointF(vp.mapToGlobal(pos)), QPoint(), QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    app.sendEvent(vp, event)


def mouse(kind, pos, button, buttons):
    vp = canvas.viewport()
    app.sendEvent(vp, QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier))


def summary(wall, cpu):
    return {"ms": statistics.median(wall), "max_ms": max(wall), "cpu_ms": statistics.median(cpu), "cpu_max_ms": max(cpu), "n": len(wall)}


out = {}
for w, h in sizes:
    window = MainWindow(pack)
    window.resize(w, h)
    window.show()
    QTest.qWaitForWindowExposed(window)
    while window.scene.geometry is None:
        QTest.qWait(5)
    QTest.qWait(300)  # the work deferred past the first frame is done
    assert (window.width(), window.height()) == (w, h), (window.size(), w, h)
    canvas = window.canvas
    vp = canvas.viewport()
    counter = Paints()
    vp.installEventFilter(counter)
    selection = window.selection
    still, repaint, repaint_cpu, click, click_cpu, lit, lit_cpu, click_paint = [], [], [], [], [], [], [], []
    for _ in range(max(5, steps // 2)):
        t0 = time.perf_counter()
        vp.repaint()
        still.append((time.perf_counter() - t0) * 1e3)
    for sid in sample:
        selection.clear()
        QTest.qWait(20)
        selection._traces.clear()  # every click traces afresh
        pos = canvas.view_pos_of(sid)
        c0, t0 = time.process_time(), time.perf_counter()
        window.repaint()
        repaint.append((time.perf_counter() - t0) * 1e3)
        repaint_cpu.append((time.process_time() - c0) * 1e3)
        canvas_paint[0] = 0.0
        timed(lambda: QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos), click, click_cpu)
        click_paint.append(canvas_paint[0])
        assert selection.current is not None, sid
        # For reference: one repaint of the window as the click left it (the trace lit).
        c0, t0 = time.process_time(), time.perf_counter()
        window.repaint()
        lit.append((time.perf_counter() - t0) * 1e3)
        lit_cpu.append((time.process_time() - c0) * 1e3)
    selection.clear()
    QTest.qWait(50)
    # Zoom: notches in, then out, about the middle of the canvas, at a hand's pace; now and
    # then a pause long enough for the view to settle and sharpen, so that later steps can
    # land while it does.
    centre = QPoint(vp.width() // 2, vp.height() // 2)
    zoom, zoom_cpu = [], []
    for n in range(steps):
        notch = 1 if n < steps // 2 else -1
        timed(lambda: wheel(centre, notch), zoom, zoom_cpu)
        QTest.qWait(200 if n % 4 == 3 else 30)
    # Pan: a drag over the drawing zoomed in, one move a frame, with the same pauses.
    canvas.zoom_by(3.0)
    QTest.qWait(400)
    pan, pan_cpu = [], []
    at = QPoint(centre)
    mouse(QEvent.Type.MouseButtonPress, at, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
    for n in range(steps):
        at = at + (QPoint(-41, -23) if n < steps // 2 else QPoint(41, 23))
        timed(lambda: mouse(QEvent.Type.MouseMove, at, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton), pan, pan_cpu)
        QTest.qWait(200 if n % 4 == 3 else 16)
    mouse(QEvent.Type.MouseButtonRelease, at, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
    # Zoom again with the longest pathway lit (its strands are drawn in every frame).
    canvas.fit()
    selection.select(widest)
    QTest.qWait(400)
    zoom_lit, zoom_lit_cpu = [], []
    for n in range(steps):
        notch = 1 if n < steps // 2 else -1
        timed(lambda: wheel(centre, notch), zoom_lit, zoom_lit_cpu)
        QTest.qWait(200 if n % 4 == 3 else 30)
    selection.clear()
    out[f"{w}x{h}"] = {
        "canvas": [vp.width(), vp.height()],
        "still_ms": statistics.median(still),
        "repaint_ms": statistics.median(repaint),
        "repaint_cpu_ms": statistics.median(repaint_cpu),
        "lit_repaint_ms": statistics.median(lit),
        "lit_repaint_cpu_ms": statistics.median(lit_cpu),
        "click": summary(click, click_cpu),
        "click_paint": summary(click_paint, click_paint),
        "zoom": summary(zoom, zoom_cpu),
        "pan": summary(pan, pan_cpu),
        "zoom_lit": summary(zoom_lit, zoom_lit_cpu),
        "lit": pack.structures[widest].name,
    }
    window.close()
    window.deleteLater()
    QTest.qWait(50)
print(json.dumps(out), flush=True)
"""


#: The scale rows' click: the real window (docks open) at one size, a click on each sampled
#: structure timed from the input event to its frame painted, as in `_WINDOW_CHILD`.
_SCALE_CHILD = r"""
import json, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from viewer.model.loader import load_pack
from viewer.qt.qapp import ensure_application

data, svg, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
w, h = json.loads(sys.argv[4])
app = ensure_application(offscreen=True)
from viewer.qt.canvas.safe_svg import svg_renderer
from viewer.qt.shell.window import MainWindow

pack = load_pack(data, svg)
drawn = svg_renderer(pack)
ids = [i for i in pack.structures if drawn.elementExists(i)]
sample = ids[:: max(1, len(ids) // count)][:count]


class Paints(QObject):
    n = 0

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            Paints.n += 1
        return False


window = MainWindow(pack)
window.resize(w, h)
window.show()
QTest.qWaitForWindowExposed(window)
while window.scene.geometry is None:
    QTest.qWait(5)
QTest.qWait(300)
canvas = window.canvas
vp = canvas.viewport()
counter = Paints()
vp.installEventFilter(counter)
selection = window.selection
click, click_cpu, repaint, hits = [], [], [], 0
for sid in sample:
    selection.clear()
    QTest.qWait(20)
    selection._traces.clear()  # every click traces afresh
    pos = canvas.view_pos_of(sid)
    t0 = time.perf_counter()
    window.repaint()
    repaint.append((time.perf_counter() - t0) * 1e3)
    before = Paints.n
    c0, t0 = time.process_time(), time.perf_counter()
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    app.processEvents()
    if Paints.n == before:
        vp.repaint()
    click.append((time.perf_counter() - t0) * 1e3)
    click_cpu.append((time.process_time() - c0) * 1e3)
    assert selection.current is not None, sid
    hits += selection.current == sid
print(json.dumps({"click_ms": statistics.median(click), "click_cpu_ms": statistics.median(click_cpu),
                  "repaint_ms": statistics.median(repaint), "clicks": len(click), "hits": hits,
                  "canvas": [vp.width(), vp.height()]}), flush=True)
"""


@dataclass(frozen=True)
class Row:
    measure: str
    viewer: str
    floor: str
    ratio: float | None
    target: float | None

    @property
    def verdict(self) -> str:
        if self.ratio is None or self.target is None:
            return ""
        return "PASS" if self.ratio <= self.target else "MISS"


def _child_env(config_home: str) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("QT_QPA_PLATFORM") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = config_home  # never read or move the user's own settings
    env["XDG_DATA_HOME"] = config_home
    # What the pack's checks found is remembered there by the warm-up run, as by any first
    # launch (viewer/model/passed_cache.py, checked_cache.py); the first start is measured apart.
    env["XDG_CACHE_HOME"] = config_home
    env["PLEXUS_VIEWER_NO_DIALOGS"] = "1"
    # Bytecode cached, as in every install (pip and the frozen app compile it): the warm-up
    # run writes it to a private folder, never into the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(config_home, "pycache")
    return env


def _spawn(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.time_ns()
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"benchmark child failed (exit {result.returncode}): {result.stderr.strip()[-400:]}")
    report: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    report["start"] = start
    return report


def _ms(ns: float) -> float:
    return ns / 1e6


@dataclass
class Startup:
    app_paint: list[float]
    app_ready: list[float]
    bare_paint: list[float]
    app_cpu: list[float]
    bare_cpu: list[float]
    app_rss: list[float]
    bare_rss: list[float]
    svg_paint: list[float]
    #: Starts with nothing remembered in the user's cache (the checks of the pack's files all run).
    first_paint: list[float] = field(default_factory=list)
    #: Peak memory of the window drawing the SVG, nothing else.
    svg_rss: list[float] = field(default_factory=list)


def measure_startup(data: Path, svg: Path, runs: int) -> Startup:
    """Start-up and memory, interleaving viewer and bare runs so drift in load hits both alike."""
    app_cpu: list[float] = []
    bare_cpu: list[float] = []
    svg_paint: list[float] = []
    svg_rss: list[float] = []
    app_paint: list[float] = []
    app_ready: list[float] = []
    bare_paint: list[float] = []
    app_rss: list[float] = []
    bare_rss: list[float] = []
    from viewer.assets import default_data_path, default_svg_path

    # The bundled pack starts as a user starts it, with no arguments; another pack is named.
    bundled = data.resolve() == default_data_path().resolve() and svg.resolve() == default_svg_path().resolve()
    app_args = [] if bundled else ["--data", str(data), "--svg", str(svg)]
    with tempfile.TemporaryDirectory(prefix="plexus-bench-") as home:
        env = _child_env(home)
        # One unmeasured run of each warms the file cache, as any second launch would be.
        _spawn(_BARE_CHILD, [], env)
        _spawn(_APP_CHILD, app_args, env)
        for _ in range(runs):
            bare = _spawn(_BARE_CHILD, [], env)
            app = _spawn(_APP_CHILD, app_args, env)
            bare_paint.append(_ms(bare["first_paint"] - bare["start"]))
            app_paint.append(_ms(app["first_paint"] - app["start"]))
            app_ready.append(_ms(app["ready"] - app["start"]))
            svg_only = _spawn(_SVG_CHILD, [str(svg)], env)
            svg_paint.append(_ms(svg_only["first_paint"] - svg_only["start"]))
            if svg_only.get("rss_kib"):
                svg_rss.append(svg_only["rss_kib"] / 1024)
            bare_cpu.append(bare["cpu"] * 1e3)
            app_cpu.append(app["cpu"] * 1e3)
            if bare.get("rss_kib") and app.get("rss_kib"):
                bare_rss.append(bare["rss_kib"] / 1024)
                app_rss.append(app["rss_kib"] / 1024)
        # The same pack's first start: an empty cache folder, so every check of its files runs
        # (the runs above, like any later start, find the results the warm-up remembered).
        first_paint = []
        for n in range(max(1, min(3, runs))):
            cold = dict(env, XDG_CACHE_HOME=os.path.join(home, f"empty-cache-{n}"))
            first = _spawn(_APP_CHILD, app_args, cold)
            first_paint.append(_ms(first["first_paint"] - first["start"]))
    return Startup(app_paint, app_ready, bare_paint, app_cpu, bare_cpu, app_rss, bare_rss, svg_paint, first_paint, svg_rss)


def measure_window(data: Path, svg: Path, clicks: int, steps: int) -> dict[str, dict[str, Any]]:
    """Clicks, zoom steps and drag steps in the real window at each size (see `_WINDOW_CHILD`)."""
    with tempfile.TemporaryDirectory(prefix="plexus-bench-") as home:
        env = _child_env(home)
        env["QT_QPA_PLATFORM"] = "offscreen"  # windows larger than any screen
        result = subprocess.run(
            [sys.executable, "-c", _WINDOW_CHILD, str(data), str(svg), str(clicks), str(steps), json.dumps(SIZES)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )
    if result.returncode != 0:
        raise RuntimeError(f"window benchmark failed (exit {result.returncode}): {result.stderr.strip()[-400:]}")
    out: dict[str, dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return out


def measure_tracing(data: Path, svg: Path, repeats: int) -> tuple[float, int]:
    """Median microseconds per trace over every structure, and how many structures."""
    from viewer.model.loader import load_pack
    from viewer.model.tracing import trace

    pack = load_pack(data, svg)
    ids = list(pack.structures)
    per_query = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for sid in ids:
            trace(pack, sid)
        per_query.append((time.perf_counter() - t0) / len(ids) * 1e6)
    return statistics.median(per_query), len(ids)


def scale_tool() -> Path | None:
    """`tools/scale_pack.py` of the source tree this viewer runs from; None in an installed app."""
    path = Path(__file__).resolve().parent.parent / "tools" / "scale_pack.py"
    return path if path.is_file() else None


def generate_scaled(factor: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """A pack `factor` times the bundled one, written into `folder` by `tools/scale_pack.py`."""
    import importlib.util

    from viewer.model.loader import default_svg_for

    path = scale_tool()
    if path is None:
        raise RuntimeError("tools/scale_pack.py is not here (the scale rows need the source tree)")
    spec = importlib.util.spec_from_file_location("scale_pack", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data: Path = module.generate(factor, seed, folder)
    return data, default_svg_for(data)


def measure_scale(factors: tuple[int, ...], runs: int, clicks: int, seed: int = SCALE_SEED) -> list[dict[str, Any]]:
    """Start-up, a click at 1920×1080, peak memory and tracing for each generated pack.

    Every factor, 1 included, is generated and started the same way (`--data`, `--svg`), so
    the rows differ only in the pack's size. Start-up runs interleave the factors, so drift
    in the machine's load hits every factor alike.
    """
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="plexus-scale-") as folder, tempfile.TemporaryDirectory(prefix="plexus-bench-") as home:
        packs = {f: generate_scaled(f, seed, Path(folder) / f"x{f}") for f in factors}
        env = _child_env(home)
        args = {f: ["--data", str(data), "--svg", str(svg)] for f, (data, svg) in packs.items()}
        for f in factors:  # one unmeasured run each: file cache, bytecode, the passed-pack cache
            _spawn(_APP_CHILD, args[f], env)
        paint: dict[int, list[float]] = {f: [] for f in factors}
        cpu: dict[int, list[float]] = {f: [] for f in factors}
        rss: dict[int, list[float]] = {f: [] for f in factors}
        for _ in range(runs):
            for f in factors:
                app = _spawn(_APP_CHILD, args[f], env)
                paint[f].append(_ms(app["first_paint"] - app["start"]))
                cpu[f].append(app["cpu"] * 1e3)
                if app.get("rss_kib"):
                    rss[f].append(app["rss_kib"] / 1024)
        window_env = dict(env, QT_QPA_PLATFORM="offscreen")
        for f in factors:
            data, svg = packs[f]
            result = subprocess.run(
                [sys.executable, "-c", _SCALE_CHILD, str(data), str(svg), str(clicks), json.dumps(SCALE_SIZE)],
                capture_output=True,
                text=True,
                env=window_env,
                timeout=600,
            )
            if result.returncode != 0:
                raise RuntimeError(f"scale click benchmark failed (exit {result.returncode}): {result.stderr.strip()[-400:]}")
            click = json.loads(result.stdout.strip().splitlines()[-1])
            per_query, count = measure_tracing(data, svg, 3 if runs == 1 else 7)
            out.append(
                {
                    "factor": f,
                    "structures": count,
                    "start_ms": statistics.median(paint[f]),
                    "click_ms": click["click_ms"],
                    "rss_mib": statistics.median(rss[f]) if rss[f] else None,
                    "trace_us": per_query,
                    "start_cpu_ms": statistics.median(cpu[f]),
                    "click_cpu_ms": click["click_cpu_ms"],
                    "repaint_ms": click["repaint_ms"],
                    "clicks": click["clicks"],
                    "hits": click["hits"],
                    "start_runs_ms": paint[f],
                }
            )
    base = out[0] if out and out[0]["factor"] == 1 else None
    for row in out:
        if base is None:
            row["ratios"] = None
            continue
        ratios = {"start": row["start_ms"] / base["start_ms"], "click": row["click_ms"] / base["click_ms"]}
        ratios |= {"start_cpu": row["start_cpu_ms"] / base["start_cpu_ms"], "click_cpu": row["click_cpu_ms"] / base["click_cpu_ms"]}
        if row["rss_mib"] and base["rss_mib"]:
            ratios["rss"] = row["rss_mib"] / base["rss_mib"]
        row["ratios"] = ratios
    return out


def scale_table(rows: list[dict[str, Any]]) -> str:
    """The scale rows: each figure and its ratio to factor 1, against the 2× target."""
    head = ("factor", "structures", "start → first paint", "click 1920×1080", "peak memory", "trace", "target", "")
    body = []
    for r in rows:
        ratios = r.get("ratios") or {}

        def cell(value: str, key: str, ratios: dict[str, float] = ratios) -> str:
            return f"{value} ({ratios[key]:.2f}×)" if key in ratios else value

        verdict = ""
        if r["factor"] != 1 and ratios:
            worst = max(ratios.get(k, 0.0) for k in ("start", "click", "rss"))
            verdict = "PASS" if worst <= SCALE_TARGET else "MISS"
        rss = f"{r['rss_mib']:.0f} MiB" if r["rss_mib"] else "n/a"
        body.append(
            (
                f"×{r['factor']}",
                str(r["structures"]),
                cell(f"{r['start_ms']:.0f} ms", "start"),
                cell(f"{r['click_ms']:.1f} ms", "click"),
                cell(rss, "rss"),
                f"{r['trace_us']:.0f} µs/query",
                f"≤ {SCALE_TARGET:.1f}×" if r["factor"] != 1 else "",
                verdict,
            )
        )
    widths = [max(len(str(line[i])) for line in (head, *body)) for i in range(len(head))]
    lines = []
    for n, line in enumerate((head, *body)):
        lines.append(
            "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip()
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _ratio_row(measure: str, viewer: float, floor: float, unit: str, target: float, fmt: str = "{:.0f}") -> Row:
    return Row(measure, f"{fmt.format(viewer)} {unit}", f"{fmt.format(floor)} {unit}", viewer / floor, target)


def table(rows: list[Row]) -> str:
    head = ("measure", "viewer", "floor", "ratio", "target", "")
    body = [
        (
            r.measure,
            r.viewer,
            r.floor,
            f"{r.ratio:.2f}×" if r.ratio is not None else "",
            f"≤ {r.target:.1f}×" if r.target is not None else "",
            r.verdict,
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in (head, *body)) for i in range(len(head))]
    lines = []
    for n, line in enumerate((head, *body)):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run(
    data: Path, svg: Path, *, quick: bool = False, runs: int | None = None, as_json: bool = False, scale: tuple[int, ...] | None = None
) -> int:
    """Measure everything and print the table (or, `as_json`, one JSON object); the exit code is 0 even when a target is missed.

    `scale`: the factors of the generated packs measured (default 1, 3 and 10; 1 and 3 with
    `quick`; empty for none).
    """
    import platform

    runs = runs or (1 if quick else 9)
    from importlib import metadata

    try:
        pyside_version = metadata.version("PySide6-Essentials")
    except metadata.PackageNotFoundError:
        pyside_version = metadata.version("PySide6")

    # With --json the object alone goes to standard output; what is being measured goes to standard error.
    note = sys.stderr if as_json else sys.stdout
    env_platform = _child_env("/nonexistent").get("QT_QPA_PLATFORM") or "the desktop's"
    print(
        f"Plexus Viewer benchmark — Python {platform.python_version()}, PySide6 {pyside_version}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Qt platform {env_platform}",
        file=note,
        flush=True,
    )
    print(f"pack: {data} + {svg.name}; start-up: median of {runs} fresh processes each", file=note, flush=True)
    up = measure_startup(data, svg, runs)
    start_ms, start_floor = statistics.median(up.app_paint), statistics.median(up.bare_paint)
    rows = [_ratio_row("start → first painted window", start_ms, start_floor, "ms", TARGETS["startup"])]
    cpu = _ratio_row("  CPU time to first paint", statistics.median(up.app_cpu), statistics.median(up.bare_cpu), "ms", TARGETS["startup"])
    rows.append(Row(cpu.measure, cpu.viewer, cpu.floor, cpu.ratio, None))
    app_cpu, bare_cpu = statistics.median(up.app_cpu), statistics.median(up.bare_cpu)
    cpu_figures = {"cpu_ms": app_cpu, "floor_cpu_ms": bare_cpu, "cpu_ratio": app_cpu / bare_cpu}
    rows.append(Row("  start → hit-test geometry ready", f"{statistics.median(up.app_ready):.0f} ms", "", None, None))
    first_ms = statistics.median(up.first_paint)
    rows.append(Row("  first start, nothing in the cache", f"{first_ms:.0f} ms", f"{start_floor:.0f} ms", first_ms / start_floor, None))
    svg_only = statistics.median(up.svg_paint)
    rows.append(
        Row("  (a window drawing the SVG, nothing else)", f"{svg_only:.0f} ms", f"{start_floor:.0f} ms", svg_only / start_floor, None)
    )
    clicks, steps = (4, 8) if quick else (24, 32)
    window = measure_window(data, svg, clicks, steps)
    result: dict[str, Any] = {
        "startup": {
            "viewer_ms": start_ms,
            "floor_ms": start_floor,
            "ratio": start_ms / start_floor,
            **cpu_figures,
            "first_start_ms": first_ms,
            "first_start_ratio": first_ms / start_floor,
            # For reference, not a target: the least any QtSvg viewer pays (see `_SVG_CHILD`).
            "svg_only_ms": svg_only,
            "svg_only_ratio": svg_only / start_floor,
        },
        "memory": None,
        "click": {},
        "frames": {},
    }
    for w, h in SIZES:
        r = window[f"{w}x{h}"]
        click, repaint = r["click"]["ms"], r["repaint_ms"]
        rows.append(_ratio_row(f"click in the window vs its repaint, {w}×{h}", click, repaint, "ms", TARGETS["click"], "{:.1f}"))
        click_cpu, repaint_cpu = r["click"]["cpu_ms"], r["repaint_cpu_ms"]
        cpu_ratio = click_cpu / repaint_cpu
        cpu_row = Row(f"  CPU time, click vs repaint, {w}×{h}", f"{click_cpu:.1f} ms", f"{repaint_cpu:.1f} ms", cpu_ratio, None)
        rows.append(cpu_row)
        lit_ms = r["lit_repaint_ms"]
        rows.append(Row(f"  (a repaint of the window as the click left it, {w}×{h})", f"{lit_ms:.1f} ms", "", None, None))
        result["click"][f"{w}x{h}"] = {
            "viewer_ms": click,
            "floor_ms": repaint,
            "ratio": click / repaint,
            "cpu_ms": click_cpu,
            "floor_cpu_ms": repaint_cpu,
            "cpu_ratio": cpu_ratio,
            "lit_repaint_ms": lit_ms,
            "lit_repaint_cpu_ms": r["lit_repaint_cpu_ms"],
        }
    for w, h in SIZES:
        r = window[f"{w}x{h}"]
        rows.append(Row(f"still repaint of the canvas, {w}×{h}", f"{r['still_ms']:.1f} ms", "", None, None))
        lit_name = r["lit"]
        for kind, what in (
            ("zoom", "zoom step (a wheel notch)"),
            ("pan", "pan step (a drag's move)"),
            ("zoom_lit", f"zoom step, {lit_name} lit"),
            ("click_paint", "click, the drawing's paint"),
            ("click", "click, to its frame painted"),
        ):
            f = r[kind]
            rows.append(Row(f"{what}, {w}×{h}", f"{f['ms']:.1f} / {f['max_ms']:.1f} ms", f"{FRAME_MS:.1f} ms", f["ms"] / FRAME_MS, 1.0))
        frames: dict[str, Any] = {"still_ms": r["still_ms"], "lit": r["lit"], "canvas": r["canvas"]}
        for kind in ("zoom", "pan", "zoom_lit", "click", "click_paint"):
            frames[f"{kind}_ms"], frames[f"{kind}_max_ms"] = r[kind]["ms"], r[kind]["max_ms"]
            if kind != "click_paint":  # the paint is timed inside it: its wall clock is all there is
                frames[f"{kind}_cpu_ms"], frames[f"{kind}_cpu_max_ms"] = r[kind]["cpu_ms"], r[kind]["cpu_max_ms"]
        result["frames"][f"{w}x{h}"] = frames
    if up.app_rss and up.bare_rss:
        rss, rss_floor = statistics.median(up.app_rss), statistics.median(up.bare_rss)
        rows.append(_ratio_row("peak memory (max RSS)", rss, rss_floor, "MiB", TARGETS["memory"]))
        result["memory"] = {"viewer_mib": rss, "floor_mib": rss_floor, "ratio": rss / rss_floor}
        if up.svg_rss:
            svg_mib = statistics.median(up.svg_rss)
            rows.append(
                Row("  (a window drawing the SVG, nothing else)", f"{svg_mib:.0f} MiB", f"{rss_floor:.0f} MiB", svg_mib / rss_floor, None)
            )
            result["memory"] |= {"svg_only_mib": svg_mib, "svg_only_ratio": svg_mib / rss_floor}
    else:
        rows.append(Row("peak memory (max RSS)", "n/a", "n/a", None, None))
    per_query, count = measure_tracing(data, svg, 3 if quick else 25)
    rows.append(Row(f"tracing, each of {count} structures", f"{per_query:.0f} µs/query", "", None, None))
    result["trace_us"] = per_query
    factors = (QUICK_SCALE_FACTORS if quick else SCALE_FACTORS) if scale is None else scale
    scale_note = ""
    if factors and scale_tool() is None:
        scale_note = "scale rows skipped: tools/scale_pack.py is not here (they need the source tree)"
        factors = ()
    if factors:
        print(
            f"scale: packs generated {', '.join(f'×{f}' for f in factors)} by tools/scale_pack.py (seed {SCALE_SEED})",
            file=note,
            flush=True,
        )
    result["scale"] = measure_scale(tuple(factors), runs, clicks) if factors else []
    if as_json:
        print(json.dumps(result, indent=2), flush=True)
        return 0
    print(table(rows))
    print(
        f"zoom and pan steps: median / worst of {steps} in the real window, from the input event to its frame painted, "
        f"against one frame at 60 Hz; the click: median of {clicks}, the window's repaint its floor"
    )
    for w, h in SIZES:
        r = window[f"{w}x{h}"]
        cw, ch = r["canvas"]
        print(
            f"  {w}×{h} (canvas {cw}×{ch}) CPU time: zoom {r['zoom']['cpu_ms']:.1f} / {r['zoom']['cpu_max_ms']:.1f} ms, "
            f"pan {r['pan']['cpu_ms']:.1f} / {r['pan']['cpu_max_ms']:.1f} ms, click {r['click']['cpu_ms']:.1f} ms"
        )
    print(f"start-up runs (ms): viewer {', '.join(f'{v:.0f}' for v in up.app_paint)}; bare {', '.join(f'{v:.0f}' for v in up.bare_paint)}")
    best_app, best_bare = min(up.app_paint), min(up.bare_paint)
    print(f"best of each (least disturbed by other load): viewer {best_app:.0f} ms, bare {best_bare:.0f} ms, {best_app / best_bare:.2f}×")
    if result["scale"]:
        print()
        print(
            f"scale: the bundled pack generated {', '.join(f'×{f}' for f in factors)} by tools/scale_pack.py (seed {SCALE_SEED}), "
            "each started with --data; "
            f"start-up median of {runs}, click median of {clicks} in the real window at {SCALE_SIZE[0]}×{SCALE_SIZE[1]}; "
            "ratios to ×1"
        )
        print(scale_table(result["scale"]))
        for r in result["scale"]:
            ratios = r.get("ratios") or {}
            cpu_ratios = f" ({ratios['start_cpu']:.2f}× and {ratios['click_cpu']:.2f}× ×1's)" if ratios and r["factor"] != 1 else ""
            print(
                f"  ×{r['factor']}: CPU to first paint {r['start_cpu_ms']:.0f} ms, click CPU {r['click_cpu_ms']:.1f} ms{cpu_ratios}, "
                f"window repaint {r['repaint_ms']:.1f} ms, {r['hits']}/{r['clicks']} clicks lit the structure aimed at; "
                f"start-up runs (ms) {', '.join(f'{v:.0f}' for v in r['start_runs_ms'])}"
            )
    elif scale_note:
        print(scale_note)
    return 0
