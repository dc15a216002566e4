"""Study questions made from the pack, and how each answer is graded.

Every question and every accepted answer comes from the data: the nerve that supplies a
muscle is the source of the links into it, a muscle's segments are its drawn segmental
supply (with the disputed alternatives accepted and noted), and a hop of a traced path
is right when the pack has a link carrying the traced segment on towards the muscle.
Nothing here is written by hand per question.

Item ids are stable strings: ``identify:gluteus_maximus``, ``name:femoral_nerve``,
``segments:tibialis_anterior``, ``innervation:quadratus_femoris`` and
``trace:l5:tibialis_anterior``; the review schedule keys progress by them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from viewer.model.facts import segments_named
from viewer.model.names import NameIndex, normalise
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind, Structure
from viewer.model.tracing import trace

#: How alike a typed name must be to one of the structure's names to count (difflib ratio).
SPELLING_RATIO = 0.8
#: And how much better it must fit the intended structure than any other.
SPELLING_MARGIN = 0.04
_FILLER = frozenset({"the", "nerve", "nerves", "muscle", "muscles", "m", "n", "of"})


class QuestionKind(StrEnum):
    IDENTIFY = "identify"
    NAME = "name"
    SEGMENTS = "segments"
    INNERVATION = "innervation"
    TRACE = "trace"


KIND_TITLES = {
    QuestionKind.IDENTIFY: "Identify",
    QuestionKind.NAME: "Name it",
    QuestionKind.SEGMENTS: "Segments",
    QuestionKind.INNERVATION: "Innervation",
    QuestionKind.TRACE: "Trace it yourself",
}


class Verdict(StrEnum):
    RIGHT = "right"
    #: Right by a reference that disagrees with the drawn value; counted as right.
    ACCEPTED = "accepted"
    WRONG = "wrong"


@dataclass(frozen=True)
class SegmentOption:
    """A value references give for a structure's segments, with who gives it."""

    segments: tuple[str, ...]
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One study item as asked."""

    item_id: str
    kind: QuestionKind
    prompt: str
    #: The structure asked about (the muscle, or the lit structure to name).
    subject: str
    #: Structure ids that answer it (identify, innervation, name).
    answers: frozenset[str] = frozenset()
    #: Near misses that are not counted but deserve a word (the parent of a branch).
    near: dict[str, str] = field(default_factory=dict)
    #: Segments questions: the drawn value, and the alternatives where references disagree.
    segments: tuple[str, ...] = ()
    alternatives: tuple[SegmentOption, ...] = ()
    #: Trace questions: the segment traced and the root it starts from.
    segment: str = ""
    start: str = ""


@dataclass(frozen=True)
class Feedback:
    """The grade of one answer and what to show for it."""

    item_id: str
    verdict: Verdict
    #: One line: "Right", "Not quite", …
    headline: str
    #: The right answer in words.
    answer: str
    #: More to say (a near miss, a dispute between references), or "".
    note: str = ""
    #: Structures to light as the right answer.
    right_ids: tuple[str, ...] = ()
    #: What the student picked, when it was a structure.
    given_id: str | None = None

    @property
    def correct(self) -> bool:
        return self.verdict is not Verdict.WRONG


def _names(pack: Pack, ids: Iterable[str], *, lower: bool = False) -> str:
    names = [_lower_name(pack.structures[i]) if lower else pack.structures[i].name for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


#: Muscles named by an everyday noun, which a sentence gives an article: "the diaphragm".
_NOUN_MUSCLES = frozenset({"diaphragm"})


def in_sentence(name: str) -> str:
    """A name inside a sentence: its first letter lowered, unless its first word carries a capital
    or a digit after that letter ("L5", "C4 contribution to the upper trunk", "Martin-Gruber anastomosis")."""
    first = name.split(" ")[0]
    if any(c.isupper() or c.isdigit() for c in first[1:]):
        return name
    return name[:1].lower() + name[1:]


def _lower_name(s: Structure) -> str:
    """The name as it reads inside a sentence ("the femoral nerve", "gluteus maximus", "L5", "the diaphragm",
    "the Martin-Gruber anastomosis", "the C4 contribution to the upper trunk")."""
    if s.kind is Kind.SEGMENT:
        return s.name
    name = in_sentence(s.name)
    if s.kind is Kind.MUSCLE and name not in _NOUN_MUSCLES:
        return name
    return "the " + name


# ---- who supplies a muscle ------------------------------------------------------
def suppliers(pack: Pack, muscle_id: str) -> tuple[str, ...]:
    """The nerves and branches with a link into the muscle (or into any of its parts)."""
    muscle = pack.structures[muscle_id]
    ids = muscle.parts or (muscle_id,)
    found = [link.source for i in ids for link in pack.incoming[i] if pack.structures[link.source].kind in NERVE_KINDS]
    return tuple(dict.fromkeys(found))


def _unnamed_branch_parents(pack: Pack, branch_id: str) -> tuple[str, ...]:
    """The nerve a bundle of muscular branches comes from ("muscular branches of the femoral nerve").

    Such a bundle is not a named nerve of its own, so naming its parent nerve answers
    "which nerve supplies…" fully; a named branch (the deep fibular nerve) must be named.
    """
    if not branch_id.endswith("_muscular_branches"):
        return ()
    return tuple(link.source for link in pack.incoming[branch_id] if pack.structures[link.source].kind in NERVE_KINDS)


def _nerve_answers(pack: Pack, muscle_id: str) -> tuple[frozenset[str], dict[str, str]]:
    direct = suppliers(pack, muscle_id)
    answers = set(direct)
    near: dict[str, str] = {}
    for supplier in direct:
        s = pack.structures[supplier]
        answers.update(_unnamed_branch_parents(pack, supplier))
        if s.kind is Kind.BRANCH:
            for link in pack.incoming[supplier]:
                parent = pack.structures[link.source]
                if parent.kind in NERVE_KINDS and parent.id not in answers:
                    near.setdefault(parent.id, f"Close: {_lower_name(s)} is a branch of {_lower_name(parent)}; name the branch itself.")
        for composite in pack.composites_of(supplier):
            near.setdefault(
                composite.id, f"Close: {_lower_name(s)} runs within {_lower_name(composite)}; name the nerve that leaves it for the muscle."
            )
    for i in answers:
        near.pop(i, None)
    return frozenset(answers), near


# ---- the item bank ----------------------------------------------------------------
def _askable_muscles(pack: Pack) -> list[Structure]:
    return [m for m in pack.of_kind(Kind.MUSCLE) if suppliers(pack, m.id)]


def _segment_options(pack: Pack, s: Structure) -> tuple[SegmentOption, ...]:
    options: list[SegmentOption] = []
    for dispute in s.disputes:
        if dispute.field != "segments":
            continue
        for alt in dispute.values:
            named = pack.segment_order(segments_named(pack, alt.value))
            if named and set(named) != set(s.segments):
                titles = tuple(pack.sources[k].title for k in alt.sources if k in pack.sources)
                options.append(SegmentOption(named, alt.value, titles))
    return tuple(options)


def trace_links(pack: Pack, segment: str, muscle_id: str) -> frozenset[int]:
    """Indexes of the links that carry `segment` on a path to `muscle_id`."""
    t = trace(pack, muscle_id)
    return frozenset(i for i, seg in t.strands if seg == segment)


def build_questions(pack: Pack) -> dict[str, Question]:
    """Every study item the pack supports, by item id, in a stable order."""
    out: dict[str, Question] = {}
    muscles = _askable_muscles(pack)
    for m in muscles:
        answers, near = _nerve_answers(pack, m.id)
        name = _lower_name(m)
        out[f"identify:{m.id}"] = Question(
            f"identify:{m.id}", QuestionKind.IDENTIFY, f"Click the nerve that supplies {name}.", m.id, answers, near
        )
    drawn = pack.drawable_ids()  # the ring is drawn on the schematic: a dermatome (skin map only) is not asked
    for s in pack.structures.values():
        if s.id not in drawn or s.kind in (Kind.SEGMENT, Kind.DIVISION, Kind.SKIN) or (s.parts and s.kind is Kind.MUSCLE):
            continue
        what = {Kind.MUSCLE: "muscle", Kind.TRUNK: "structure", Kind.CORD: "structure"}.get(s.kind, "nerve")
        prompt = f"Name the {what} ringed on the diagram."
        out[f"name:{s.id}"] = Question(f"name:{s.id}", QuestionKind.NAME, prompt, s.id, frozenset({s.id}))
    for s in pack.structures.values():
        if s.kind not in (Kind.MUSCLE, Kind.NERVE, Kind.TRUNK, Kind.CORD) or not s.segments:
            continue
        if s.kind is Kind.MUSCLE:
            prompt = f"Which segments supply {_lower_name(s)}?"
        else:
            prompt = f"Which segments form {_lower_name(s)} (its root value)?"
        out[f"segments:{s.id}"] = Question(
            f"segments:{s.id}", QuestionKind.SEGMENTS, prompt, s.id, segments=s.segments, alternatives=_segment_options(pack, s)
        )
    for m in muscles:
        answers, near = _nerve_answers(pack, m.id)
        out[f"innervation:{m.id}"] = Question(
            f"innervation:{m.id}", QuestionKind.INNERVATION, f"Which nerve supplies {_lower_name(m)}?", m.id, answers, near
        )
    for m in muscles:
        if m.parts:
            continue
        for seg_id in (s.id for s in pack.of_kind(Kind.SEGMENT) if s.segments[0] in m.segments):
            segment = pack.structures[seg_id].segments[0]
            if not trace_links(pack, segment, m.id):
                continue
            item = f"trace:{seg_id}:{m.id}"
            out[item] = Question(
                item,
                QuestionKind.TRACE,
                f"Trace {segment} to {_lower_name(m)}: from {segment}, click each structure its fibres pass through, hop by hop.",
                m.id,
                frozenset({m.id}),
                segment=segment,
                start=seg_id,
            )
    return out


# ---- what a reader hears of the ringed structure -----------------------------------
#: Words too common in names to give one away.
_COMMON = _FILLER | {"branch", "branches", "muscular", "division", "divisions", "anterior", "posterior", "trunk", "cord", "skin"}
_COMMON |= {"musculus", "musculi", "nervus", "nervi", "ramus", "rami", "plexus", "truncus"}
#: Groups that say nothing of where a structure lies.
_PLAIN_GROUPS = frozenset({"Trunks", "Cords", "Divisions", "Segments", "Skin", ""})


def _in_words(s: Structure) -> str:
    """A structure as it reads in a clue: "L4", "the L2 posterior division", "the femoral nerve", "gluteus maximus"."""
    if s.kind is Kind.SEGMENT:
        return s.name
    if s.kind is Kind.DIVISION:
        name = s.name.split(" (")[0]
        return "the " + (name if name[1:2].isdigit() else name[:1].lower() + name[1:])
    return _lower_name(s)


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


def _giveaway_stems(s: Structure) -> set[str]:
    """The telling words of `s`'s names (English, Latin, synonyms): any of them in a clue would give it away."""
    return {word for name in (s.name, s.latin, *s.synonyms) for word in _words(name) if len(word) >= 4 and word not in _COMMON}


