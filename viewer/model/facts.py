"""The facts of one structure, gathered for the fact panel and `info`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from viewer.model.divisions import Division, divisions_of
from viewer.model.loader import FACT_FIELDS
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Fact, Kind, Source, Structure

FIELD_TITLES = {
    "origin": "Origin",
    "division": "Division",
    "course": "Course",
    "exit": "Exit",
    "branches": "Branches",
    "motor": "Muscles supplied",
    "sensory": "Sensory territory",
    "territory": "Territory",
    "nerve": "Nerve supply",
    "attachments": "Attachments",
    "action": "Action",
    "test": "Bedside test",
    "reflex": "Reflex",
    "key_muscle": "Key muscle (ISNCSCI)",
    "dermatome": "Dermatome",
    "key_sensory_point": "Key sensory point (ISNCSCI)",
    "dermatome_overlap": "Dermatomes",
    "reaches": "Reaches",
    "clinical": "Clinical notes",
}

KIND_TITLES = {
    Kind.SEGMENT: "Spinal segment (ventral ramus)",
    Kind.DIVISION: "Division",
    Kind.TRUNK: "Trunk",
    Kind.CORD: "Cord",
    Kind.NERVE: "Nerve",
    Kind.BRANCH: "Branch",
    Kind.MUSCLE: "Muscle",
    Kind.SKIN: "Skin territory",
    Kind.DERMATOME: "Dermatome",
}


@dataclass(frozen=True)
class FactSheet:
    """What the panel shows for one structure, in display order."""

    structure: Structure
    roots: tuple[str, ...]
    nerves: tuple[Structure, ...]
    supplies: tuple[Structure, ...]
    upstream: tuple[Structure, ...]
    downstream: tuple[Structure, ...]
    parts: tuple[Structure, ...]
    part_of: tuple[Structure, ...]
    facts: tuple[Fact, ...]
    sources: tuple[tuple[str, Source], ...]

    def source_number(self, key: str) -> int:
        """1-based number of a source in this sheet's list of references."""
        return [k for k, _ in self.sources].index(key) + 1

    def confirmed(self, keys: Iterable[str]) -> bool:
        """Whether any of these sources is authoritative under the source policy (docs/sources.md)."""
        from viewer.model.source_policy import classify

        sources = dict(self.sources)
        return any(classify(sources[k]).authoritative for k in keys if k in sources)


#: A segment reads best as what it reaches, its skin, its muscle, its reflex.
SEGMENT_FIELDS = ("reaches", "dermatome", "key_sensory_point", "dermatome_overlap", "key_muscle", "reflex", "clinical")


def field_order(kind: Kind) -> dict[str, int]:
    """Rank of each fact field in the panel for a structure of `kind` (unknown fields last)."""
    fields = SEGMENT_FIELDS + tuple(f for f in FACT_FIELDS if f not in SEGMENT_FIELDS) if kind is Kind.SEGMENT else FACT_FIELDS
    return {f: n for n, f in enumerate(fields)}


def fact_sheet(pack: Pack, structure_id: str) -> FactSheet:
    s = pack.structures[structure_id]
    order = field_order(s.kind)
    facts = tuple(sorted(s.facts, key=lambda f: order.get(f.field, len(order))))
    ids = s.parts or (s.id,)
    upstream = tuple(dict.fromkeys(pack.structures[link.source] for i in ids for link in pack.incoming[i]))
    downstream = tuple(dict.fromkeys(pack.structures[link.target] for i in ids for link in pack.outgoing[i]))
    nerves: tuple[Structure, ...] = ()
    if s.kind in (Kind.MUSCLE, Kind.SKIN):
        nerves = upstream
    supplies: tuple[Structure, ...] = ()
    if s.kind in NERVE_KINDS:
        supplies = tuple(dict.fromkeys(t for i in ids for t in pack.supplied_targets(i) if t.kind is Kind.MUSCLE))
    keys = pack.source_keys(s)
    return FactSheet(
        structure=s,
        roots=s.segments,
        nerves=nerves,
        supplies=supplies,
        upstream=upstream,
        downstream=downstream,
        parts=tuple(pack.structures[p] for p in s.parts),
        part_of=tuple(pack.composites_of(s.id)),
        facts=facts,
        sources=tuple((k, pack.sources[k]) for k in keys),
    )


_SEGMENT_NAME = re.compile(r"\b(T12|L[1-5]|S[1-5]|Co1)\b")


def segments_named(pack: Pack, text: str) -> set[str]:
    """The segments a value such as "L4, L5" or "L4–S1 (mainly L5)" names, ranges expanded."""
    text = re.sub(r"\(.*?\)", "", text)
    found: set[str] = set()
    for part in re.split(r"[,;/]| and ", text):
        names = _SEGMENT_NAME.findall(part)
        if len(names) == 2 and re.search(r"[–-]", part):
            a, b = (pack.segments.index(n) for n in names)
            found.update(pack.segments[a : b + 1])
        else:
            found.update(names)
    return found


def _ref(s: Structure) -> dict[str, str]:
    return {"id": s.id, "name": s.name}


def info_record(pack: Pack, structure_id: str) -> dict[str, Any]:
    """The JSON record `info --json` prints."""
    sheet = fact_sheet(pack, structure_id)
    s = sheet.structure
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind.value,
        "latin": s.latin,
        "synonyms": list(s.synonyms),
        "group": s.group,
        "inconstant": s.inconstant,
        "roots": list(sheet.roots),
        "divisions": [d.value for d in Division if d in divisions_of(pack, s.id)],
        "root_sources": [{"title": pack.sources[k].title, "url": pack.sources[k].url} for k in s.segment_sources],
        "root_value_confirmed": sheet.confirmed(s.segment_sources),
        "unconfirmed": s.unconfirmed,
        "nerves": [_ref(n) for n in sheet.nerves],
        "supplies": [_ref(m) for m in sheet.supplies],
        "from": [_ref(u) for u in sheet.upstream],
        "to": [_ref(d) for d in sheet.downstream],
        "parts": [_ref(p) for p in sheet.parts],
        "part_of": [_ref(p) for p in sheet.part_of],
        "facts": [
            {
                "field": f.field,
                "title": FIELD_TITLES.get(f.field, f.field),
                "text": f.text,
                "sources": list(f.sources),
                "confirmed": sheet.confirmed(f.sources),
                "unconfirmed": f.unconfirmed,
            }
            for f in sheet.facts
        ],
        "disputes": [
            {
                "field": d.field,
                "values": [
                    {"value": a.value, "sources": [{"title": pack.sources[k].title, "url": pack.sources[k].url} for k in a.sources]}
                    for a in d.values
                ],
            }
            for d in s.disputes
        ],
        "sources": [{"key": k, "title": src.title, "url": src.url} for k, src in sheet.sources],
    }
