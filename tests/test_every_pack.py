"""What the viewer promises of any pack, run on every bundled pack: the real window on the real
files, driven with real events. Tests about one plexus's anatomy live beside it; these are not
about anatomy: clicking a root lights only its fibres, a muscle traces back to its supply, the
wheel zooms about the pointer, the names can be read at fit, the skin map, study, lesion mode,
presentation and the commands work — whichever pack is open."""

from __future__ import annotations

import json

import pytest
from bundled_packs import PACKS
from PySide6.QtCore import QPoint, Qt
from test_label_detail import at_fit, shown_labels
from test_navigation import pixels_moved, scene_under, wheel
from test_window import click, lit_strands, panel_text

from viewer.cli import main
from viewer.model.lesion import load_lesions, simulate, supply_strands
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import trace
from viewer.palette import segment_style
from viewer.qt.canvas.label_layer import MIN_PIXELS


@pytest.fixture
def pack(bundled_pack: Pack) -> Pack:
    """Each bundled pack in turn (the `window` fixture opens the window on it)."""
    return bundled_pack


def drawn(pack: Pack, *kinds: Kind) -> list[str]:
    ids = pack.drawable_ids()
    return [s.id for s in pack.of_kind(*kinds) if s.id in ids and not s.parts]


def test_every_bundled_pack_is_found() -> None:
    assert PACKS[0] == "lumbosacral"  # the default comes first
    assert len(set(PACKS)) == len(PACKS) > 1


