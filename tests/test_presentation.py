"""Presentation mode as a lecturer drives it: F5, the clicker's PageDown, blanking, Escape."""

from __future__ import annotations

import contextlib
import math
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar

from viewer.model.tracing import trace
from viewer.qt.modes.hall_painter import label_pixel_size

#: The pathway from the L5 root to its ISNCSCI key muscle, hop by hop (the sciatic nerve is
#: the sheath of the common fibular at the same hop).
L5_TO_EHL = (
    ("l5",),
    ("lumbosacral_trunk",),
    ("lumbosacral_trunk_posterior_division",),
    ("sciatic_nerve", "common_fibular_nerve"),
    ("deep_fibular_nerve",),
    ("extensor_hallucis_longus",),
)
EHL_CAPTION = ("L5", "lumbosacral trunk", "lumbosacral trunk posterior division", "sciatic", "common fibular", "deep fibular")


def click(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    pos = canvas.view_pos_of(structure_id)
    assert canvas.viewport().rect().contains(pos), f"{structure_id} is off screen at {pos}"
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def focus_canvas(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas, timeout=3000)


def lit(window) -> frozenset[str]:  # type: ignore[no-untyped-def]
    assert window.scene.lit is not None
    return window.scene.lit.structures


def chrome(window) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    widgets = [window.menuBar(), window.statusBar(), *window.findChildren(QToolBar), *window.findChildren(QDockWidget)]
    return {w.objectName() or type(w).__name__: w.isVisible() for w in widgets}


def test_pagedown_walks_l5_to_extensor_hallucis_longus_then_escape_restores(qtbot, window, pack) -> None:  # type: ignore[no-untyped-def]
    window.fact_dock.hide()  # a lecturer's own layout: the facts dock closed, the list open
    before_chrome = chrome(window)
    before_size = window.size()
    before_theme = window.scene.theme
    click(qtbot, window, "l5")
    assert window.selection.current == "l5"
    full = trace(pack, "l5")
    assert lit(window) == full.structures  # the window shows the whole pathway

    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_F5)
    assert window.presentation.active and window.isFullScreen()
    assert not any(chrome(window).values()), "menu, toolbar, status bar and docks are hidden"
    assert window.scene.theme.high_contrast
    assert lit(window) == {"l5"}  # nothing revealed yet: the root alone
    assert "L5" in window.presentation.overlay.frame.caption.text

    for hop in range(1, len(L5_TO_EHL)):
        qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
        shown = lit(window)
        for earlier in L5_TO_EHL[: hop + 1]:
            assert set(earlier) <= shown, f"after {hop} presses {earlier} should be lit"
        for later in L5_TO_EHL[hop + 1 :]:
            assert not set(later) & shown, f"after {hop} presses {later} should not be lit yet"
        # exactly the structures within `hop` hops of the root, and strands only between them
        assert shown == {s for s, h in full.hops.items() if h <= hop}
        for index, _segment in window.scene.lit.strands:
            link = pack.links[index]
            assert link.source in shown and link.target in shown
        caption = window.presentation.overlay.frame.caption
        assert caption.text.startswith(" → ".join(EHL_CAPTION[: hop + (2 if hop >= 3 else 1)]))
        assert any(part.role == "newest" for part in caption.parts)
        window.presentation.overlay.repaint()
        labelled = {label.structure_id for label in window.presentation.overlay.painter.layout.labels}
        assert {s for group in L5_TO_EHL[: hop + 1] for s in group} <= labelled

    assert window.presentation.overlay.frame.caption.text.startswith(" → ".join((*EHL_CAPTION, "extensor hallucis longus")))
    # the dorsal digital nerves of the foot and their skin lie beyond the muscles
    beyond = max(full.hops.values()) - (len(L5_TO_EHL) - 1)
    for _ in range(beyond):
        qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert lit(window) == full.structures
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)  # the end of the pathway, and no lesson: stays
    assert lit(window) == full.structures
    for _ in range(beyond + 1):
        qtbot.keyClick(window.canvas, Qt.Key.Key_PageUp)
    assert "extensor_hallucis_longus" not in lit(window) and "deep_fibular_nerve" in lit(window)

    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not window.presentation.active and not window.isFullScreen()
    qtbot.waitUntil(lambda: chrome(window) == before_chrome, timeout=3000)
    assert not window.fact_dock.isVisible() and window.list_dock.isVisible()
    assert window.size() == before_size
    assert window.scene.theme == before_theme
    assert window.selection.current == "l5", "Escape in presentation leaves it; it does not clear the selection"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.selection.current is None, "in the window Escape still clears"


def test_labels_are_at_least_2_2_percent_of_the_screen_height(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "extensor_hallucis_longus")
    window.trigger("present")
    window.trigger("step_last")
    window.presentation.overlay.repaint()
    layout = window.presentation.overlay.painter.layout
    height = window.presentation.overlay.height()
    assert height == window.screen().geometry().height()
    assert layout.label_pixels >= 0.022 * height and layout.label_pixels >= 24
    assert layout.caption_pixels >= layout.label_pixels
    rects = [label.rect for label in layout.labels]
    assert len(rects) >= 8
    for i, a in enumerate(rects):
        assert a.height() >= 0.022 * height
        for b in rects[i + 1 :]:
            assert not a.intersects(b), "labels never overlap"
    window.trigger("clear")  # Escape's action
    assert not window.presentation.active