def _tells(text: str, stems: set[str]) -> bool:
    return any(word in stems for word in _words(text))


def _some(pack: Pack, ids: Iterable[str], stems: set[str], most: int = 4) -> str:
    """Up to `most` of the structures `ids`, in words, leaving out any whose name would tell the answer."""
    named = [_in_words(pack.structures[i]) for i in ids]
    kept = [n for n in named if not _tells(n, stems)]
    if not kept:
        return ""
    more = len(kept) - most
    shown = kept[:most]
    if more > 0:
        return ", ".join(shown) + f" and {more} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def ringed_clue(pack: Pack, q: Question) -> str:
    """For a "Name the … ringed on the diagram" question, what the ring shows to the eye, in words:
    where the structure lies, its segments and what it connects to — never its name.

    "The muscle ringed on the diagram: in the gluteal region; segments L5, S1, S2; supplied by the
    inferior gluteal nerve." A connection whose name would give the answer away is left out.
    """
    if q.kind is not QuestionKind.NAME:
        return ""
    s = pack.structures[q.subject]
    stems = _giveaway_stems(s)
    what = {Kind.MUSCLE: "muscle", Kind.TRUNK: "structure", Kind.CORD: "structure"}.get(s.kind, "nerve")
    parts: list[str] = []
    if s.group not in _PLAIN_GROUPS and not _tells(s.group, stems):
        group = f"{s.group[:1].lower()}{s.group[1:]}"
        where = "in the" if s.kind is Kind.MUSCLE else "a branch of the" if group.startswith("branches of the ") else "part of the"
        parts.append(f"{where} {group.removeprefix('branches of the ')}")
    if s.segments:
        parts.append(f"{'segments' if len(s.segments) > 1 else 'segment'} {', '.join(s.segments)}")
    if s.kind is Kind.MUSCLE:
        supply = _some(pack, suppliers(pack, s.id), stems)
        if supply:
            parts.append(f"supplied by {supply}")
    else:
        ids = s.parts or (s.id,)
        came = _some(pack, dict.fromkeys(link.source for i in ids for link in pack.incoming[i]), stems)
        if came:
            parts.append(f"it comes from {came}")
        onward = (link.target for i in ids for link in pack.outgoing[i])
        goes = _some(pack, dict.fromkeys(t for t in onward if pack.structures[t].kind is not Kind.DERMATOME), stems)
        if goes:
            parts.append(f"it goes on to {goes}")
    if not parts:
        return ""
    return f"The {what} ringed on the diagram: {'; '.join(parts)}."


