"""Legible at fit: every label drawn is at least 11 px on screen, none overlaps another, every
nerve is named, and the muscles' own names appear as the zoom makes room for them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from viewer.model.records import Kind
from viewer.qt.canvas.label_layer import MIN_PIXELS, smallest_text_units

SIZES = [(1920, 1080), (1366, 768)]
#: For each bundled pack: a muscle in the thick of the drawing, a leaf on a pathway too small
#: to read at fit, and a cutaneous nerve with a pathway of its own.
PICKS = {
    "lumbosacral": {"muscle": "gluteus_medius", "small": "flexor_hallucis_brevis", "nerve": "sural_nerve"},
    "brachial": {"muscle": "deltoid", "small": "adductor_pollicis", "nerve": "superficial_branch_of_radial_nerve"},
}


def pick(window, what: str) -> str:  # type: ignore[no-untyped-def]
    return PICKS[window.pack.data_path.stem][what]


def at_fit(window, qtbot, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().width() == width and window.size().height() == height)
    window.canvas.fit()
    qtbot.waitUntil(lambda: window.scene.labels.scale == pytest.approx(window.canvas.transform().m11()))


def shown_labels(window):  # type: ignore[no-untyped-def]
    """The label layer's labels on screen: (what each names, its text, its rectangle in viewport pixels, its pixel size)."""
    canvas = window.canvas
    out = []
    for item in window.scene.labels.shown():
        top_left = canvas.mapFromScene(item.pos())
        rect = QRectF(QPointF(top_left), item.rect.size())
        out.append((item.candidate.key, item.text, rect, item.font.pixelSize() * canvas.devicePixelRatioF()))
    return out


