"""The hit-test index is kept between starts, read back only when sound, and the same as built."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from viewer.qt.canvas import geometry_cache, safe_svg
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.safe_svg import svg_renderer


def entries() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "plexus-viewer" / "hit-test"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every parse of a drawing for its geometry (svgelements), by pack title."""
    seen: list[str] = []
    real = safe_svg.svgelements_document

    def counting(pack):  # type: ignore[no-untyped-def]
        seen.append(pack.title)
        return real(pack)

    monkeypatch.setattr(safe_svg, "svgelements_document", counting)
    return seen


def elements(index: GeometryIndex) -> dict[tuple[int, str], list[tuple[int, float, float]]]:
    out = {}
    for key, shape in index.strands.items():
        path = shape.path
        out[key] = [(int(path.elementAt(i).type.value), path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    return out


def test_a_second_start_reads_the_index_back_without_parsing_the_drawing(qapp, pack, parses) -> None:  # type: ignore[no-untyped-def]
    renderer = svg_renderer(pack)
    built = geometry_cache.load_or_build(pack, renderer, "text")
    assert len(parses) == 1 and len(entries()) == 1
    kept = geometry_cache.load_or_build(pack, renderer, "text")
    assert len(parses) == 1  # not parsed again
    assert kept.boxes == built.boxes and kept.strand_ids == built.strand_ids
    assert elements(kept) == elements(built)
    assert len(kept.strands) > 300 and len(kept.boxes) > 150
    # It answers clicks as the built one does, on boxes and on strands.
    for sid in ("l4", "femoral_nerve", "sciatic_nerve", "gluteus_medius"):
        assert kept.structure_at(built.centre_of(sid)) == built.structure_at(built.centre_of(sid)) == sid
    for shape in list(built.strands.values())[::40]:
        point = shape.path.pointAtPercent(0.5)
        assert kept.structure_at(point) == built.structure_at(point)


def test_the_window_clicks_from_the_kept_index(qtbot, qapp, pack, parses) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import MainWindow

    first = MainWindow(pack)
    qtbot.addWidget(first)
    first.resize(1366, 768)
    first.show()
    qtbot.waitUntil(lambda: first.scene.geometry is not None)
    first.close()
    assert len(parses) == 1
    window = MainWindow(pack)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=window.canvas.view_pos_of("l4"))
    assert window.selection.current == "l4"
    assert "femoral_nerve" in window.scene.lit.structures
    assert len(parses) == 1  # the second window never parsed the drawing


def corrupt(text: str) -> list[str]:
    """Ways an entry's JSON can be wrong, each to be ignored."""
    found = json.loads(text)
    box, strand = found["boxes"][0], found["strands"][0]
    cases = [text[: len(text) // 2], "[]", json.dumps({"boxes": found["boxes"]}), "{" * 100_000]
    cases.append(json.dumps({**found, "boxes": [["no_such_structure", *box[1:]], *found["boxes"][1:]]}))
    cases.append(json.dumps({**found, "boxes": [[box[0], box[1], box[2], -1, box[4]], *found["boxes"][1:]]}))
    cases.append(json.dumps({**found, "boxes": [box, *found["boxes"]]}))  # the same box twice
    cases.append(text.replace(str(box[1]), "1e999", 1))  # infinity
    cases.append(json.dumps({**found, "strands": [["not_a_strand", strand[1]], *found["strands"][1:]]}))
    flat = strand[1]
    curve = next(i for i in range(0, len(flat), 3) if flat[i] == 2)
    cases.append(json.dumps({**found, "strands": [[strand[0], flat[: curve + 3]], *found["strands"][1:]]}))  # a curve cut short
    cases.append(json.dumps({**found, "strands": [[strand[0], [1, *flat[1:]]], *found["strands"][1:]]}))  # a line from nowhere
    cases.append(json.dumps({**found, "strands": [[strand[0], [True, *flat[1:]]], *found["strands"][1:]]}))
    return cases


def test_an_entry_that_is_not_sound_is_ignored_and_built_afresh(qapp, pack, parses) -> None:  # type: ignore[no-untyped-def]
    renderer = svg_renderer(pack)
    built = geometry_cache.load_or_build(pack, renderer, "text")
    (entry,) = entries()
    sound = entry.read_bytes()
    header_end = sound.index(b"\n", len(b"plexus-viewer hit-test index 1\n")) + 1
    header, text = sound[:header_end], sound[header_end:].decode()
    bad = [header + case.encode() for case in corrupt(text)]
    bad.append(b"plexus-viewer hit-test index 1\n" + b"0" * 64 + b"\n" + text.encode())  # another key's header
    bad.append(b"")
    for n, data in enumerate(bad, start=2):
        entry.write_bytes(data)
        again = geometry_cache.load_or_build(pack, renderer, "text")
        assert len(parses) == n, f"case {n - 2} was read back"
        assert again.boxes == built.boxes and elements(again) == elements(built)
        assert entry.read_bytes() == sound  # and a sound entry written in its place


def test_an_entry_too_large_is_not_read(qapp, pack, parses, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    renderer = svg_renderer(pack)
    geometry_cache.load_or_build(pack, renderer, "text")
    monkeypatch.setattr(geometry_cache, "MAX_BYTES", 1000)
    geometry_cache.load_or_build(pack, renderer, "text")
    assert len(parses) == 2


def test_another_drawing_or_variant_has_its_own_entry(qapp, pack) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    changed = replace(pack, svg_data=pack.svg_data.replace(b"</svg>", b"<!-- one more line -->\n</svg>"))
    keys = {geometry_cache.key_for(pack, "text"), geometry_cache.key_for(pack, "textless"), geometry_cache.key_for(changed, "text")}
    assert len(keys) == 3
