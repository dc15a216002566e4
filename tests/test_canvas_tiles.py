"""The canvas draws its background from tiles per zoom level: what it shows must not change.

At fit the tiled canvas draws what the single cached background drew; a zoom shows the old
tiles scaled at once and then sharpens to exactly what a direct render shows; a pan reuses
tiles; a zoom across the size where the drawing's own text turns on or off renders nothing
in its frames; a theme or a hidden layer renders them again. The frames of a click, a zoom
or a pan are drafts (no antialiasing), drawn sharp when the hand rests.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

from viewer.model.settings import Theme

#: Channel difference that counts as a different pixel.
TOLERANCE = 24


def picture(window) -> QImage:  # type: ignore[no-untyped-def]
    viewport = window.canvas.viewport()
    viewport.repaint()
    return viewport.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def direct(window) -> QImage:  # type: ignore[no-untyped-def]
    """The canvas as it is now, its background rendered straight from the scene."""
    canvas = window.canvas
    canvas.tiled = False
    try:
        return picture(window)
    finally:
        canvas.tiled = True


def differing(a: QImage, b: QImage) -> int:
    """How many pixels of `a` and `b` differ by more than the tolerance in some channel."""
    assert a.size() == b.size()
    d = QImage(a)
    painter = QPainter(d)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, b)
    painter.end()
    rgb = bytes(d.constBits())
    return sum(1 for i in range(0, len(rgb), 4) if max(rgb[i : i + 3]) > TOLERANCE)


def close_enough(a: QImage, b: QImage) -> bool:
    # Qt dashes a long stroke from where its clip begins: a dashed strand crossing a tile may
    # start its pattern a pixel apart from the same strand drawn whole. Allow 0.1% of pixels.
    return differing(a, b) <= a.width() * a.height() // 1000


def wheel(window, pos: QPoint, notches: int) -> None:  # type: ignore[no-untyped-def]
    viewport = window.canvas.viewport()
    event = QWheelEvent(
        QPointF(pos), QPointF(viewport.mapToGlobal(pos)), QPoint(), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)
    QApplication.processEvents()


def drag(window, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    viewport = window.canvas.viewport()

    def send(kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)
        QApplication.processEvents()

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 5):
        send(QEvent.Type.MouseMove, start + (end - start) * step / 4, Qt.MouseButton.NoButton, left)
    send(QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)


def settled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    tiles = window.canvas.tiles
    qtbot.waitUntil(lambda: not tiles.sharpening and tiles.idle, timeout=10000)


def test_at_fit_the_tiled_canvas_draws_what_the_cached_background_drew(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() < 1366 * 0.9)
    settled(qtbot, window)
    tiled = picture(window)
    canvas = window.canvas
    canvas.tiled = False
    canvas.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)  # the view as it was
    canvas.resetCachedContent()
    cached = picture(window)
    assert differing(tiled, cached) <= tiled.width() * tiled.height() // 2000


def test_a_wheel_zoom_shows_scaled_tiles_at_once_and_sharpens_to_a_direct_render(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # Past the zoom at which the drawing's own names take over from the fixed-size labels.
    window.canvas.zoom_by(3.0)
    settled(qtbot, window)
    tiles = window.canvas.tiles
    before = tiles.rendered
    viewport = window.canvas.viewport()
    for _ in range(3):
        wheel(window, QPoint(viewport.width() // 3, viewport.height() // 3), 1)
    # The frames of the zoom rendered nothing: they scaled the tiles the view had.
    assert tiles.rendered == before and tiles.sharpening
    blurred = picture(window)
    assert not close_enough(blurred, direct(window))
    settled(qtbot, window)
    assert tiles.rendered > before
    assert close_enough(picture(window), direct(window))


def test_a_zoom_across_the_size_where_the_drawing_names_itself_renders_nothing_in_its_frames(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # At fit the drawing is shown without its own text, named by fixed-size labels; a few
    # notches in, its own text is legible and takes over. Neither switch may make a frame
    # wait for QtSvg: the other picture's tiles are scaled until the new ones are ready.
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() < 1366 * 0.9)
    settled(qtbot, window)
    scene, tiles = window.scene, window.canvas.tiles
    assert scene.textless
    viewport = window.canvas.viewport()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    before = tiles.rendered
    notches = 0
    while scene.textless:
        wheel(window, centre, 1)
        notches += 1
        assert notches < 20
    assert tiles.rendered == before  # across the switch in: nothing rendered in a frame
    # Until the drawing's own names are drawn, the fixed-size labels stay: names never vanish.
    assert any(item.isVisible() for item in scene.labels.items)
    settled(qtbot, window)
    assert close_enough(picture(window), direct(window))
    shown = [item for item in scene.labels.items if item.isVisible()]
    assert not shown  # the drawing names itself now
    before = tiles.rendered
    for _ in range(notches):
        wheel(window, centre, -1)
    assert scene.textless and tiles.rendered == before  # and back out: nothing rendered either
    assert any(item.isVisible() for item in scene.labels.items)
    settled(qtbot, window)
    assert close_enough(picture(window), direct(window))


def test_a_zoom_out_from_deep_in_shows_the_whole_drawing_without_waiting(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # Zoomed far in, the view's tiles hold a small part of the drawing; zooming out shows the
    # rest at once from a level that holds all of it (the fitted view's, or a preview).
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() < 1366 * 0.9)
    settled(qtbot, window)
    viewport = window.canvas.viewport()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    for _ in range(12):
        wheel(window, centre, 1)
        settled(qtbot, window)
    tiles = window.canvas.tiles
    before = tiles.rendered
    for _ in range(12):
        wheel(window, centre, -1)
    assert tiles.rendered == before
    settled(qtbot, window)
    assert close_enough(picture(window), direct(window))


def test_a_click_is_drawn_as_a_draft_and_sharp_when_the_hand_rests(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() < 1366 * 0.9)
    settled(qtbot, window)
    canvas = window.canvas
    viewport = canvas.viewport()
    before = picture(window)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=canvas.view_pos_of("sciatic_nerve"))
    assert window.selection.current == "sciatic_nerve"
    assert canvas.drafting and not canvas.renderHints() & QPainter.RenderHint.Antialiasing
    draft = picture(window)
    # The tiles under it are sharp all the same: only what the click lit is drawn as a draft.
    assert canvas.tiles.hints & QPainter.RenderHint.Antialiasing
    paints = []

    class Counter(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                paints.append(canvas.renderHints())
            return False

    counter = Counter()
    viewport.installEventFilter(counter)
    qtbot.waitUntil(lambda: not canvas.drafting, timeout=3000)
    # The canvas is painted again by itself, sharp (after any draft frame painted meanwhile).
    qtbot.waitUntil(lambda: any(hints & QPainter.RenderHint.Antialiasing for hints in paints))
    viewport.removeEventFilter(counter)
    sharp = picture(window)
    # The same picture, its strands smoothed: far nearer the sharp one than the canvas before the click was.
    assert 0 < differing(draft, sharp) < differing(before, sharp) / 3
    assert close_enough(sharp, direct(window))


def test_a_pan_reuses_the_tiles_it_has(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    canvas.zoom_by(3.0)
    settled(qtbot, window)  # the view's tiles and a ring around them
    before = canvas.tiles.rendered
    centre = canvas.viewport().rect().center()
    drag(window, centre, centre + QPoint(-150, -90))
    assert canvas.tiles.rendered == before
    assert close_enough(picture(window), direct(window))


def test_a_theme_change_renders_the_tiles_again(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    canvas.zoom_by(1.5)
    settled(qtbot, window)
    light = picture(window)
    window.appearance.update(theme=Theme.DARK)
    qtbot.waitUntil(lambda: canvas.schematic.theme.name != "light")
    settled(qtbot, window)
    dark = picture(window)
    assert differing(light, dark) > dark.width() * dark.height() // 4
    assert close_enough(dark, direct(window))


def test_hiding_the_variants_renders_the_tiles_again(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    settled(qtbot, window)
    shown = picture(window)
    window.trigger("show_variants")
    settled(qtbot, window)
    hidden = picture(window)
    assert differing(shown, hidden) > 0
    assert close_enough(hidden, direct(window))
