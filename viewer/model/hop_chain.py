"""The chain a caption reads out: "L5 → lumbosacral trunk → sciatic → … → extensor hallucis longus".

A selected root lights dozens of structures; a caption cannot name them all, so it
follows one *main chain* and counts the rest ("+ 34 more"). The chain runs from the
roots to a focus target: the selection itself for a muscle or skin territory; for a
root, the ISNCSCI key muscle of that segment when it is lit (the pack records it as a
`key_muscle` fact); for a nerve, the deepest lit key muscle of any segment; otherwise
the deepest lit muscle, then the deepest lit target, first in the pack's order. Each
link of the chain is one hop depth; where several structures share a hop on the way
(L4, L5 and S1 feeding one muscle) they are named together.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from viewer.model.pack import Pack
from viewer.model.records import TARGET_KINDS, Kind
from viewer.model.tracing import Trace


@dataclass(frozen=True)
class ChainLink:
    """Structures at one hop depth along the chain, named together."""

    hop: int
    ids: tuple[str, ...]


@dataclass(frozen=True)
class HopChain:
    """The main chain of a traced pathway, roots first, and its focus target."""

    links: tuple[ChainLink, ...]
    focus: str | None


class Role(StrEnum):
    """How a caption part is shown: revealed earlier, revealed by this step, or still to come."""

    SHOWN = "shown"
    NEWEST = "newest"
    AHEAD = "ahead"


@dataclass(frozen=True)
class CaptionPart:
    text: str
    role: Role


@dataclass(frozen=True)
class Caption:
    """What a caption bar shows for a pathway revealed up to some hop."""

    parts: tuple[CaptionPart, ...]
    #: Revealed structures the chain does not name.
    more: int

    @property
    def text(self) -> str:
        """The caption as one plain line."""
        body = " → ".join(p.text for p in self.parts)
        return f"{body}  + {self.more} more" if self.more else body


_KEY_MUSCLE = re.compile(r"key muscle for ([A-Z][a-z]?\d+)")


def key_muscle_of(pack: Pack, segment: str) -> list[str]:
    """The muscles the pack records as the ISNCSCI key muscle for `segment`, in pack order."""
    found = []
    for s in pack.structures.values():
        if s.kind is not Kind.MUSCLE:
            continue
        for fact in s.facts:
            if fact.field == "key_muscle" and segment in _KEY_MUSCLE.findall(fact.text):
                found.append(s.id)
                break
    return found


def _edges(pack: Pack, trace: Trace, *, usual_only: bool) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The lit connections as edges into and out of each structure; inconstant ones left out if `usual_only`."""
    into: dict[str, set[str]] = defaultdict(set)
    out: dict[str, set[str]] = defaultdict(set)
    for index, _segment in trace.strands:
        link = pack.links[index]
        if usual_only and link.inconstant:
            continue
        into[link.target].add(link.source)
        out[link.source].add(link.target)
    return into, out