def test_label_size_rule() -> None:
    assert label_pixel_size(1080) == 24
    assert label_pixel_size(2160) == 48
    assert label_pixel_size(720) == 24  # never under 24 px
    for height in (768, 1200, 1440, 1600, 2880, 4320):
        assert label_pixel_size(height) >= 0.022 * height


def test_step_keys_in_the_window_and_not_while_typing(qtbot, window, pack) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "gluteus_medius")
    full = trace(pack, "gluteus_medius")
    assert lit(window) == full.structures
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    assert lit(window) == {"gluteus_medius"}
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert lit(window) == {"gluteus_medius", "l4", "l5", "s1"}
    assert "hop 0 / 4" in window.caption.text()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)  # the selection was clicked, not reached by the arrows: Space steps
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert "superior_gluteal_nerve" not in lit(window) and "lumbosacral_trunk_posterior_division" in lit(window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageUp)
    assert "lumbosacral_trunk_posterior_division" not in lit(window)
    # On the canvas (not presenting) the arrows walk the drawing instead: nothing is stepped or selected.
    qtbot.keyClick(window.canvas, Qt.Key.Key_Up)
    assert "lumbosacral_trunk_posterior_division" not in lit(window) and window.selection.current == "gluteus_medius"
    assert window.session.route.focus.current == "superior_gluteal_nerve"
    qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    assert lit(window) == full.structures
    assert "Gluteus medius: segments L4, L5, S1" in window.caption.text()
    # typing in the search field moves its cursor; it does not step
    qtbot.keyClick(window.canvas, Qt.Key.Key_Home)
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus, timeout=3000)
    qtbot.keyClicks(window.search, "sb")
    qtbot.keyClick(window.search, Qt.Key.Key_Left)
    qtbot.keyClick(window.search, Qt.Key.Key_Right)
    assert window.search.text() == "sb"
    assert lit(window) == {"gluteus_medius"}
    # Alt+Left is still history
    click(qtbot, window, "l4")
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.selection.current == "gluteus_medius"


def test_blank_black_white_and_any_key_brings_it_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "l5")
    focus_canvas(qtbot, window)
    window.trigger("present")
    blank = window.presentation.blank
    qtbot.keyClick(window.canvas, Qt.Key.Key_B)
    assert blank.isVisible() and blank.geometry() == window.rect()
    assert QColor(blank.grab().toImage().pixel(5, 5)) == QColor("black")
    shown = lit(window)
    qtbot.keyClick(blank, Qt.Key.Key_PageDown)  # the key only unblanks; it does not step
    assert not blank.isVisible() and lit(window) == shown
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_W)
    assert blank.isVisible() and QColor(blank.grab().toImage().pixel(5, 5)) == QColor("white")
    qtbot.mouseClick(blank, Qt.MouseButton.LeftButton)
    assert not blank.isVisible()
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Period)
    assert blank.isVisible()
    qtbot.keyClick(blank, Qt.Key.Key_Period)
    assert not blank.isVisible()
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_S)
    assert window.presentation.spotlight.isVisible()
    qtbot.keyClick(window.canvas, Qt.Key.Key_S)
    assert not window.presentation.spotlight.isVisible()


def test_f5_with_nothing_selected_shows_the_title_prompt(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_F5)
    assert window.presentation.active
    frame = window.presentation.overlay.frame
    assert frame.shown is None and frame.title == window.pack.title and "Click" in frame.prompt
    image = window.grab().toImage()
    assert QColor(image.pixel(3, 3)) == QColor(window.scene.theme.background)
    qtbot.keyClick(window.canvas, Qt.Key.Key_F5)  # F5 toggles back
    assert not window.presentation.active and window.menuBar().isVisible()


def test_the_presentation_theme_setting(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.settings import load_settings

    window.trigger("present_theme_light")
    assert load_settings()[0].present_theme == "light"
    window.trigger("present")
    assert window.scene.theme.name == "high-contrast-light"
    window.trigger("present")
    assert window.scene.theme.name == "light"
    window.trigger("present_screen_0")
    assert load_settings()[0].present_screen == 0
    window.trigger("present")
    assert window.screen() is QApplication.screens()[0]
    window.trigger("present")
    window.trigger("present_screen_window")
    assert load_settings()[0].present_screen is None


def test_present_select_l5_starts_and_stays_up(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLEXUS_VIEWER_NO_DIALOGS": "1"}
    log = tmp_path / "stderr.txt"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "viewer", "--present", "--select", "L5"], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        try:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=2.5)
            alive = proc.poll() is None
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert alive, log.read_text()
    assert "Traceback" not in log.read_text()


