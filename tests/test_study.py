"""Study questions come from the pack, and answers are graded the way a tutor would."""

from __future__ import annotations

import pytest

from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.study import (
    QuestionKind,
    TraceAttempt,
    Verdict,
    build_questions,
    grade_identify,
    grade_innervation,
    grade_name,
    grade_segments,
)
from viewer.model.svgids import read_svg


@pytest.fixture(scope="module")
def questions(pack: Pack):  # type: ignore[no-untyped-def]
    return build_questions(pack)


@pytest.fixture(scope="module")
def names(pack: Pack) -> NameIndex:
    return NameIndex(pack)


def test_every_kind_is_asked_with_stable_ids(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    kinds = {q.kind for q in questions.values()}
    assert kinds == set(QuestionKind)
    for item_id, q in questions.items():
        assert item_id == q.item_id
        assert item_id.split(":")[0] == q.kind.value
        assert q.subject in pack.structures
    assert "identify:gluteus_maximus" in questions
    assert "trace:l5:tibialis_anterior" in questions
    assert build_questions(pack).keys() == questions.keys()


def test_identify_answers_are_the_links_into_each_muscle(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    for muscle in pack.of_kind(Kind.MUSCLE):
        q = questions.get(f"identify:{muscle.id}")
        if muscle.parts or q is None:
            continue
        linked = {link.source for link in pack.links if link.target == muscle.id and pack.structures[link.source].kind in NERVE_KINDS}
        assert linked <= q.answers, muscle.id
        for nerve in linked:
            assert grade_identify(pack, q, nerve).verdict is Verdict.RIGHT


def test_identify_gluteus_maximus(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["identify:gluteus_maximus"]
    assert "gluteus maximus" in q.prompt
    right = grade_identify(pack, q, "inferior_gluteal_nerve")
    assert right.correct and right.headline == "Right"
    wrong = grade_identify(pack, q, "superior_gluteal_nerve")
    assert not wrong.correct
    assert wrong.answer == "Inferior gluteal nerve"
    assert wrong.right_ids == ("inferior_gluteal_nerve",) and wrong.given_id == "superior_gluteal_nerve"
    assert not grade_identify(pack, q, None).correct


def test_any_of_several_supplying_nerves_is_right(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["identify:pectineus"]
    for nerve in ("femoral_muscular_branches", "anterior_branch_of_obturator", "accessory_obturator_nerve"):
        assert grade_identify(pack, q, nerve).correct, nerve
    feedback = grade_identify(pack, q, "sciatic_nerve")
    assert not feedback.correct and "References disagree on the nerve supply" in feedback.note


def test_the_parent_of_unnamed_muscular_branches_counts_but_not_of_a_named_branch(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    assert grade_identify(pack, questions["identify:sartorius"], "femoral_nerve").correct
    close = grade_identify(pack, questions["identify:tibialis_anterior"], "common_fibular_nerve")
    assert not close.correct and "deep fibular nerve is a branch of the common fibular nerve" in close.note
    sciatic = grade_identify(pack, questions["identify:semitendinosus"], "sciatic_nerve")
    assert not sciatic.correct and "within the sciatic nerve" in sciatic.note


def test_innervation_typed_with_tolerance(names: NameIndex, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["innervation:quadratus_femoris"]
    assert "quadratus femoris" in q.prompt
    assert grade_innervation(names, q, "nerve to quadratus femoris").correct
    assert grade_innervation(names, q, "nerv to quadratus femors").correct
    assert not grade_innervation(names, q, "sciatic").correct
    fibularis = questions["innervation:fibularis_longus"]
    assert grade_innervation(names, fibularis, "superficial peroneal nerve").correct
    assert not grade_innervation(names, fibularis, "deep peroneal").correct
    nonsense = grade_innervation(names, fibularis, "xylophone")
    assert not nonsense.correct and "names no nerve" in nonsense.note


@pytest.mark.parametrize(
    ("item", "typed", "right"),
    [
        ("name:common_fibular_nerve", "common peroneal nerve", True),
        ("name:common_fibular_nerve", "Nervus fibularis communis", True),
        ("name:common_fibular_nerve", "lateral popliteal", True),
        ("name:common_fibular_nerve", "comon fibular", True),
        ("name:common_fibular_nerve", "tibial", False),
        ("name:tibialis_anterior", "tibilis anterior", True),
        ("name:tibialis_anterior", "m. tibialis anterior", True),
        ("name:tibialis_anterior", "tibialis posterior", False),
        ("name:fibularis_longus", "peroneus longus", True),
        ("name:lumbosacral_trunk", "LST", True),
        ("name:gluteus_medius", "gluteus minimus", False),
    ],
)
def test_naming_is_tolerant_but_not_careless(names: NameIndex, questions, item: str, typed: str, right: bool) -> None:  # type: ignore[no-untyped-def]
    feedback = grade_name(names, questions[item], typed)
    assert feedback.correct is right
    assert feedback.answer.startswith(names.pack.structures[questions[item].subject].name)


def test_segments_graded_against_the_drawn_value_with_disputes_accepted(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["segments:tibialis_anterior"]
    assert q.segments == pack.structures["tibialis_anterior"].segments == ("L4", "L5")
    right = grade_segments(pack, q, ["L5", "L4"])
    assert right.verdict is Verdict.RIGHT and "References disagree" in right.note
    accepted = grade_segments(pack, q, ["L4", "L5", "S1"])
    assert accepted.verdict is Verdict.ACCEPTED and accepted.correct
    assert "Radiopaedia" in accepted.note and "draws L4, L5 (" in accepted.note
    wrong = grade_segments(pack, q, ["S1", "S2"])
    assert wrong.verdict is Verdict.WRONG and wrong.answer.startswith("L4, L5")


def test_segments_without_dispute_accept_only_the_drawn_value(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["segments:gastrocnemius"]
    assert not q.alternatives
    assert grade_segments(pack, q, ["S1", "S2"]).verdict is Verdict.RIGHT
    assert not grade_segments(pack, q, ["S1"]).correct
    root = questions["segments:femoral_nerve"]
    assert "root value" in root.prompt and grade_segments(pack, root, ["L2", "L3", "L4"]).correct


def test_trace_each_hop_follows_a_link_carrying_the_segment(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    traces = [q for q in questions.values() if q.kind is QuestionKind.TRACE]
    assert len(traces) > 100
    for q in traces:
        attempt = TraceAttempt(pack, q)
        steps = 0
        while not attempt.done:
            options = attempt.next_hops()
            assert options, q.item_id
            here = attempt.current
            result = attempt.click(options[0])
            assert result.correct
            assert any(k.source == here and k.target == options[0] and q.segment in k.segments for k in pack.links)
            steps += 1
            assert steps < 12
        assert attempt.feedback().verdict is Verdict.RIGHT


def test_trace_l5_to_tibialis_anterior_grades_each_hop(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    attempt = TraceAttempt(pack, questions["trace:l5:tibialis_anterior"])
    assert attempt.hops_total() == 5
    assert attempt.click("lumbosacral_trunk").correct
    wrong = attempt.click("femoral_nerve")
    assert not wrong.correct and wrong.expected == ("lumbosacral_trunk_posterior_division",)
    assert attempt.current == "lumbosacral_trunk"
    assert attempt.click("lumbosacral_trunk_posterior_division").correct
    # a click on the sciatic nerve's frame means the part that leads on
    assert attempt.click("sciatic_nerve").correct and attempt.current == "common_fibular_nerve"
    assert attempt.click("deep_fibular_nerve").correct
    assert attempt.click("tibialis_anterior").done
    feedback = attempt.feedback()
    assert not feedback.correct and "1 wrong hop" in feedback.note
    assert feedback.right_ids[0] == "l5" and feedback.right_ids[-1] == "tibialis_anterior"


def test_skipping_a_hop_is_wrong(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    attempt = TraceAttempt(pack, questions["trace:l4:vastus_medialis"])
    assert not attempt.click("femoral_nerve").correct
    assert attempt.click("l4_posterior_division").correct


def test_every_ringed_question_rings_a_structure_drawn_on_the_schematic(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    # The ring is drawn on the schematic; a dermatome is drawn only on the skin map, so it is never asked there.
    drawn = set(read_svg(pack.svg_path).ids)
    ringed = [q for q in questions.values() if q.kind is QuestionKind.NAME]
    assert ringed
    for q in ringed:
        assert q.subject in drawn, q.item_id
        assert pack.structures[q.subject].kind is not Kind.DERMATOME, q.item_id
        assert q.prompt.startswith(("Name the muscle ringed", "Name the nerve ringed", "Name the structure ringed")), q.prompt
