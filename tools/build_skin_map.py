"""Draw the skin map SVG of a pack: dermatomes and cutaneous nerve territories.

    python tools/build_skin_map.py [--data assets/lumbosacral.json]
                                   [--shapes tools/lumbosacral_skin_shapes.json]
                                   [-o assets/svg/lumbosacral-skin.svg]

The figure is made of views described by the shapes file: for the lumbosacral plexus the
lower trunk and both lower limbs seen from the front and from the back, with the right sole
beside them; for the brachial plexus the upper limb with the shoulder and upper chest or
back seen from the front and from the back, with the palm and the back of the hand drawn
larger beside them. Each part of the body (trunk, limb, foot, arm, forearm, hand, finger)
is a patch bounded by four smooth outline curves (a Coons patch); a region is a polygon in
the patch's own coordinates (u across the part, v down it), so regions follow the body's
outline and neighbouring regions share their edges exactly.

A view's `outline` lists the patch sides its outline runs along (`part.side`, `^` for
reversed, `~` for the mirrored part, `crotch` for the point between the limbs), or is
`"patches"`: each patch outlined on its own (a hand and its fingers). `callout_reach` is
how far from the view's centre line its callouts' text stands (172 by default).

Two layers are drawn over the same figure: `layer-dermatomes` (one region per dermatome
structure) and `layer-territories` (one region per skin territory). A region's element
id is its structure's id; a region drawn in several pieces (both limbs, front and back)
is a `<g>` of paths. Labels are `deco-label-<id>` groups, so the viewer can redraw a lit
region's label above its veil.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model.loader import load_data  # noqa: E402
from viewer.model.pack import Pack  # noqa: E402
from viewer.model.records import Kind  # noqa: E402
from viewer.palette import OKABE_ITO, segment_style  # noqa: E402

Point = tuple[float, float]

INK = "#1f2933"
SKIN = "#f6ede4"
OUTLINE = "#5b4636"
LINE = "#a48b78"
TERRITORY_TINTS = ("#cfe3f3", "#f6d7c3", "#d4ecd9", "#efd5e6", "#f7e6b5", "#d9d6f0", "#c9ebe7", "#f2d0d0")
LABEL_FONT = 17
CALLOUT_FONT = 16
CALLOUT_WRAP = 20
COLUMN_GAP = 12.0


# ---- curves and patches -------------------------------------------------------
def _catmull_rom(points: list[Point], steps: int = 24) -> list[Point]:
    """A smooth curve through `points`, sampled densely."""
    if len(points) == 2:
        (x0, y0), (x1, y1) = points
        return [(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps + 1)]
    ext = [points[0], *points, points[-1]]
    out: list[Point] = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for k in range(steps):
            t = k / steps
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(  # type: ignore[arg-type]
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                    for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
                )
            )
    out.append(points[-1])
    return out


@dataclass
class Curve:
    """A smooth curve through control points, parameterised by arc length (t in 0..1)."""

    samples: list[Point]

    @classmethod
    def through(cls, points: list[Point]) -> Curve:
        return cls(_catmull_rom(points))

    def __post_init__(self) -> None:
        self.lengths = [0.0]
        for (x0, y0), (x1, y1) in zip(self.samples, self.samples[1:], strict=False):
            self.lengths.append(self.lengths[-1] + math.hypot(x1 - x0, y1 - y0))

    def at(self, t: float) -> Point:
        total = self.lengths[-1]
        target = min(max(t, 0.0), 1.0) * total
        lo, hi = 0, len(self.lengths) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.lengths[mid] <= target:
                lo = mid
            else:
                hi = mid
        span = self.lengths[hi] - self.lengths[lo] or 1.0
        f = (target - self.lengths[lo]) / span
        (x0, y0), (x1, y1) = self.samples[lo], self.samples[hi]
        return (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f)

    def points(self, n: int = 60) -> list[Point]:
        return [self.at(k / n) for k in range(n + 1)]


@dataclass
class Patch:
    """A Coons patch: the point at (u, v) blends the four boundary curves."""

    top: Curve
    bottom: Curve
    left: Curve
    right: Curve

    def at(self, u: float, v: float) -> Point:
        c0, c1, d0, d1 = self.top.at(u), self.bottom.at(u), self.left.at(v), self.right.at(v)
        p00, p10, p01, p11 = self.top.at(0), self.top.at(1), self.bottom.at(0), self.bottom.at(1)
        return tuple(  # type: ignore[return-value]
            (1 - v) * c0[i]
            + v * c1[i]
            + (1 - u) * d0[i]
            + u * d1[i]
            - ((1 - u) * (1 - v) * p00[i] + u * (1 - v) * p10[i] + (1 - u) * v * p01[i] + u * v * p11[i])
            for i in (0, 1)
        )


#: How far the whole figure is moved down, below the headings (set from the shapes file).
OFFSET_Y = [0.0]


def _absolute(points: list[list[float]], cx: float, mirror: bool = False) -> list[Point]:
    return [(cx - dx if mirror else cx + dx, y + OFFSET_Y[0]) for dx, y in points]


class View:
    """One view of the figure (front, back or sole) with its patches."""

    def __init__(self, name: str, spec: dict, size: tuple[float, float]) -> None:  # type: ignore[type-arg]
        self.name = name
        self.spec = spec
        self.cx = float(spec["cx"])
        self.title = spec["title"]
        self.patches: dict[str, Patch] = {}
        self.mirrored: set[str] = set()
        raw = spec["patches"]
        for key, p in raw.items():
            if p.get("bottom") == "limbs":
                continue
            self.patches[key] = self._patch(p, mirror=False)
            if p.get("mirror"):
                self.patches[key + "~"] = self._patch(p, mirror=True)
                self.mirrored.add(key)
        for key, p in raw.items():
            if p.get("bottom") != "limbs":
                continue
            limb = raw["limb"]
            crotch = _absolute([p["crotch"]], self.cx)
            left_top = _absolute(limb["top"], self.cx)
            right_top = list(reversed(_absolute(limb["top"], self.cx, mirror=True)))
            bottom = Curve(_catmull_rom(left_top) + _catmull_rom([left_top[-1], crotch[0], right_top[0]])[1:] + _catmull_rom(right_top)[1:])
            self.patches[key] = Patch(
                top=Curve.through(_absolute(p["top"], self.cx)),
                bottom=bottom,
                left=Curve.through(_absolute(p["left"], self.cx)),
                right=Curve.through(_absolute(p["left"], self.cx, mirror=True)),
            )

    def _patch(self, p: dict, mirror: bool) -> Patch:  # type: ignore[type-arg]
        return Patch(*(Curve.through(_absolute(p[side], self.cx, mirror)) for side in ("top", "bottom", "left", "right")))

    def point(self, patch: str, u: float, v: float) -> Point:
        return self.patches[patch].at(u, v)

    def rings(self) -> list[list[Point]]:
        """The outline: one ring, or one per patch when the view is outlined patch by patch."""
        if self.spec["outline"] != "patches":
            return [self.outline()]
        out = []
        for key in self.spec["patches"]:
            patch = self.patches[key]
            top, right, bottom, left = (c.points(40) for c in (patch.top, patch.right, patch.bottom, patch.left))
            out.append(top + right + list(reversed(bottom)) + list(reversed(left)))
        return out

    def outline(self) -> list[Point]:
        raw = self.spec["patches"]
        points: list[Point] = []
        for token in self.spec["outline"]:
            if token == "crotch":
                points.extend(_absolute([raw["trunk"]["crotch"]], self.cx))
                continue
            reverse = token.endswith("^")
            token = token.rstrip("^")
            mirror = token.endswith("~")
            token = token.rstrip("~")
            part, side = token.split(".")
            curve = Curve.through(_absolute(raw[part][side], self.cx, mirror)).points(40)
            points.extend(reversed(curve) if reverse else curve)
        return points


# ---- regions --------------------------------------------------------------------
def _ellipse_uv(cu: float, cv: float, ru: float, rv: float, n: int = 48) -> list[Point]:
    return [(cu + ru * math.cos(2 * math.pi * k / n), cv + rv * math.sin(2 * math.pi * k / n)) for k in range(n)]


def _densify(poly: list[Point]) -> list[Point]:
    out: list[Point] = []
    for a, b in zip(poly, poly[1:] + poly[:1], strict=True):
        n = max(2, math.ceil(math.hypot(b[0] - a[0], b[1] - a[1]) * 36))
        out.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(n))
    return out


def _mapped(view: View, patch: str, uv: list[Point]) -> list[Point]:
    return [view.point(patch, u, v) for u, v in uv]


def _ring(shape: dict, view: View, patch: str | None, flip: bool) -> list[Point]:  # type: ignore[type-arg]
    """One closed ring of a region piece, in view coordinates."""
    if "abs_ellipse" in shape or "abs" in shape:
        dx, y, rx, ry = shape.get("abs_ellipse") or shape["abs"]["ellipse"]
        y += OFFSET_Y[0]
        return [(view.cx + dx + rx * math.cos(2 * math.pi * k / 48), y + ry * math.sin(2 * math.pi * k / 48)) for k in range(48)]
    assert patch is not None
    uv = _ellipse_uv(*shape["ellipse"]) if "ellipse" in shape else _densify([tuple(p) for p in shape["poly"]])  # type: ignore[misc]
    if flip:
        uv = [(1 - u, v) for u, v in uv]
    return _mapped(view, patch, uv)


def _path_data(rings: list[list[Point]]) -> str:
    parts = []
    for ring in rings:
        parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z")
    return " ".join(parts)


def region_pieces(piece: dict, views: dict[str, View]) -> list[tuple[View, list[list[Point]]]]:  # type: ignore[type-arg]
    """Every drawn instance of one region piece: its rings (outer first, then holes)."""
    view = views[piece["view"]]
    patch = piece.get("patch")
    instances: list[tuple[str | None, bool]] = [(patch, False)]
    if piece.get("sides") == "both":
        if patch in view.mirrored:
            instances.append((f"{patch}~", False))
        else:
            instances.append((patch, True))
    out = []
    for p, flip in instances:
        rings = [_ring(piece, view, p, flip)]
        rings.extend(_ring(hole, view, p, flip) for hole in piece.get("holes", ()))
        out.append((view, rings))
    return out


def _polygon_area_centroid(ring: list[Point]) -> tuple[float, Point]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-9:
        return 0.0, ring[0]
    return abs(a) / 2, (cx / (3 * a), cy / (3 * a))


def _wrap(text: str, width: int = CALLOUT_WRAP) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        if lines and len(line) <= 3:
            lines[-1] += " " + line  # no orphan "n." on a line of its own
        else:
            lines.append(line)
    return lines


def _lighten(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


# ---- the drawing ------------------------------------------------------------------
class SkinMap:
    def __init__(self, pack: Pack, shapes: dict) -> None:  # type: ignore[type-arg]
        self.pack = pack
        self.shapes = shapes
        self.width, self.height = shapes["size"]
        OFFSET_Y[0] = float(shapes.get("offset_y", 0))
        self.views = {name: View(name, spec, (self.width, self.height)) for name, spec in shapes["views"].items()}

    def _anchor(self, view: View, ref: list) -> Point:  # type: ignore[type-arg]
        patch, u, v = ref
        return view.point(patch, u, v)

    def figure(self) -> str:
        out = ['<g id="layer-figure">']
        for view in self.views.values():
            closed = view.spec.get("closed", False)
            for pts in view.rings():
                d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + (" Z" if closed else "")
                out.append(f'<path d="{d}{"" if closed else " Z"}" fill="{SKIN}" stroke="none"/>')
        out.append("</g>")
        return "".join(out)

    def outlines(self) -> str:
        """Outlines and surface landmarks, drawn above the regions."""
        out = ['<g id="deco-outline" fill="none" stroke-linejoin="round" stroke-linecap="round">']
        for view in self.views.values():
            closed = view.spec.get("closed", False)
            rings = view.rings()
            for pts in rings:
                d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + (" Z" if closed else "")
                out.append(f'<path d="{d}" stroke="{OUTLINE}" stroke-width="2.2"/>')
            pts = [point for ring in rings for point in ring]
            if not closed:
                (x0, y0), (x1, y1) = pts[0], pts[-1]
                out.append(f'<path d="M{x0:.1f},{y0:.1f} L{x1:.1f},{y1:.1f}" stroke="{OUTLINE}" stroke-width="1" stroke-dasharray="4 4"/>')
            for line in view.spec.get("lines", ()):
                for mirror in (False, True) if line.get("mirror") else (False,):
                    pts2 = Curve.through(_absolute(line["d"], view.cx, mirror)).points(30)
                    d2 = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts2)
                    out.append(f'<path d="{d2}" stroke="{LINE}" stroke-width="1.3"/>')
            for dx, y, r in view.spec.get("dots", ()):
                out.append(f'<circle cx="{view.cx + dx:.1f}" cy="{y + OFFSET_Y[0]:.1f}" r="{r}" fill="{OUTLINE}" stroke="none"/>')
            top = min(y for _, y in pts)
            out.append(
                f'<text x="{view.cx:.0f}" y="{top - 16:.0f}" text-anchor="middle" font-size="20" font-weight="bold" fill="{INK}" '
                f'stroke="none">{escape(view.title)}</text>'
            )
        out.append("</g>")
        return "".join(out)

    def layer(self, name: str, kind: Kind) -> tuple[str, str]:
        """The layer's regions (`layer-<name>`) and its labels (`layer-<name>-labels`)."""
        spec = self.shapes["layers"][name]
        wanted = [s.id for s in self.pack.of_kind(kind)]
        unknown = sorted(set(spec["regions"]) - set(wanted))
        missing = [i for i in wanted if i not in spec["regions"]]
        if unknown or missing:
            raise SystemExit(f"{name}: regions for unknown structures {unknown}; structures without a region {missing}")
        out = [f'<g id="layer-{name}">']
        labels: list[str] = [
            f'<g id="layer-{name}-labels">',
            f'<text x="24" y="40" font-size="26" font-weight="bold" fill="{INK}">{escape(spec["heading"])}</text>'
            f'<text x="24" y="62" font-size="14" fill="#52606d">{escape(spec["subtitle"])}</text>',
        ]
        for index, sid in enumerate(wanted):
            structure = self.pack.structures[sid]
            if kind is Kind.DERMATOME:
                segment_index = self.pack.segments.index(structure.segments[0])
                colour, _ = segment_style(segment_index)
                # The palette repeats after six segments: the second round (S1 on) is drawn
                # a deeper tint, so L1 and S2, which share a colour, still differ.
                fill = _lighten(colour, 0.62 if segment_index < len(OKABE_ITO) else 0.36)
            else:
                fill = spec.get("tints", {}).get(sid) or TERRITORY_TINTS[index % len(TERRITORY_TINTS)]
            out.append(f'<g id="{sid}" fill="{fill}" stroke="#ffffff" stroke-width="1.2" fill-rule="evenodd">')
            out.append(f"<title>{escape(structure.name)}</title>")
            for piece in spec["regions"][sid]:
                for _view, rings in region_pieces(piece, self.views):
                    out.append(f'<path d="{_path_data(rings)}"/>')
            out.append("</g>")
            labels.append(self._labels(name, sid))
        out.append("</g>")
        regions = "".join(out)
        out = labels
        for view_name, patch, u, v in spec.get("key_points", ()):
            x, y = self.views[view_name].point(patch, u, v)
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{INK}" stroke="#ffffff" stroke-width="1.5"/>')
        for view_name, patch, u, v, text in spec.get("notes", ()):
            x, y = self.views[view_name].point(patch, u, v)
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="12" font-style="italic" fill="#52606d">'
                f"{escape(text)}</text>"
            )
        out.append(self._callouts(name))
        out.append("</g>")
        return regions, "".join(out)

    def _labels(self, layer: str, sid: str) -> str:
        spec = self.shapes["layers"][layer]
        texts = spec.get("labels", {}).get(sid, ())
        if not texts:
            return ""
        name = self.pack.structures[sid].name.replace(" dermatome", "")
        out = [f'<g id="deco-label-{sid}" font-size="{LABEL_FONT}" font-weight="bold" text-anchor="middle">']
        for view_name, patch, u, v in texts:
            x, y = self.views[view_name].point(patch, u, v)
            attrs = f'x="{x:.1f}" y="{y + LABEL_FONT * 0.35:.1f}"'
            out.append(f'<text {attrs} fill="none" stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round">{escape(name)}</text>')
            out.append(f'<text {attrs} fill="{INK}">{escape(name)}</text>')
        out.append("</g>")
        return "".join(out)

    def _callouts(self, layer: str) -> str:
        spec = self.shapes["layers"][layer]
        entries = [dict(c, id=sid) for sid, c in spec.get("callouts", {}).items()]
        entries += spec.get("extra_callouts", [])
        columns: dict[tuple[str, str], list[dict]] = {}  # type: ignore[type-arg]
        for entry in entries:
            view = self.views[entry["view"]]
            if "abs_anchor" in entry:
                dx, y = entry["abs_anchor"]
                entry["_anchor"] = (view.cx + dx, y + OFFSET_Y[0])
            else:
                entry["_anchor"] = self._anchor(view, entry["anchor"])
            entry["_lines"] = _wrap(entry["text"])
            columns.setdefault((entry["view"], entry["side"]), []).append(entry)
        groups: dict[str, list[str]] = {}
        for (view_name, side), items in columns.items():
            view = self.views[view_name]
            reach = float(view.spec.get("callout_reach", 172.0))
            x_text = view.cx - reach if side == "left" else view.cx + reach
            items.sort(key=lambda e: e["_anchor"][1])
            y_next = -1e9
            for entry in items:
                height = len(entry["_lines"]) * (CALLOUT_FONT + 2)
                y = max(entry["_anchor"][1] - height / 2, y_next)
                entry["_top"] = y
                y_next = y + height + COLUMN_GAP
            overflow = y_next - COLUMN_GAP - (self.height - 10)
            if overflow > 0:
                for entry in items:
                    entry["_top"] -= overflow
            anchor = "end" if side == "left" else "start"
            for entry in items:
                ax, ay = entry["_anchor"]
                lines = entry["_lines"]
                top = entry["_top"]
                mid = top + len(lines) * (CALLOUT_FONT + 2) / 2
                edge = x_text + (6 if side == "left" else -6)
                parts = [
                    f'<path d="M{edge:.1f},{mid:.1f} L{ax:.1f},{ay:.1f}" stroke="{INK}" stroke-width="0.9" fill="none"/>',
                    f'<circle cx="{ax:.1f}" cy="{ay:.1f}" r="2.6" fill="{INK}"/>',
                ]
                for k, line in enumerate(lines):
                    y = top + (k + 1) * (CALLOUT_FONT + 2) - 4
                    parts.append(f'<text x="{x_text:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}">{escape(line)}</text>')
                groups.setdefault(entry["id"], []).extend(parts)
        out = []
        for sid, parts in groups.items():
            element = f"deco-callout-{sid}"
            out.append(f'<g id="{element}" font-size="{CALLOUT_FONT}">' + "".join(parts) + "</g>")
        return "".join(out)

    def svg(self) -> str:
        w, h = self.width, self.height
        regions, labels = zip(self.layer("dermatomes", Kind.DERMATOME), self.layer("territories", Kind.SKIN), strict=True)
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            'font-family="DejaVu Sans, Helvetica, Arial, sans-serif">',
            f"<title>{escape(self.pack.title)}: skin map</title>",
            f'<rect id="deco-background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
            self.figure(),
            *regions,
            self.outlines(),
            *labels,
            "</svg>",
        ]
        return "\n".join(out) + "\n"


def build(data: Path, shapes: Path) -> str:
    pack = load_data(data)
    spec = json.loads(shapes.read_text(encoding="utf-8"))
    return SkinMap(pack, spec).svg()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "assets" / "lumbosacral.json")
    parser.add_argument("--shapes", type=Path, default=ROOT / "tools" / "lumbosacral_skin_shapes.json")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "assets" / "svg" / "lumbosacral-skin.svg")
    args = parser.parse_args()
    args.output.write_text(build(args.data, args.shapes), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
