"""The lit pathway as plain text: what a screen reader reads and what the canvas shows in colour.

The canvas tells segments apart by colour, dash pattern and a tag with the segment's
name; this text says the same in words, from the roots through the nerves to the
muscles and skin, each target with the segments that reach it and the nerves they come by.
"""

from __future__ import annotations

from viewer.model.labels import label
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind, Structure
from viewer.model.settings import LabelLanguage
from viewer.model.tracing import Trace
from viewer.palette import dash_name

KIND_WORDS = {Kind.SEGMENT: "root", Kind.DIVISION: "division", Kind.TRUNK: "trunk", Kind.CORD: "cord", Kind.NERVE: "nerve"}
KIND_WORDS |= {Kind.BRANCH: "branch", Kind.MUSCLE: "muscle", Kind.SKIN: "skin territory", Kind.DERMATOME: "dermatome"}


def pathway_lines(pack: Pack, trace: Trace | None, language: LabelLanguage = LabelLanguage.ENGLISH) -> list[str]:
    """The pathway lit by `trace`, one line per item, roots first; a hint when nothing is selected."""
    if trace is None:
        return ["Nothing is selected. Choose a root, nerve or muscle in the structure list, or press Ctrl+F to find one."]
    selected = pack.structures[trace.selected]
    segments = trace.lit_segments(pack)
    arriving = trace.arriving(pack)  # reckoned once for every line below
    order = {sid: n for n, sid in enumerate(pack.structures)}
    lines = [f"{_named(selected, language)} is selected; segments lit: {', '.join(segments) or 'none'}."]
    lines.append("Roots:")
    for seg in segments:
        index = pack.segments.index(seg)
        lines.append(f"  {seg}: drawn as a {dash_name(index)} line")
    by_depth = sorted(trace.lit_of_kind(pack, Kind.DIVISION, *NERVE_KINDS), key=lambda s: (trace.hops.get(s, 0), order[s]))
    if by_depth:
        lines.append(f"Divisions, trunks, nerves and branches, from the roots outwards ({len(by_depth)}):")
        for sid in by_depth:
            s = pack.structures[sid]
            carried = pack.segment_order({seg for part in (s.parts or (sid,)) for seg in _carried_into(pack, trace, part, arriving)})
            lines.append(f"  {_named(s, language)}: {', '.join(carried)}")
    for kind, title in ((Kind.MUSCLE, "Muscles"), (Kind.DERMATOME, "Dermatomes"), (Kind.SKIN, "Skin")):
        # a composite (adductor magnus) is listed, and counted, as its parts
        targets = [sid for sid in trace.lit_of_kind(pack, kind) if not pack.structures[sid].parts]
        if not targets:
            continue
        lines.append(f"{title} ({len(targets)}):")
        for sid in targets:
            s = pack.structures[sid]
            carried = _carried_into(pack, trace, sid, arriving)
            via = _nerves_into(pack, trace, sid, language)
            reach = ", ".join(carried) if carried else ", ".join(s.segments)
            lines.append(f"  {label(s, language)}: {reach}" + (f" by {via}" if via else ""))
    return lines


def _named(structure: Structure, language: LabelLanguage) -> str:
    """The label with its kind, unless the label already says it ("Femoral nerve", not "Femoral nerve (nerve)")."""
    text = label(structure, language)
    word = KIND_WORDS[structure.kind]
    return text if word.split()[0] in text.lower() else f"{text} ({word})"


def _carried_into(pack: Pack, trace: Trace, structure_id: str, arriving: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The lit segments arriving at a structure (its own segment for a root); `arriving` is the trace's."""
    here = arriving.get(structure_id)
    if here:
        return here
    if pack.structures[structure_id].kind is Kind.SEGMENT:
        return pack.segment_order(pack.structures[structure_id].segments)
    # The selection itself, reached by nothing lit: what leaves it.
    return pack.segment_order({seg for index, seg in trace.strands if pack.links[index].source == structure_id})


def _nerves_into(pack: Pack, trace: Trace, structure_id: str, language: LabelLanguage) -> str:
    sources = dict.fromkeys(pack.links[index].source for index, _ in sorted(trace.strands) if pack.links[index].target == structure_id)
    return ", ".join(label(pack.structures[s], language) for s in sources)
