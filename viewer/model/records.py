"""Immutable records of a pack: the data file's schema.

The data file is JSON; its shape is defined here once, as frozen msgspec structs that
reject unknown keys, so a misspelt key is an error rather than silently ignored.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

FORMAT = "plexus-pack/1"


class Kind(StrEnum):
    """What a structure is; the order is the order of the structure list's sections."""

    SEGMENT = "segment"
    DIVISION = "division"
    TRUNK = "trunk"
    #: A cord of the brachial plexus, formed by divisions of the trunks.
    CORD = "cord"
    NERVE = "nerve"
    BRANCH = "branch"
    MUSCLE = "muscle"
    SKIN = "skin"
    #: The skin one spinal segment supplies; drawn only in the skin map.
    DERMATOME = "dermatome"


#: Kinds that are conducted along (what `trace` lists under "nerves").
NERVE_KINDS = frozenset({Kind.TRUNK, Kind.CORD, Kind.NERVE, Kind.BRANCH})
#: Kinds that receive segments and pass nothing on.
TARGET_KINDS = frozenset({Kind.MUSCLE, Kind.SKIN, Kind.DERMATOME})
#: Kinds drawn as regions of the skin map.
SKIN_KINDS = frozenset({Kind.SKIN, Kind.DERMATOME})


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Source(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A named public reference."""

    title: str
    url: str | None = None


class Fact(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One statement about a structure, with the keys of the sources that give it."""

    field: str
    text: str
    sources: tuple[str, ...]
    #: Why no authoritative reference confirms this fact yet (only where the policy needs one).
    unconfirmed: str = ""


class Alternative(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One value that a reference gives where references disagree."""

    value: str
    sources: tuple[str, ...]


class Dispute(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A field on which standard references disagree, with each alternative."""

    field: str
    values: tuple[Alternative, ...]


class Structure(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A root, division, trunk, cord, nerve, branch, muscle, skin territory or dermatome."""

    id: str
    kind: Kind
    name: str
    #: Root value (nerves), segmental supply (muscles) or segments (skin), in order.
    segments: tuple[str, ...]
    latin: str = ""
    synonyms: tuple[str, ...] = ()
    #: Keys of the sources for `segments`.
    segment_sources: tuple[str, ...] = ()
    #: Region or plexus the structure is listed under.
    group: str = ""
    #: Present in only some people (the accessory obturator nerve).
    inconstant: bool = False
    #: For a nerve made of others in one sheath (the sciatic nerve): their ids.
    parts: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    #: Why no authoritative reference confirms `segments` yet: a root value or segmental supply
    #: resting on second sources only is drawn, marked and said so in the panel.
    unconfirmed: str = ""


class Connection(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True, rename={"source": "from", "target": "to"}):
    """A directed link along which the listed segments run."""

    source: str
    target: str
    #: Segments carried; when omitted, those the two ends share.
    segments: tuple[str, ...] | None = None
    inconstant: bool = False


class PackFile(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The whole data file as written."""

    format: str
    title: str
    segments: tuple[str, ...]
    sources: dict[str, Source]
    structures: tuple[Structure, ...]
    connections: tuple[Connection, ...]