def test_run_window_present_select_l5_in_process(qtbot) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.application import run_window
    from viewer.qt.shell.window import MainWindow

    seen: dict[str, object] = {}

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, look)
            return
        w = windows[0]
        seen.update(active=w.presentation.active, full=w.isFullScreen(), selected=w.selection.current, lit=w.scene.lit.structures)
        w.close()

    QTimer.singleShot(0, look)
    assert run_window("L5", None, None, present=True) == 0
    assert seen["active"] and seen["full"] and seen["selected"] == "l5"
    assert seen["lit"] == {"l5"}


def test_screen_out_of_range_is_a_usage_error(qtbot, capsys) -> None:  # type: ignore[no-untyped-def]
    from viewer.cli import main

    assert main(["--present", "--screen", "7"]) == 2
    err = capsys.readouterr().err
    assert "--screen 7: no such screen" in err and "0: " in err


def test_export_present_writes_a_4k_slide(qtbot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from viewer.cli import main

    out = tmp_path / "slide.png"
    assert main(["export", "--present", "--select", "L5", "--step", "3", "--size", "3840x2160", "-o", str(out)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (3840, 2160)
    assert QColor(image.pixel(2, 2)) == QColor("#000000")  # the dark high-contrast theme
    assert "presentation look" in capsys.readouterr().out
    light = tmp_path / "light.png"
    assert main(["export", "--present", "--theme", "light", "--size", "1920x1080", "-o", str(light)]) == 0
    assert QColor(QImage(str(light)).pixel(2, 2)) == QColor("#ffffff")
    assert main(["export", "--step", "2", "-o", str(tmp_path / "x.png")]) == 2


def test_slide_labels_measured_in_pixels(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    """The label text itself, counted in pixels on the image, at 1080 and 2160 lines."""
    from viewer.qt.output.slides import render_presentation

    for height in (1080, 2160):
        image, layout = render_presentation(pack, "extensor_hallucis_longus", (height * 16 // 9, height))
        label = next(lab for lab in layout.labels if lab.structure_id == "l5")  # "L5": capitals and a digit
        ink = _ink_rows(image, label.rect)
        assert layout.label_pixels >= math.ceil(0.022 * height)
        # a capital is about 0.7 of the font's pixel size
        assert ink >= 0.65 * 0.022 * height, (height, ink)


def _ink_rows(image: QImage, rect) -> int:  # type: ignore[no-untyped-def]
    """How many pixel rows inside `rect` (less its border) hold bright text on the dark plate."""
    inner = rect.adjusted(6, 6, -6, -6).toRect()
    rows = [
        y
        for y in range(inner.top(), inner.bottom())
        if any(QColor(image.pixel(x, y)).lightness() > 160 for x in range(inner.left(), inner.right()))
    ]
    return (rows[-1] - rows[0] + 1) if rows else 0


def test_a_click_in_presentation_starts_that_pathway_from_the_top(qtbot, window, pack) -> None:  # type: ignore[no-untyped-def]
    window.trigger("present")
    click(qtbot, window, "gluteus_maximus")
    assert window.selection.current == "gluteus_maximus"
    assert lit(window) == {"gluteus_maximus"}
    assert window.presentation.overlay.frame.caption.text == "gluteus maximus"
    focus_canvas(qtbot, window)
    qtbot.keyClick(window.canvas, Qt.Key.Key_End)
    assert lit(window) == trace(pack, "gluteus_maximus").structures
    assert window.presentation.overlay.frame.caption.text.endswith("inferior gluteal → gluteus maximus")


def test_hall_labels_are_the_only_names_and_never_overlap_on_a_pathway_of_muscles_and_skin(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "femoral_nerve")
    window.trigger("present")
    window.trigger("step_last")
    window.presentation.overlay.repaint()
    # The drawing's own names, the canvas's labels and the segment tags would lie under the hall labels.
    assert b"<text" not in window.scene.drawn_svg()
    assert window.scene.labels.shown() == []
    assert not any(item.isVisible() for item in window.scene.segment_tags())
    labels = window.presentation.overlay.painter.layout.labels
    names = {label.structure_id for label in labels}
    assert {"articularis_genus", "vastus_medialis"} <= names
    assert any(window.pack.structures[n].kind.value == "skin" for n in names)
    rects = [label.rect for label in labels]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), "compartment labels never overlap"
    window.trigger("clear")
    assert not window.presentation.active
    assert window.scene.diagram_text


def test_a_root_names_its_muscles_by_compartment_when_more_than_a_dozen_are_lit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "l4")
    window.trigger("present")
    window.trigger("step_last")
    window.presentation.overlay.repaint()
    labels = window.presentation.overlay.painter.layout.labels
    lit_targets = [s for s in window.scene.lit.structures if window.pack.structures[s].kind.value in ("muscle", "skin")]
    assert len(lit_targets) > 12
    kinds = {label.text: window.pack.structures[label.structure_id].kind.value for label in labels}
    target_labels = [text for text, kind in kinds.items() if kind in ("muscle", "skin")]
    assert len(target_labels) <= 12
    assert any(text.startswith("Anterior thigh (") for text in target_labels)
    rects = [label.rect for label in labels if kinds[label.text] in ("muscle", "skin")]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), "compartment labels never overlap"
    window.trigger("clear")
