"""The window as a student uses it: clicks on the canvas, the panel, the list, search."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage

from viewer.model.records import Kind
from viewer.palette import segment_style


def click(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    """Click where the user sees `structure_id` on the canvas."""
    canvas = window.canvas
    pos = canvas.view_pos_of(structure_id)
    assert canvas.viewport().rect().contains(pos), f"{structure_id} is off screen at {pos}"
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def lit_strands(window) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    trace = window.scene.lit
    assert trace is not None
    return {(window.pack.links[i].source, window.pack.links[i].target, seg) for i, seg in trace.strands}


def panel_text(window) -> str:  # type: ignore[no-untyped-def]
    return window.fact_panel.toPlainText()


def test_clicking_l4_lights_only_l4(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "l4")
    assert window.selection.current == "l4"
    strands = lit_strands(window)
    assert ("l4_posterior_division", "femoral_nerve", "L4") in strands
    assert ("lumbosacral_trunk_posterior_division", "superior_gluteal_nerve", "L4") in strands
    assert all(seg == "L4" for _, _, seg in strands)
    lit = window.scene.lit.structures
    assert "inferior_gluteal_nerve" not in lit and "nerve_to_obturator_internus" not in lit
    text = panel_text(window)
    assert text.startswith("L4")
    assert "Key muscle" in text and "Sources" in text
    assert "L4" in window.caption.text()
    # the list follows the canvas
    assert window.structure_list.tree.currentItem().text(0) == "L4"


def test_clicking_gluteus_medius_traces_its_supply(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "gluteus_medius")
    assert window.selection.current == "gluteus_medius"
    assert window.scene.lit.lit_segments(window.pack) == ("L4", "L5", "S1")
    text = panel_text(window)
    assert "Gluteus medius" in text and "Segmental supply" in text
    assert "Superior gluteal nerve" in text
    assert "Trendelenburg" in text


def test_clicking_the_common_fibular_nerve(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "common_fibular_nerve")
    assert window.selection.current == "common_fibular_nerve"
    lit = window.scene.lit.structures
    assert {"deep_fibular_nerve", "tibialis_anterior", "extensor_hallucis_longus", "sciatic_nerve"} <= lit
    assert "tibialis_posterior" not in lit
    assert "Root value" in panel_text(window)


def test_escape_and_empty_space_clear(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "femoral_nerve")
    assert window.selection.current == "femoral_nerve"
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.selection.current is None and window.scene.lit is None
    click(qtbot, window, "femoral_nerve")
    empty = window.canvas.mapFromScene(window.scene.sceneRect().topRight()) + QPoint(-30, 30)
    assert window.scene.geometry.structure_at(window.canvas.mapToScene(empty)) is None
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert window.selection.current is None
    assert "Click a root" in panel_text(window) or window.fact_panel.toPlainText()


def test_a_panel_link_selects_what_it_names(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.selection.select("piriformis")
    window.fact_panel.anchorClicked.emit(QUrl("structure:nerve_to_piriformis"))
    assert window.selection.current == "nerve_to_piriformis"
    assert panel_text(window).startswith("Nerve to piriformis")


def test_list_filter_and_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.structure_list.filter, "peroneus")
    visible = window.structure_list.visible_ids()
    assert {"fibularis_longus", "fibularis_brevis", "fibularis_tertius"} <= set(visible)
    assert "gluteus_medius" not in visible
    window.structure_list.tree.setCurrentItem(window.structure_list.items["fibularis_longus"])
    assert window.selection.current == "fibularis_longus"
    assert window.scene.lit is not None and "superficial_fibular_nerve" in window.scene.lit.structures


def test_search_with_ctrl_f(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.trigger("search")
    assert window.search.hasFocus() or window.focusWidget() is window.search
    qtbot.keyClicks(window.search, "Nervus ischiadicus")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.selection.current == "sciatic_nerve"
    window.search.clear()
    qtbot.keyClicks(window.search, "zzqx")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.selection.current == "sciatic_nerve"
    assert "No structure" in window.statusBar().currentMessage()


def test_back_and_forward(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "l5")
    click(qtbot, window, "tibialis_anterior")
    window.trigger("back")
    assert window.selection.current == "l5"
    window.trigger("forward")
    assert window.selection.current == "tibialis_anterior"
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.BackButton, pos=QPoint(5, 5))
    assert window.selection.current == "l5"


def test_every_structure_can_be_clicked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    geometry = window.scene.geometry
    for sid, s in window.pack.structures.items():
        if (s.parts and s.kind is not Kind.NERVE) or s.kind is Kind.DERMATOME:
            continue  # dermatomes are clicked on the skin map (tests/test_skin_map.py)
        assert geometry.structure_at(geometry.centre_of(sid)) == sid, sid


def probe(window, scene_point) -> QColor:  # type: ignore[no-untyped-def]
    image: QImage = window.canvas.viewport().grab().toImage()
    pos = window.canvas.mapFromScene(scene_point)
    return image.pixelColor(pos)


def test_render_lights_the_strand_in_its_root_colour(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pack = window.pack
    link = next(
        link for link in pack.links if link.source == "lumbosacral_trunk_posterior_division" and link.target == "common_fibular_nerve"
    )
    shape = window.scene.geometry.strands[(link.index, "L5")]
    # a point on the strand clear of its neighbours: the middle of its horizontal run
    window.canvas.zoom_to(shape.path.boundingRect().adjusted(-40, -40, 40, 40))
    point = shape.path.pointAtPercent(0.5)
    before = probe(window, point)
    window.selection.select("l5")  # selecting from outside the canvas brings L5 into view
    window.canvas.zoom_to(shape.path.boundingRect().adjusted(-40, -40, 40, 40))
    colour = QColor(segment_style(pack.segments.index("L5"))[0])
    got = probe(window, point)
    assert abs(got.red() - colour.red()) < 40 and abs(got.green() - colour.green()) < 40 and abs(got.blue() - colour.blue()) < 40, (
        got.name(),
        colour.name(),
        before.name(),
    )
    # unlit structures fade behind the veil but stay visible
    assert "femoral_nerve" not in window.scene.lit.structures
    box = window.scene.geometry.boxes["femoral_nerve"]
    window.canvas.zoom_to(box.adjusted(-20, -20, 20, 20))
    faded = probe(window, box.topLeft() + (box.bottomLeft() - box.topLeft()) * 0.5)
    assert faded.lightness() > 150 and faded.lightness() < 250


def test_hover_shows_a_tooltip(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolTip

    pos = window.canvas.view_pos_of("gluteus_maximus")
    qtbot.mouseMove(window.canvas.viewport(), pos)
    qtbot.waitUntil(lambda: "Gluteus maximus" in QToolTip.text(), timeout=3000)
    assert "L5, S1, S2" in QToolTip.text()
    assert window.canvas.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor


def test_wheel_zooms_and_fit_restores(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    fitted = canvas.transform().m11()
    canvas.zoom_by(2.0)
    assert canvas.transform().m11() > fitted * 1.9
    window.trigger("fit")
    assert abs(canvas.transform().m11() - fitted) < 1e-6


def test_the_side_panels_take_their_widths_from_the_window_as_it_opens(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    """The panels are sized for the window the user sees, not for the screen it was made on: the
    facts get room for a sheet's sources and disputes, and the drawing keeps the rest."""
    from viewer.qt.shell.window import MainWindow

    for (width, height), (structures, facts) in {(1366, 768): (227, 227), (1920, 1080): (250, 320), (2560, 1440): (250, 330)}.items():
        window = MainWindow(pack)
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda window=window, width=width: window.width() == width)
        qtbot.waitUntil(
            lambda window=window, want=(structures, facts): (
                max(abs(window.list_dock.width() - want[0]), abs(window.fact_dock.width() - want[1])) <= 4
            )
        )
        assert window.canvas.width() >= width * 0.6
        # Resized later, the panels keep the widths they were given; the drawing takes the change.
        window.resize(width - 200, height)
        qtbot.waitUntil(lambda window=window, width=width: window.width() == width - 200)
        assert abs(window.fact_dock.width() - facts) <= 4
        window.close()
