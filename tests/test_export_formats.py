"""`export` writes SVG and PDF drawings with the highlight in them, atomically."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import trace
from viewer.palette import PALETTES, segment_style

SVG_NS = "{http://www.w3.org/2000/svg}"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=120, env=env)


def stroked_paths(svg: Path) -> dict[str, int]:
    """How many drawn paths carry each stroke colour (inherited from their groups, as QSvgGenerator writes them)."""
    counts: dict[str, int] = {}

    def walk(element: object, stroke: str | None) -> None:
        stroke = element.get("stroke", stroke)  # type: ignore[attr-defined]
        if element.tag == f"{SVG_NS}path" and stroke:  # type: ignore[attr-defined]
            counts[stroke.lower()] = counts.get(stroke.lower(), 0) + 1
        for child in element:  # type: ignore[attr-defined]
            walk(child, stroke)

    walk(ET.parse(svg).getroot(), None)
    return counts


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    for name, select in (("l4", ["--select", "L4"]), ("plain", [])):
        for suffix in ("svg", "pdf"):
            result = run("export", *select, "-o", str(folder / f"{name}.{suffix}"))
            assert result.returncode == 0, result.stderr
            assert "drawing" in result.stdout
    return folder


def test_svg_export_is_valid_svg_with_the_l4_strands_lit(exports: Path, pack: Pack) -> None:
    root = ET.parse(exports / "l4.svg").getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.findtext(f"{SVG_NS}title") == "Lumbosacral plexus: L4"
    l4 = segment_style(pack.segments.index("L4"))[0].lower()
    lit, plain = stroked_paths(exports / "l4.svg"), stroked_paths(exports / "plain.svg")
    # strands into dermatomes are drawn on the skin map, not in the schematic
    strands = {s for s in trace(pack, "l4").strands if pack.structures[pack.links[s[0]].target].kind is not Kind.DERMATOME}
    # Under a selection the key is drawn again above the veil, so each key colour appears
    # twice; every lit L4 strand adds one path in L4's colour on top of that.
    assert plain.get(l4, 0) >= 1
    assert lit.get(l4, 0) >= 2 * plain.get(l4, 0) + len(strands)
    # no other segment is lit: S1's colour is only in the key
    s1 = segment_style(pack.segments.index("S1"))[0].lower()
    assert lit.get(s1, 0) <= 2 * plain.get(s1, 0)


def pdf_drawing(path: Path) -> bytes:
    """The page's decompressed drawing operators."""
    data = path.read_bytes()
    out = b""
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n", data, re.S):
        end = data.find(b"endstream", match.end())
        if b"/FlateDecode" not in match.group(1):
            continue
        text = zlib.decompress(data[match.end() : end])
        if b" cm\n" in text[:400]:
            out += text
    return out


def test_pdf_export_is_one_vector_page_with_l4_lit(exports: Path, pack: Pack) -> None:
    data = (exports / "l4.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert box is not None and 500 < float(box.group(1)) < 1500
    assert b"/Subtype /Image" not in data  # vector drawing, not an embedded bitmap
    r, g, b = (int(segment_style(pack.segments.index("L4"))[0][i : i + 2], 16) / 255 for i in (1, 3, 5))

    def l4_strokes(path: Path) -> int:
        ops = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) SC", pdf_drawing(path))
        return sum(1 for c in ops if all(abs(float(v) - w) < 0.01 for v, w in zip(c, (r, g, b), strict=True)))

    assert l4_strokes(exports / "l4.pdf") > l4_strokes(exports / "plain.pdf") + 20


def test_export_with_another_palette_and_theme(tmp_path: Path, pack: Pack) -> None:
    out = tmp_path / "l4-bright.svg"
    result = run("export", "--select", "L4", "--palette", "tol-bright", "--theme", "dark", "-o", str(out))
    assert result.returncode == 0, result.stderr
    colours = stroked_paths(out)
    bright_l4 = segment_style(pack.segments.index("L4"), PALETTES["tol-bright"])[0].lower()
    assert colours.get(bright_l4, 0) > 20
    assert segment_style(pack.segments.index("L4"))[0].lower() not in colours


def test_export_refuses_an_unknown_format_and_leaves_no_file(tmp_path: Path) -> None:
    result = run("export", "--select", "L4", "-o", str(tmp_path / "l4.jpg"))
    assert result.returncode == 2
    assert "must end in .png, .svg or .pdf" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_a_file_atomically_and_leaves_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "view.svg"
    out.write_text("old")
    assert run("export", "--select", "L4", "-o", str(out)).returncode == 0
    assert out.read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.svg"]


def test_export_into_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "nope" / "deeper" / "x.pdf"))
    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr
