"""The generated large packs (tools/scale_pack.py) that the benchmark's scale rows open."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from viewer.model.loader import load_pack
from viewer.model.pack import Pack
from viewer.model.tracing import trace

ROOT = Path(__file__).resolve().parent.parent


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("scale_pack", ROOT / "tools" / "scale_pack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():  # type: ignore[no-untyped-def]
    return _tool()


@pytest.fixture(scope="module")
def triple(tool, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return tool.generate(3, 1, tmp_path_factory.mktemp("x3"))  # type: ignore[no-any-return]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_one_seed_always_writes_the_same_files_and_another_seed_another_order(tool, triple, tmp_path) -> None:  # type: ignore[no-untyped-def]
    again = tool.generate(3, 1, tmp_path / "again")
    assert _files(again.parent) == _files(triple.parent)
    other = json.loads(tool.generate(3, 2, tmp_path / "other").read_text(encoding="utf-8"))
    first = json.loads(triple.read_text(encoding="utf-8"))
    assert [s["id"] for s in other["structures"]] != [s["id"] for s in first["structures"]]
    assert sorted(s["id"] for s in other["structures"]) == sorted(s["id"] for s in first["structures"])


def test_the_triple_pack_opens_with_the_real_loader_three_times_the_size(triple, pack: Pack) -> None:
    big = load_pack(triple)  # schema, links, source policy, both drawings: every check a user's pack gets
    assert len(big.structures) == 3 * len(pack.structures)
    assert len(big.links) == 3 * len(pack.links)
    assert big.segments == pack.segments
    assert Counter(s.kind for s in big.structures.values()) == Counter(
        {k: 3 * n for k, n in Counter(s.kind for s in pack.structures.values()).items()}
    )
    assert "benchmark fixture" in big.title
    assert big.skin_svg_path is not None and big.skin_svg_path.is_file()


def test_each_copy_carries_the_segments_the_real_pack_carries(triple, pack: Pack) -> None:
    big = load_pack(triple)
    copy = big.structures["femoral_nerve_copy3"]
    assert copy.name == f"{pack.structures['femoral_nerve'].name} (copy 3)"
    assert big.structures["l4_copy2"].name == "L4"  # a segment's name is its segment
    for sid in ("femoral_nerve", "sciatic_nerve", "gluteus_medius", "l5"):
        real, copied = trace(pack, sid), trace(big, f"{sid}_copy2")
        assert {f"{s}_copy2" for s in real.structures} == set(copied.structures)
        assert Counter(seg for _, seg in real.strands) == Counter(seg for _, seg in copied.strands)


def test_the_schematic_draws_every_copy_apart_and_once(triple) -> None:  # type: ignore[no-untyped-def]
    big = load_pack(triple)
    svg = big.svg_path.read_text(encoding="utf-8")
    for layer in ("layer-titles", "layer-headings", "layer-strands", "layer-nodes", "legend-key"):
        assert svg.count(f'id="{layer}"') == 1
    assert "COPY 3" in svg and "COPY 4" not in svg


def test_the_triple_pack_passes_validate_on_the_command_line(triple) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "validate", "--data", str(triple)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "561 structures" in result.stdout + result.stderr


def test_the_bench_takes_the_factors_to_measure() -> None:
    from viewer.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["bench", "--scale", "1,3,10"]).scale == (1, 3, 10)
    assert parser.parse_args(["bench", "--scale", "none"]).scale == ()
    assert parser.parse_args(["bench"]).scale is None
    for wrong in ("0", "1,x", "16"):
        with pytest.raises(SystemExit):
            parser.parse_args(["bench", "--scale", wrong])