# ---- grading ----------------------------------------------------------------------
def _forms(s: Structure) -> list[str]:
    forms: list[str] = []
    for name in (s.name, s.latin, *s.synonyms):
        if not name:
            continue
        normal = normalise(name)
        forms.append(normal)
        loose = " ".join(w for w in normal.split() if w not in _FILLER)
        if loose:
            forms.append(loose)
    return forms


def resolve_answer(index: NameIndex, text: str, kinds: Iterable[Kind] | None = None) -> tuple[str | None, str]:
    """The structure a typed answer names, forgiving small misspellings; and a note on spelling.

    An exact name, Latin name or synonym (peroneal = fibular) wins; otherwise the
    structure whose names the text most resembles, if it resembles it clearly better
    than any other.
    """
    allowed = set(kinds) if kinds is not None else None
    pack = index.pack
    found = index.resolve(text)
    if found.match and (allowed is None or pack.structures[found.match].kind in allowed):
        return found.match, ""
    typed = normalise(text)
    loose = " ".join(w for w in typed.split() if w not in _FILLER)
    if not loose:
        return None, ""
    scores: list[tuple[float, str, str]] = []
    for s in pack.structures.values():
        if allowed is not None and s.kind not in allowed:
            continue
        best = max(((difflib.SequenceMatcher(None, loose, f).ratio(), f) for f in _forms(s)), default=(0.0, ""))
        scores.append((best[0], s.id, best[1]))
    scores.sort(reverse=True)
    if not scores or scores[0][0] < SPELLING_RATIO:
        return None, ""
    if len(scores) > 1 and scores[0][0] - scores[1][0] < SPELLING_MARGIN:
        return None, ""
    return scores[0][1], f"(spelt “{pack.structures[scores[0][1]].name}”)"