def _reach(starts: set[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(starts)
    work = list(starts)
    while work:
        for nxt in edges.get(work.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                work.append(nxt)
    return seen


def _usual_reach(pack: Pack, trace: Trace) -> set[str]:
    """What the selection reaches, upstream and downstream, along usual (constant) connections alone.

    The chain a caption reads keeps to these where it can: the median nerve's runs to a thenar
    muscle through its recurrent branch, not round the Martin-Gruber and Riche-Cannieu
    anastomoses through the ulnar nerve, though those are lit as variants.
    """
    into, out = _edges(pack, trace, usual_only=True)
    start = set(pack.structures[trace.selected].parts or (trace.selected,))
    return _reach(start, into) | _reach(start, out)


def focus_target(pack: Pack, trace: Trace) -> str | None:
    """The target the main chain runs to (see the module docstring)."""
    selected = pack.structures[trace.selected]
    if selected.kind in TARGET_KINDS:
        return selected.id
    targets = [s for s in trace.lit_of_kind(pack, *TARGET_KINDS) if not pack.structures[s].parts]
    if not targets:
        return None
    segments = selected.segments[:1] if selected.kind is Kind.SEGMENT else pack.segments
    keys = [m for seg in segments for m in key_muscle_of(pack, seg) if m in trace.structures]
    muscles = [t for t in targets if pack.structures[t].kind is Kind.MUSCLE]
    usual = _usual_reach(pack, trace)
    for pool in (keys, muscles, targets):
        # A target reached only through a variant is the focus only when nothing else is.
        pool = [t for t in pool if t in usual] or pool
        if pool:
            deepest = max(trace.hops.get(t, 0) for t in pool)
            return next(t for t in pool if trace.hops.get(t, 0) == deepest)
    return None


def hop_chain(pack: Pack, trace: Trace, focus: str | None = None) -> HopChain:
    """The main chain from the roots through the selection to `focus` (default: `focus_target`)."""
    focus = focus if focus is not None and focus in trace.structures else focus_target(pack, trace)
    selected = pack.structures[trace.selected]
    ends = set(pack.structures[focus].parts or (focus,)) if focus else set(selected.parts or (selected.id,))
    into, out = _edges(pack, trace, usual_only=ends.issubset(_usual_reach(pack, trace)))
    nodes = _reach(ends, into)
    start = set(selected.parts or (selected.id,))
    if selected.kind is Kind.SEGMENT:
        nodes &= _reach(start, out)
    elif selected.kind not in TARGET_KINDS:
        nodes &= _reach(start, into) | _reach(start, out)
    if focus and pack.structures[focus].parts:
        nodes = (nodes - set(pack.structures[focus].parts)) | {focus}
    composites = {c.id for n in nodes for c in pack.composites_of(n) if c.id in trace.structures}
    by_hop: dict[int, list[str]] = defaultdict(list)
    order = list(pack.structures)
    for sid in sorted(nodes | composites, key=order.index):
        by_hop[trace.hops.get(sid, 0)].append(sid)
    links: list[ChainLink] = []
    for hop in sorted(by_hop):
        ids = by_hop[hop]
        wholes = tuple(i for i in ids if i in composites)
        if wholes:
            # "sciatic → common fibular": the whole nerve, then the part that carries on
            links.append(ChainLink(hop, wholes))
        rest = tuple(i for i in ids if i not in composites)
        if rest:
            links.append(ChainLink(hop, rest))
    return HopChain(tuple(links), focus)


def caption_name(pack: Pack, structure_id: str) -> str:
    """A structure's name as a caption reads it: "deep fibular" for the deep fibular nerve."""
    s = pack.structures[structure_id]
    name = re.sub(r"\s*\([^)]*\)$", "", s.name)
    if s.kind is Kind.SEGMENT:
        return name
    if name.endswith(" nerve"):
        name = name.removesuffix(" nerve")
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def chain_caption(
    pack: Pack, trace: Trace, upto_hop: int | None = None, focus: str | None = None, newest: frozenset[str] | None = None
) -> Caption:
    """The caption for `trace` revealed up to hop `upto_hop` (None: everything).

    The chain is named as far as it is revealed; the links holding a structure of
    `newest` (by default, the deepest link revealed) are NEWEST; if the selection is not
    yet reached, it closes the caption as AHEAD after an ellipsis.
    """
    chain = hop_chain(pack, trace, focus)
    deepest = max(trace.hops.values(), default=0)
    limit = deepest if upto_hop is None else upto_hop
    shown = [link for link in chain.links if link.hop <= limit]
    newest_hop = max((link.hop for link in shown), default=None)
    parts: list[CaptionPart] = []
    for link in shown:
        joiner = ", " if all(pack.structures[i].kind is Kind.SEGMENT for i in link.ids) else " + "
        text = joiner.join(caption_name(pack, i) for i in link.ids)
        is_newest = bool(newest.intersection(link.ids)) if newest is not None else link.hop == newest_hop and upto_hop is not None
        parts.append(CaptionPart(text, Role.NEWEST if is_newest else Role.SHOWN))
    named = {i for link in shown for i in link.ids}
    if trace.selected not in named:
        if parts:
            parts.append(CaptionPart("…", Role.AHEAD))
        parts.append(CaptionPart(caption_name(pack, trace.selected), Role.NEWEST if not parts else Role.AHEAD))
        named.add(trace.selected)
    revealed = {s for s, h in trace.hops.items() if h <= limit and s in trace.structures}
    composite_wholes = {s for s in revealed if pack.structures[s].parts}
    more = len(revealed - named - composite_wholes - set(pack.structures[trace.selected].parts))
    return Caption(tuple(parts), more)
