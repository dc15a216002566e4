"""Every study question either bundled pack generates reads as English a teacher would write.

Run over every generated question of both packs: the names keep the capitals of eponyms
and segments, a muscle named by an everyday noun takes "the", trunks and cords are asked
about as structures, and a ringed structure's clue never gives its name away.
"""

from __future__ import annotations

import re

import pytest
from bundled_packs import PACKS, bundled

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.study import QuestionKind, _lower_name, build_questions, ringed_clue


@pytest.fixture(scope="module", params=PACKS)
def pack(request: pytest.FixtureRequest) -> Pack:
    return bundled(request.param)


#: A capital or a segment lowercased: "the martin-Gruber", "the c4 contribution", "l5".
LOST_CAPITAL = re.compile(r"\b[a-z]+-[A-Z]|\b(?:the |from |to )[a-z]\d\b|\b[cltsc]\d\b")


def test_every_question_reads_properly(pack: Pack) -> None:
    questions = build_questions(pack)
    assert len(questions) > 200
    for q in questions.values():
        assert q.prompt[:1].isupper() and q.prompt[-1] in ".?", q.prompt
        assert not LOST_CAPITAL.search(q.prompt), q.prompt
        assert "  " not in q.prompt and " ." not in q.prompt, q.prompt
        subject = pack.structures[q.subject]
        if q.kind is QuestionKind.NAME:
            what = {Kind.MUSCLE: "muscle", Kind.TRUNK: "structure", Kind.CORD: "structure"}.get(subject.kind, "nerve")
            assert q.prompt == f"Name the {what} ringed on the diagram.", q.prompt
        elif q.kind is QuestionKind.SEGMENTS and subject.kind in (Kind.TRUNK, Kind.CORD):
            assert q.prompt == f"Which segments form the {subject.name.lower()} (its root value)?", q.prompt
        elif q.kind in (QuestionKind.IDENTIFY, QuestionKind.INNERVATION):
            assert q.prompt.endswith(f"supplies {_lower_name(subject)}.") or q.prompt.endswith(f"supplies {_lower_name(subject)}?")


def test_every_clue_reads_properly_and_gives_nothing_away(pack: Pack) -> None:
    for q in build_questions(pack).values():
        if q.kind is not QuestionKind.NAME:
            continue
        clue = ringed_clue(pack, q)
        if not clue:
            continue
        assert clue.startswith("The ") and clue.endswith("."), clue
        assert not LOST_CAPITAL.search(clue), clue
        for plain in ("part of the cords", "part of the trunks", "part of the branches", "part of the segments"):
            assert plain not in clue, clue
        subject = pack.structures[q.subject]
        assert subject.name.lower() not in clue.lower(), (q.subject, clue)


def test_a_name_inside_a_sentence() -> None:
    said = {
        ("lumbosacral", "gluteus_maximus"): "gluteus maximus",
        ("lumbosacral", "femoral_nerve"): "the femoral nerve",
        ("lumbosacral", "l5"): "L5",
        ("lumbosacral", "lumbosacral_trunk"): "the lumbosacral trunk",
        ("lumbosacral", "subcostal_contribution"): "the subcostal contribution to L1",
        ("brachial", "phrenic_nerve"): "the phrenic nerve (C4, C5 part)",
        ("brachial", "diaphragm"): "the diaphragm",
        ("brachial", "deltoid"): "deltoid",
        ("brachial", "lateral_cord"): "the lateral cord",
        ("brachial", "c4_contribution"): "the C4 contribution to the upper trunk",
        ("brachial", "martin_gruber_anastomosis"): "the Martin-Gruber anastomosis (median to ulnar, forearm)",
        ("brachial", "riche_cannieu_anastomosis"): "the Riche-Cannieu anastomosis (ulnar to median, palm)",
    }
    assert {(name, sid): _lower_name(bundled(name).structures[sid]) for name, sid in said} == said


def test_the_brachial_questions_and_clues_in_words() -> None:
    pack = bundled("brachial")
    questions = build_questions(pack)
    assert questions["innervation:diaphragm"].prompt == "Which nerve supplies the diaphragm?"
    assert questions["identify:deltoid"].prompt == "Click the nerve that supplies deltoid."
    assert questions["segments:medial_cord"].prompt == "Which segments form the medial cord (its root value)?"
    assert questions["name:posterior_cord"].prompt == "Name the structure ringed on the diagram."
    # A cord's clue does not say "part of the cords"; a root's branch is "a branch of the roots".
    assert ringed_clue(pack, questions["name:lateral_cord"]).startswith("The structure ringed on the diagram: segments ")
    assert ringed_clue(pack, questions["name:dorsal_scapular_nerve"]).startswith("The nerve ringed on the diagram: a branch of the roots; ")
    assert ringed_clue(pack, questions["name:suprascapular_nerve"]).startswith("The nerve ringed on the diagram: a branch of the trunks; ")
    assert "part of the medial cord; " in ringed_clue(pack, questions["name:ulnar_nerve"])
    clue = ringed_clue(pack, questions["name:anterior_interosseous_nerve"])
    assert "flexor pollicis longus" in clue and "pronator quadratus" in clue and "interosseous" not in clue


def test_a_clue_counts_one_segment_as_one() -> None:
    pack = bundled("lumbosacral")
    questions = build_questions(pack)
    assert "; segment T12; it comes from T12; " in ringed_clue(pack, questions["name:subcostal_nerve"])
    assert "; segments S1, S2; " in ringed_clue(pack, questions["name:nerve_to_piriformis"])