def _nerve_feedback(pack: Pack, q: Question, given: str | None, spelling: str = "") -> Feedback:
    right = tuple(i for i in pack.structures if i in q.answers)
    direct = suppliers(pack, q.subject)
    answer = f"{_names(pack, direct)}"
    if len(direct) > 1:
        answer += " (any of these supplies it)"
    extra = [i for i in right if i not in direct]
    if extra:
        answer += f"; {_names(pack, extra)} also counts"
    dispute = next((d for d in pack.structures[q.subject].disputes if d.field == "nerve"), None)
    dispute_note = ""
    if dispute is not None:
        dispute_note = "References disagree on the nerve supply: " + "; ".join(a.value for a in dispute.values) + "."
    if given in q.answers:
        headline = "Right" + (f" {spelling}" if spelling else "")
        return Feedback(q.item_id, Verdict.RIGHT, headline, answer, dispute_note, right, given)
    if given is None:
        note = ""
    elif given in q.near:
        note = q.near[given]
    else:
        note = f"You picked {_lower_name(pack.structures[given])}."
    note = " ".join(n for n in (note, dispute_note) if n)
    return Feedback(q.item_id, Verdict.WRONG, "Not quite", answer, note, right, given)


def grade_identify(pack: Pack, q: Question, clicked: str | None) -> Feedback:
    """A click on the canvas (None for empty space) as the answer to an identify question."""
    return _nerve_feedback(pack, q, clicked)