def test_clicking_a_root_lights_only_what_carries_its_fibres(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    for root in drawn(pack, Kind.SEGMENT):
        segment = pack.structures[root].segments[0]
        click(qtbot, window, root)
        assert window.selection.current == root
        strands = lit_strands(window)
        assert strands, f"{root} lit no strand"
        assert {seg for _a, _b, seg in strands} == {segment}
        lit = window.scene.lit.structures
        assert lit == trace(pack, root).structures
        # Everything lit carries the segment: nothing without its fibres lights.
        assert all(segment in pack.structures[s].segments for s in lit if not pack.structures[s].parts)
        assert panel_text(window).startswith(pack.structures[root].name)
        assert window.structure_list.tree.currentItem().text(0) == pack.structures[root].name


def test_clicking_a_muscle_traces_back_to_its_segmental_supply(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    for muscle in drawn(pack, Kind.MUSCLE):
        structure = pack.structures[muscle]
        click(qtbot, window, muscle)
        assert window.selection.current == muscle
        assert window.scene.lit.lit_segments(pack) == structure.segments
        text = panel_text(window)
        assert structure.name in text and "Segmental supply" in text and "Sources" in text


def test_clicking_a_nerve_lights_its_roots_and_all_it_supplies(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    for nerve in drawn(pack, Kind.NERVE, Kind.TRUNK, Kind.CORD):
        click(qtbot, window, nerve)
        lit = window.scene.lit.structures
        downstream = {link.target for link in pack.outgoing[nerve] if link.target in pack.drawable_ids() and not link.inconstant}
        assert downstream <= lit, f"{nerve}: {sorted(downstream - lit)} not lit"
        assert "Root value" in panel_text(window)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_at_fit_every_nerve_is_named_and_legible(qtbot, window, pack: Pack, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    at_fit(window, qtbot, *size)
    labels = shown_labels(window)
    assert all(px >= MIN_PIXELS for _key, _text, _rect, px in labels)
    named = {key: " ".join(text.split()) for key, text, _rect, _px in labels}
    missing = [s.name for s in pack.of_kind(Kind.NERVE) if named.get(s.id) != s.name]
    assert not missing, f"not named at fit in {size}: {missing}"


def test_the_wheel_zooms_about_the_pointer_and_escape_clears(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    at_fit(window, qtbot, 1366, 768)
    canvas = window.canvas
    pos = canvas.view_pos_of(drawn(pack, Kind.NERVE)[0]) + QPoint(3, 2)
    under = scene_under(canvas, pos)
    before = canvas.transform().m11()
    wheel(canvas, pos, 3)
    assert canvas.transform().m11() > before * 1.3
    assert pixels_moved(canvas, under, pos) <= 2
    click(qtbot, window, drawn(pack, Kind.NERVE)[0])
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert window.selection.current is None and window.scene.lit is None


def test_f5_presents_the_selection_and_escape_comes_back(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    root = drawn(pack, Kind.SEGMENT)[1]
    click(qtbot, window, root)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_F5)
    assert window.presentation.active
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert "hop 1 /" in window.steps.view().hop_text
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not window.presentation.active and window.selection.current == root


def test_the_skin_map_lights_each_dermatome_from_its_root(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    from test_skin_map import click_region

    window.trigger("skin_map")
    qtbot.waitUntil(lambda: window.skin_map.scene.regions is not None, timeout=3000)
    for dermatome in pack.of_kind(Kind.DERMATOME):
        click_region(qtbot, window, dermatome.id)
        assert window.selection.current == dermatome.id
        assert window.scene.lit.lit_segments(pack) == dermatome.segments
        assert panel_text(window).startswith(dermatome.name)


def test_study_asks_about_this_pack_and_marks_a_right_click(qtbot, window, pack: Pack) -> None:  # type: ignore[no-untyped-def]
    muscle = next(m for m in drawn(pack, Kind.MUSCLE) if len({link.source for link in pack.incoming[m]}) == 1)
    nerve = pack.incoming[muscle][0].source
    window.study.start(items=[f"identify:{muscle}"])
    assert pack.structures[muscle].name.lower() in window.study.panel.prompt.text().lower()
    with qtbot.waitSignal(window.study.answered) as answered:
        click(qtbot, window, nerve)
    assert answered.args[0].correct


def test_every_named_lesion_site_takes_something_away(pack: Pack) -> None:
    book = load_lesions(pack)
    assert book.sites, f"{pack.data_path.name} has no lesion sites"
    supply = supply_strands(pack)
    for site in book.sites:
        result = simulate(pack, book, site, supply)
        assert result.paralysed or result.weak or result.numb, f"{site} takes nothing away"


def test_the_commands_validate_and_trace_the_pack(pack: Pack, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data", str(pack.data_path)]
    assert main(["validate", *args]) == 0
    assert "ok" in capsys.readouterr().out
    root = pack.of_kind(Kind.SEGMENT)[0]
    assert main(["trace", root.name, "--json", *args]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["selected"]["id"] == root.id


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_the_pack_exports_with_a_root_lit(pack: Pack, tmp_path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    root = pack.of_kind(Kind.SEGMENT)[1]
    out = tmp_path / f"{pack.data_path.stem}{suffix}"
    assert main(["export", "--data", str(pack.data_path), "--select", root.name, "--size", "800x600", "-o", str(out)]) == 0
    data = out.read_bytes()
    if suffix == ".png":
        image = QImage(str(out))
        assert (image.width(), image.height()) == (800, 600)
        # the lit root's strands are drawn in its colour: some pixel is far from grey
        colours = {image.pixelColor(x, y).hsvSaturation() for x in range(0, 800, 4) for y in range(0, 600, 4)}
        assert max(colours) > 120
    elif suffix == ".svg":
        text = data.decode("utf-8")
        assert f"<title>{pack.title}: {root.name}</title>" in text
        colour, _dash = segment_style(pack.segments.index(root.segments[0]))
        unlit = tmp_path / "unlit.svg"
        assert main(["export", "--data", str(pack.data_path), "--size", "800x600", "-o", str(unlit)]) == 0
        # the lit strands are drawn in the root's colour, beyond the legend's swatch
        assert text.lower().count(colour.lower()) > unlit.read_text(encoding="utf-8").lower().count(colour.lower())
    else:
        assert data.startswith(b"%PDF")
