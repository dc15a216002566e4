"""The modes that share the canvas, combined as a user combines them: one at a time, and
leaving any of them puts the window back as it was."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QGraphicsPathItem, QGraphicsRectItem, QGraphicsSimpleTextItem, QTabBar

from viewer.model.lesion import Status
from viewer.model.settings import Theme

MODES = ("study", "lesion", "localise", "present")
#: Each mode's own dock (presentation has none: it hides them all).
MODE_DOCKS = {"study": "dock_study", "lesion": "dock_lesion", "localise": "dock_localise"}


def dock(window, object_name: str) -> QDockWidget | None:  # type: ignore[no-untyped-def]
    return window.findChild(QDockWidget, object_name)


def front_tabs(window) -> set[str]:  # type: ignore[no-untyped-def]
    return {bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.parent() is window and bar.isVisible()}


def mode_visible(window, name: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a user sees mode `name`: its dock, or for presentation the hall overlay over a full screen."""
    if name == "present":
        return window.isFullScreen() and window.presentation.built("overlay") and window.presentation.overlay.isVisible()
    found = dock(window, MODE_DOCKS[name])
    return found is not None and found.isVisible()


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(MODES, 2)))
def test_entering_a_second_mode_leaves_the_first_and_leaving_restores_the_window(qtbot, window, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("common_fibular_nerve")
    qtbot.waitUntil(lambda: w.scene.lit is not None)
    size, tabs, docks = w.size(), front_tabs(w), {d.objectName() for d in w.findChildren(QDockWidget) if d.isVisible()}
    lit = w.scene.lit.structures

    w.session.modes.enter(first)
    assert w.session.modes.active == first and mode_visible(w, first)
    w.session.modes.enter(second)
    assert w.session.modes.active == second and mode_visible(w, second)
    assert not mode_visible(w, first), f"{first} still shows after entering {second}"
    if first in ("lesion", "localise") and second not in ("lesion", "localise"):
        assert not w.lesion_mode.overlay.items  # its overlay went with it

    w.session.modes.leave()
    assert w.session.modes.active is None
    assert not mode_visible(w, first) and not mode_visible(w, second)
    assert w.session.selected == "common_fibular_nerve"
    assert w.scene.lit is not None and w.scene.lit.structures == lit
    assert {d.objectName() for d in w.findChildren(QDockWidget) if d.isVisible()} == docks
    assert front_tabs(w) == tabs
    assert w.size() == size
    assert not w.lesion_mode.overlay.items if w.built("lesion_mode") else True
    assert w.statusBar().currentMessage() == ""


def test_ctrl_l_during_study_ends_the_study_session(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("study_start")
    assert w.study.active and w.study.dock.isVisible()
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.session.modes.active == "lesion"
    assert not w.study.active and not w.study.dock.isVisible()
    assert not w.scene.unlabelled  # the labels are back for the lesion picture
    assert w.actions_by_id["lesion_mode"].isChecked() and not w.actions_by_id["study_stop"].isEnabled()


def test_a_lesion_during_presentation_leaves_presentation(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l5")
    w.trigger("present")
    assert w.isFullScreen()
    w.trigger("lesion_mode")
    assert w.session.modes.active == "lesion"
    assert not w.isFullScreen() and not w.presentation.overlay.isVisible()
    assert w.menuBar().isVisible() and w.lesion_mode.dock.isVisible()


def presented_picture(qtbot, window, geometry) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """F5 from a window with `geometry`: the hall's scale and where the pathway's centre lands, once settled."""
    w = window
    w.setGeometry(geometry)
    qtbot.waitUntil(lambda: w.geometry() == geometry)
    w.selection.select("l5")
    w.trigger("present")
    screen = w.screen().geometry()
    viewport = w.canvas.viewport()
    qtbot.waitUntil(lambda: (viewport.width(), viewport.height()) == (screen.width(), screen.height()))
    qtbot.waitUntil(lambda: w.presentation.overlay.geometry() == viewport.geometry())
    qtbot.wait(50)  # the glide is off on the first frame; let a deferred reframe run
    box = QRectF()
    for sid in w.session.trace.structures:
        if sid in w.scene.geometry.boxes:
            box = box.united(w.scene.geometry.boxes[sid])
    centre = w.canvas.mapFromScene(box.center())
    picture = (w.canvas.transform().m11(), centre.x(), centre.y())
    w.trigger("present")
    assert not w.isFullScreen()
    return picture


def test_f5_from_a_screen_sized_window_fills_the_screen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The hall sees the same picture whether the window filled the screen before F5 or not."""
    w = window
    screen = w.screen().geometry()
    small = presented_picture(qtbot, w, screen.adjusted(40, 40, -300, -200))
    w.selection.clear()
    full = presented_picture(qtbot, w, screen)  # already screen-sized, as a maximised window is
    assert abs(full[0] - small[0]) / small[0] < 0.01
    assert abs(full[1] - small[1]) <= 2 and abs(full[2] - small[2]) <= 2
    assert w.presentation.overlay.width() == w.canvas.viewport().width() or not w.presentation.overlay.isVisible()


def test_f5_from_a_maximised_window_fills_the_screen_and_escape_restores_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized)
    w.selection.select("l5")
    w.trigger("present")
    screen = w.screen().geometry()
    viewport = w.canvas.viewport()
    qtbot.waitUntil(lambda: (viewport.width(), viewport.height()) == (screen.width(), screen.height()))
    qtbot.waitUntil(lambda: w.presentation.overlay.geometry() == viewport.geometry())
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    qtbot.waitUntil(w.isMaximized)
    assert w.session.modes.active is None and w.menuBar().isVisible()


def test_escape_after_presenting_keeps_the_trace_and_the_facts_tab(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("common_fibular_nerve")
    assert "Facts" in front_tabs(w)
    whole = w.scene.lit.structures
    w.trigger("present")
    qtbot.keyClick(w.canvas, Qt.Key.Key_PageDown)
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert w.session.modes.active is None and not w.isFullScreen()
    assert w.session.selected == "common_fibular_nerve"
    assert w.scene.lit is not None and w.scene.lit.structures == whole  # the whole pathway, not "start"
    assert "PageDown for more" not in w.caption.text()
    assert "Facts" in front_tabs(w) and "Pathway as text" not in front_tabs(w)


def test_a_theme_change_after_presenting_leaves_no_bands(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.resize(1900, 700)  # a wide window: the drawing has margins to the left and right
    w.trigger("present")
    w.trigger("present")
    assert not w.isFullScreen()
    w.appearance.update(theme=Theme.DARK)
    image = w.canvas.viewport().grab().toImage()
    background = QColor(w.scene.theme.background)
    for x in (8, image.width() - 9):  # inside the focus ring the canvas draws at its edge
        pixel = QColor(image.pixel(x, image.height() // 2))
        assert abs(pixel.lightness() - background.lightness()) < 12, f"a light band at x={x}: {pixel.name()}"


def test_a_root_lesion_marks_no_dermatome_on_the_schematic(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.lesion_mode.enter("l5")
    scene_rect = w.scene.sceneRect()
    overlay = w.lesion_mode.overlay
    outlines = [i for i in overlay.items[1:] if isinstance(i, (QGraphicsRectItem, QGraphicsPathItem))]  # [0] is the veil
    assert outlines and not [i for i in outlines if i.boundingRect().width() > scene_rect.width() * 0.5], "a frame around the schematic"
    words = [i.text() for i in overlay.items if isinstance(i, QGraphicsSimpleTextItem)]
    for item in overlay.items:
        if isinstance(item, QGraphicsSimpleTextItem):
            assert item.sceneBoundingRect().left() > scene_rect.left() + 40, f"a stray tag {item.text()!r} at the left edge"
    assert overlay.shown.get("dermatome_l5") is Status.REDUCED and words  # reported, but drawn on the skin map only


def test_leaving_localise_clears_its_status_line(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("localise")
    assert "Localise the lesion — case" in w.caption.text()
    w.localise_mode.panel.leave.click()
    assert w.session.modes.active is None
    assert "Localise" not in w.caption.text() and "Localise" not in w.statusBar().currentMessage()


def test_a_click_in_presentation_paints_once(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("present")
    qtbot.waitUntil(w.isFullScreen)
    painted: list[object] = []
    w.session.canvas_changed.connect(lambda spec: painted.append(spec.trace))
    w.selection.select("femoral_nerve")
    assert len(painted) == 1  # the first step only, not the whole pathway first
    assert painted[0] is not None and painted[0].structures == {"femoral_nerve"}


def test_the_session_modules_import_no_qt() -> None:
    import ast
    from pathlib import Path

    import viewer.session

    for path in Path(viewer.session.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.startswith(("PySide6", "shiboken6", "viewer.qt"))], path.name


def test_the_screen_is_not_left_dark_when_presentation_is_left_for_study(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    light = QColor(w.scene.theme.background).lightness()
    w.trigger("present")
    w.trigger("study_start")
    assert w.session.modes.active == "study"
    assert abs(QColor(w.scene.theme.background).lightness() - light) < 5
    assert QGuiApplication.primaryScreen() is not None