def grade_innervation(index: NameIndex, q: Question, typed: str) -> Feedback:
    given, spelling = resolve_answer(index, typed, NERVE_KINDS)
    if given is None:
        fb = _nerve_feedback(index.pack, q, None)
        return Feedback(fb.item_id, fb.verdict, fb.headline, fb.answer, f"“{typed.strip()}” names no nerve I know.", fb.right_ids)
    return _nerve_feedback(index.pack, q, given, spelling)


def grade_name(index: NameIndex, q: Question, typed: str) -> Feedback:
    pack = index.pack
    target = pack.structures[q.subject]
    also = [n for n in (target.latin, *target.synonyms) if n]
    answer = target.name + (f" (also: {', '.join(also[:3])})" if also else "")
    given, spelling = resolve_answer(index, typed)
    if given is None:
        found = index.resolve(typed)
        if found.ambiguous and q.subject in found.candidates:
            given = q.subject
    if given == q.subject:
        return Feedback(q.item_id, Verdict.RIGHT, "Right" + (f" {spelling}" if spelling else ""), answer, "", (q.subject,), given)
    note = f"“{typed.strip()}” is {_lower_name(pack.structures[given])}." if given else ""
    return Feedback(q.item_id, Verdict.WRONG, "Not quite", answer, note, (q.subject,), given)


def grade_segments(pack: Pack, q: Question, picked: Iterable[str]) -> Feedback:
    """Picked segments against the drawn value; a disputed alternative is accepted with a note."""
    chosen = pack.segment_order(picked)
    drawn = ", ".join(q.segments)
    subject = pack.structures[q.subject]
    sources = "; ".join(pack.sources[k].title for k in subject.segment_sources if k in pack.sources)
    answer = drawn
    drawn_from = f"The diagram draws {drawn}" + (f" ({sources})." if sources else ".")
    others = "; ".join(f"{o.text} ({'; '.join(o.sources)})" for o in q.alternatives)
    dispute_note = f"References disagree; others give: {others}." if others else ""
    right = (q.subject,)
    if set(chosen) == set(q.segments):
        return Feedback(q.item_id, Verdict.RIGHT, "Right", answer, " ".join(n for n in (drawn_from, dispute_note) if n), right)
    for option in q.alternatives:
        if set(chosen) == set(option.segments):
            note = f"Accepted: {option.text} is given by {'; '.join(option.sources)}. {drawn_from}"
            return Feedback(q.item_id, Verdict.ACCEPTED, "Accepted — references disagree", answer, note, right)
    picked_text = ", ".join(chosen) or "no segment"
    note = " ".join(n for n in (f"You picked {picked_text}.", drawn_from, dispute_note) if n)
    return Feedback(q.item_id, Verdict.WRONG, "Not quite", answer, note, right)


