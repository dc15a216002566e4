"""Generate a pack N times the size of the bundled one, for measuring how the viewer scales.

    python tools/scale_pack.py --factor 10 [--seed 1] -o DIR

writes `DIR/lumbosacral-x10.json`, its schematic `DIR/svg/lumbosacral-x10.svg` (drawn by
`tools/build_schematic.py`) and its skin map `DIR/svg/lumbosacral-x10-skin.svg` (drawn by
`tools/build_skin_map.py`), with the layout and skin shapes they were drawn from; then
`python -m viewer validate --data DIR/lumbosacral-x10.json` accepts it.

The pack holds N plexuses of the bundled pack's shape: its segments, roots, trunk,
divisions, nerves, branches, muscles, skin territories and dermatomes, each connection
carrying the segments the real one carries. Copy 1 is the bundled pack itself; copy k has
ids ending `_copyk` and names ending "(copy k)" (a segment keeps its name, which must be
the segment's). All copies share the pack's 12 segments, so a segment lights N times as
many structures. Facts and their cited sources are the bundled pack's, so the source policy
passes. The schematic draws each copy with the bundled layout, in a grid; the skin map draws
each copy's regions where the bundled ones are.

The seed decides the order in which the copies' structures and connections are interleaved
in the data file (each copy's own order is kept), so the files differ between seeds and are
identical for one seed. The result is a benchmark fixture, not anatomy: its title says so.
Generate it into a temporary folder; it is not committed.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent
for where in (str(ROOT), str(TOOLS)):
    if where not in sys.path:
        sys.path.insert(0, where)

import build_schematic  # noqa: E402
import build_skin_map  # noqa: E402

DATA = ROOT / "assets" / "lumbosacral.json"
LAYOUT = TOOLS / "lumbosacral_layout.json"
SHAPES = TOOLS / "lumbosacral_skin_shapes.json"
#: The schematic's tiles are laid out about this much wider than tall (a landscape window).
ASPECT = 1.5


def rename(sid: str, k: int) -> str:
    return sid if k == 1 else f"{sid}_copy{k}"


def _copy_structure(s: dict[str, Any], k: int) -> dict[str, Any]:
    out = copy.deepcopy(s)
    if k == 1:
        return out
    out["id"] = rename(s["id"], k)
    if s["kind"] != "segment":  # a segment's name is its segment
        out["name"] = f"{s['name']} (copy {k})"
    out["synonyms"] = [f"{name} (copy {k})" for name in s.get("synonyms", ())]
    if s.get("parts"):
        out["parts"] = [rename(p, k) for p in s["parts"]]
    return out


def _copy_connection(c: dict[str, Any], k: int) -> dict[str, Any]:
    out = copy.deepcopy(c)
    out["from"], out["to"] = rename(c["from"], k), rename(c["to"], k)
    return out


def _interleave(copies: list[list[Any]], rng: random.Random) -> list[Any]:
    """The copies' items merged in a random order that keeps each copy's own order."""
    turns = [k for k, items in enumerate(copies) for _ in items]
    rng.shuffle(turns)
    queues = [iter(items) for items in copies]
    return [next(queues[k]) for k in turns]


def scale_data(data: dict[str, Any], factor: int, seed: int) -> dict[str, Any]:
    """The bundled pack's data `factor` times over, interleaved by `seed`."""
    rng = random.Random(seed)
    structures = [[_copy_structure(s, k) for s in data["structures"]] for k in range(1, factor + 1)]
    connections = [[_copy_connection(c, k) for c in data["connections"]] for k in range(1, factor + 1)]
    out = {key: copy.deepcopy(value) for key, value in data.items() if key not in ("structures", "connections")}
    out["title"] = f"{data['title']} ×{factor} (generated benchmark fixture, seed {seed})"
    out["structures"] = _interleave(structures, rng)
    out["connections"] = _interleave(connections, rng)
    return out


def scale_layout(layout: dict[str, Any], data: dict[str, Any], factor: int) -> dict[str, Any]:
    """One tile of the bundled layout per copy, in a grid about `ASPECT` wide to 1 high."""
    tiles = []
    for k in range(1, factor + 1):
        tile: dict[str, Any] = {
            "members": [rename(s["id"], k) for s in data["structures"]],
            "sacral_roots": [rename(i, k) for i in layout["sacral_roots"]],
            "lumbar_order": [rename(i, k) for i in layout["lumbar_order"]],
            "sacral_order": [rename(i, k) for i in layout["sacral_order"]],
            "headings": {rename(i, k): text for i, text in layout.get("headings", {}).items()},
        }
        if k > 1:
            tile["title_suffix"] = f"  —  COPY {k}"
        tiles.append(tile)
    # The bundled drawing is about as wide as it is tall (3030 × 2679).
    columns = max(1, min(factor, round(math.sqrt(factor * ASPECT))))
    return {"tiles": tiles, "columns": columns}


def scale_shapes(shapes: dict[str, Any], factor: int) -> dict[str, Any]:
    """Each copy's skin regions drawn where the bundled ones are; labels for copy 1 only."""
    out = copy.deepcopy(shapes)
    for layer in out["layers"].values():
        regions = layer["regions"]
        tints = layer.get("tints", {})
        for sid in list(regions):
            for k in range(2, factor + 1):
                regions[rename(sid, k)] = regions[sid]
                if sid in tints:
                    tints[rename(sid, k)] = tints[sid]
    return out


def generate(factor: int, seed: int, folder: Path) -> Path:
    """Write the pack of `factor` copies into `folder`; return its data file."""
    if factor < 1:
        raise ValueError("the factor is a whole number, 1 or more")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    stem = f"lumbosacral-x{factor}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "svg").mkdir(exist_ok=True)
    data_path = folder / f"{stem}.json"
    data_path.write_text(json.dumps(scale_data(data, factor, seed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    layout_path = folder / f"{stem}.layout.json"
    layout = scale_layout(json.loads(LAYOUT.read_text(encoding="utf-8")), data, factor)
    layout_path.write_text(json.dumps(layout, ensure_ascii=False) + "\n", encoding="utf-8")
    shapes_path = folder / f"{stem}.skin-shapes.json"
    shapes = scale_shapes(json.loads(SHAPES.read_text(encoding="utf-8")), factor)
    shapes_path.write_text(json.dumps(shapes, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "svg" / f"{stem}.svg").write_text(build_schematic.build(data_path, layout_path), encoding="utf-8")
    (folder / "svg" / f"{stem}-skin.svg").write_text(build_skin_map.build(data_path, shapes_path), encoding="utf-8")
    return data_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=int, default=10, help="how many copies of the bundled pack (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="orders the copies' records in the file (default 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write the pack into")
    args = parser.parse_args()
    if args.factor < 1:
        parser.error("--factor must be 1 or more")
    path = generate(args.factor, args.seed, args.output)
    print(f"wrote {path} and its drawings in {path.parent / 'svg'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
