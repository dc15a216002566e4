"""Finding a structure by what a user types: id, display name, Latin name or synonym."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum

from viewer.model.pack import Pack
from viewer.model.records import Kind

#: Older and newer names that mean the same thing in every structure's name.
_EQUIVALENT_WORDS = {"peroneal": "fibular", "peroneus": "fibularis", "haemorrhoidal": "anal", "hemorrhoidal": "anal"}
#: Words a user may leave out ("sural" for the sural nerve, "m. piriformis").
_FILLER_WORDS = frozenset({"the", "nerve", "nerves", "muscle", "muscles", "m", "n", "nervus", "musculus", "of"})


def normalise(text: str) -> str:
    """Lower case, punctuation and underscores as spaces, older word forms mapped to newer."""
    words = re.sub(r"[^0-9a-z]+", " ", text.casefold().replace("ä", "a")).split()
    return " ".join(_EQUIVALENT_WORDS.get(w, w) for w in words)


def _loose(normal: str) -> str:
    return " ".join(w for w in normal.split() if w not in _FILLER_WORDS)


def _raw(text: str) -> str:
    """Normalised but with older word forms kept as typed ("peroneal" stays "peroneal")."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold().replace("ä", "a")).split())


class Match(IntEnum):
    """How well a name matches what was typed, best first."""

    EXACT = 0
    PREFIX = 1  # the name starts with the text
    WORD = 2  # a word of the name starts with the text
    CONTAINS = 3
    RESEMBLES = 4  # a misspelling: close by difflib's ratio


class Field(IntEnum):
    """Which of a structure's names matched; the English name ranks first."""

    NAME = 0
    LATIN = 1
    SYNONYM = 2
    ID = 3


_FIELD_WORDS = {Field.LATIN: "Latin", Field.SYNONYM: "synonym", Field.ID: "id"}
#: Nerves and muscles first, then the plexus's other parts, then skin areas.
_KIND_RANK = {Kind.NERVE: 0, Kind.MUSCLE: 0, Kind.BRANCH: 1, Kind.SEGMENT: 1, Kind.DIVISION: 1, Kind.TRUNK: 1, Kind.CORD: 1}
#: A misspelling at least this close to a name (difflib ratio) is taken for that name on Enter,
#: when no other structure's name is as close (see viewer.model.study, which grades answers so).
SURE_RATIO = 0.8
SURE_MARGIN = 0.04
#: Weaker resemblances are still offered as choices, down to this ratio,
OFFER_RATIO = 0.6
#: and not when they are this far behind the closest one.
FAR_BEHIND = 0.2


@dataclass(frozen=True)
class Suggestion:
    """One structure offered for what was typed, and which of its names matched."""

    id: str
    #: The structure's display name.
    name: str
    #: The name that matched as written in the pack (the display name, a Latin name or a synonym).
    matched: str
    field: Field
    match: Match
    #: For a misspelling, how close it is (difflib ratio); 1.0 otherwise.
    ratio: float = 1.0

    @property
    def label(self) -> str:
        """What a suggestion list shows: "Gluteus medius", "Common fibular nerve — synonym: peroneal nerve"."""
        if self.field is Field.NAME:
            return self.name
        return f"{self.name} — {_FIELD_WORDS[self.field]}: {self.matched}"


@dataclass(frozen=True)
class _Form:
    field: Field
    written: str
    normal: str
    loose: str
    raw: str


@dataclass(frozen=True)
class Resolution:
    """The outcome of looking a name up: one id, or candidates to offer."""

    match: str | None
    candidates: tuple[str, ...] = ()
    #: True when the text names several structures equally (not merely resembles them).
    ambiguous: bool = False