# ---- trace it yourself ----------------------------------------------------------
@dataclass(frozen=True)
class HopResult:
    """The grade of one click while tracing."""

    correct: bool
    clicked: str | None
    #: Where the path may go next from the current structure (after this click).
    expected: tuple[str, ...]
    #: The muscle has been reached.
    done: bool
    message: str


class TraceAttempt:
    """A student tracing one segment hop by hop from its root to a muscle.

    A hop is right when a link of the pack carrying the traced segment runs from the
    current structure to the clicked one, on towards the muscle. A wrong click is marked
    and the right next hops are shown; the student continues from where they were.
    """

    def __init__(self, pack: Pack, question: Question) -> None:
        self.pack = pack
        self.question = question
        self.links = trace_links(pack, question.segment, question.subject)
        self.current = question.start
        self.path: list[str] = [question.start]
        self.mistakes = 0
        self.done = False
        # The order a full answer is revealed in: hops from the root along the traced links.
        self.depth = trace(pack, question.subject).hops

    def next_hops(self, node: str | None = None) -> tuple[str, ...]:
        node = self.current if node is None else node
        targets = {self.pack.links[i].target for i in self.links if self.pack.links[i].source == node}
        return tuple(i for i in self.pack.structures if i in targets)

    def hops_total(self) -> int:
        """Hops on the shortest right path from the root to the muscle."""
        frontier, seen, n = {self.question.start}, {self.question.start}, 0
        while frontier and self.question.subject not in frontier:
            frontier = {t for f in frontier for t in self.next_hops(f)} - seen
            seen |= frontier
            n += 1
        return n

    def answer_path(self) -> tuple[str, ...]:
        """Every structure on a right path, root first."""
        nodes = {self.question.start} | {self.pack.links[i].target for i in self.links} | {self.pack.links[i].source for i in self.links}
        return tuple(sorted(nodes, key=lambda n: (self.depth.get(n, 0), list(self.pack.structures).index(n))))

    def click(self, clicked: str | None) -> HopResult:
        if self.done:
            return HopResult(True, clicked, (), True, "The muscle is reached.")
        expected = self.next_hops()
        chosen = clicked
        if clicked is not None and clicked not in expected:
            # A click on a composite nerve's frame (the sciatic) means whichever part leads on.
            parts = [p for p in self.pack.structures[clicked].parts if p in expected]
            if len(parts) == 1:
                chosen = parts[0]
        if chosen is not None and chosen == self.current:
            return HopResult(True, clicked, expected, False, f"You are at {_lower_name(self.pack.structures[chosen])}; click the next one.")
        if chosen in expected:
            assert chosen is not None
            self.current = chosen
            self.path.append(chosen)
            self.done = chosen == self.question.subject
            name = self.pack.structures[chosen].name
            nxt = self.next_hops()
            message = f"Right: {name}." + (" The muscle is reached." if self.done else "")
            return HopResult(True, chosen, nxt, self.done, message)
        self.mistakes += 1
        here = _lower_name(self.pack.structures[self.current])
        what = f"{_lower_name(self.pack.structures[clicked])} is not" if clicked else "That is not"
        onward = _names(self.pack, expected, lower=True)
        message = f"Not quite: {what} the next hop from {here}. {self.question.segment} runs on to {onward}."
        return HopResult(False, clicked, expected, False, message)

    def feedback(self) -> Feedback:
        """The grade of the whole trace: right only if every hop was."""
        path = " → ".join(self.pack.structures[i].name for i in self.path)
        answer = " → ".join(_names(self.pack, (n,)) for n in self.path) if self.done else ""
        full = self.answer_path()
        if self.done and not self.mistakes:
            return Feedback(self.question.item_id, Verdict.RIGHT, "Right", path, "", full)
        n = self.mistakes
        note = f"{n} wrong hop{'s' if n != 1 else ''}." if n else "The trace was not finished."
        return Feedback(self.question.item_id, Verdict.WRONG, "Not quite", answer or _path_text(self.pack, full), note, full)


def _path_text(pack: Pack, nodes: tuple[str, ...]) -> str:
    return " → ".join(pack.structures[n].name for n in nodes)
