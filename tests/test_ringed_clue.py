"""The clue a reader gets for "Name the … ringed on the diagram": what the ring shows, never the name."""

from __future__ import annotations

from viewer.model.pack import Pack
from viewer.model.study import QuestionKind, build_questions, ringed_clue


def test_every_ringed_question_has_a_clue_that_never_names_the_answer(pack: Pack) -> None:
    questions = [q for q in build_questions(pack).values() if q.kind is QuestionKind.NAME]
    assert len(questions) > 50
    for q in questions:
        clue = ringed_clue(pack, q)
        s = pack.structures[q.subject]
        assert clue.startswith("The ") and "ringed on the diagram: " in clue and "segment" in clue, q.subject
        for name in filter(None, (s.name, s.latin, *s.synonyms)):
            assert name.lower() not in clue.lower(), f"{q.subject}: {clue}"


def test_other_questions_need_no_clue(pack: Pack) -> None:
    questions = build_questions(pack)
    assert ringed_clue(pack, questions["identify:gluteus_maximus"]) == ""
    assert ringed_clue(pack, questions["segments:gluteus_maximus"]) == ""
