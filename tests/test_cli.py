"""The command line as scripts use it: real processes, real output, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from viewer.assets import default_data_path, default_svg_path
from viewer.palette import segment_style


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=timeout, env=env)


def names(items: list[dict[str, str]]) -> set[str]:
    return {i["name"] for i in items}


def test_trace_l4_json() -> None:
    result = run("trace", "L4", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["selected"] == {"id": "l4", "name": "L4", "kind": "segment"}
    assert out["roots"] == ["L4"]
    nerves = names(out["nerves"])
    assert {
        "Femoral nerve",
        "Obturator nerve",
        "Sciatic nerve",
        "Lumbosacral trunk",
        "Superior gluteal nerve",
        "Nerve to quadratus femoris",
    } <= nerves
    assert "Inferior gluteal nerve" not in nerves and "Nerve to obturator internus" not in nerves
    assert "Tibialis anterior" in names(out["muscles"])


def test_trace_gluteus_medius_roots() -> None:
    out = json.loads(run("trace", "gluteus medius", "--json").stdout)
    assert out["roots"] == ["L4", "L5", "S1"]
    assert out["selected"]["kind"] == "muscle"


def test_trace_text_is_readable() -> None:
    result = run("trace", "Saphenous nerve")
    assert result.returncode == 0
    assert "roots:     L3, L4" in result.stdout
    assert "Skin: medial leg and medial foot" in result.stdout


def test_info_json_for_a_nerve_and_a_muscle() -> None:
    nerve = json.loads(run("info", "superior gluteal nerve", "--json").stdout)
    assert nerve["roots"] == ["L4", "L5", "S1"]
    assert names(nerve["supplies"]) == {"Gluteus medius", "Gluteus minimus", "Tensor fasciae latae"}
    assert nerve["latin"] == "Nervus gluteus superior"
    assert len(nerve["root_sources"]) >= 2
    assert all(s["title"] for s in nerve["sources"])
    muscle = json.loads(run("info", "piriformis", "--json").stdout)
    assert muscle["kind"] == "muscle"
    assert muscle["roots"] == ["S1", "S2"]
    assert names(muscle["nerves"]) == {"Nerve to piriformis"}
    for key in ("id", "name", "kind", "latin", "synonyms", "roots", "nerves", "supplies", "sources", "disputes"):
        assert key in muscle


def test_list_by_kind() -> None:
    rows = json.loads(run("list", "--kind", "segment", "--json").stdout)
    assert [r["name"] for r in rows] == ["T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5", "Co1"]
    assert set(rows[0]) == {"id", "name", "kind"}


def test_unknown_and_ambiguous_names_exit_2_without_traceback() -> None:
    result = run("trace", "gluteus medias")
    assert result.returncode == 2
    assert "did you mean" in result.stderr and "Gluteus medius" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("info", "qwertyuiop")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_validate_bundled_pack_is_clean() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_validate_broken_pack_lists_problems_and_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "pack.json"
    svg = tmp_path / "pack.svg"
    shutil.copy(default_svg_path(), svg)
    raw = json.loads(default_data_path().read_text(encoding="utf-8"))
    raw["structures"] = [s for s in raw["structures"] if s["id"] != "sartorius"]
    raw["connections"] = [c for c in raw["connections"] if c["to"] != "sartorius"]
    data.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    result = run("validate", "--data", str(data), "--svg", str(svg))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{svg}:") and "'sartorius' names no structure" in line for line in lines), lines
    assert "Traceback" not in result.stderr


def count_colour(path: Path, colour: QColor) -> int:
    image = QImage(str(path))
    step = max(1, image.width() // 960)
    found = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if abs(c.red() - colour.red()) < 24 and abs(c.green() - colour.green()) < 24 and abs(c.blue() - colour.blue()) < 24:
                found += 1
    return found


@pytest.mark.parametrize("size", ["3840x2160", "800x600"])
def test_export_writes_exact_size_with_the_selection_lit(tmp_path: Path, size: str) -> None:
    lit, plain = tmp_path / "l5.png", tmp_path / "plain.png"
    result = run("export", "--select", "L5", "--size", size, "-o", str(lit), timeout=120)
    assert result.returncode == 0, result.stderr
    assert run("export", "--size", size, "-o", str(plain), timeout=120).returncode == 0
    w, h = (int(v) for v in size.split("x"))
    for path in (lit, plain):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (w, h)
    # L5's root colour appears only in the legend and its root box until L5 is lit
    colour = QColor(segment_style(5)[0])
    assert count_colour(lit, colour) > 3 * count_colour(plain, colour) + 5


def test_export_rejects_bad_size() -> None:
    result = run("export", "--size", "huge", "-o", "x.png")
    assert result.returncode == 2 and "--size" in result.stderr
