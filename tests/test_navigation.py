"""Moving about the drawing as a hand does: the wheel and a pinch zoom about the pointer, a drag
pans, keys zoom about the middle — real events sent to the real window, at the sizes people use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication

SIZES = [(1366, 768), (1920, 1080)]


def wheel(view, pos: QPoint, notches: int) -> None:  # type: ignore[no-untyped-def]
    """Turn the mouse wheel `notches` notches (positive: away from the user, zoom in) with the pointer at `pos`."""
    viewport = view.viewport()
    for _ in range(abs(notches)):
        event = QWheelEvent(
            QPointF(pos),
            QPointF(viewport.mapToGlobal(pos)),
            QPoint(0, 0),
            QPoint(0, 120 if notches > 0 else -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)


def pinch(view, pos: QPoint, amount: float) -> None:  # type: ignore[no-untyped-def]
    viewport = view.viewport()
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        QPointF(pos),
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        amount,
        QPointF(0, 0),
    )
    QApplication.sendEvent(viewport, event)


def scene_under(view, pos: QPoint) -> QPointF:  # type: ignore[no-untyped-def]
    inverse, _ok = view.viewportTransform().inverted()
    return inverse.map(QPointF(pos))


def pixels_moved(view, scene_point: QPointF, pos: QPoint) -> float:  # type: ignore[no-untyped-def]
    now = view.viewportTransform().map(scene_point)
    return max(abs(now.x() - pos.x()), abs(now.y() - pos.y()))


@pytest.mark.parametrize("size", SIZES)
def test_the_wheel_zooms_about_the_pointer(qtbot, window, size) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.resize(*size)
    qtbot.waitUntil(lambda: w.canvas.viewport().width() > 300)
    canvas = w.canvas
    pos = canvas.view_pos_of("deep_fibular_nerve")
    assert canvas.viewport().rect().contains(pos)
    target = scene_under(canvas, pos)
    scale = canvas.transform().m11()
    wheel(canvas, pos, 3)
    assert canvas.transform().m11() > scale * 1.5  # zoomed in
    assert pixels_moved(canvas, target, pos) <= 2
    assert canvas.ensure_geometry().structure_at(scene_under(canvas, pos)) == "deep_fibular_nerve"
    wheel(canvas, pos, -2)
    assert pixels_moved(canvas, target, pos) <= 2


def test_a_pinch_zooms_about_the_fingers_and_keys_about_the_middle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    pos = canvas.view_pos_of("tibialis_anterior")
    target = scene_under(canvas, pos)
    scale = canvas.transform().m11()
    pinch(canvas, pos, 0.5)
    assert canvas.transform().m11() == pytest.approx(scale * 1.5, rel=0.01)
    assert pixels_moved(canvas, target, pos) <= 2
    middle = canvas.viewport().rect().center()
    centre = scene_under(canvas, middle)
    window.trigger("zoom_in")
    assert pixels_moved(canvas, centre, middle) <= 2


def test_a_drag_pans_and_does_not_select(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    window.trigger("zoom_in")
    window.trigger("zoom_in")
    start = canvas.view_pos_of("femoral_nerve")
    grabbed = scene_under(canvas, start)
    end = start + QPoint(-120, -80)
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(canvas.viewport(), start + (end - start) * step / 10)
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert pixels_moved(canvas, grabbed, end) <= 2  # the drawing followed the hand
    assert window.session.selected is None  # a drag is not a click


def test_the_skin_map_zooms_about_the_pointer_too(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.trigger("skin_map")
    view = window.skin_map.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 100)
    pos = view.view_pos_of("dermatome_l5")
    target = scene_under(view, pos)
    wheel(view, pos, 2)
    assert view.transform().m11() > 1.0 * view._fit_scale() * 1.3
    assert pixels_moved(view, target, pos) <= 2