class NameIndex:
    """Every way of naming every structure of a pack, normalised."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._loose: dict[str, set[str]] = defaultdict(set)
        self._forms: dict[str, tuple[_Form, ...]] = {}
        for s in pack.structures.values():
            forms: list[_Form] = []
            named = ((Field.ID, s.id), (Field.NAME, s.name), (Field.LATIN, s.latin), *((Field.SYNONYM, n) for n in s.synonyms))
            for field, name in named:
                if not name:
                    continue
                normal = normalise(name)
                self._exact[normal].add(s.id)
                loose = _loose(normal)
                if loose:
                    self._loose[loose].add(s.id)
                if normal:
                    forms.append(_Form(field, name, normal, loose or normal, _raw(name)))
            self._forms[s.id] = tuple(forms)

    def _ordered(self, ids: set[str]) -> tuple[str, ...]:
        return tuple(i for i in self.pack.structures if i in ids)

    def resolve(self, text: str) -> Resolution:
        """The structure `text` names, or the candidates if it names none or several."""
        normal = normalise(text)
        if not normal:
            return Resolution(None)
        for table, key in ((self._exact, normal), (self._loose, _loose(normal))):
            ids = table.get(key)
            if ids and len(ids) == 1:
                return Resolution(next(iter(ids)))
            if ids:
                return Resolution(None, self._ordered(ids), ambiguous=True)
        return Resolution(None, self.suggest(text))

    def suggest(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """Ids whose names contain or closely resemble `text`, best first."""
        return tuple(found.id for found in self.suggestions(text, limit))

    def suggestions(self, text: str, limit: int = 8) -> tuple[Suggestion, ...]:
        """Structures for what a user is typing, best first, each saying which of its names matched.

        Exact names first, then names that start with the text, have a word that starts
        with it, or contain it, then misspellings (the closest first). Among names that
        contain the text, display names (nerves and muscles before other parts) come before
        Latin names and synonyms.
        """
        normal = normalise(text)
        if not normal:
            return ()
        loose = _loose(normal) or normal
        raw = _raw(text)
        found: list[tuple[tuple[object, ...], Suggestion]] = []
        misses: list[str] = []
        for order, s in enumerate(self.pack.structures.values()):
            best: tuple[tuple[int, int, int], _Form, Match] | None = None
            for form in self._forms[s.id]:
                match = _containment(normal, loose, form)
                if match is None:
                    continue
                # exact first; then the display name over Latin and synonyms; then how
                # (prefix, word, substring); a name written as typed ("peroneal") over an equivalent
                key = (0 if match is Match.EXACT else 1, int(form.field), int(match), 0 if raw in form.raw else 1)
                if best is None or key < best[0]:
                    best = (key, form, match)
            if best is None:
                misses.append(s.id)
                continue
            _key, form, match = best
            if raw not in form.raw:  # matched through an equivalent word: show the name as typed, if any
                form = next((f for f in self._forms[s.id] if raw in f.raw and f.field is not Field.ID), form)
            field = Field.NAME if form.field is Field.ID else form.field
            written = s.name if form.field is Field.ID else form.written
            rank = (_key[0], _key[1], _key[2], _KIND_RANK.get(s.kind, 2), order)
            found.append((rank, Suggestion(s.id, s.name, written, field, match)))
        found.sort(key=lambda pair: pair[0])
        close = self._resembling(loose, normal, misses)
        if found:  # the text is in some names: only clear misspellings of others join them
            close = [c for c in close if c.ratio >= SURE_RATIO]
        return tuple([suggestion for _rank, suggestion in found] + close)[:limit]

    def _resembling(self, loose: str, normal: str, ids: list[str]) -> list[Suggestion]:
        """Suggestions for names the text is a misspelling of, closest first.

        The text is compared without filler words ("tibal" with "tibial") and whole ("tibal
        nerv" with "tibial nerve": a misspelt filler word is not recognised as one).
        """
        import difflib  # only a miss needs it; kept off start-up

        matchers = []
        for typed in (loose, normal):
            matcher = difflib.SequenceMatcher(autojunk=False)
            matcher.set_seq2(typed)
            matchers.append((typed, matcher))
        scored: list[tuple[float, int, int, int, Suggestion]] = []
        for order, sid in enumerate(ids):
            s = self.pack.structures[sid]
            best: tuple[float, _Form] | None = None
            for form in self._forms[sid]:
                if form.field is Field.ID:
                    continue
                for (typed, matcher), whole in zip(matchers, (form.loose, form.normal), strict=True):
                    # The start of a longer name is tried for the text without filler words only.
                    starts = ((whole[: len(typed) + 1], 0.05),) if whole is form.loose and len(whole) > len(typed) + 1 else ()
                    for candidate, penalty in ((whole, 0.0), *starts):
                        matcher.set_seq1(candidate)
                        if matcher.real_quick_ratio() - penalty < OFFER_RATIO or matcher.quick_ratio() - penalty < OFFER_RATIO:
                            continue
                        ratio = matcher.ratio() - penalty
                        if ratio >= OFFER_RATIO and (best is None or ratio > best[0] or (ratio == best[0] and form.field < best[1].field)):
                            best = (ratio, form)
            if best is not None:
                ratio, form = best
                suggestion = Suggestion(sid, s.name, form.written, form.field, Match.RESEMBLES, round(ratio, 3))
                scored.append((-ratio, int(form.field), _KIND_RANK.get(s.kind, 2), order, suggestion))
        scored.sort(key=lambda row: row[:4])
        if not scored:
            return []
        closest = -scored[0][0]  # names far less alike than the closest one are noise
        return [row[4] for row in scored if -row[0] >= closest - FAR_BEHIND]

    def choose(self, text: str) -> tuple[str | None, tuple[Suggestion, ...]]:
        """What Enter in the find field selects, and the suggestions to offer.

        An exact name, or the top suggestion when the text is contained in a name or is a
        clear misspelling of one; None (and the choices) when it only vaguely resembles names
        or names several structures alike.
        """
        found = self.resolve(text)
        offered = self.suggestions(text)
        if found.match:
            return found.match, offered
        if found.ambiguous or not offered:  # "quadriceps" names four muscles alike: the user picks
            return None, offered
        top = offered[0]
        if top.match is not Match.RESEMBLES:
            return top.id, offered
        runner_up = next((o.ratio for o in offered[1:] if o.id != top.id), 0.0)
        if top.ratio >= SURE_RATIO and top.ratio - runner_up >= SURE_MARGIN:
            return top.id, offered
        return None, offered

    def search(self, text: str, limit: int = 50) -> list[str]:
        """Ids for a type-ahead search: names starting with, then containing, `text`."""
        normal = normalise(text)
        if not normal:
            return []
        starts: list[str] = []
        contains: list[str] = []
        for name, ids in self._exact.items():
            if name.startswith(normal) or any(w.startswith(normal) for w in name.split()):
                starts.extend(ids)
            elif normal in name:
                contains.extend(ids)
        ranked = list(dict.fromkeys(self._ordered(set(starts)) + self._ordered(set(contains))))
        return ranked[:limit]


def _containment(normal: str, loose: str, form: _Form) -> Match | None:
    """How `form` contains the typed text (normalised, and without filler words), if it does."""
    if normal == form.normal or loose == form.loose:
        return Match.EXACT
    if form.normal.startswith(normal) or form.loose.startswith(loose):
        return Match.PREFIX
    words = f" {form.normal}"
    if f" {normal}" in words or f" {loose}" in words:
        return Match.WORD
    if normal in form.normal or loose in form.loose:
        return Match.CONTAINS
    return None
