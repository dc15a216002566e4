"""Anterior and posterior divisions: which division each nerve's fibres come through.

The ventral rami of L2–L4 and of L4–S3 (through the lumbosacral trunk) split into
anterior and posterior divisions; anterior divisions form the nerves of the flexor
(ventral) muscles — obturator, tibial — and posterior divisions those of the extensor and
abductor (dorsal) muscles — femoral, common fibular, the gluteal nerves. The division of
a nerve is read from the pack by walking its incoming links back to the division
structures; branches inherit the divisions of the nerve they leave.
"""

from __future__ import annotations

from enum import StrEnum

from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind, Structure


class Division(StrEnum):
    ANTERIOR = "anterior"
    POSTERIOR = "posterior"


def division_of_structure(structure: Structure) -> Division | None:
    """For a division structure, which division it is (read from its name); else None."""
    if structure.kind is not Kind.DIVISION:
        return None
    words = structure.name.lower().split()
    if "anterior" in words or "ventral" in words:
        return Division.ANTERIOR
    if "posterior" in words or "dorsal" in words:
        return Division.POSTERIOR
    return None


def divisions_of(pack: Pack, structure_id: str) -> frozenset[Division]:
    """The divisions whose fibres run in `structure_id` (empty where no division is drawn).

    A division structure is its own division; a nerve, branch or trunk has those of the
    division structures its incoming links come from, through any nerves in between;
    a composite nerve (the sciatic) has those of its parts.
    """
    structure = pack.structures[structure_id]
    own = division_of_structure(structure)
    if own is not None:
        return frozenset({own})
    if structure.parts:
        return frozenset(d for part in structure.parts for d in divisions_of(pack, part))
    if structure.kind not in NERVE_KINDS:
        return frozenset()
    found: set[Division] = set()
    seen = {structure_id}
    work = [structure_id]
    while work:
        node = work.pop()
        for link in pack.incoming[node]:
            upstream = pack.structures[link.source]
            division = division_of_structure(upstream)
            if division is not None:
                found.add(division)
            elif upstream.kind in NERVE_KINDS and upstream.id not in seen:
                seen.add(upstream.id)
                work.append(upstream.id)
    return frozenset(found)


def division_label(divisions: frozenset[Division]) -> str:
    """The divisions in words: anterior, posterior, "anterior and posterior", or "" (none drawn)."""
    return " and ".join(d.value for d in Division if d in divisions)


def nerves_by_division(pack: Pack) -> dict[str, frozenset[Division]]:
    """Every division, trunk, nerve and branch that carries division fibres, with its divisions."""
    kinds = (Kind.DIVISION, *NERVE_KINDS)
    return {s.id: d for s in pack.structures.values() if s.kind in kinds and (d := divisions_of(pack, s.id))}
