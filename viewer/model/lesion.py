"""The lesion simulator: what cutting a root, trunk or nerve (at a named level) does.

Supply is modelled strand by strand. A muscle's or skin territory's supply is every
path from a root segment to it along which that segment runs (a *strand*: the segment
plus the links it travels). A lesion cuts every strand that leaves a lesioned structure:
for a segment, every strand carrying that segment; for a trunk or nerve, every strand
through it (both parts of a composite nerve such as the sciatic); for a named site, the
same except for the branches the nerve has already given off above that level.

A muscle is *paralysed* when all its strands are cut, *weak* when some are, *spared*
otherwise; skin is *numb* when all its strands are cut and *reduced* when some are;
a reflex is *reduced* when some strand of its segments to its muscles is cut, and
*absent* only when all of them are cut and its muscles are paralysed. The `numb` list
holds complete loss only; partial loss is listed apart as reduced sensation.

An *incomplete* lesion never paralyses or anaesthetises: a single root (L4, C7) or a
structure the lesion file lists under `overlap` (the lumbosacral trunk, if any), graded
"overlap", and a site marked `incomplete` (an entrapment), graded "entrapment".
Neighbouring roots overlap and a prefixed or postfixed plexus is common, so after a root
a muscle whose drawn supply is all cut is still only *weak* (marked `severe`), skin only
*reduced* (`severe`), and the jerk is depressed, not lost: the textbooks' "reduced or
absent". The result's description says why, with the overlap note and its sources.

Only the usual (constant) connections decide; where an inconstant connection or a
variably placed branch would change a status, the effect says so in `caveat`.

Lesion sites, the reflexes and the localisation cases live in a data file beside the
pack (`<pack>.lesions.json`), validated against the pack like the pack itself.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec

from viewer.model.errors import PackError, Problem, line_locator
from viewer.model.loader import ID_PATTERN, parse_json, read_json_text, require_object, schema_problem
from viewer.model.names import NameIndex, normalise
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind, Source

FORMAT = "plexus-lesions/1"
#: Kinds of structure that can be lesioned.
LESIONABLE_KINDS = frozenset({Kind.SEGMENT, Kind.DIVISION, *NERVE_KINDS})
#: How many sources a site's description needs.
MIN_SITE_SOURCES = 2


# ---------------------------------------------------------------- the data file


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class VariableBranch(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A branch that arises above the level in some people and below it in others."""

    #: The branch or target the nerve gives off (drawn as cut at this level).
    target: str
    note: str
    sources: tuple[str, ...]


