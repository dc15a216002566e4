"""The fact panel's disputes and sources, the Show variants toggle and the Divisions layer, as a user meets them."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from viewer.model.divisions import Division
from viewer.model.settings import load_settings
from viewer.qt.canvas.divisions_layer import COLOURS


def click(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    pos = window.canvas.view_pos_of(structure_id)
    assert window.canvas.viewport().rect().contains(pos)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def is_near(colour: QColor, hex_colour: str, tolerance: int = 40) -> bool:
    want = QColor(hex_colour)
    return max(abs(colour.red() - want.red()), abs(colour.green() - want.green()), abs(colour.blue() - want.blue())) <= tolerance


def test_tibialis_anterior_panel_shows_the_supply_drawn_and_each_alternative_with_its_source(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "tibialis_anterior")
    assert window.selection.current == "tibialis_anterior"
    text = " ".join(window.fact_panel.toPlainText().split())
    assert "Segmental supply" in text
    assert "References disagree — segmental supply" in text
    assert "Drawn: L4, L5" in text
    pack = window.pack
    (dispute,) = [d for d in pack.structures["tibialis_anterior"].disputes if d.field == "segments"]
    alternatives = [a for a in dispute.values if a.value != "L4, L5"]
    assert len(alternatives) >= 2
    after = text.split("Alternatives:", 1)[1]
    for alt in alternatives:
        line = after.split(alt.value, 1)[1][:400]
        for key in alt.sources:
            assert " ".join(pack.sources[key].title.split()) in line, (alt.value, key)


def test_panel_sources_are_numbered_links_and_division_is_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "femoral_nerve")
    html = window.fact_panel.toHtml()
    text = window.fact_panel.toPlainText()
    assert "Division" in text and "POST" in text and "Posterior" in text
    assert "Exit" in text and "inguinal ligament" in text
    assert 'href="https://en.wikipedia.org/wiki/Femoral_nerve"' in html
    click(qtbot, window, "obturator_nerve")
    assert "ANT" in window.fact_panel.toPlainText()


def test_panel_links_work_from_the_keyboard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.selection.select("tibialis_anterior")
    panel = window.fact_panel
    panel.setFocus()
    qtbot.waitUntil(panel.hasFocus)
    # The caret, moved as the arrows move it, to the first link; Enter follows it.
    assert panel.find("Deep fibular nerve")
    cursor = panel.textCursor()
    cursor.setPosition(cursor.selectionStart())
    panel.setTextCursor(cursor)
    with qtbot.waitSignal(window.selection.changed):
        qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert window.selection.current == "deep_fibular_nerve"


def test_the_accessory_obturator_is_marked_as_a_variant(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "accessory_obturator_nerve")
    text = window.fact_panel.toPlainText()
    assert "VARIANT" in text and "inconstant" in text
    assert "how often it is present" in text


def test_hiding_variants_takes_them_off_the_canvas_and_out_of_tracing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    action = window.actions_by_id["show_variants"]
    assert action.isCheckable() and action.isChecked()
    geometry = window.scene.geometry
    where = geometry.centre_of("accessory_obturator_nerve")
    box = geometry.boxes["accessory_obturator_nerve"]
    window.canvas.zoom_to(box.adjusted(-150, -150, 150, 150))

    def darkest_in_label() -> int:
        image: QImage = window.canvas.viewport().grab().toImage()
        points = (QPointF(x, y) for x in range(int(box.left()) + 4, int(box.right()) - 4) for y in (box.top() + 15, box.top() + 30))
        return min(image.pixelColor(window.canvas.mapFromScene(p)).lightness() for p in points)

    qtbot.waitUntil(lambda: darkest_in_label() < 100)  # its label is drawn

    window.trigger("show_variants")
    assert not action.isChecked()
    assert load_settings()[0].show_variants is False
    assert geometry.structure_at(where) is None  # nothing is there to click
    qtbot.waitUntil(lambda: darkest_in_label() > 240)  # and now it is not
    window.trigger("fit")
    click(qtbot, window, "l3")
    lit = window.scene.lit.structures
    assert "femoral_nerve" in lit and "obturator_nerve" in lit
    assert "accessory_obturator_nerve" not in lit

    window.trigger("show_variants")
    assert action.isChecked() and load_settings()[0].show_variants is True
    assert geometry.structure_at(where) == "accessory_obturator_nerve"
    assert "accessory_obturator_nerve" in window.scene.lit.structures  # L3 is retraced


def test_hidden_variants_stay_hidden_in_the_next_session(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import MainWindow

    first = MainWindow(pack)
    qtbot.addWidget(first)
    first.trigger("show_variants")
    first.trigger("show_divisions")
    first.close()
    second = MainWindow(pack)
    qtbot.addWidget(second)
    assert not second.actions_by_id["show_variants"].isChecked()
    assert second.actions_by_id["show_divisions"].isChecked() and second.scene.divisions_visible
    geometry = second.canvas.ensure_geometry()
    assert geometry.structure_at(geometry.centre_of("accessory_obturator_nerve")) != "accessory_obturator_nerve"
    second.selection.select("l4")
    assert "accessory_obturator_nerve" not in second.scene.lit.structures


def test_divisions_layer_marks_femoral_posterior_and_obturator_anterior(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    action = window.actions_by_id["show_divisions"]
    assert action.isCheckable() and not action.isChecked() and not window.scene.divisions_visible
    boxes = window.scene.geometry.boxes

    def outlined(sid: str, division: Division) -> bool:
        """Whether the strip just left of the box shows the division's outline colour."""
        box = boxes[sid]
        image: QImage = window.canvas.viewport().grab().toImage()
        strip = (image.pixelColor(window.canvas.mapFromScene(QPointF(box.left() + dx, box.center().y()))) for dx in range(-11, -2))
        return any(is_near(c, COLOURS[division].name(), 24) for c in strip)

    window.canvas.zoom_to(boxes["femoral_nerve"].united(boxes["obturator_nerve"]).adjusted(-60, -60, 60, 60))
    assert not outlined("femoral_nerve", Division.POSTERIOR)
    window.trigger("show_divisions")
    assert action.isChecked() and window.scene.divisions_visible
    assert load_settings()[0].show_divisions is True
    qtbot.waitUntil(lambda: outlined("femoral_nerve", Division.POSTERIOR))
    assert outlined("obturator_nerve", Division.ANTERIOR) and not outlined("obturator_nerve", Division.POSTERIOR)
    window.canvas.zoom_to(boxes["tibial_nerve"].united(boxes["common_fibular_nerve"]).adjusted(-60, -60, 60, 60))
    qtbot.waitUntil(lambda: outlined("common_fibular_nerve", Division.POSTERIOR))
    assert outlined("tibial_nerve", Division.ANTERIOR) and not outlined("tibial_nerve", Division.POSTERIOR)
    # with L4 lit, the marks of what L4 does not reach fade under the veil with the rest
    window.trigger("fit")
    click(qtbot, window, "l4")
    window.canvas.zoom_to(boxes["genitofemoral_nerve"].united(boxes["femoral_nerve"]).adjusted(-60, -60, 60, 60))
    qtbot.waitUntil(lambda: outlined("femoral_nerve", Division.POSTERIOR))
    assert not outlined("genitofemoral_nerve", Division.ANTERIOR)
    assert not outlined("lateral_femoral_cutaneous_nerve", Division.POSTERIOR)
    window.trigger("show_divisions")
    assert not window.scene.divisions_visible and load_settings()[0].show_divisions is False