def svg_text_pixels(window) -> float:  # type: ignore[no-untyped-def]
    """How tall the drawing's own smallest text is on screen, or infinity when the drawing is shown without text."""
    scene = window.scene
    if b"<text" not in scene.drawn_svg():
        return float("inf")
    return smallest_text_units(scene.drawn_svg()) * window.canvas.transform().m11() * window.canvas.devicePixelRatioF()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_at_fit_every_label_is_legible_every_nerve_named_and_none_overlaps(bundled_window, qtbot, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    at_fit(window, qtbot, width, height)
    labels = shown_labels(window)
    assert svg_text_pixels(window) >= MIN_PIXELS, "the drawing's own text would be drawn too small to read"
    small = [(key, px) for key, _text, _rect, px in labels if px < MIN_PIXELS]
    assert not small
    named = {key: " ".join(text.split()) for key, text, _rect, _px in labels}
    for structure in window.pack.structures.values():
        if structure.kind is Kind.NERVE:
            assert named.get(structure.id) == structure.name, f"{structure.name} is not named at fit in {width}x{height}"
    for i, (key, _t, rect, _p) in enumerate(labels):
        for other, _t2, rect2, _p2 in labels[i + 1 :]:
            assert not rect.intersects(rect2), f"{key} and {other} overlap"
    # The labels lie on the canvas, not cut by its edges.
    view = QRectF(window.canvas.viewport().rect())
    assert all(view.contains(rect) for _k, _t, rect, _p in labels)


def test_zooming_in_names_the_muscles_and_then_shows_the_drawings_own_text(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    muscle = pick(window, "muscle")
    at_fit(window, qtbot, 1366, 768)
    canvas = window.canvas
    muscles = {s.id for s in window.pack.structures.values() if s.kind is Kind.MUSCLE}
    at_fit_count = sum(1 for key, *_ in shown_labels(window) if key in muscles)
    for _ in range(4):
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    canvas.centerOn(window.scene.geometry.centre_of(muscle))
    zoomed = shown_labels(window)
    assert sum(1 for key, *_ in zoomed if key in muscles) > at_fit_count
    assert all(px >= MIN_PIXELS for *_x, px in zoomed)
    assert muscle in {key for key, *_ in zoomed}
    # Far enough in, the drawing's own text is large enough and takes over from the layer.
    while canvas.transform().m11() < 1.0:
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert svg_text_pixels(window) >= MIN_PIXELS
    # The labels stay until the view has drawn the drawing's own text, then give way to it.
    qtbot.waitUntil(lambda: not window.scene.text_pending, timeout=10000)
    assert shown_labels(window) == []


def test_segment_tags_wait_for_the_zoom_that_makes_them_legible(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    at_fit(window, qtbot, 1920, 1080)
    window.selection.select(pick(window, "muscle"))
    qtbot.waitUntil(lambda: window.scene.lit is not None)
    canvas = window.canvas
    canvas.fit()
    tags = window.scene.segment_tags()
    assert tags
    assert not any(item.isVisible() for item in tags)  # 11 units of text at fit would be 4 px
    while canvas.transform().m11() < 1.0:
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    tags = window.scene.segment_tags()
    assert tags
    assert all(item.isVisible() for item in tags)


def test_study_mode_labels_name_nothing_it_asks(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    at_fit(window, qtbot, 1920, 1080)
    window.study.start()
    qtbot.waitUntil(lambda: window.session.modes.active == "study")
    hidden = window.scene.unlabelled
    assert hidden
    assert not [key for key, *_ in shown_labels(window) if key in hidden]


def test_selecting_from_the_list_frames_a_pathway_too_small_to_read(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    small = pick(window, "small")
    at_fit(window, qtbot, 1366, 768)
    canvas = window.canvas
    fit_scale = canvas.transform().m11()
    window.selection.select(small)
    qtbot.waitUntil(lambda: canvas.transform().m11() > fit_scale)
    view = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert view.contains(window.scene.geometry.boxes[small])
    assert small in {key for key, *_ in shown_labels(window)} or svg_text_pixels(window) >= MIN_PIXELS


def test_shift_f_frames_the_selection_and_auto_framing_can_be_turned_off(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = bundled_window
    at_fit(window, qtbot, 1366, 768)
    canvas = window.canvas
    window.actions_by_id["auto_frame"].trigger()  # off
    assert not window.appearance.settings.auto_frame
    fit_scale = canvas.transform().m11()
    window.selection.select(pick(window, "nerve"))
    assert canvas.transform().m11() == pytest.approx(fit_scale)  # left where it was
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_F, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.transform().m11() > fit_scale
    view = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    for sid in window.session.canvas().trace.structures:
        box = window.scene.geometry.boxes.get(sid)
        if box is not None:
            assert view.contains(box), f"{sid} of the selected nerve's pathway is outside the framed view"


def test_a_label_is_a_target_and_a_compartment_label_opens_the_compartment(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    at_fit(window, qtbot, 1366, 768)
    canvas = window.canvas
    labels = {key: rect for key, _text, rect, _px in shown_labels(window)}
    rect = labels["posterior_femoral_cutaneous_nerve"]
    # A point of the name past the nerve's small box at this zoom, over strands or nothing (a box there wins).
    geometry = window.scene.geometry

    def on_a_box(p) -> bool:  # type: ignore[no-untyped-def]
        hit = geometry.structure_at(canvas.mapToScene(p))
        return hit is not None and geometry.boxes[hit].contains(canvas.mapToScene(p))

    along = [QPointF(x, rect.center().y()).toPoint() for x in range(int(rect.right()) - 3, int(rect.left()), -3)]
    point = next(p for p in along if not on_a_box(p))
    assert geometry.structure_at(canvas.mapToScene(point)) != "posterior_femoral_cutaneous_nerve"
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selection.current == "posterior_femoral_cutaneous_nerve"
    window.selection.clear()

    group = max(window.scene.labels.shown(), key=lambda item: len(item.candidate.members))
    assert len(group.candidate.members) >= 3
    members = set(group.candidate.members)
    named_before = members & {key for key, *_ in shown_labels(window)}
    fit_scale = canvas.transform().m11()
    rect = next(r for key, _t, r, _p in shown_labels(window) if key == group.candidate.key)
    along = [QPointF(x, rect.center().y()).toPoint() for x in range(int(rect.left()) + 2, int(rect.right()), 3)]
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=next(p for p in along if not on_a_box(p)))
    assert canvas.transform().m11() > fit_scale
    assert window.selection.current is None  # opening a compartment selects nothing
    named_after = members & ({key for key, *_ in shown_labels(window)} if window.scene.textless else members)
    assert len(named_after) > len(named_before)
    view = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert all(view.contains(window.scene.geometry.boxes[m]) for m in members)


def test_the_divisions_layer_chips_and_key_wait_for_a_legible_zoom(bundled_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    window = bundled_window
    at_fit(window, qtbot, 1920, 1080)
    window.actions_by_id["show_divisions"].trigger()
    layer = window.scene.divisions_layer
    assert layer is not None and layer.visible
    scale = window.canvas.transform().m11()

    def shown_text() -> list[float]:
        return [
            item.font().pixelSize() * window.canvas.transform().m11()
            for group in layer.groups()
            for item in group.childItems()
            if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible()
        ]

    assert all(px >= MIN_PIXELS for px in shown_text())
    assert len(shown_text()) < sum(1 for g in layer.groups() for i in g.childItems() if isinstance(i, QGraphicsSimpleTextItem))
    while window.canvas.transform().m11() < 1.0:
        qtbot.keyClick(window.canvas, Qt.Key.Key_Plus)
    assert window.canvas.transform().m11() > scale
    assert shown_text() and all(px >= MIN_PIXELS for px in shown_text())
    assert any(
        item.text() == "ANT"
        for g in layer.groups()
        for item in g.childItems()
        if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible()
    )


def test_lesion_words_wait_for_a_legible_zoom(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QGraphicsSimpleTextItem

    at_fit(window, qtbot, 1920, 1080)
    window.trigger("lesion_mode")
    mode = window.lesion_mode
    qtbot.waitUntil(lambda: mode.panel.isVisible())
    mode.panel.filter.setText("fibular neck")
    qtbot.keyClick(mode.panel.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: mode.result is not None)
    canvas = window.canvas

    def words() -> list[tuple[str, float]]:
        scale = canvas.transform().m11()
        return [
            (i.text(), i.font().pixelSize() * scale) for i in mode.overlay.items if isinstance(i, QGraphicsSimpleTextItem) and i.isVisible()
        ]

    assert all(px >= MIN_PIXELS for _w, px in words())
    while canvas.transform().m11() < 1.0:
        qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert {"PARALYSED", "NUMB"} <= {w for w, _px in words()}
    assert all(px >= MIN_PIXELS for _w, px in words())


def test_the_first_frame_is_named_and_sharp_and_the_drawing_read_once(qtbot, pack, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A window settles its size before its first frame: the labels are placed once, for the
    # size that frame is painted at; the drawing is read once, already without its text; and
    # the first frame is drawn with antialiasing (drafts are for frames after a click, a zoom
    # or a pan).
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    from viewer.qt.canvas.label_layer import LabelLayer
    from viewer.qt.shell.window import MainWindow

    placed: list[float] = []
    real_place = LabelLayer.place

    def counting_place(self, scale, active, *rest):  # type: ignore[no-untyped-def]
        if active:
            placed.append(scale)
        return real_place(self, scale, active, *rest)

    loads: list[int] = []
    real_load = QSvgRenderer.load

    def counting_load(self, *args):  # type: ignore[no-untyped-def]
        loads.append(1)
        return real_load(self, *args)

    monkeypatch.setattr(LabelLayer, "place", counting_place)
    monkeypatch.setattr(QSvgRenderer, "load", counting_load)
    window = MainWindow(pack)
    qtbot.addWidget(window)
    hints = []
    window.canvas.first_painted.connect(lambda: hints.append(window.canvas.renderHints()))
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: bool(hints))
    assert window.scene.textless and loads == []  # read once, by the scene's own renderer, as shown
    assert len(placed) == 1 and placed[0] == pytest.approx(window.canvas.transform().m11())
    assert window.scene.labels.shown()
    assert hints[0] & QPainter.RenderHint.Antialiasing


def test_a_selection_made_before_the_first_frame_keeps_its_tags_waiting_for_zoom(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    # As `--select` does: the pathway is lit before the window is shown and before the
    # hit-test index exists; when the index comes, the tags it draws still wait for the zoom.
    from viewer.qt.shell.window import MainWindow

    window = MainWindow(pack)
    qtbot.addWidget(window)
    window.selection.select("gluteus_medius")
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: window.scene.geometry is not None)
    tags = window.scene.segment_tags()
    assert tags and not any(item.isVisible() for item in tags)
    assert "gluteus_medius" in {item.candidate.key for item in window.scene.labels.shown()}


def test_after_clicks_and_zooms_the_labels_stand_where_a_fresh_placement_puts_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A click places the labels again and keeps where the roots and nerves stood at that scale:
    after clicks, a zoom and back, and a hidden variant, every label shown (and where, and how
    set) is what placing them all afresh gives."""
    from viewer.qt.canvas.label_layer import LabelLayer

    at_fit(window, qtbot, 1366, 768)
    canvas, scene = window.canvas, window.scene

    def placed(layer: LabelLayer) -> dict[str, tuple[float, float, str, float]]:
        return {i.candidate.key: (round(i.pos().x(), 6), round(i.pos().y(), 6), i.text, i.zValue()) for i in layer.items if i.isVisible()}

    def afresh() -> dict[str, tuple[float, float, str, float]]:
        layer = scene.labels
        fresh = LabelLayer([i.candidate for i in layer.items], QColor("black"), QColor("white"), layer.drawing)
        lit = scene.lit.structures if scene.lit is not None else ()
        fresh.place(layer.scale, True, scene.unlabelled, scene.hidden_elements, lit)
        return placed(fresh)

    seen = []
    for step in (
        "sciatic_nerve",
        "l4",
        "zoom",
        "gluteus_medius",
        "hide variants",
        "femoral_nerve",
        "text and back",
        "present and back",
        "names off and on",
        "clear",
    ):
        if step == "zoom":
            qtbot.keyClick(canvas, Qt.Key.Key_Plus)
            qtbot.keyClick(canvas, Qt.Key.Key_Minus)
        elif step == "text and back":  # far enough in, the drawing names itself and the layer hides every label
            while canvas.transform().m11() < 1.0:
                qtbot.keyClick(canvas, Qt.Key.Key_Plus)
            qtbot.waitUntil(lambda: not scene.labels.active)
            window.trigger("fit")
        elif step == "present and back":  # presentation names the drawing its own way, then gives the window back
            qtbot.keyClick(canvas, Qt.Key.Key_F5)
            qtbot.waitUntil(lambda: window.session.modes.active == "present")
            qtbot.keyClick(canvas, Qt.Key.Key_F5)
            qtbot.waitUntil(lambda: window.session.modes.active is None)
            window.trigger("fit")
        elif step == "names off and on":  # another painter names the drawing for a while, at this very scale
            scene.set_diagram_text(False)
            assert not scene.labels.shown()
            scene.set_diagram_text(True)
        elif step == "hide variants":
            window.actions_by_id["show_variants"].trigger()
        elif step == "clear":
            window.selection.clear()
        else:
            pos = canvas.view_pos_of(step)
            qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
            assert window.selection.current == step
        qtbot.waitUntil(lambda: scene.labels.scale == pytest.approx(canvas.transform().m11()))
        now = placed(scene.labels)
        assert now == afresh(), step
        seen.append(now)
    # Lit labels rise above the veil and sink again: the placements differ from step to step.
    assert len({tuple(sorted(p.items())) for p in seen}) >= 4
