"""Draw the schematic SVG of a pack from its data file and a layout description.

    python tools/build_schematic.py [--data assets/lumbosacral.json]
                                    [--layout tools/lumbosacral_layout.json]
                                    [-o assets/svg/lumbosacral.svg]

The committed SVG is what the viewer reads; this script is how it was drawn, so the
drawing can be redrawn after the data changes and then touched up in Inkscape.

The drawing reads left to right, as textbook plexus figures do: the ventral rami in one
column, then the trunks, the anterior and posterior divisions, the cords (brachial plexus),
the nerves, their branches, and the muscles and skin they reach in one aligned column per
panel. Every connection is drawn as one strand per segment it carries (the L2, L3 and L4
strands of the femoral nerve are separate paths), which is what lets the viewer light one
segment.

The layout file names the panels (`panels`: each with its `id`, `title`, the `roots` whose
descendants it draws, or none for all that no other panel claims, and the `order` of its
first-order nerves), the region `headings` (keyed by a first-order nerve or by a leaf)
and, optionally: `labels` (a shorter text drawn in a structure's box), `child_order` (the
order of a structure's children, and so of the leaves under it), `contributions` (branches
of the roots drawn in a column of their own before the trunks, such as the C4
contribution), `stack` (structures kept in this order top to bottom in their column),
`rows` (structures given a leaf row of their own at the start of a first-order nerve's
leaves, such as an anastomosis drawn back to a nerve), `centre_on` (for a kind, the kinds of
what it feeds that it is centred on; all by default) and `bend_early` (strands that skip columns to reach a nerve
bend just after their source's column, not just before their target's). The older keys
`sacral_roots`, `lumbar_order` and `sacral_order` describe the two panels of the
lumbosacral plexus.

A layout holding `tiles` (each a layout as above with the `members` it draws) and `columns`
draws a pack made of several plexuses, each laid out on its own, in a grid: one set of
layers and one legend for all (`tools/scale_pack.py` writes such layouts).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer.model.labels import division_short_name  # noqa: E402
from viewer.model.loader import load_data  # noqa: E402
from viewer.model.pack import Link, Pack  # noqa: E402
from viewer.model.records import Kind, Structure  # noqa: E402
from viewer.palette import segment_style  # noqa: E402

FONT = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif"
FONT_SIZE = 13.0
# Advances of DejaVu Sans (the first family named) at FONT_SIZE px, regular and bold, for
# the characters below, as QFontMetricsF measures them; the narrower fallbacks then fit too.
_ADVANCE_CHARS = "".join(chr(c) for c in range(32, 127)) + "–é½"
_REGULAR = (
    "4.12 5.20 5.97 10.89 8.27 12.34 10.12 3.56 5.06 5.06 6.50 10.89 4.12 4.69 4.12 4.38 8.27 8.27 "
    "8.27 8.27 8.27 8.27 8.27 8.27 8.27 8.27 4.38 4.38 10.89 10.89 10.89 6.89 13.00 8.89 8.91 9.06 "
    "10.00 8.20 7.47 10.06 9.77 3.83 3.83 8.52 7.23 11.20 9.72 10.22 7.83 10.22 9.03 8.25 7.94 9.50 "
    "8.89 12.84 8.89 7.94 8.89 5.06 4.38 5.06 10.89 6.50 6.50 7.95 8.25 7.14 8.25 7.98 4.56 8.25 8.23 "
    "3.61 3.61 7.52 3.61 12.66 8.23 7.95 8.25 8.25 5.34 6.77 5.09 8.23 7.69 10.62 7.69 7.69 6.81 8.27 "
    "4.38 8.27 10.89 6.50 7.98 12.59 "
)
_BOLD = (
    "4.52 5.92 6.77 10.89 9.03 13.02 11.33 3.97 5.94 5.94 6.80 10.89 4.94 5.39 4.94 4.73 9.03 9.03 "
    "9.03 9.03 9.03 9.03 9.03 9.03 9.03 9.03 5.19 5.19 10.89 10.89 10.89 7.53 13.00 10.05 9.91 9.53 "
    "10.78 8.88 8.88 10.66 10.88 4.83 4.83 10.06 8.28 12.92 10.88 11.05 9.52 11.05 10.00 9.36 8.86 "
    "10.55 10.05 14.33 10.02 9.41 9.42 5.94 4.73 5.94 10.89 6.50 6.50 8.77 9.30 7.70 9.30 8.81 5.64 "
    "9.30 9.25 4.45 4.45 8.64 4.45 13.53 9.25 8.92 9.30 9.30 6.41 7.73 6.20 9.25 8.47 12.00 8.38 8.47 "
    "7.56 9.25 4.73 9.25 10.89 6.50 8.81 13.45 "
)


def _advances(table: str) -> dict[str, float]:
    return dict(zip(_ADVANCE_CHARS, (float(v) for v in table.split()), strict=True))


_ADVANCES = {False: _advances(_REGULAR), True: _advances(_BOLD)}
LINE_H = 16.0
PAD_X = 9.0
PAD_Y = 5.0
PITCH = 3.2  # distance between parallel strands
STRAND_W = 1.5
GAP = 86.0  # horizontal room between columns for strands to bend
ROW_GAP = 5.0  # vertical room between leaves
GROUP_GAP = 26.0  # extra room between the leaves of different nerves (holds a heading)
NODE_GAP = 10.0
MARGIN = 40.0
WRAP = 24  # characters per label line before it wraps

STRAND_COLOUR = "#98a3b3"
INK = "#1f2933"
KIND_STYLE = {
    Kind.SEGMENT: ("#ffffff", "#1f2933", 2.0, None),
    Kind.TRUNK: ("#e8eef7", "#3b4a5e", 1.6, None),
    Kind.CORD: ("#dde7f3", "#2c3e57", 1.8, None),
    Kind.DIVISION: ("#ffffff", "#52606d", 1.2, None),
    Kind.NERVE: ("#ffffff", "#3b4a5e", 1.4, None),
    Kind.BRANCH: ("#f5f7fa", "#52606d", 1.2, None),
    Kind.MUSCLE: ("#fdecea", "#b4877f", 1.1, None),
    Kind.SKIN: ("#fff6e5", "#c9a45c", 1.1, "5 3"),
}
POSTERIOR_FILL = "#e4e7eb"  # posterior divisions shaded, as in the textbook figures
#: Columns by kind, left to right; a branch stands one column right of its rightmost parent,
#: and the contributions a layout names stand in the column between the roots and the trunks.
COLUMN_OF_KIND = {Kind.SEGMENT: 0, Kind.TRUNK: 2, Kind.DIVISION: 3, Kind.CORD: 4, Kind.NERVE: 5}
CONTRIBUTION_COLUMN = 1
BOLD_KINDS = (Kind.SEGMENT, Kind.NERVE, Kind.TRUNK, Kind.CORD)


@dataclass(frozen=True)
class Panel:
    """One plexus drawn on its own: its roots, title, and the order of its first-order nerves."""

    id: str
    title: str
    order: tuple[str, ...]
    roots: tuple[str, ...] = ()


def panels_of(spec: dict[str, object]) -> list[Panel]:
    """The layout's panels; the older two-panel keys describe the lumbosacral plexus (a tiled
    layout's own panels are its tiles')."""
    if "tiles" in spec:
        return []
    if "panels" in spec:
        return [
            Panel(p["id"], p["title"], tuple(p["order"]), tuple(p.get("roots", ())))  # type: ignore[index]
            for p in spec["panels"]  # type: ignore[attr-defined]
        ]
    return [
        Panel("lumbar", "LUMBAR PLEXUS  (T12–L4)", tuple(spec["lumbar_order"])),  # type: ignore[call-overload]
        Panel(
            "sacral",
            "SACRAL AND COCCYGEAL PLEXUSES  (L4–Co1)",
            tuple(spec["sacral_order"]),  # type: ignore[call-overload]
            tuple(spec["sacral_roots"]),  # type: ignore[call-overload]
        ),
    ]


@dataclass
class Node:
    s: Structure
    panel: str
    col: int = 0
    lines: list[str] = field(default_factory=list)
    w: float = 0.0
    h: float = 0.0
    x: float = 0.0  # left edge
    y: float = 0.0  # centre
    slots_in: dict[tuple[int, str], float] = field(default_factory=dict)
    slots_out: dict[tuple[int, str], float] = field(default_factory=dict)

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2


def label_of(s: Structure, labels: dict[str, str] | None = None) -> str:
    if labels and s.id in labels:
        return labels[s.id]
    if s.kind is Kind.SKIN:
        return s.name.split(" (")[0]
    if s.kind is Kind.DIVISION:
        return division_short_name(s)
    if s.inconstant:
        return s.name + " (inconstant)"
    return s.name


def wrap(text: str, width: int = WRAP) -> list[str]:
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def text_width(text: str, bold: bool = False) -> float:
    advances = _ADVANCES[bold]
    return sum(advances.get(c, 9.5) for c in text) * 1.02


class Layout:
    def __init__(self, pack: Pack, spec: dict[str, object]) -> None:
        self.pack = pack
        self.spec = spec
        self.nodes: dict[str, Node] = {}
        self.leaf_groups: list[tuple[str, float, float, float]] = []  # panel, x, y, heading
        self.headings: list[tuple[float, float, str]] = []
        self.ox = 0.0  # where the drawing is moved to in a larger drawing (see `shift`)
        self.oy = 0.0
        self.panels = panels_of(spec)
        self.labels: dict[str, str] = dict(spec.get("labels", {}))  # type: ignore[call-overload]
        self.contributions = set(spec.get("contributions", ()))  # type: ignore[call-overload]
        self.child_order: dict[str, list[str]] = dict(spec.get("child_order", {}))  # type: ignore[call-overload]
        self.rows: dict[str, list[str]] = dict(spec.get("rows", {}))  # type: ignore[call-overload]
        self.bend_early = bool(spec.get("bend_early", False))
        self.stack: list[str] = list(spec.get("stack", ()))  # type: ignore[call-overload]
        self.row_ids = {sid for rows in self.rows.values() for sid in rows}
        centre_on: dict[str, list[str]] = dict(spec.get("centre_on", {}))  # type: ignore[call-overload]
        self.centre_on = {Kind(kind): {Kind(k) for k in kinds} for kind, kinds in centre_on.items()}

    # ---- structure ------------------------------------------------------
    def assign_panels(self) -> None:
        """Each structure to the panel whose roots reach it (the panel without roots takes the rest)."""
        pack = self.pack
        default = next((p.id for p in self.panels if not p.roots), self.panels[0].id)
        panel_of: dict[str, str] = {}
        root_panel: dict[str, str] = {}
        for panel in self.panels:
            work = list(panel.roots)
            root_panel.update(dict.fromkeys(panel.roots, panel.id))
            seen: set[str] = set()
            while work:
                n = work.pop()
                if n in seen:
                    continue
                seen.add(n)
                panel_of[n] = panel.id
                work.extend(link.target for link in pack.outgoing[n])
        for s in pack.structures.values():
            if s.parts:
                continue
            panel = panel_of.get(s.id, default)
            if s.kind is Kind.SEGMENT:
                panel = root_panel.get(s.id, default)
            self.nodes[s.id] = Node(s, panel)

    def primary_tree(self) -> dict[str, list[str]]:
        """Children of each node, each child under its first parent only."""
        children: dict[str, list[str]] = defaultdict(list)
        claimed: set[str] = set()
        for link in self.pack.links:
            if self.pack.structures[link.source].kind in (Kind.SEGMENT, Kind.DIVISION):
                continue
            if self.pack.structures[link.target].kind in (Kind.DIVISION, Kind.TRUNK):
                continue
            if link.target in self.row_ids:
                continue  # placed on a row of its own
            if link.target not in claimed:
                claimed.add(link.target)
                children[link.source].append(link.target)
        for parent, order in self.child_order.items():
            rank = {child: k for k, child in enumerate(order)}
            children[parent].sort(key=lambda child: rank.get(child, len(rank)))
        return children

    def assign_columns(self) -> None:
        nerve_col = COLUMN_OF_KIND[Kind.NERVE]
        order = list(self.pack.structures)
        for sid in order:
            node = self.nodes.get(sid)
            if node is None:
                continue
            s = node.s
            if sid in self.contributions:
                node.col = CONTRIBUTION_COLUMN
            elif s.kind in COLUMN_OF_KIND:
                node.col = COLUMN_OF_KIND[s.kind]
            elif s.kind is Kind.BRANCH:
                parents = [self.nodes[link.source].col for link in self.pack.incoming[sid]]
                node.col = max(nerve_col, max(parents) + 1)
        for panel in self.panel_ids:
            leaf_col = max(n.col for n in self.nodes.values() if n.panel == panel and n.s.kind not in (Kind.MUSCLE, Kind.SKIN)) + 1
            for n in self.nodes.values():
                if n.panel == panel and n.s.kind in (Kind.MUSCLE, Kind.SKIN):
                    n.col = leaf_col

    def size_nodes(self) -> None:
        slots_in: dict[str, int] = defaultdict(int)
        slots_out: dict[str, int] = defaultdict(int)
        for link in self.pack.links:
            slots_out[link.source] += len(link.segments)
            slots_in[link.target] += len(link.segments)
        for node in self.nodes.values():
            s = node.s
            text = label_of(s, self.labels)
            node.lines = (
                [text] if s.kind in (Kind.SEGMENT, Kind.DIVISION) else wrap(text, 34 if s.kind in (Kind.MUSCLE, Kind.SKIN) else WRAP)
            )
            bold = s.kind in BOLD_KINDS
            node.w = max(text_width(line, bold) for line in node.lines) + 2 * PAD_X
            if s.kind is Kind.SEGMENT:
                node.w = 64.0
            text_h = len(node.lines) * LINE_H + 2 * PAD_Y
            strand_h = max(slots_in[s.id], slots_out[s.id]) * PITCH + 8
            node.h = max(text_h, strand_h)

    @property
    def panel_ids(self) -> list[str]:
        return [p.id for p in self.panels]

    def column_x(self) -> None:
        """The first panel's columns from the left margin; each further panel's right of the one
        before it, its roots sharing the first panel's root column."""
        widths: dict[tuple[str, int], float] = defaultdict(float)
        for n in self.nodes.values():
            widths[(n.panel, n.col)] = max(widths[(n.panel, n.col)], n.w)
        xs: dict[tuple[str, int], float] = {}
        self.panel_right: dict[str, float] = {}
        x = MARGIN
        for k, panel in enumerate(self.panel_ids):
            cols = sorted({n.col for n in self.nodes.values() if n.panel == panel})
            if k:
                xs[(panel, 0)] = MARGIN
                cols = [c for c in cols if c != 0]
                x = self.panel_right[self.panel_ids[k - 1]] + GAP * 0.9
            for c in cols:
                xs[(panel, c)] = x
                x += widths[(panel, c)] + GAP
            self.panel_right[panel] = x - GAP
        self.width = x - GAP + MARGIN
        for n in self.nodes.values():
            n.x = xs[(n.panel, n.col)]
        self.leaf_x = {p: max(n.x for n in self.nodes.values() if n.panel == p) for p in self.panel_ids}
        # the right edge of what each column draws, a composite nerve's outline included
        self.column_right: dict[tuple[str, int], float] = defaultdict(float)
        for n in self.nodes.values():
            outline = 8.0 if self.pack.composites_of(n.s.id) else 0.0
            key = (n.panel, n.col)
            self.column_right[key] = max(self.column_right[key], n.x + n.w + outline)

    # ---- vertical placement ----------------------------------------------
    def place(self) -> None:
        tree = self.primary_tree()
        top = MARGIN + 46  # room for the panel titles
        self.bottom_of: dict[str, float] = {}
        headings: dict[str, str] = dict(self.spec.get("headings", {}))  # type: ignore[call-overload]
        placed = {n.s.id for n in self.nodes.values() if n.s.kind in (Kind.MUSCLE, Kind.SKIN)}
        for panel in self.panels:
            y = top
            last_heading = None
            for first in panel.order:
                rows = [sid for sid in self.rows.get(first, ()) if sid in self.nodes]
                placed.update(rows)
                leaves = rows + self._leaves_under(first, tree)
                y += GROUP_GAP
                heading = headings.get(first)
                if leaves and heading and heading != last_heading:
                    self.headings.append((self.leaf_x[panel.id], y - 8, heading))
                    last_heading = heading
                elif leaves:
                    y -= GROUP_GAP * 0.5
                for leaf in leaves:
                    heading = headings.get(leaf)
                    if heading and heading != last_heading:
                        # a region heading inside one nerve's leaves (the radial nerve's arm, forearm and hand)
                        y += GROUP_GAP * 0.7
                        self.headings.append((self.leaf_x[panel.id], y - 8, heading))
                        last_heading = heading
                    node = self.nodes[leaf]
                    node.y = y + node.h / 2
                    y += node.h + ROW_GAP
                if not leaves:
                    node = self.nodes[first]
                    node.y = y + node.h / 2
                    y += node.h + ROW_GAP
            self.bottom_of[panel.id] = y
        ordered = {leaf for panel in self.panels for first in panel.order for leaf in self._leaves_under(first, tree)}
        unplaced = [n.s.id for n in self.nodes.values() if n.s.kind in (Kind.MUSCLE, Kind.SKIN) and n.s.id not in ordered]
        if unplaced:
            raise SystemExit(f"muscles and skin under no nerve the layout orders (add their nerve to a panel's order): {unplaced}")
        # internal nodes, from the leaves leftwards
        for panel in self.panels:
            for first in panel.order:
                if not self.pack.structures[first].parts and not tree.get(first):
                    placed.add(first)

        def span(n: str) -> tuple[float, float]:
            kids = tree.get(n, [])
            if not kids and n not in placed:
                # a branch whose targets are all drawn under another parent (the sural
                # communicating branch joins the sural nerve): beside those targets
                kids = [link.target for link in self.pack.outgoing[n] if link.target in self.nodes]
            if not kids:
                return self.nodes[n].y, self.nodes[n].y
            ys = [span(k) for k in kids]
            return min(a for a, _ in ys), max(b for _, b in ys)

        for node in self.nodes.values():
            if node.s.id in placed or node.s.kind in (Kind.SEGMENT, Kind.DIVISION, Kind.TRUNK) or node.s.id in self.contributions:
                continue
            lo, hi = span(node.s.id)
            node.y = (lo + hi) / 2
        for comp in self.pack.structures.values():
            if comp.parts and all(p in self.nodes and self.nodes[p].s.kind is Kind.NERVE for p in comp.parts):
                spans = [span(p) for p in comp.parts]
                mid = (min(a for a, _ in spans) + max(b for _, b in spans)) / 2
                total = sum(self.nodes[p].h for p in comp.parts) + NODE_GAP * (len(comp.parts) - 1)
                y = mid - total / 2
                for p in comp.parts:
                    self.nodes[p].y = y + self.nodes[p].h / 2
                    y += self.nodes[p].h + NODE_GAP
        self.resolve_columns(kinds=(Kind.NERVE, Kind.BRANCH))
        # cords, divisions and trunks: centred on what they feed
        cords = [n for n in self.nodes.values() if n.s.kind is Kind.CORD]
        if cords:
            self.resolve_columns(kinds=(Kind.CORD,))
        for kind in (Kind.DIVISION, Kind.TRUNK):
            for node in self.nodes.values():
                if node.s.kind is kind:
                    ys = self._target_ys(node)
                    node.y = sum(ys) / len(ys)
            self.resolve_columns(kinds=(kind,))
        # contributions of the roots: first level with what they join, to place the roots by
        if self.contributions:
            for sid in self.contributions:
                ys = [self.nodes[link.target].y for link in self.pack.outgoing[sid] if link.target in self.nodes]
                self.nodes[sid].y = sum(ys) / len(ys)
            self.resolve_columns(kinds=(Kind.BRANCH,))
        # roots, in cranio-caudal order
        for k, panel in enumerate(self.panel_ids):
            roots = [n for n in self.nodes.values() if n.panel == panel and n.s.kind is Kind.SEGMENT]
            for node in roots:
                ys = self._target_ys(node)
                node.y = sum(ys) / len(ys)
                if k:
                    node.y = max(node.y, self.bottom_of[self.panel_ids[0]] + 90)
            prev: Node | None = None
            for node in roots:
                if prev is not None:
                    node.y = max(node.y, prev.bottom + node.h / 2 + 34)
                prev = node
        # and then level with the roots they come from, clear of the other roots' strands
        for sid in self.contributions:
            ys = [self.nodes[link.source].y for link in self.pack.incoming[sid] if link.source in self.nodes]
            self.nodes[sid].y = sum(ys) / len(ys)
        self.height = max(max(n.bottom for n in self.nodes.values()), max(self.bottom_of.values())) + MARGIN + 70

    def _target_ys(self, node: Node) -> list[float]:
        """Where the structures `node` is centred on lie: what it feeds, of the kinds the layout names."""
        kinds = self.centre_on.get(node.s.kind)
        return [
            self.nodes[link.target].y
            for link in self.pack.outgoing[node.s.id]
            if link.target in self.nodes and (kinds is None or self.nodes[link.target].s.kind in kinds)
        ]

    def _leaves_under(self, first: str, tree: dict[str, list[str]]) -> list[str]:
        """The muscles and skin a first-order nerve reaches, in drawing order."""
        # depth-first order, children in data order
        ordered: list[str] = []

        def walk(node: str) -> None:
            for child in tree.get(node, []):
                if self.nodes[child].s.kind in (Kind.MUSCLE, Kind.SKIN):
                    if child not in ordered:
                        ordered.append(child)
                else:
                    walk(child)

        for start in self.pack.structures[first].parts or (first,):
            walk(start)
        return ordered

    def resolve_columns(self, kinds: tuple[Kind, ...]) -> None:
        by_col: dict[tuple[str, int], list[Node]] = defaultdict(list)
        for n in self.nodes.values():
            if n.s.kind in kinds:
                by_col[(n.panel, n.col)].append(n)
        for nodes in by_col.values():
            # the layout's top-to-bottom order first (the lateral, posterior and medial cords)
            ranked = [self.nodes[sid] for sid in self.stack if sid in self.nodes and self.nodes[sid] in nodes]
            for a, b in pairwise(ranked):
                b.y = max(b.y, a.y)
            nodes.sort(key=lambda n: n.y)
            for a, b in pairwise(nodes):
                need = a.bottom + NODE_GAP + b.h / 2
                if b.y < need:
                    b.y = need

    # ---- strands -----------------------------------------------------------
    def assign_slots(self) -> None:
        pack = self.pack
        for node in self.nodes.values():
            outs = sorted(pack.outgoing[node.s.id], key=lambda link: (self.nodes[link.target].y, link.index))
            strands = [(link.index, seg) for link in outs for seg in link.segments]
            for k, key in enumerate(strands):
                node.slots_out[key] = node.y + (k - (len(strands) - 1) / 2) * PITCH
            ins = sorted(pack.incoming[node.s.id], key=lambda link: (self.nodes[link.source].y, link.index))
            strands = [(link.index, seg) for link in ins for seg in link.segments]
            for k, key in enumerate(strands):
                node.slots_in[key] = node.y + (k - (len(strands) - 1) / 2) * PITCH

    def strand_path(self, link: Link, seg: str) -> str:
        a = self.nodes[link.source]
        b = self.nodes[link.target]
        key = (link.index, seg)
        x0, y0 = a.x + a.w, a.slots_out[key]
        x1, y1 = b.x, b.slots_in[key]
        if self.panel_ids.index(a.panel) < self.panel_ids.index(b.panel):
            # from one panel into the next (the lumbosacral trunk): down below the first, then across
            k = link.segments.index(seg)
            bus = self.bottom_of[a.panel] + 34 + k * PITCH
            xa = x0 + 18 + k * PITCH
            return (
                f"M{x0:.1f},{y0:.1f} H{xa:.1f} V{bus:.1f} H{x1 - GAP * 0.7:.1f} "
                f"C{x1 - GAP * 0.35:.1f},{bus:.1f} {x1 - GAP * 0.35:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
            )
        if b.col <= a.col and a.s.id in self.row_ids:
            # a structure on a row of its own drawn back to one left of it or beside it (an
            # anastomosis joining a nerve): from its left edge, along its own row, then down the
            # gap after the target's column into the target's right edge (its left edge when
            # both share a column)
            if b.col < a.col:
                xg = self.column_right[(b.panel, b.col)] + GAP * 0.5
                x_end = b.x + b.w
            else:
                xg = a.x - GAP * 0.5
                x_end = b.x
            return f"M{a.x:.1f},{y0:.1f} H{xg:.1f} V{y1:.1f} H{x_end:.1f}"
        fan_in = a.s.kind in (Kind.SEGMENT, Kind.DIVISION, Kind.TRUNK)
        if self.bend_early and b.s.kind is Kind.NERVE and b.col - a.col > 1:
            # a nerve straight from a root or a trunk, above or below the trunks, divisions and
            # cords: turn to its row in the gap after the source, then run along that row
            fan_in = False
        if fan_in:
            xb = x1 - GAP * 0.85
            mid = (xb + x1) / 2
            return f"M{x0:.1f},{y0:.1f} H{xb:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f}"
        # Bend in the gap after the source's column, clear of the wider boxes beside it there.
        xc = max(x0, self.column_right[(a.panel, a.col)])
        xb = xc + GAP * 0.85
        mid = (xc + xb) / 2
        lead = f" H{xc:.1f}" if xc > x0 else ""
        return f"M{x0:.1f},{y0:.1f}{lead} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {xb:.1f},{y1:.1f} H{x1:.1f}"

    # ---- placement in a larger drawing ------------------------------------------
    def shift(self, dx: float, dy: float) -> None:
        """Move the whole laid-out drawing by (dx, dy): one tile of a drawing of several packs."""
        self.ox += dx
        self.oy += dy
        for n in self.nodes.values():
            n.x += dx
            n.y += dy
            n.slots_in = {k: v + dy for k, v in n.slots_in.items()}
            n.slots_out = {k: v + dy for k, v in n.slots_out.items()}
        self.headings = [(x + dx, y + dy, text) for x, y, text in self.headings]
        self.bottom_of = {k: v + dy for k, v in self.bottom_of.items()}
        self.panel_right = {k: v + dx for k, v in self.panel_right.items()}
        self.leaf_x = {k: v + dx for k, v in self.leaf_x.items()}
        self.column_right = defaultdict(float, {k: v + dx for k, v in self.column_right.items()})

    # ---- output --------------------------------------------------------------
    def svg(self) -> str:
        w, h = round(self.width), round(self.height)
        return _document(self.pack.title, w, h, [self.layers()], self.legend_svg())

    def layers(self) -> dict[str, list[str]]:
        """The drawing's elements, by the layer they belong to (see `LAYERS`)."""
        pack = self.pack
        suffix = str(self.spec.get("title_suffix", ""))
        y = MARGIN + 6 + self.oy
        titles = []
        for k, panel in enumerate(self.panels):
            x = MARGIN + self.ox if k == 0 else self.panel_right[self.panels[k - 1].id] + GAP * 0.9
            titles.append(f'<text x="{x}" y="{y}">{escape(panel.title)}{escape(suffix)}</text>')
        headings = [f'<text x="{x + 2:.1f}" y="{y:.1f}">{escape(text.upper())}</text>' for x, y, text in self.headings]
        # composite outlines behind everything else that is drawn
        composites: list[str] = []
        for comp in pack.structures.values():
            if not comp.parts:
                continue
            parts = [self.nodes[p] for p in comp.parts]
            if comp.kind is Kind.NERVE:
                x0 = min(p.x for p in parts) - 8
                x1 = max(p.x + p.w for p in parts) + 8
                y0 = min(p.top for p in parts) - 24
                y1 = max(p.bottom for p in parts) + 8
                composites.append(f'<g id="{comp.id}">')
                composites.append(
                    f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" rx="10" '
                    f'fill="#fbf3d5" stroke="#a68b2c" stroke-width="1.6"/>'
                )
                composites.append(f'<text x="{x0 + 10:.1f}" y="{y0 + 16:.1f}" font-weight="bold" fill="#5c4a12">{escape(comp.name)}</text>')
                composites.append("</g>")
            else:
                composites.append(f'<g id="{comp.id}" fill="none" stroke="#b4877f" stroke-width="1.2" stroke-dasharray="2 2">')
                for p in parts:
                    composites.append(f'<rect x="{p.x - 4:.1f}" y="{p.top - 4:.1f}" width="{p.w + 8:.1f}" height="{p.h + 8:.1f}" rx="7"/>')
                composites.append("</g>")
        strands: list[str] = []

        def inconstant_contribution(link: Link) -> bool:
            # an inconstant contribution (C4 to the upper trunk) is dashed from its root on
            return any(end in self.contributions and pack.structures[end].inconstant for end in (link.source, link.target))

        for link in pack.links:
            for sid, seg in zip(link.strand_ids(), link.segments, strict=True):
                dash = ' stroke-dasharray="4 3"' if link.inconstant or inconstant_contribution(link) else ""
                strands.append(f'<path id="{sid}" d="{self.strand_path(link, seg)}"{dash}/>')
        nodes = [self.node_svg(self.nodes[sid]) for sid, s in pack.structures.items() if not s.parts]
        return {"titles": titles, "headings": headings, "composites": composites, "strands": strands, "nodes": nodes}

    def node_svg(self, n: Node) -> str:
        s = n.s
        fill, stroke, sw, dash = KIND_STYLE[s.kind]
        if s.kind is Kind.DIVISION and "posterior" in s.id:
            fill = POSTERIOR_FILL
        if s.inconstant:
            dash = "5 3"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        rx = 4 if s.kind in (Kind.MUSCLE, Kind.SKIN) else 7
        parts = [
            f'<g id="{s.id}">',
            f'<rect x="{n.x:.1f}" y="{n.top:.1f}" width="{n.w:.1f}" height="{n.h:.1f}" rx="{rx}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash_attr}/>',
        ]
        bold = ' font-weight="bold"' if s.kind in BOLD_KINDS else ""
        size = ' font-size="15"' if s.kind is Kind.SEGMENT else ""
        if s.kind is Kind.SEGMENT:
            index = self.pack.segments.index(s.segments[0])
            colour, pattern = segment_style(index)
            dasharray = " ".join(f"{v * 3:g}" for v in pattern)
            parts.append(
                f'<line x1="{n.x + 40:.1f}" y1="{n.y:.1f}" x2="{n.x + 58:.1f}" y2="{n.y:.1f}" stroke="{colour}" '
                f'stroke-width="3"' + (f' stroke-dasharray="{dasharray}"' if dasharray else "") + "/>"
            )
            parts.append(f'<text x="{n.x + 8:.1f}" y="{n.y + 5:.1f}" fill="{INK}"{bold}{size}>{escape(n.lines[0])}</text>')
        else:
            y = n.y - (len(n.lines) - 1) * LINE_H / 2 + 4.5
            for line in n.lines:
                parts.append(f'<text x="{n.x + PAD_X:.1f}" y="{y:.1f}" fill="{INK}"{bold}>{escape(line)}</text>')
                y += LINE_H
        parts.append("</g>")
        return "".join(parts)

    def legend_svg(self) -> str:
        x = MARGIN + self.ox
        y = self.height + self.oy - 52
        out = [f'<g id="legend-key" font-size="12" fill="{INK}">']
        out.append(f'<text x="{x}" y="{y}" font-weight="bold">Key</text>')
        items = [("Cord", Kind.CORD)] if self.pack.of_kind(Kind.CORD) else []
        items += [
            ("Nerve", Kind.NERVE),
            ("Branch", Kind.BRANCH),
            ("Muscle", Kind.MUSCLE),
            ("Skin territory", Kind.SKIN),
        ]
        cx = x + 40
        for text, kind in items:
            fill, stroke, sw, dash = KIND_STYLE[kind]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            box = f'x="{cx}" y="{y - 12}" width="22" height="16" rx="3"'
            out.append(f'<rect {box} fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{dash_attr}/>')
            out.append(f'<text x="{cx + 28}" y="{y + 1}">{text}</text>')
            cx += 40 + len(text) * 7
        out.append(f'<rect x="{cx}" y="{y - 12}" width="22" height="16" rx="3" fill="{POSTERIOR_FILL}" stroke="#52606d"/>')
        out.append(f'<text x="{cx + 28}" y="{y + 1}">Posterior division</text>')
        cx += 170
        out.append(f'<path d="M{cx},{y - 4} h26" stroke="#3b4a5e" stroke-width="1.5" stroke-dasharray="4 3" fill="none"/>')
        out.append(f'<text x="{cx + 32}" y="{y + 1}">Inconstant</text>')
        cx += 120
        out.append(f'<path d="M{cx},{y - 4} h26" stroke="{STRAND_COLOUR}" stroke-width="1.5" fill="none"/>')
        out.append(f'<text x="{cx + 32}" y="{y + 1}">One strand per segment carried</text>')
        y += 24
        out.append(f'<text x="{x}" y="{y}" font-weight="bold">Roots</text>')
        cx = x + 52
        for index, seg in enumerate(self.pack.segments):
            colour, pattern = segment_style(index)
            dasharray = " ".join(f"{v * 3:g}" for v in pattern)
            dash_attr = f' stroke-dasharray="{dasharray}"' if dasharray else ""
            out.append(f'<path d="M{cx},{y - 4} h28" stroke="{colour}" stroke-width="3" fill="none"{dash_attr}/>')
            out.append(f'<text x="{cx + 32}" y="{y + 1}">{seg}</text>')
            cx += 72
        out.append("</g>")
        return "".join(out)


