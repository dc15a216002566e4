"""The skin map as a student uses it: clicks on regions, the layer switch, tracing into it."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from viewer.cli import main
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import trace


@pytest.fixture
def skin_window(qtbot, window):  # type: ignore[no-untyped-def]
    """The main window with the skin map dock open and its regions read."""
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_dock.isVisible() and window.skin_dock.width() > 0.4 * window.width(), timeout=3000)
    qtbot.waitUntil(lambda: window.skin_map.scene.regions is not None, timeout=3000)
    return window


@pytest.fixture
def bundled_skin_window(qtbot, bundled_window):  # type: ignore[no-untyped-def]
    """The skin map dock open on each bundled pack in turn."""
    window = bundled_window
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_dock.isVisible() and window.skin_dock.width() > 0.4 * window.width(), timeout=3000)
    qtbot.waitUntil(lambda: window.skin_map.scene.regions is not None, timeout=3000)
    return window


def click_region(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    view = window.skin_map.view
    pos = view.view_pos_of(structure_id)
    assert view.viewport().rect().contains(pos), f"{structure_id} is off the skin map at {pos}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


# ---- tracing into the skin (no display needed) --------------------------------------
def test_l4_reaches_its_dermatome_and_the_territories_carrying_l4(pack: Pack) -> None:
    t = trace(pack, "l4")
    assert t.lit_of_kind(pack, Kind.DERMATOME) == ["dermatome_l4"]
    territories = set(t.lit_of_kind(pack, Kind.SKIN))
    assert {"skin_medial_leg", "skin_medial_thigh", "skin_dorsum_foot", "skin_medial_sole"} <= territories
    assert all("L4" in pack.structures[s].segments for s in territories)
    assert "skin_sural" not in territories and "skin_lateral_thigh" not in territories


def test_a_dermatome_traces_back_to_its_segment_only(pack: Pack) -> None:
    t = trace(pack, "dermatome_s4_s5")
    assert t.lit_segments(pack) == ("S4", "S5")
    assert t.structures == {"dermatome_s4_s5", "s4", "s5"}


def test_cli_trace_l5_lists_the_l5_dermatome(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "L5", "--json"]) == 0
    skin = json.loads(capsys.readouterr().out)["skin"]
    assert skin[0] == {"id": "dermatome_l5", "name": "L5 dermatome"}
    assert {"id": "skin_first_web_space", "name": "Skin: first web space of the foot (deep fibular)"} in skin


def test_cli_trace_sural_lists_the_sural_territory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "sural", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["selected"]["id"] == "sural_nerve"
    assert [s["id"] for s in record["skin"]] == ["skin_sural"]


def test_cli_trace_a_territory_back_to_nerve_and_segments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "skin_medial_leg", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["roots"] == ["L3", "L4"]
    assert [n["id"] for n in record["nerves"]] == ["femoral_nerve", "saphenous_nerve"]
    assert record["muscles"] == []


def test_cli_lists_and_describes_dermatomes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--kind", "dermatome", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows][:2] == ["dermatome_t12", "dermatome_l1"] and len(rows) == 10
    assert main(["info", "L4 dermatome", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["kind"] == "dermatome" and info["roots"] == ["L4"]
    assert any("medial malleolus" in f["text"] for f in info["facts"] if f["field"] == "test")
    (dispute,) = info["disputes"]
    assert len(dispute["values"]) >= 2 and all(v["sources"] for v in dispute["values"])


def test_validate_names_the_skin_map(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "skin map lumbosacral-skin.svg" in capsys.readouterr().out


# ---- the dock ---------------------------------------------------------------------
def test_view_menu_toggles_the_skin_map(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    action = window.actions_by_id["skin_map"]
    assert action.isCheckable() and not action.isChecked() and not window.skin_dock.isVisible()
    assert action.shortcut().toString() == "Ctrl+K"
    facts_width = window.fact_dock.width()
    assert window.skin_map.scene.regions is None  # nothing read before the map is first shown
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_dock.isVisible())
    assert action.isChecked()
    qtbot.waitUntil(lambda: window.skin_map.scene.regions is not None)
    # the map opens under the facts, in a column wide enough for front and back views
    assert window.skin_dock.geometry().top() > window.fact_dock.geometry().bottom()
    qtbot.waitUntil(lambda: window.skin_dock.width() > 0.4 * window.width())
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: not window.skin_dock.isVisible())
    assert not action.isChecked()
    qtbot.waitUntil(lambda: abs(window.fact_dock.width() - facts_width) < 20)


def test_clicking_l4_on_the_schematic_lights_the_l4_dermatome(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    canvas = w.canvas
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.view_pos_of("l4"))
    assert w.selection.current == "l4"
    assert w.skin_map.scene.layer == "dermatomes"
    assert w.skin_map.scene.lit_regions == ["dermatome_l4"]
    w.skin_map.buttons["territories"].click()
    lit = set(w.skin_map.scene.lit_regions)
    assert {"skin_medial_leg", "skin_medial_thigh", "skin_dorsum_foot", "skin_medial_sole"} <= lit
    assert "skin_sural" not in lit
    assert "1 dermatome" in w.skin_map.status.text()


def test_a_selection_made_while_the_map_is_closed_shows_when_it_opens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from tests.test_window import click

    click(qtbot, window, "l4")  # before the map was ever opened
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_dock.isVisible() and window.skin_map.scene.regions is not None)
    assert window.skin_map.scene.lit_regions == ["dermatome_l4"]
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: not window.skin_dock.isVisible())
    window.selection.select("l5")  # while it is closed
    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_dock.isVisible())
    assert window.skin_map.scene.lit_regions == ["dermatome_l5"]
    assert "1 dermatome" in window.skin_map.status.text()


def test_clicking_the_saphenous_territory_traces_it_back(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    w.skin_map.show_layer("territories")
    click_region(qtbot, w, "skin_medial_leg")
    assert w.selection.current == "skin_medial_leg"
    # the schematic lights the saphenous nerve back to L3 and L4
    assert {"saphenous_nerve", "femoral_nerve", "l3", "l4"} <= w.scene.lit.structures
    assert w.scene.lit.lit_segments(w.pack) == ("L3", "L4")
    assert w.skin_map.scene.lit_regions == ["skin_medial_leg"]
    assert "saphenous" in w.fact_panel.toPlainText().lower()
    assert w.structure_list.tree.currentItem().text(0).startswith("Skin: medial leg")


def test_clicking_a_dermatome_selects_it_and_lights_its_root(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    click_region(qtbot, w, "dermatome_s1")
    assert w.selection.current == "dermatome_s1"
    assert w.scene.lit.lit_segments(w.pack) == ("S1",)
    assert w.skin_map.scene.lit_regions == ["dermatome_s1"]
    assert w.fact_panel.toPlainText().startswith("S1 dermatome")
    assert "S1 dermatome" in w.caption.text()


def test_selecting_the_saphenous_nerve_lights_its_territory(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    w.skin_map.show_layer("dermatomes")
    w.selection.select("saphenous_nerve")
    # a nerve reaches no dermatome: the map turns to the layer where something is lit
    assert w.skin_map.scene.layer == "territories" and w.skin_map.buttons["territories"].isChecked()
    assert w.skin_map.scene.lit_regions == ["skin_medial_leg", "skin_infrapatellar"]
    w.selection.select("l4")  # a root lights both layers: the map stays where it is
    assert w.skin_map.scene.layer == "territories"


def test_every_region_can_be_clicked_in_its_layer(qtbot, bundled_skin_window) -> None:  # type: ignore[no-untyped-def]
    w = bundled_skin_window
    scene = w.skin_map.scene
    for layer in ("dermatomes", "territories"):
        w.skin_map.show_layer(layer)
        for sid in w.pack.skin_map_ids():
            if w.pack.structures[sid].kind is scene.layer_kind():
                point = scene.regions[sid].inside_point()
                assert scene.region_at(point) == sid, sid


@pytest.mark.parametrize("bundled_pack", ["brachial"], indirect=True)
def test_a_click_on_each_region_selects_it_and_lights_it(qtbot, bundled_skin_window) -> None:  # type: ignore[no-untyped-def]
    """A real click at each region's own spot on the fitted map selects that region. (On the
    lumbosacral map the genital branch's and the penis's regions lie too close at fit.)"""
    w = bundled_skin_window
    for layer, kind in (("dermatomes", Kind.DERMATOME), ("territories", Kind.SKIN)):
        w.skin_map.show_layer(layer)
        for structure in w.pack.of_kind(kind):
            click_region(qtbot, w, structure.id)
            assert w.selection.current == structure.id
            qtbot.waitUntil(lambda sid=structure.id: sid in w.skin_map.scene.lit_regions)
            w.selection.clear()


def test_the_layer_switch_is_reachable_by_keyboard(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    button = w.skin_map.buttons["territories"]
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert w.skin_map.scene.layer == "territories"
    # selecting a dermatome from the list shows the dermatome layer again
    w.structure_list.tree.setCurrentItem(w.structure_list.items["dermatome_l2"])
    assert w.selection.current == "dermatome_l2"
    assert w.skin_map.scene.layer == "dermatomes"
    assert w.skin_map.buttons["dermatomes"].isChecked()


def test_escape_on_the_skin_map_clears(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    w = skin_window
    click_region(qtbot, w, "dermatome_l5")
    w.skin_map.view.setFocus()
    qtbot.keyClick(w.skin_map.view, Qt.Key.Key_Escape)
    assert w.selection.current is None and w.skin_map.scene.lit is None


def test_a_lit_region_is_painted_in_its_root_colour(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from viewer.palette import segment_style

    w = skin_window
    view = w.skin_map.view
    pos = view.view_pos_of("dermatome_l4")
    w.skin_map.resize(w.skin_map.size())
    before = view.viewport().grab().toImage().pixelColor(pos)
    w.selection.select("l4")
    qtbot.waitUntil(lambda: w.skin_map.scene.lit_regions == ["dermatome_l4"])
    after = view.viewport().grab().toImage().pixelColor(pos)
    target = QColor(segment_style(w.pack.segments.index("L4"))[0])

    def distance(c: QColor) -> int:
        return abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue())

    assert distance(after) < distance(before) - 60, (before.name(), after.name(), target.name())


def test_cli_skin_svg_option_reads_another_skin_map(tmp_path, capsys: pytest.CaptureFixture[str], pack: Pack) -> None:  # type: ignore[no-untyped-def]
    assert pack.skin_svg_path is not None
    other = tmp_path / "other-skin.svg"
    other.write_text(pack.skin_svg_path.read_text(encoding="utf-8").replace('id="skin_heel"', 'id="deco-heel"'), encoding="utf-8")
    assert main(["validate", "--skin-svg", str(other)]) == 1
    assert f"{other}:#skin_heel: no region with id 'skin_heel'" in capsys.readouterr().err.splitlines()


def test_the_fast_region_reader_agrees_with_svgelements(qtbot, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.skin.skin_map import _read_regions_with_svgelements, read_regions

    assert pack.skin_svg_path is not None
    fast = read_regions(pack, pack.skin_svg_path)
    slow = _read_regions_with_svgelements(pack, pack.skin_svg_path)
    assert fast.keys() == slow.keys() == pack.skin_map_ids()
    for sid, region in fast.items():
        assert len(region.pieces) == len(slow[sid].pieces), sid
        a, b = region.shape.boundingRect(), slow[sid].shape.boundingRect()
        assert abs(a.left() - b.left()) < 0.5 and abs(a.bottom() - b.bottom()) < 0.5, sid
        assert slow[sid].shape.contains(region.inside_point()), sid


def test_hovering_a_region_names_it_and_its_nerve(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolTip

    w = skin_window
    w.skin_map.show_layer("territories")
    view = w.skin_map.view
    qtbot.mouseMove(view.viewport(), view.view_pos_of("skin_sural"))
    qtbot.waitUntil(lambda: "Sural nerve" in QToolTip.text(), timeout=3000)
    assert "S1, S2" in QToolTip.text() and "posterolateral leg" in QToolTip.text()


def test_keys_zoom_the_skin_map_and_0_fits_it(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    view = skin_window.skin_map.view
    fitted = view.transform().m11()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.transform().m11() > fitted * 1.5
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert abs(view.transform().m11() - fitted) < 1e-6


def test_the_structure_list_has_a_dermatomes_section(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    item = window.structure_list.items["dermatome_l4"]
    assert item.parent().text(0) == "Dermatomes" and item.text(0) == "L4 dermatome"
    window.structure_list.filter.setText("dermatome")
    assert set(window.structure_list.visible_ids()) >= {s.id for s in window.pack.of_kind(Kind.DERMATOME)}


def test_clicking_empty_skin_clears_and_the_back_button_returns(qtbot, skin_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    w = skin_window
    view = w.skin_map.view
    click_region(qtbot, w, "dermatome_l3")
    corner = view.mapFromScene(w.skin_map.scene.sceneRect().bottomRight()) + QPoint(-20, -20)
    assert w.skin_map.scene.region_at(view.mapToScene(corner)) is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert w.selection.current is None and w.skin_map.scene.lit is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.BackButton, pos=corner)
    assert w.selection.current == "dermatome_l3"
    assert w.skin_map.scene.lit_regions == ["dermatome_l3"]
