"""Study questions come from the pack, and answers are graded the way a tutor would."""

from __future__ import annotations

import pytest

from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.study import (
    HopResult,
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


@pytest.fixture
def questions(pack: Pack):  # type: ignore[no-untyped-def]
    # Built afresh for each test (it takes milliseconds), so that every test that reads a
    # question is one that building the questions answers to.
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


# ---- what the student reads ------------------------------------------------------------------------


def test_every_hop_of_a_trace_tells_the_student_where_they_are_and_where_the_segment_runs_on(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["trace:l5:tibialis_anterior"]
    assert q.prompt == "Trace L5 to tibialis anterior: from L5, click each structure its fibres pass through, hop by hop."
    attempt = TraceAttempt(pack, q)
    assert attempt.answer_path() == (
        "l5", "lumbosacral_trunk", "lumbosacral_trunk_posterior_division",
        "common_fibular_nerve", "deep_fibular_nerve", "tibialis_anterior",
    )  # fmt: skip
    nothing = attempt.click(None)
    assert (nothing.correct, nothing.clicked, nothing.expected, nothing.done) == (False, None, ("lumbosacral_trunk",), False)
    assert nothing.message == "Not quite: That is not the next hop from L5. L5 runs on to the lumbosacral trunk."
    here = attempt.click("l5")
    assert (here.correct, here.expected, here.message) == (True, ("lumbosacral_trunk",), "You are at L5; click the next one.")
    wrong = attempt.click("femoral_nerve")
    assert wrong.message == "Not quite: the femoral nerve is not the next hop from L5. L5 runs on to the lumbosacral trunk."
    right = attempt.click("lumbosacral_trunk")
    assert right == HopResult(True, "lumbosacral_trunk", ("lumbosacral_trunk_posterior_division",), False, "Right: Lumbosacral trunk.")
    assert attempt.path == ["l5", "lumbosacral_trunk"] and attempt.mistakes == 2
    attempt.click("lumbosacral_trunk_posterior_division")
    frame = attempt.click("sciatic_nerve")
    assert (frame.clicked, frame.message) == ("common_fibular_nerve", "Right: Common fibular nerve.")
    again = attempt.click("common_fibular_nerve")
    assert again.message == "You are at the common fibular nerve; click the next one." and attempt.current == "common_fibular_nerve"
    attempt.click("deep_fibular_nerve")
    reached = attempt.click("tibialis_anterior")
    assert reached == HopResult(True, "tibialis_anterior", (), True, "Right: Tibialis anterior. The muscle is reached.")
    assert attempt.click("l5") == HopResult(True, "l5", (), True, "The muscle is reached.")
    assert attempt.path[-1] == "tibialis_anterior" and attempt.mistakes == 2
    feedback = attempt.feedback()
    assert (feedback.verdict, feedback.headline, feedback.note) == (Verdict.WRONG, "Not quite", "2 wrong hops.")
    assert feedback.answer == (
        "L5 → Lumbosacral trunk → Lumbosacral trunk posterior division → Common fibular nerve → Deep fibular nerve → Tibialis anterior"
    )
    assert feedback.right_ids == attempt.answer_path() and feedback.item_id == q.item_id


def test_a_clean_trace_is_right_and_an_unfinished_one_shows_the_whole_path(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["trace:l5:tibialis_anterior"]
    clean = TraceAttempt(pack, q)
    for hop in clean.answer_path()[1:]:
        clean.click(hop)
    feedback = clean.feedback()
    assert (feedback.verdict, feedback.headline, feedback.note) == (Verdict.RIGHT, "Right", "")
    assert feedback.answer.startswith("L5 → Lumbosacral trunk → ")
    unfinished = TraceAttempt(pack, q)
    unfinished.click("lumbosacral_trunk")
    feedback = unfinished.feedback()
    assert (feedback.verdict, feedback.note) == (Verdict.WRONG, "The trace was not finished.")
    assert (
        feedback.answer
        == "L5 → Lumbosacral trunk → Lumbosacral trunk posterior division → Common fibular nerve → Deep fibular nerve → Tibialis anterior"
    )
    one = TraceAttempt(pack, q)
    one.click("femoral_nerve")
    for hop in one.answer_path()[1:]:
        one.click(hop)
    assert one.feedback().note == "1 wrong hop."
    assert TraceAttempt(pack, questions["trace:l4:vastus_medialis"]).hops_total() == 4


def test_a_segments_answer_says_what_the_diagram_draws_and_what_the_references_give(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["segments:tibialis_anterior"]
    assert q.prompt == "Which segments supply tibialis anterior?"
    drawn = "The diagram draws L4, L5 (Tibialis Anterior (L5) – Orthobullets; Tibialis anterior muscle – Kenhub)."
    radiopaedia, wikipedia = "Tibialis anterior muscle – Radiopaedia", "Tibialis anterior muscle – Wikipedia"
    others = f"References disagree; others give: L4, L5, S1 ({radiopaedia}); L5 (mainly) ({wikipedia})."
    right = grade_segments(pack, q, ["L5", "L4"])
    assert (right.verdict, right.headline, right.answer, right.note) == (Verdict.RIGHT, "Right", "L4, L5", f"{drawn} {others}")
    assert right.right_ids == ("tibialis_anterior",)
    accepted = grade_segments(pack, q, ["S1", "L4", "L5"])
    assert (accepted.verdict, accepted.headline) == (Verdict.ACCEPTED, "Accepted — references disagree")
    assert accepted.note == f"Accepted: L4, L5, S1 is given by Tibialis anterior muscle – Radiopaedia. {drawn}"
    wrong = grade_segments(pack, q, ["L3"])
    assert (wrong.verdict, wrong.headline, wrong.note) == (Verdict.WRONG, "Not quite", f"You picked L3. {drawn} {others}")
    assert grade_segments(pack, q, []).note == f"You picked no segment. {drawn} {others}"
    assert questions["segments:femoral_nerve"].prompt == "Which segments form the femoral nerve (its root value)?"


def test_a_named_structure_is_answered_with_its_other_names_and_a_wrong_name_is_told_what_it_names(names: NameIndex, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["name:femoral_nerve"]
    assert q.prompt == "Name the nerve ringed on the diagram."
    assert questions["name:gluteus_maximus"].prompt == "Name the muscle ringed on the diagram."
    assert questions["name:lumbosacral_trunk"].prompt == "Name the structure ringed on the diagram."
    answer = "Femoral nerve (also: Nervus femoralis, anterior crural nerve, nervus femoralis)"
    right = grade_name(names, q, "femoral nerve")
    assert (right.verdict, right.headline, right.answer, right.note, right.right_ids, right.given_id) == (
        Verdict.RIGHT, "Right", answer, "", ("femoral_nerve",), "femoral_nerve",
    )  # fmt: skip
    assert grade_name(names, q, "femorl nerve").headline == "Right (spelt “Femoral nerve”)"
    wrong = grade_name(names, q, "  obturator nerve ")
    assert (wrong.verdict, wrong.headline, wrong.note, wrong.given_id) == (
        Verdict.WRONG,
        "Not quite",
        "“obturator nerve” is the obturator nerve.",
        "obturator_nerve",
    )
    assert (grade_name(names, q, "xyzzy").note, grade_name(names, q, "xyzzy").given_id) == ("", None)


def test_a_nerve_answer_lists_every_supplier_and_a_wrong_one_says_what_was_picked(names: NameIndex, questions) -> None:  # type: ignore[no-untyped-def]
    q = questions["innervation:pectineus"]
    assert q.prompt == "Which nerve supplies pectineus?"
    assert questions["identify:pectineus"].prompt == "Click the nerve that supplies pectineus."
    answer = (
        "Muscular branches of the femoral nerve, Anterior branch of the obturator nerve or Accessory obturator nerve"
        " (any of these supplies it); Femoral nerve also counts"
    )
    dispute = (
        "References disagree on the nerve supply: Femoral nerve; an extra obturator (10%) or accessory obturator (2%) branch"
        " in a minority; Femoral nerve + anterior division of obturator nerve (dual supply)."
    )
    right = grade_innervation(names, q, "femoral nerve")
    assert (right.verdict, right.headline, right.answer, right.note, right.given_id) == (
        Verdict.RIGHT,
        "Right",
        answer,
        dispute,
        "femoral_nerve",
    )
    assert right.right_ids == ("femoral_nerve", "femoral_muscular_branches", "anterior_branch_of_obturator", "accessory_obturator_nerve")
    assert grade_innervation(names, q, "femorl nerve").headline == "Right (spelt “Femoral nerve”)"
    close = grade_innervation(names, q, "obturator nerve")
    assert close.note == (
        "Close: the anterior branch of the obturator nerve is a branch of the obturator nerve; name the branch itself. " + dispute
    )
    wrong = grade_innervation(names, q, "sciatic nerve")
    assert (wrong.verdict, wrong.headline, wrong.note, wrong.given_id) == (
        Verdict.WRONG,
        "Not quite",
        f"You picked the sciatic nerve. {dispute}",
        "sciatic_nerve",
    )
    unknown = grade_innervation(names, q, " banana ")
    assert (unknown.verdict, unknown.answer, unknown.note, unknown.right_ids) == (
        Verdict.WRONG,
        answer,
        "“banana” names no nerve I know.",
        right.right_ids,
    )
    plain = grade_innervation(names, questions["innervation:gluteus_maximus"], "femoral nerve")
    assert plain.note == "You picked the femoral nerve."
    assert plain.answer == "Inferior gluteal nerve"


def test_every_question_kind_is_asked_in_words_a_student_reads(pack: Pack) -> None:
    questions = build_questions(pack)
    identify = questions["identify:pectineus"]
    assert (identify.kind, identify.prompt, identify.subject) == (
        QuestionKind.IDENTIFY,
        "Click the nerve that supplies pectineus.",
        "pectineus",
    )
    assert identify.answers == {"femoral_nerve", "femoral_muscular_branches", "anterior_branch_of_obturator", "accessory_obturator_nerve"}
    assert set(identify.near) == {"obturator_nerve"}
    innervation = questions["innervation:pectineus"]
    assert (innervation.kind, innervation.prompt) == (QuestionKind.INNERVATION, "Which nerve supplies pectineus?")
    assert (innervation.answers, innervation.near) == (identify.answers, identify.near)
    name = questions["name:femoral_nerve"]
    assert (name.kind, name.prompt, name.answers) == (QuestionKind.NAME, "Name the nerve ringed on the diagram.", {"femoral_nerve"})
    assert questions["name:gluteus_maximus"].prompt == "Name the muscle ringed on the diagram."
    assert questions["name:lumbosacral_trunk"].prompt == "Name the structure ringed on the diagram."
    assert questions["name:common_fibular_nerve"].prompt == "Name the nerve ringed on the diagram."
    # roots, divisions, skin and a composite muscle's whole are not asked by name
    assert not {"name:l4", "name:l4_anterior_division", "name:adductor_magnus"} & set(questions)
    assert "name:adductor_magnus_adductor_part" in questions and "name:subcostal_contribution" in questions
    segments = questions["segments:tibialis_anterior"]
    assert (segments.kind, segments.prompt, segments.segments) == (
        QuestionKind.SEGMENTS,
        "Which segments supply tibialis anterior?",
        ("L4", "L5"),
    )
    assert [o.text for o in segments.alternatives] == ["L4, L5, S1", "L5 (mainly)"]
    assert questions["segments:femoral_nerve"].prompt == "Which segments form the femoral nerve (its root value)?"
    assert questions["segments:lumbosacral_trunk"].prompt == "Which segments form the lumbosacral trunk (its root value)?"
    assert not {"segments:l4", "segments:l4_anterior_division", "segments:femoral_muscular_branches"} & set(questions)
    trace = questions["trace:l5:tibialis_anterior"]
    assert (trace.kind, trace.answers, trace.segment, trace.start) == (QuestionKind.TRACE, {"tibialis_anterior"}, "L5", "l5")
    assert trace.prompt == "Trace L5 to tibialis anterior: from L5, click each structure its fibres pass through, hop by hop."
    assert "trace:l4:tibialis_anterior" in questions and "trace:s1:tibialis_anterior" not in questions
    assert not any(i.startswith("trace:") and i.endswith(":adductor_magnus") for i in questions)
    assert sum(1 for q in questions.values() if q.kind is QuestionKind.TRACE) == sum(
        1
        for q in questions.values()
        if q.kind is QuestionKind.TRACE and q.subject in pack.structures and q.segment in pack.structures[q.subject].segments
    )


def test_a_segments_answer_without_disputes_or_sources_says_only_what_is_drawn(pack: Pack) -> None:
    import dataclasses

    import msgspec

    q = build_questions(pack)["segments:lumbosacral_trunk"]
    assert q.alternatives == ()
    wrong = grade_segments(pack, q, ["L3", "L2"])
    assert wrong.note.startswith("You picked L2, L3. The diagram draws L4, L5 (Lumbosacral trunk – Wikipedia; ")
    assert "disagree" not in wrong.note and (wrong.item_id, wrong.right_ids) == ("segments:lumbosacral_trunk", ("lumbosacral_trunk",))
    right = grade_segments(pack, q, ["L4", "L5"])
    assert right.item_id == q.item_id and right.note.startswith("The diagram draws L4, L5 (") and right.note.endswith(").")
    s = pack.structures["tibialis_anterior"]
    bare = dataclasses.replace(pack, structures={**pack.structures, s.id: msgspec.structs.replace(s, segment_sources=())})
    tq = build_questions(pack)["segments:tibialis_anterior"]
    assert (
        grade_segments(bare, tq, ["L4", "L5", "S1"]).note
        == "Accepted: L4, L5, S1 is given by Tibialis anterior muscle – Radiopaedia. The diagram draws L4, L5."
    )
    accepted = grade_segments(pack, build_questions(pack)["segments:quadratus_lumborum"], ["T12", "L1", "L2", "L3"])
    assert (accepted.item_id, accepted.answer, accepted.right_ids) == (
        "segments:quadratus_lumborum",
        "T12, L1, L2, L3, L4",
        ("quadratus_lumborum",),
    )
    assert accepted.note.startswith(
        "Accepted: T12, L1, L2, L3 is given by Quadratus lumborum – Wheeless' Textbook of Orthopaedics;"
        " Quadratus lumborum muscle – DocCheck Flexikon; Quadratus lumborum (anatomy) – GPnotebook. The diagram draws T12, L1, L2, L3, L4 ("
    )
    others = grade_segments(pack, build_questions(pack)["segments:gluteus_medius"], []).note
    assert "L5, S1 (Gluteus medius muscle (anatomy) – GPnotebook; Accurate segmental motor innervation" in others


def test_a_name_answer_shows_at_most_three_other_names_and_a_name_shared_with_others_counts(names: NameIndex, pack: Pack) -> None:
    questions = build_questions(pack)
    sub = grade_name(names, questions["name:subcostal_nerve"], "xyzzy")
    assert sub.answer == "Subcostal nerve (also: Nervus subcostalis, twelfth thoracic nerve, anterior ramus of T12)"
    assert (sub.item_id, sub.right_ids, sub.note) == ("name:subcostal_nerve", ("subcostal_nerve",), "")
    shared = grade_name(names, questions["name:rectus_femoris"], "quadriceps")
    assert (shared.verdict, shared.item_id, shared.given_id) == (Verdict.RIGHT, "name:rectus_femoris", "rectus_femoris")
    assert grade_name(names, questions["name:gluteus_maximus"], "quadriceps").verdict is Verdict.WRONG
    import dataclasses

    import msgspec

    s = pack.structures["femoral_nerve"]
    plain = dataclasses.replace(pack, structures={**pack.structures, s.id: msgspec.structs.replace(s, latin="", synonyms=())})
    from viewer.model.names import NameIndex as Index

    assert grade_name(Index(plain), questions["name:femoral_nerve"], "xyzzy").answer == "Femoral nerve"


def test_a_typed_answer_is_matched_among_the_kinds_asked_for_and_only_when_clearly_one(names: NameIndex) -> None:
    from viewer.model.study import resolve_answer

    assert resolve_answer(names, "femoral nerve") == ("femoral_nerve", "")
    assert resolve_answer(names, "femorl nerve") == ("femoral_nerve", "(spelt “Femoral nerve”)")
    assert resolve_answer(names, "gluteus maximus", NERVE_KINDS) == (None, "")
    assert resolve_answer(names, "gluteus maximus", [Kind.MUSCLE]) == ("gluteus_maximus", "")
    assert resolve_answer(names, "gluteus maximu", [Kind.MUSCLE]) == ("gluteus_maximus", "(spelt “Gluteus maximus”)")
    assert resolve_answer(names, "the") == (None, "")
    assert resolve_answer(names, "xyzzy") == (None, "")
    # as close to the gluteus medius as to the minimus: no guess
    assert resolve_answer(names, "gluteus m") == (None, "")


# ---- the ringed question's clue, as a screen reader reads it -----------------------------------


@pytest.mark.parametrize(
    ("item_id", "clue"),
    [
        (
            "name:gluteus_maximus",
            "The muscle ringed on the diagram: in the gluteal region; segments L5, S1, S2; supplied by the inferior gluteal nerve.",
        ),
        (
            "name:femoral_nerve",
            "The nerve ringed on the diagram: part of the lumbar plexus; segments L2, L3, L4; it comes from the L2 posterior"
            " division, the L3 posterior division and the L4 posterior division; it goes on to iliacus and the saphenous nerve.",
        ),
        # A trunk is a "structure"; one segment's root is named as itself.
        ("name:lumbosacral_trunk", "The structure ringed on the diagram: segments L4, L5; it comes from L4 and L5."),
        # Its only nerve is the nerve to piriformis: naming it would give the answer away.
        ("name:piriformis", "The muscle ringed on the diagram: in the gluteal region; segments S1, S2."),
        # Every branch onward is an obturator branch: none is named.
        (
            "name:obturator_nerve",
            "The nerve ringed on the diagram: part of the lumbar plexus; segments L2, L3, L4; it comes from the L2 anterior"
            " division, the L3 anterior division and the L4 anterior division.",
        ),
        (
            "name:pudendal_nerve",
            "The nerve ringed on the diagram: part of the sacral plexus; segments S2, S3, S4; it comes from the S2 anterior"
            " division, the S3 anterior division and S4; it goes on to the inferior anal nerve, the perineal nerve and the"
            " dorsal nerve of the penis or clitoris.",
        ),
        # At most four of many, then how many more.
        (
            "name:sciatic_nerve",
            "The nerve ringed on the diagram: part of the sacral plexus; segments L4, L5, S1, S2, S3; it comes from the"
            " lumbosacral trunk anterior division, the S1 anterior division, the S2 anterior division, the S3 anterior"
            " division and 3 more; it goes on to biceps femoris, long head, semitendinosus, semimembranosus, adductor"
            " magnus, hamstring part and 16 more.",
        ),
        (
            "name:tibialis_anterior",
            "The muscle ringed on the diagram: in the anterior leg; segments L4, L5; supplied by the deep fibular nerve.",
        ),
        # Where a sural nerve comes from and goes to all say "sural".
        ("name:sural_nerve", "The nerve ringed on the diagram: part of the sacral plexus; segments S1, S2."),
    ],
)
def test_the_ringed_clue_says_where_and_what_it_joins_never_the_name(pack: Pack, questions, item_id: str, clue: str) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.study import ringed_clue

    assert ringed_clue(pack, questions[item_id]) == clue


def test_only_a_ringed_question_has_a_clue(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.study import ringed_clue

    for q in questions.values():
        assert bool(ringed_clue(pack, q)) is (q.kind is QuestionKind.NAME), q.item_id


def test_a_clue_lists_what_does_not_tell_and_counts_the_rest(pack: Pack) -> None:
    from viewer.model.study import _giveaway_stems, _some, _tells

    stems = _giveaway_stems(pack.structures["obturator_nerve"])
    assert {"obturator", "obturatorius"} <= stems and "nerve" not in stems  # common words tell nothing
    assert _tells("the anterior branch of the obturator nerve", stems) and not _tells("the femoral nerve", stems)
    assert _some(pack, ["femoral_nerve"], stems) == "the femoral nerve"
    assert _some(pack, ["femoral_nerve", "saphenous_nerve"], stems) == "the femoral nerve and the saphenous nerve"
    assert _some(pack, ["l2", "l3", "l4"], stems) == "L2, L3 and L4"
    assert _some(pack, ["l1", "l2", "l3", "l4", "l5"], stems) == "L1, L2, L3, L4 and 1 more"
    assert _some(pack, ["l1", "l2", "l3", "l4", "l5"], stems, most=2) == "L1, L2 and 3 more"
    assert _some(pack, ["l1", "l2", "l3", "l4"], stems) == "L1, L2, L3 and L4"
    assert _some(pack, ["obturator_nerve", "femoral_nerve"], stems) == "the femoral nerve"
    assert _some(pack, ["obturator_nerve"], stems) == ""