#: The drawing's layers, in painting order, each a group with its id and attributes.
LAYERS = (
    ("titles", '<g id="layer-titles" fill="#52606d" font-weight="bold" font-size="15" letter-spacing="1">'),
    ("headings", '<g id="layer-headings" fill="#7b8794" font-size="11" letter-spacing="0.6">'),
    ("composites", '<g id="layer-composites">'),
    ("strands", f'<g id="layer-strands" fill="none" stroke="{STRAND_COLOUR}" stroke-width="{STRAND_W}">'),
    ("nodes", '<g id="layer-nodes">'),
)


def _document(title: str, w: int, h: int, tiles: list[dict[str, list[str]]], legend: str) -> str:
    """One SVG holding the layers of every tile (each layer once), then the legend."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}">',
        f"<title>{escape(title)}: segmental schematic</title>",
        f'<rect id="deco-background" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    for name, opening in LAYERS:
        out.append(opening)
        for tile in tiles:
            out.extend(tile[name])
        out.append("</g>")
    out.append(legend)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _laid_out(pack: Pack, spec: dict[str, object]) -> Layout:
    lay = Layout(pack, spec)
    lay.assign_panels()
    lay.assign_columns()
    lay.size_nodes()
    lay.column_x()
    lay.place()
    lay.assign_slots()
    return lay


def _part(pack: Pack, members: set[str]) -> Pack:
    """The structures named in `members` and the links between them."""
    return Pack.build(
        title=pack.title,
        segments=pack.segments,
        sources=pack.sources,
        structures=[s for s in pack.structures.values() if s.id in members],
        links=[link for link in pack.links if link.source in members and link.target in members],
        data_path=pack.data_path,
        svg_path=pack.svg_path,
    )


def build_tiled(pack: Pack, spec: dict[str, object]) -> str:
    """A pack made of several plexuses, each drawn by `Layout` from its own layout, in a grid.

    `spec["tiles"]` lists each plexus's layout (as a single layout file holds it) with its
    `members` (the ids it draws); `spec["columns"]` how many tiles make a row. The legend is
    drawn once, under the grid.
    """
    tiles = list(spec["tiles"])  # type: ignore[call-overload]
    columns = max(1, int(spec.get("columns", 1)))  # type: ignore[call-overload]
    layouts = [_laid_out(_part(pack, set(tile["members"])), tile) for tile in tiles]
    # Every tile's own room for a legend is kept; the shared legend uses the last row's.
    cell_w = max(lay.width for lay in layouts)
    cell_h = max(lay.height for lay in layouts)
    for k, lay in enumerate(layouts):
        lay.shift((k % columns) * cell_w, (k // columns) * cell_h)
    rows = (len(layouts) + columns - 1) // columns
    w, h = round(cell_w * min(columns, len(layouts))), round(cell_h * rows)
    legend = Layout(pack, spec)
    legend.height = cell_h
    legend.oy = (rows - 1) * cell_h
    return _document(pack.title, w, h, [lay.layers() for lay in layouts], legend.legend_svg())


def schematic_part(pack: Pack) -> Pack:
    """The pack without what only the skin map draws: dermatomes and the links into them."""
    drawn = pack.drawable_ids()
    return Pack.build(
        title=pack.title,
        segments=pack.segments,
        sources=pack.sources,
        structures=[s for s in pack.structures.values() if s.id in drawn],
        links=[link for link in pack.links if link.target in drawn],
        data_path=pack.data_path,
        svg_path=pack.svg_path,
    )


def build(data: Path, layout: Path) -> str:
    pack = schematic_part(load_data(data))
    spec = json.loads(layout.read_text(encoding="utf-8"))
    if "tiles" in spec:
        return build_tiled(pack, spec)
    return _laid_out(pack, spec).svg()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "assets" / "lumbosacral.json")
    parser.add_argument("--layout", type=Path, default=ROOT / "tools" / "lumbosacral_layout.json")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "assets" / "svg" / "lumbosacral.svg")
    args = parser.parse_args()
    args.output.write_text(build(args.data, args.layout), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
