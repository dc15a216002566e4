"""Finding a structure by what a user types: id, display name, Latin name or synonym."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from viewer.model.pack import Pack

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
        for s in pack.structures.values():
            for name in (s.id, s.name, s.latin, *s.synonyms):
                if not name:
                    continue
                normal = normalise(name)
                self._exact[normal].add(s.id)
                loose = _loose(normal)
                if loose:
                    self._loose[loose].add(s.id)

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
        normal = normalise(text)
        found: list[str] = []
        for name, ids in self._exact.items():
            if normal and normal in name:
                found.extend(self._ordered(ids))
        import difflib  # only a miss needs it; kept off start-up

        close = difflib.get_close_matches(normal, list(self._exact), n=limit, cutoff=0.6)
        for name in close:
            found.extend(self._ordered(self._exact[name]))
        return tuple(dict.fromkeys(found))[:limit]

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
