"""Localise the lesion: a pattern of deficits from a hidden lesion, the student's guess, the grade.

The pattern a case presents is computed by the lesion simulator, never written by hand.
Besides the deficits it lists the *pertinent normals*: findings the classic mimic would
produce but this patient does not show, as an examiner would test them. Grading
compares the simulated patterns of the true lesion and the chosen one; the explanation
names the findings that differ, e.g. "Tibialis posterior: weak here — a common fibular
nerve lesion at the fibular neck would leave it spared".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from viewer.model.lesion import Case, Effect, LesionBook, LesionResult, Status, Strand, lesion_name, simulate, supply_strands
from viewer.model.pack import Pack

#: States that count as "nothing wrong" when patterns are compared.
NORMAL_STATES = (Status.SPARED, Status.NORMAL)


@dataclass(frozen=True)
class Finding:
    """One examination finding: a muscle, a skin area or a reflex and its state."""

    id: str
    name: str
    #: "muscle", "skin" or "reflex".
    kind: str
    status: Status

    def text(self) -> str:
        return f"{self.name}: {self.status.value}"


@dataclass(frozen=True)
class Presentation:
    """What the student sees: the complaint, the abnormal findings, the pertinent normals."""

    case: Case
    abnormal: tuple[Finding, ...]
    normal: tuple[Finding, ...]


@dataclass(frozen=True)
class Difference:
    """A finding on which two lesions disagree."""

    id: str
    name: str
    kind: str
    here: Status
    there: Status


@dataclass(frozen=True)
class Grade:
    correct: bool
    case: Case
    chosen: str
    #: Findings where the true lesion and the chosen one (or, if right, the mimic) differ.
    differences: tuple[Difference, ...]
    explanation: str


class Localiser:
    """Presents cases and grades answers against simulated patterns."""

    def __init__(self, pack: Pack, book: LesionBook) -> None:
        self.pack = pack
        self.book = book
        self._supply: Mapping[str, tuple[Strand, ...]] = supply_strands(pack)
        self._results: dict[str, LesionResult] = {}

    @property
    def cases(self) -> tuple[Case, ...]:
        return self.book.cases

    def options(self) -> list[tuple[str, str]]:
        """(id, name) of every lesion the cases use, the answer list offered to the student."""
        ids = dict.fromkeys(i for c in self.book.cases for i in (c.lesion, c.mimic))
        return [(i, lesion_name(self.pack, self.book, i)) for i in ids]

    def result(self, lesion_id: str) -> LesionResult:
        if lesion_id not in self._results:
            self._results[lesion_id] = simulate(self.pack, self.book, lesion_id, self._supply)
        return self._results[lesion_id]

    def present(self, case: Case) -> Presentation:
        shown = self.result(case.lesion)
        abnormal = tuple(_finding(kind, e) for kind, e in _effects(shown) if e.status not in NORMAL_STATES)
        normal = tuple(Finding(d.id, d.name, d.kind, d.here) for d in self.differences(case.lesion, case.mimic) if d.here in NORMAL_STATES)
        return Presentation(case, abnormal, normal)

    def differences(self, here_id: str, there_id: str) -> tuple[Difference, ...]:
        """Findings on which two lesions disagree: reflexes, then muscles, then skin."""
        here, there = self.result(here_id), self.result(there_id)
        theirs = {e.id: e.status for _, e in _effects(there)}
        return tuple(Difference(e.id, e.name, kind, e.status, theirs[e.id]) for kind, e in _effects(here) if theirs[e.id] is not e.status)

    def grade(self, case: Case, chosen: str) -> Grade:
        truth = case.lesion
        true_name = lesion_name(self.pack, self.book, truth)
        if chosen == truth or not self.differences(truth, chosen):
            diffs = self.differences(truth, case.mimic)
            mimic = lesion_name(self.pack, self.book, case.mimic)
            text = f"Right: {true_name}. What separates it from its mimic, {_lower_first(mimic)}:\n" + _explain(diffs, mimic)
            return Grade(True, case, chosen, diffs, text)
        diffs = self.differences(truth, chosen)
        chosen_name = lesion_name(self.pack, self.book, chosen)
        text = f"Not {_lower_first(chosen_name)} — the lesion is: {true_name}.\n" + _explain(diffs, chosen_name)
        return Grade(False, case, chosen, diffs, text)


def _effects(result: LesionResult) -> list[tuple[str, Effect]]:
    return [
        *(("reflex", e) for e in result.reflexes),
        *(("muscle", e) for e in result.muscles),
        *(("skin", e) for e in result.skin),
    ]


def _finding(kind: str, e: Effect) -> Finding:
    return Finding(e.id, e.name, kind, e.status)


def _lower_first(name: str) -> str:
    """'Common fibular nerve' → 'common fibular nerve', but 'L5' stays."""
    return name if name[:2].isupper() or name[1:2].isdigit() else name[:1].lower() + name[1:]


def _explain(diffs: tuple[Difference, ...], other: str) -> str:
    """One line per kind of disagreement, naming every finding in it.

    Findings abnormal here but normal with the other lesion (or the reverse) come first:
    they discriminate outright; a difference of degree (weak against paralysed) follows.
    """
    if not diffs:
        return f"Nothing on examination separates it from {_lower_first(other)}."
    rank = {"reflex": 0, "muscle": 1, "skin": 2}
    groups: dict[tuple[str, Status, Status], list[str]] = {}
    for d in diffs:
        groups.setdefault((d.kind, d.here, d.there), []).append(d.name)
    order = sorted(groups, key=lambda g: ((g[1] in NORMAL_STATES) == (g[2] in NORMAL_STATES), rank[g[0]]))
    lines = []
    for kind, here, there in order:
        names = groups[(kind, here, there)]
        listed = "; ".join(names)
        lines.append(f"• {here.value.capitalize()} here, {there.value} with {_lower_first(other)}: {listed}")
    return "\n".join(lines)