def test_the_sheet_keeps_its_width_when_a_long_one_needs_the_scroll_bar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The bar's place is kept blank while the text fits, so a long sheet neither jumps sideways
    nor is laid out twice; once there is something to scroll, the bar is drawn and scrolls."""
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366)
    panel = window.fact_panel
    bar = panel.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.isVisible())
    assert bar.maximum() == 0  # the welcome page fits
    base = bar.palette().color(QPalette.ColorRole.Base)
    blank = bar.grab().toImage()
    assert {blank.pixelColor(blank.width() // 2, y).name() for y in range(0, blank.height(), 7)} == {base.name()}
    text_width = panel.viewport().width()
    click(qtbot, window, "femoral_nerve")
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    assert panel.viewport().width() == text_width
    drawn = bar.grab().toImage()
    assert {drawn.pixelColor(drawn.width() // 2, y).name() for y in range(0, drawn.height(), 7)} != {base.name()}
    bar.setValue(bar.maximum())
    assert panel.cursorForPosition(panel.viewport().rect().bottomLeft()).block().text().strip() != ""


def test_at_fit_a_hidden_variant_loses_its_label_and_gets_it_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """At fit the names are the label layer's: hiding the variants takes the accessory obturator
    nerve's name off the canvas with its box, and showing them puts it back."""
    window.trigger("fit")
    canvas = window.canvas
    qtbot.waitUntil(lambda: window.scene.labels is not None and window.scene.labels.active)

    def label_rect():  # type: ignore[no-untyped-def]
        for item in window.scene.labels.shown():
            if item.candidate.key == "accessory_obturator_nerve":
                return QRectF(QPointF(canvas.mapFromScene(item.pos())), item.rect.size()).toRect()
        return None

    rect = label_rect()
    assert rect is not None

    def darkest() -> int:
        image: QImage = canvas.viewport().grab().toImage()
        return min(image.pixelColor(x, y).lightness() for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom()))

    qtbot.waitUntil(lambda: darkest() < 100)  # its name is drawn
    window.trigger("show_variants")
    assert label_rect() is None
    qtbot.waitUntil(lambda: darkest() > 150)  # no text there now, only faint lines at most
    window.trigger("show_variants")
    assert label_rect() == rect
    qtbot.waitUntil(lambda: darkest() < 100)
