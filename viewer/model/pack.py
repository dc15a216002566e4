"""A loaded, validated pack: structures and connections with their indexes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from viewer.model.records import SKIN_KINDS, Kind, Source, Structure


@dataclass(frozen=True)
class Link:
    """A connection with the segments it carries resolved."""

    index: int
    source: str
    target: str
    segments: tuple[str, ...]
    inconstant: bool

    def strand_ids(self) -> tuple[str, ...]:
        """The SVG ids of the strands that draw this link, one per segment."""
        return tuple(f"{self.source}__{self.target}__{s.lower()}" for s in self.segments)


@dataclass(frozen=True)
class Pack:
    """Everything the viewer knows about one plexus."""

    title: str
    segments: tuple[str, ...]
    sources: Mapping[str, Source]
    structures: Mapping[str, Structure]
    links: tuple[Link, ...]
    data_path: Path
    svg_path: Path
    outgoing: Mapping[str, tuple[Link, ...]] = field(repr=False)
    incoming: Mapping[str, tuple[Link, ...]] = field(repr=False)
    #: The skin map (dermatomes and cutaneous territories), if the pack has one.
    skin_svg_path: Path | None = None
    #: The schematic's bytes as the safety check passed them (empty until `load_pack` checks
    #: the SVG); Qt and svgelements draw from these, never from the file.
    svg_data: bytes = field(default=b"", repr=False)
    #: The skin map's checked bytes, as `svg_data` is the schematic's.
    skin_svg_data: bytes = field(default=b"", repr=False)

    @classmethod
    def build(
        cls,
        *,
        title: str,
        segments: Iterable[str],
        sources: Mapping[str, Source],
        structures: Iterable[Structure],
        links: Iterable[Link],
        data_path: Path,
        svg_path: Path,
        skin_svg_path: Path | None = None,
    ) -> Pack:
        by_id = {s.id: s for s in structures}
        links = tuple(links)
        out: dict[str, list[Link]] = {i: [] for i in by_id}
        inc: dict[str, list[Link]] = {i: [] for i in by_id}
        for link in links:
            out[link.source].append(link)
            inc[link.target].append(link)
        return cls(
            title=title,
            segments=tuple(segments),
            sources=dict(sources),
            structures=by_id,
            links=links,
            data_path=data_path,
            svg_path=svg_path,
            outgoing={k: tuple(v) for k, v in out.items()},
            incoming={k: tuple(v) for k, v in inc.items()},
            skin_svg_path=skin_svg_path,
        )

    def segment_order(self, segments: Iterable[str]) -> tuple[str, ...]:
        """`segments` in cranio-caudal order, without repeats."""
        wanted = set(segments)
        return tuple(s for s in self.segments if s in wanted)

    def of_kind(self, *kinds: Kind) -> list[Structure]:
        return [s for s in self.structures.values() if s.kind in kinds]

    @cached_property
    def composites(self) -> tuple[Structure, ...]:
        """The structures made of others (the sciatic nerve), in the pack's order."""
        return tuple(s for s in self.structures.values() if s.parts)

    @cached_property
    def order(self) -> dict[str, int]:
        """Each structure's place in the pack's order (lit structures are listed in it)."""
        return {sid: i for i, sid in enumerate(self.structures)}

    def composites_of(self, structure_id: str) -> list[Structure]:
        """Structures made of `structure_id` among others (the sciatic nerve for the tibial)."""
        return [s for s in self.composites if structure_id in s.parts]

    def supplied_targets(self, structure_id: str) -> list[Structure]:
        """The muscles and skin territories that `structure_id` supplies directly."""
        return [
            self.structures[link.target]
            for link in self.outgoing[structure_id]
            if self.structures[link.target].kind in (Kind.MUSCLE, Kind.SKIN, Kind.DERMATOME)
        ]

    def source_keys(self, structure: Structure) -> list[str]:
        """Every source key cited anywhere in `structure`'s record, first cited first."""
        keys: list[str] = list(structure.segment_sources)
        for fact in structure.facts:
            keys.extend(fact.sources)
        for dispute in structure.disputes:
            for alt in dispute.values:
                keys.extend(alt.sources)
        return list(dict.fromkeys(keys))

    def drawable_ids(self) -> set[str]:
        """Every SVG id the schematic must hold: structures and per-segment strands.

        Dermatomes, and the links from their segments into them, are drawn only in the
        skin map.
        """
        ids = {sid for sid, s in self.structures.items() if s.kind is not Kind.DERMATOME}
        for link in self.links:
            if link.target in ids:
                ids.update(link.strand_ids())
        return ids

    def skin_map_ids(self) -> set[str]:
        """Every SVG id the skin map must hold: one region per skin territory and dermatome."""
        return {sid for sid, s in self.structures.items() if s.kind in SKIN_KINDS}