class Site(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A named lesion level on one nerve (and, for a plexus or cauda equina, the others it takes)."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    #: The trunk or nerve lesioned (a composite nerve means all its parts); it carries the cut mark.
    nerve: str
    #: Further roots, divisions, trunks or nerves cut at the same site (a plexopathy, the cauda equina).
    also: tuple[str, ...] = ()
    #: An entrapment or compression that weakens and reduces rather than paralyses and anaesthetises.
    incomplete: bool = False
    #: Where along the nerve, in words.
    level: str
    #: What the nerve gives off above the level: its links to these survive.
    spares: tuple[str, ...] = ()
    variable: tuple[VariableBranch, ...] = ()
    #: Clinical picture: causes and signs.
    description: str
    sources: tuple[str, ...]


class Reflex(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A tendon or superficial reflex judged by the strands of its segments to its muscles."""

    id: str
    name: str
    segments: tuple[str, ...]
    muscles: tuple[str, ...]
    note: str = ""
    sources: tuple[str, ...]


class Case(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A localisation exercise: a hidden lesion and the lesion it is classically mistaken for."""

    id: str
    lesion: str
    mimic: str
    #: What the patient comes with (the same for both members of a pair).
    complaint: str


class Overlap(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Why a single root (and the listed structures) weakens and reduces but never paralyses."""

    #: Structures besides the single roots whose lesion is graded so (the lumbosacral trunk).
    structures: tuple[str, ...] = ()
    note: str
    sources: tuple[str, ...]


class LesionFile(_Record, frozen=True, forbid_unknown_fields=True, kw_only=True):
    format: str
    title: str
    sources: dict[str, Source] = {}
    overlap: Overlap | None = None
    reflexes: tuple[Reflex, ...] = ()
    sites: tuple[Site, ...] = ()
    cases: tuple[Case, ...] = ()


@dataclass(frozen=True)
class LesionBook:
    """The validated lesion data of one pack."""

    path: Path | None
    sites: Mapping[str, Site]
    reflexes: tuple[Reflex, ...]
    cases: tuple[Case, ...]
    #: The file's own sources; pack sources are looked up in the pack.
    sources: Mapping[str, Source]
    overlap: Overlap | None = None

    def source(self, pack: Pack, key: str) -> Source:
        return self.sources.get(key) or pack.sources[key]


def default_lesions_path(pack: Pack) -> Path:
    """The lesion file that sits beside a pack's data file: `<stem>.lesions.json`."""
    return pack.data_path.parent / f"{pack.data_path.stem}.lesions.json"


def load_lesions(pack: Pack, path: Path | None = None) -> LesionBook:
    """Load and validate the lesion file of `pack`; raise PackError listing every problem.

    Without `path`, the file beside the pack is read if there is one; a pack without one
    still supports lesions of its own structures (no named sites, reflexes or cases).
    """
    if path is None:
        path = default_lesions_path(pack)
        if not path.exists():
            return LesionBook(None, {}, (), (), {})
    path = Path(path)
    _data, text = read_json_text(path)
    raw = parse_json(path, text)
    require_object(path, text, raw, "a lesion file")
    try:
        record = msgspec.convert(raw, LesionFile)
    except msgspec.ValidationError as exc:
        raise PackError([schema_problem(path, text, str(exc))]) from None
    problems = list(_check(record, pack, path, text))
    if problems:
        raise PackError(problems)
    return LesionBook(path, {s.id: s for s in record.sites}, record.reflexes, record.cases, dict(record.sources), record.overlap)


def _direct_targets(pack: Pack, *nerves: str) -> set[str]:
    ends = [end for nerve in nerves for end in (pack.structures[nerve].parts or (nerve,))]
    return {link.target for end in ends for link in pack.outgoing[end]}


def _check(record: LesionFile, pack: Pack, path: Path, text: str) -> Iterator[Problem]:
    at = line_locator(text)

    def unknown_sources(keys: Iterable[str]) -> list[str]:
        return [k for k in keys if k not in record.sources and k not in pack.sources]

    if record.format != FORMAT:
        yield Problem(path, f"format is {record.format!r}; this viewer reads {FORMAT!r}", line=at(key="format"))
    for key, source in record.sources.items():
        if not source.title.strip():
            yield Problem(path, f"source {key!r} has no title", line=at("sources", key))
        if key in pack.sources and pack.sources[key].url != source.url:
            yield Problem(path, f"source {key!r} is already a source of the pack", line=at("sources", key))

    if record.overlap is not None:
        for target in record.overlap.structures:
            s = pack.structures.get(target)
            if s is None or s.kind not in LESIONABLE_KINDS:
                yield Problem(path, f"overlap: {target!r} is not a root, trunk or nerve of the pack", line=at("overlap", key="structures"))
        if not record.overlap.sources:
            yield Problem(path, "overlap: no source", line=at(key="overlap"))
        for key in unknown_sources(record.overlap.sources):
            yield Problem(path, f"overlap: unknown source {key!r}", line=at(key="overlap"))

    seen: set[str] = set()
    for i, site in enumerate(record.sites):
        where = at("sites", i)
        if not ID_PATTERN.match(site.id):
            yield Problem(path, f"id {site.id!r} is not snake_case", line=where)
        if site.id in seen or site.id in pack.structures:
            yield Problem(path, f"duplicate id {site.id!r} (ids of sites and structures must differ)", line=where)
        seen.add(site.id)
        nerve = pack.structures.get(site.nerve)
        if nerve is None or nerve.kind not in LESIONABLE_KINDS:
            yield Problem(
                path, f"{site.id}: nerve {site.nerve!r} is not a root, trunk, nerve or branch of the pack", line=at("sites", i, key="nerve")
            )
            continue
        bad_also = [a for a in site.also if a not in pack.structures or pack.structures[a].kind not in LESIONABLE_KINDS]
        if bad_also or site.nerve in site.also:
            yield Problem(
                path,
                f"{site.id}: also {', '.join(bad_also) or site.nerve!r} is not another root, trunk or nerve of the pack",
                line=at("sites", i, key="also"),
            )
            continue
        direct = _direct_targets(pack, site.nerve, *site.also)
        for target in site.spares:
            if target not in direct:
                yield Problem(path, f"{site.id}: {site.nerve} gives off no {target!r} to spare", line=at("sites", i, key="spares"))
        for j, var in enumerate(site.variable):
            if var.target not in direct:
                yield Problem(path, f"{site.id}: {site.nerve} gives off no {var.target!r}", line=at("sites", i, "variable", j))
            elif var.target in site.spares:
                yield Problem(path, f"{site.id}: {var.target!r} is both spared and variable", line=at("sites", i, "variable", j))
            if not var.sources:
                yield Problem(path, f"{site.id}: variable branch {var.target!r} has no source", line=at("sites", i, "variable", j))
            for key in unknown_sources(var.sources):
                yield Problem(path, f"{site.id}: unknown source {key!r}", line=at("sites", i, "variable", j))
        if len(set(site.sources)) < MIN_SITE_SOURCES:
            yield Problem(
                path,
                f"{site.id}: needs {MIN_SITE_SOURCES} independent sources, has {len(set(site.sources))}",
                line=at("sites", i, key="sources"),
            )
        for key in unknown_sources(site.sources):
            yield Problem(path, f"{site.id}: unknown source {key!r}", line=at("sites", i, key="sources"))

    for i, reflex in enumerate(record.reflexes):
        where = at("reflexes", i)
        if reflex.id in seen:
            yield Problem(path, f"duplicate id {reflex.id!r}", line=where)
        seen.add(reflex.id)
        bad = [g for g in reflex.segments if g not in pack.segments]
        if bad or not reflex.segments:
            yield Problem(path, f"{reflex.id}: unknown or missing segments {', '.join(bad)}", line=at("reflexes", i, key="segments"))
        if not reflex.muscles:
            yield Problem(path, f"{reflex.id}: names no muscle", line=where)
        for muscle in reflex.muscles:
            s = pack.structures.get(muscle)
            if s is None or s.kind is not Kind.MUSCLE:
                yield Problem(path, f"{reflex.id}: {muscle!r} is not a muscle of the pack", line=at("reflexes", i, key="muscles"))
            elif not set(reflex.segments) & set(s.segments):
                yield Problem(
                    path, f"{reflex.id}: {muscle} receives none of {', '.join(reflex.segments)}", line=at("reflexes", i, key="muscles")
                )
        if not reflex.sources:
            yield Problem(path, f"{reflex.id}: no source", line=where)
        for key in unknown_sources(reflex.sources):
            yield Problem(path, f"{reflex.id}: unknown source {key!r}", line=where)

    site_ids = {s.id for s in record.sites}
    for i, case in enumerate(record.cases):
        for key in ("lesion", "mimic"):
            value = getattr(case, key)
            s = pack.structures.get(value)
            if value not in site_ids and (s is None or s.kind not in LESIONABLE_KINDS):
                yield Problem(
                    path, f"{case.id}: {key} {value!r} is neither a site nor a root, trunk or nerve", line=at("cases", i, key=key)
                )
        if case.lesion == case.mimic:
            yield Problem(path, f"{case.id}: the lesion and its mimic are the same", line=at("cases", i))


# ---------------------------------------------------------------- supply strands


@dataclass(frozen=True)
class Strand:
    """One segment's path from its root to a muscle or skin territory."""

    segment: str
    #: Link indexes, root first.
    links: tuple[int, ...]
    #: True if any link on the path is inconstant.
    inconstant: bool


def supply_strands(pack: Pack) -> dict[str, tuple[Strand, ...]]:
    """Every strand reaching every muscle and skin territory (a composite: its parts')."""
    memo: dict[tuple[str, str], list[tuple[int, ...]]] = {}

    def paths_to(node: str, segment: str) -> list[tuple[int, ...]]:
        key = (node, segment)
        if key not in memo:
            memo[key] = []  # acyclic (validated); guards recursion anyway
            s = pack.structures[node]
            if s.kind is Kind.SEGMENT:
                found: list[tuple[int, ...]] = [()] if s.segments[0] == segment else []
            else:
                found = []
                for link in pack.incoming[node]:
                    if segment in link.segments:
                        found.extend((*p, link.index) for p in paths_to(link.source, segment))
            memo[key] = found
        return memo[key]

    supply: dict[str, tuple[Strand, ...]] = {}
    for s in pack.structures.values():
        if s.kind not in (Kind.MUSCLE, Kind.SKIN, Kind.DERMATOME) or s.parts:
            continue
        supply[s.id] = tuple(
            Strand(seg, path, any(pack.links[i].inconstant for i in path)) for seg in s.segments for path in paths_to(s.id, seg)
        )
    for s in pack.structures.values():
        if s.kind in (Kind.MUSCLE, Kind.SKIN) and s.parts:
            supply[s.id] = tuple(st for part in s.parts for st in supply.get(part, ()))
    return supply


# ---------------------------------------------------------------- lesions


@dataclass(frozen=True)
class Lesion:
    """Where the cut is: the structures whose outgoing strands are cut, and the exceptions."""

    id: str
    name: str
    #: "site" for a named level, else the kind of the structure cut.
    kind: str
    cut: frozenset[str]
    #: Links leaving a cut structure above the level: they survive.
    spared_links: frozenset[int]
    #: Links leaving a cut structure at a variable height: drawn as cut.
    variable_links: frozenset[int]
    site: Site | None = None
    #: The structure the canvas marks with the cut symbol.
    structure: str = ""
    #: Graded as incomplete: weakens and reduces, never paralyses or anaesthetises. "overlap" for a
    #: single root or an overlap structure (complete loss of the drawn supply shows as severe),
    #: "entrapment" for a site marked incomplete; empty for a complete lesion.
    incomplete: str = ""


def lesion_for(pack: Pack, book: LesionBook, lesion_id: str) -> Lesion:
    """The lesion a site id or a structure id (root, division, trunk, nerve, branch) means."""
    overlapping = set(book.overlap.structures) if book.overlap else set()
    site = book.sites.get(lesion_id)
    if site is not None:
        cut = frozenset(p for n in (site.nerve, *site.also) for p in (pack.structures[n].parts or (n,)))
        spared = frozenset(link.index for n in cut for link in pack.outgoing[n] if link.target in site.spares)
        varied = {v.target for v in site.variable}
        variable = frozenset(link.index for n in cut for link in pack.outgoing[n] if link.target in varied)
        single = not site.also and (pack.structures[site.nerve].kind is Kind.SEGMENT or site.nerve in overlapping)
        grade = "entrapment" if site.incomplete else "overlap" if single else ""
        return Lesion(site.id, site.name, "site", cut, spared, variable, site, site.nerve, grade)
    s = pack.structures[lesion_id]
    if s.kind not in LESIONABLE_KINDS:
        raise ValueError(f"{s.name} is a {s.kind.value}; a lesion is of a root, division, trunk or nerve")
    grade = "overlap" if s.kind is Kind.SEGMENT or s.id in overlapping else ""
    return Lesion(s.id, s.name, s.kind.value, frozenset(s.parts or (s.id,)), frozenset(), frozenset(), None, s.id, grade)


@dataclass(frozen=True)
class LesionLookup:
    match: str | None
    candidates: tuple[str, ...] = ()
    ambiguous: bool = False
    #: Set when the text names a structure that cannot be lesioned (a muscle, a skin area).
    not_lesionable: str | None = None


def resolve_lesion(pack: Pack, book: LesionBook, text: str, names: NameIndex | None = None) -> LesionLookup:
    """The lesion `text` names: a site (id, name or synonym) or a lesionable structure."""
    normal = normalise(text)
    if not normal:
        return LesionLookup(None)
    for site in book.sites.values():
        if normal in (normalise(n) for n in (site.id, site.name, *site.synonyms)):
            return LesionLookup(site.id)
    names = names or NameIndex(pack)
    found = names.resolve(text)
    if found.match:
        if pack.structures[found.match].kind not in LESIONABLE_KINDS:
            return LesionLookup(None, not_lesionable=found.match)
        return LesionLookup(found.match)
    lesionable = tuple(c for c in found.candidates if pack.structures[c].kind in LESIONABLE_KINDS)
    if found.ambiguous and lesionable:
        return LesionLookup(None, lesionable, ambiguous=True)
    site_names = {normalise(n): site.id for site in book.sites.values() for n in (site.name, *site.synonyms)}
    close = [site_names[n] for n in site_names if normal in n]
    close += [site_names[n] for n in difflib.get_close_matches(normal, list(site_names), n=3, cutoff=0.6)]
    return LesionLookup(None, tuple(dict.fromkeys([*close, *lesionable]))[:6])


def lesion_name(pack: Pack, book: LesionBook, lesion_id: str) -> str:
    site = book.sites.get(lesion_id)
    return site.name if site else pack.structures[lesion_id].name


# ---------------------------------------------------------------- effects


class Status(StrEnum):
    PARALYSED = "paralysed"
    WEAK = "weak"
    SPARED = "spared"
    NUMB = "numb"
    REDUCED = "reduced"
    NORMAL = "normal"
    ABSENT = "absent"


@dataclass(frozen=True)
class Effect:
    """What a lesion does to one muscle, skin territory or reflex."""

    id: str
    name: str
    status: Status
    #: Segments of which at least one strand is cut, and of which at least one survives.
    lost: tuple[str, ...]
    kept: tuple[str, ...]
    #: Set where an inconstant connection, a variably placed branch or (for a root lesion) a
    #: disputed segmental supply would change the status.
    caveat: str = ""
    #: Weak or reduced after an incomplete lesion that cuts every drawn strand: "weak (severe)".
    severe: bool = False

    @property
    def loss_text(self) -> str:
        """'loses L5, S1', or 'loses L5; part of S1' for a segment that also arrives another way ('' when none is lost)."""
        whole = [g for g in self.lost if g not in self.kept]
        part = [g for g in self.lost if g in self.kept]
        text = f"loses {', '.join(whole)}" if whole else ""
        if part:
            text += ("; " if text else "loses ") + f"part of {', '.join(part)}"
        return text

    @property
    def label(self) -> str:
        """The status as shown: 'weak (severe)', 'reduced (severe)' or the plain status."""
        return f"{self.status.value} (severe)" if self.severe else self.status.value


@dataclass(frozen=True)
class LesionResult:
    lesion: Lesion
    #: Every muscle, skin territory and reflex of the pack and book, in their order.
    muscles: tuple[Effect, ...]
    skin: tuple[Effect, ...]
    reflexes: tuple[Effect, ...]

    def with_status(self, *statuses: Status) -> list[Effect]:
        return [e for e in (*self.muscles, *self.skin, *self.reflexes) if e.status in statuses]

    @property
    def paralysed(self) -> list[Effect]:
        return [e for e in self.muscles if e.status is Status.PARALYSED]

    @property
    def weak(self) -> list[Effect]:
        return [e for e in self.muscles if e.status is Status.WEAK]

    @property
    def numb(self) -> list[Effect]:
        return [e for e in self.skin if e.status is Status.NUMB]

    @property
    def reduced_sensation(self) -> list[Effect]:
        return [e for e in self.skin if e.status is Status.REDUCED]

    @property
    def possibly_affected(self) -> list[Effect]:
        """Muscles and skin drawn as unaffected that a variant or a disputed supply would affect."""
        return [e for e in (*self.muscles, *self.skin) if e.status in (Status.SPARED, Status.NORMAL) and e.caveat]

    @property
    def reflex_changes(self) -> list[Effect]:
        return [e for e in self.reflexes if e.status is not Status.NORMAL]

    def status_of(self, target_id: str) -> Status:
        for e in (*self.muscles, *self.skin, *self.reflexes):
            if e.id == target_id:
                return e.status
        raise KeyError(target_id)


def _is_cut(strand: Strand, pack: Pack, lesion: Lesion, variable_cut: bool) -> bool:
    for i in strand.links:
        if pack.links[i].source in lesion.cut and i not in lesion.spared_links:
            if i in lesion.variable_links and not variable_cut:
                continue
            return True
    return False


def _grade(
    strands: Iterable[Strand], pack: Pack, lesion: Lesion, *, inconstant: bool, variable_cut: bool
) -> tuple[int, int, set[str], set[str]]:
    total = cut = 0
    lost: set[str] = set()
    kept: set[str] = set()
    for st in strands:
        if st.inconstant and not inconstant:
            continue
        total += 1
        if _is_cut(st, pack, lesion, variable_cut):
            cut += 1
            lost.add(st.segment)
        else:
            kept.add(st.segment)
    return total, cut, lost, kept


_MOTOR = (Status.PARALYSED, Status.WEAK, Status.SPARED)
_SENSORY = (Status.NUMB, Status.REDUCED, Status.NORMAL)
_REFLEX = (Status.ABSENT, Status.REDUCED, Status.NORMAL)


def _status(total: int, cut: int, scale: tuple[Status, Status, Status]) -> Status:
    if total and cut == total:
        return scale[0]
    return scale[1] if cut else scale[2]


def _effect(
    pack: Pack,
    lesion: Lesion,
    target_id: str,
    name: str,
    strands: tuple[Strand, ...],
    scale: tuple[Status, Status, Status],
) -> Effect:
    total, cut, lost, kept = _grade(strands, pack, lesion, inconstant=False, variable_cut=True)
    status = _status(total, cut, scale)
    caveat = ""

    def alternative(inconstant: bool, variable_cut: bool) -> Status:
        alt = _status(*_grade(strands, pack, lesion, inconstant=inconstant, variable_cut=variable_cut)[:2], scale)
        return scale[1] if lesion.incomplete and alt is scale[0] else alt

    shown = scale[1] if lesion.incomplete and status is scale[0] else status
    if any(st.inconstant for st in strands):
        alt = alternative(True, True)
        if alt is not shown:
            caveat = f"{alt.value} where the inconstant supply is present"
    if lesion.variable_links:
        alt = alternative(False, False)
        if alt is not shown:
            caveat = f"{alt.value} where the branch arises above the level (variable)"
    effect = Effect(target_id, name, status, pack.segment_order(lost), pack.segment_order(kept), caveat)
    return _incomplete(effect, lesion.incomplete) if lesion.incomplete else effect


_INCOMPLETE_NOTE = {
    "overlap": "all its drawn supply is cut, but neighbouring roots overlap: {} (see the description)",
    "entrapment": "an entrapment: {} at most (see the description)",
}


def _incomplete(effect: Effect, grade: str) -> Effect:
    """An incomplete lesion: complete loss becomes weakness or reduced sensation (severe after a root lesion)."""
    severe = grade == "overlap"
    note = _INCOMPLETE_NOTE[grade]
    if effect.status is Status.PARALYSED:
        text = "severe weakness, not paralysis" if severe else "partial weakness"
        return replace(effect, status=Status.WEAK, severe=severe, caveat=effect.caveat or note.format(text))
    if effect.status is Status.NUMB:
        text = "reduced, not lost" if severe else "partial sensory loss"
        return replace(effect, status=Status.REDUCED, severe=severe, caveat=effect.caveat or note.format(text))
    return effect


def _dermatome_effect(pack: Pack, lesion: Lesion, target_id: str, name: str, strands: tuple[Strand, ...]) -> Effect:
    """A dermatome overlaps its neighbours: it is numb only when they are cut too, else reduced."""
    effect = _effect(pack, lesion, target_id, name, strands, _SENSORY)
    if effect.status is not Status.NUMB:
        return effect
    order = list(pack.segments)
    own = pack.structures[target_id].segments
    neighbours = {order[i] for g in own for i in (order.index(g) - 1, order.index(g) + 1) if 0 <= i < len(order)} - set(own)
    cut_segments = {pack.structures[c].segments[0] for c in lesion.cut if pack.structures[c].kind is Kind.SEGMENT}
    if neighbours <= cut_segments:
        return effect
    return replace(effect, status=Status.REDUCED, caveat="neighbouring dermatomes overlap, so one root's loss is usually partial")


def simulate(pack: Pack, book: LesionBook, lesion_id: str, supply: Mapping[str, tuple[Strand, ...]] | None = None) -> LesionResult:
    """Every muscle, skin territory and reflex after the lesion `lesion_id`."""
    lesion = lesion_for(pack, book, lesion_id)
    supply = supply if supply is not None else supply_strands(pack)
    muscles = tuple(_effect(pack, lesion, s.id, s.name, supply[s.id], _MOTOR) for s in pack.of_kind(Kind.MUSCLE))
    skin = tuple(_effect(pack, lesion, s.id, s.name, supply[s.id], _SENSORY) for s in pack.of_kind(Kind.SKIN))
    if all(pack.structures[c].kind is Kind.SEGMENT for c in lesion.cut) and not lesion.spared_links:
        segments = {pack.structures[c].segments[0] for c in lesion.cut}
        muscles = tuple(_with_disputed_segments(pack, e, segments, _MOTOR, lesion) for e in muscles)
        skin = tuple(_with_disputed_segments(pack, e, segments, _SENSORY, lesion) for e in skin)
    skin += tuple(_dermatome_effect(pack, lesion, s.id, s.name, supply[s.id]) for s in pack.of_kind(Kind.DERMATOME))
    paralysed = {e.id for e in muscles if e.status is Status.PARALYSED}
    reflexes = []
    for r in book.reflexes:
        arc = tuple(st for m in r.muscles for st in supply[m] if st.segment in r.segments)
        effect = _effect(pack, lesion, r.id, r.name, arc, _REFLEX)
        if effect.status is Status.ABSENT and not paralysed.issuperset(r.muscles):
            # The muscles still work through neighbouring segments: the jerk is depressed, not lost.
            effect = replace(effect, status=Status.REDUCED)
        reflexes.append(effect)
    return LesionResult(lesion, muscles, skin, tuple(reflexes))


def _segment_names(pack: Pack) -> re.Pattern[str]:
    """The pack's segment names as whole words: "L4, L5" in a lumbosacral pack, "C5, C6" in a brachial one."""
    return re.compile(r"\b(" + "|".join(pack.segments) + r")\b")


def _with_disputed_segments(pack: Pack, effect: Effect, cut: set[str], scale: tuple[Status, Status, Status], lesion: Lesion) -> Effect:
    """Add a caveat where a disputed segmental supply would change what a lesion of roots does.

    Myotome and dermatome tables disagree; the drawn value decides, and each plain
    alternative list the references give is judged as if those roots were cut alone.
    """
    alternatives: dict[Status, list[str]] = {}
    names = _segment_names(pack)
    for dispute in pack.structures[effect.id].disputes:
        if dispute.field != "segments":
            continue
        for alt in dispute.values:
            segments = set(names.findall(alt.value))
            if not segments or "(" in alt.value:
                continue  # a qualified value ("L5 (mainly)", "L4 (key segment)") is not a full supply list
            hit = segments & cut
            # A single root lesion never paralyses (overlap): its alternative is weak or spared.
            status = scale[2] if not hit else scale[0] if hit == segments and not lesion.incomplete else scale[1]
            if status is not effect.status:
                alternatives.setdefault(status, []).append(alt.value)
    notes = [f"{status.value} if its supply is {' or '.join(values)} (disputed)" for status, values in alternatives.items()]
    if not notes:
        return effect
    caveat = "; ".join(([effect.caveat] if effect.caveat else []) + notes)
    return replace(effect, caveat=caveat)


def description_of(pack: Pack, book: LesionBook, lesion: Lesion) -> tuple[str, tuple[str, ...]]:
    """The clinical picture of a lesion and the keys of its sources."""
    if lesion.site is not None:
        text, keys = lesion.site.description, lesion.site.sources
    else:
        s = pack.structures[lesion.structure]
        facts = [f for f in s.facts if f.field == "clinical"]
        text, keys = " ".join(f.text for f in facts), tuple(dict.fromkeys(k for f in facts for k in f.sources))
    overlap = book.overlap
    if lesion.incomplete == "overlap" and overlap is not None:
        text = f"{text} {overlap.note}".strip()
        keys = tuple(dict.fromkeys((*keys, *overlap.sources)))
    return text, keys


@dataclass(frozen=True)
class Named:
    """A structure named in a report."""

    id: str
    name: str


@dataclass(frozen=True)
class VariableNote:
    """A branch whose involvement depends on where exactly the nerve is injured."""

    id: str
    name: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ReflexChange:
    id: str
    name: str
    segments: tuple[str, ...]
    change: str
    lost: tuple[str, ...]
    kept: tuple[str, ...]

    @property
    def span(self) -> str:
        """'L3–L4' for a run of segments, 'L5' for one."""
        return self.segments[0] if len(self.segments) == 1 else f"{self.segments[0]}–{self.segments[-1]}"


@dataclass(frozen=True)
class CitedSource:
    key: str
    title: str
    url: str | None


@dataclass(frozen=True)
class LesionReport:
    """What a lesion does, in words a clinician checks: the command line prints it, `--json`
    serialises it and lesion mode's panel lays it out."""

    result: LesionResult
    also: tuple[Named, ...]
    spares: tuple[Named, ...]
    variable: tuple[VariableNote, ...]
    reflexes: tuple[ReflexChange, ...]
    description: str
    sources: tuple[CitedSource, ...]

    @property
    def lesion(self) -> Lesion:
        return self.result.lesion

    @property
    def level(self) -> str:
        site = self.lesion.site
        return site.level if site is not None else ""

    def as_json(self) -> dict[str, Any]:
        """The record `lesion --json` prints."""
        lesion, result = self.lesion, self.result

        def entry(e: Effect) -> dict[str, Any]:
            row: dict[str, Any] = {"id": e.id, "name": e.name, "lost": list(e.lost), "kept": list(e.kept)}
            if e.severe:
                row["severe"] = True
            if e.caveat:
                row["caveat"] = e.caveat
            return row

        head: dict[str, Any] = {"id": lesion.id, "name": lesion.name, "kind": lesion.kind, "structure": lesion.structure}
        if lesion.incomplete:
            head["incomplete"] = lesion.incomplete
        if lesion.site is not None:
            head["level"] = self.level
            if self.also:
                head["also"] = [{"id": a.id, "name": a.name} for a in self.also]
            head["spares"] = [{"id": t.id, "name": t.name} for t in self.spares]
            head["variable"] = [{"id": v.id, "name": v.name, "note": v.note, "sources": list(v.sources)} for v in self.variable]
        return {
            "lesion": head,
            "paralysed": [entry(e) for e in result.paralysed],
            "weak": [entry(e) for e in result.weak],
            "numb": [entry(e) for e in result.numb],
            "reduced_sensation": [entry(e) for e in result.reduced_sensation],
            "possibly_affected": [{"id": e.id, "name": e.name, "caveat": e.caveat} for e in result.possibly_affected],
            "reflexes": [
                {"id": r.id, "name": r.name, "segments": list(r.segments), "change": r.change, "lost": list(r.lost), "kept": list(r.kept)}
                for r in self.reflexes
            ],
            "description": self.description,
            "sources": [{"key": c.key, "title": c.title, "url": c.url} for c in self.sources],
        }


def lesion_report(pack: Pack, book: LesionBook, result: LesionResult) -> LesionReport:
    """The report of one simulated lesion."""
    lesion = result.lesion
    site = lesion.site
    description, keys = description_of(pack, book, lesion)
    reflex_by_id = {r.id: r for r in book.reflexes}

    def named(ids: Iterable[str]) -> tuple[Named, ...]:
        return tuple(Named(i, pack.structures[i].name) for i in ids)

    return LesionReport(
        result=result,
        also=named(site.also) if site is not None else (),
        spares=named(site.spares) if site is not None else (),
        variable=tuple(VariableNote(v.target, pack.structures[v.target].name, v.note, tuple(v.sources)) for v in site.variable)
        if site is not None
        else (),
        reflexes=tuple(
            ReflexChange(e.id, e.name, tuple(reflex_by_id[e.id].segments), e.status.value, tuple(e.lost), tuple(e.kept))
            for e in result.reflex_changes
        ),
        description=description,
        sources=tuple(CitedSource(k, book.source(pack, k).title, book.source(pack, k).url) for k in keys),
    )


def lesion_record(pack: Pack, book: LesionBook, result: LesionResult) -> dict[str, Any]:
    """The JSON record `lesion --json` prints."""
    return lesion_report(pack, book, result).as_json()
