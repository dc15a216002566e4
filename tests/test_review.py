"""Spaced review: Leitner boxes, weakest first, and a progress file that is never lost."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from viewer.model.pack import Pack
from viewer.model.review import (
    BOX_INTERVALS,
    PROGRESS_FORMAT,
    ProgressStore,
    ReviewSession,
    load_progress,
    pick_items,
    progress_path,
    schedule,
)
from viewer.model.storage import backup_path
from viewer.model.study import Feedback, QuestionKind, Verdict, build_questions, grade_identify

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def questions(pack: Pack):  # type: ignore[no-untyped-def]
    return build_questions(pack)


def verdict(item: str, right: bool) -> Feedback:
    return Feedback(item, Verdict.RIGHT if right else Verdict.WRONG, "", "")


def test_progress_lives_in_the_app_data_folder(tmp_path: Path) -> None:
    assert progress_path() == tmp_path / "data" / "plexus-viewer" / "progress.json"


def test_leitner_boxes_move_up_on_right_and_back_to_zero_on_wrong() -> None:
    r = schedule(None, True, T0)
    assert (r.box, r.due, r.asked, r.right) == (1, T0 + timedelta(days=BOX_INTERVALS[1]), 1, 1)
    r = schedule(r, True, T0)
    assert r.box == 2 and r.due == T0 + timedelta(days=3)
    r = schedule(r, False, T0)
    assert (r.box, r.due, r.wrong, r.asked) == (0, T0, 1, 3)
    for _ in range(10):
        r = schedule(r, True, T0)
    assert r.box == len(BOX_INTERVALS) - 1


def test_answers_are_saved_at_once_in_a_versioned_file(tmp_path: Path, questions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    store.record("identify:gluteus_maximus", True)
    raw = msgspec.json.decode(progress_path().read_bytes())
    assert raw["format"] == PROGRESS_FORMAT
    assert raw["items"]["identify:gluteus_maximus"]["box"] == 1
    assert raw["items"]["identify:gluteus_maximus"]["due"] == "2026-03-03T09:00:00Z"
    again = ProgressStore(clock=clock)
    assert again.progress == store.progress and again.message is None


def test_a_session_asks_due_items_weakest_first_then_new_ones(questions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    store.record("identify:gluteus_maximus", False)  # box 0, wrong once
    store.record("segments:tibialis_anterior", True)  # box 1: due tomorrow
    store.record("innervation:piriformis", False)
    store.record("innervation:piriformis", False)  # box 0, wrong twice: weakest
    store.record("name:femoral_nerve", True)
    store.record("name:femoral_nerve", False)  # box 0, one of two wrong
    clock.now = T0 + timedelta(hours=1)
    items = pick_items(store.progress, questions, clock(), size=8, rng=random.Random(1))
    assert items[:3] == ["innervation:piriformis", "identify:gluteus_maximus", "name:femoral_nerve"]
    assert "segments:tibialis_anterior" not in items  # not due until tomorrow
    assert len(items) == 8 and all(i not in store.progress.items for i in items[3:])
    assert len({questions[i].kind for i in items[3:]}) >= 4  # new items mixed by kind
    clock.now = T0 + timedelta(days=1, minutes=1)
    assert "segments:tibialis_anterior" in pick_items(store.progress, questions, clock(), size=8)


def test_session_summary_and_reset(pack: Pack, questions) -> None:  # type: ignore[no-untyped-def]
    store = ProgressStore(clock=FakeClock())
    session = ReviewSession.start(store, questions, size=3, kinds=[QuestionKind.IDENTIFY], rng=random.Random(3))
    assert len(session.items) == 3 and all(i.startswith("identify:") for i in session.items)
    first = session.current
    assert first is not None
    right = next(iter(first.answers))
    session.answer(grade_identify(pack, first, right))
    session.advance()
    for _ in range(2):
        q = session.current
        assert q is not None
        session.answer(grade_identify(pack, q, None))
        session.answer(grade_identify(pack, q, next(iter(q.answers))))  # a second try does not count
        session.advance()
    assert session.finished
    summary = session.summary()
    assert (summary.asked, summary.right, summary.wrong) == (3, 1, 2)
    assert set(summary.weakest) == set(session.items[1:])
    assert store.progress.sessions == 1
    store.reset()
    assert load_progress().progress.items == {}
    assert backup_path(progress_path()).exists()  # the progress before the reset


def test_corrupt_progress_is_set_aside_reported_and_never_overwritten(tmp_path: Path) -> None:
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    store.record("identify:gluteus_maximus", True)
    store.record("identify:piriformis", True)
    path = progress_path()
    garbage = b'{"format": "plexus-progress/1", "items": {"identify:pir'
    path.write_bytes(garbage)
    reopened = ProgressStore(clock=clock)
    assert reopened.message is not None and "progress.json" in reopened.message and "kept as progress.json.corrupt-" in reopened.message
    assert "restored from progress.json.bak" in reopened.message
    assert set(reopened.progress.items) == {"identify:gluteus_maximus"}  # the backup: one save earlier
    aside = list(path.parent.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    reopened.record("name:femoral_nerve", True)
    assert aside[0].read_bytes() == garbage  # still there after the next save


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "plexus-progress/2", "items": {}}',
        b'{"format": "plexus-progress/1", "items": {}, "colour": "red"}',
        b'{"format": "plexus-progress/1", "items": {"x": {"box": 9, "due": "2026-03-02T09:00:00Z"}}}',
        b'{"format": "plexus-progress/1", "items": {"x": {"box": 1, "due": "2026-03-02T09:00:00"}}}',
        b'{"format": "plexus-progress/1", "items": {"x": {"box": 1, "due": "2026-03-02T09:00:00Z", "asked": 2, "right": 0, "wrong": 0}}}',
    ],
)
def test_foreign_or_inconsistent_progress_is_refused(content: bytes) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded = load_progress()
    assert loaded.progress.items == {} and loaded.message is not None and loaded.set_aside is not None
    assert loaded.set_aside.read_bytes() == content


def _progress_file(item: str) -> bytes:
    return b'{"format": "plexus-progress/1", "items": {"x": ' + item.encode() + b"}}"


DUE = '"due": "2026-03-02T09:00:00Z"'


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ('{"box": 6, ' + DUE + "}", "item 'x': box 6 is outside 0–5"),
        ('{"box": -1, ' + DUE + "}", "item 'x': box -1 is outside 0–5"),
        ('{"box": 1, ' + DUE + ', "asked": 0, "right": -1, "wrong": 1}', "item 'x': counts do not add up"),
        ('{"box": 1, ' + DUE + ', "asked": 0, "right": 1, "wrong": -1}', "item 'x': counts do not add up"),
        ('{"box": 1, ' + DUE + ', "asked": 3, "right": 1, "wrong": 1}', "item 'x': counts do not add up"),
    ],
)
def test_a_refused_progress_file_is_reported_with_the_item_and_what_is_wrong(item: str, reason: str) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_progress_file(item))
    loaded = load_progress()
    assert loaded.message is not None
    assert loaded.message.startswith(f"{path}: {reason}; kept as progress.json.corrupt-")
    assert loaded.message.endswith("; using defaults")


def test_a_file_of_another_kind_is_named_in_the_report() -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"format": "plexus-progress/1", "items": {}, "colour": "red"}')
    message = load_progress().message
    assert message is not None and f"{path}: not a progress file this version can read (" in message


def test_box_zero_and_a_record_with_wrong_answers_load_as_written() -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(_progress_file('{"box": 0, ' + DUE + ', "asked": 5, "right": 3, "wrong": 2, "last_right": true}'))
    loaded = load_progress()
    assert loaded.message is None
    record = loaded.progress.items["x"]
    assert (record.box, record.asked, record.right, record.wrong, record.last_right) == (0, 5, 3, 2, True)


def test_progress_is_written_one_field_a_line_indented_by_one(tmp_path: Path) -> None:
    store = ProgressStore(clock=FakeClock())
    store.record("identify:gluteus_maximus", False)
    assert progress_path().read_text().splitlines()[:4] == [
        "{",
        ' "format": "plexus-progress/1",',
        ' "items": {',
        '  "identify:gluteus_maximus": {',
    ]
    assert progress_path().read_bytes().endswith(b"}\n")


def test_a_store_given_its_own_file_reads_and_writes_that_file_only(tmp_path: Path) -> None:
    own = tmp_path / "elsewhere" / "mine.json"
    own.parent.mkdir()
    clock = FakeClock()
    store = ProgressStore(own, clock=clock)
    assert store.path == own
    store.record("identify:piriformis", True)
    store.finish_session()
    assert not progress_path().exists()
    assert load_progress(own).progress.sessions == 1
    assert set(load_progress(own).progress.items) == {"identify:piriformis"}
    assert ProgressStore(own, clock=clock).progress == store.progress
    store.reset()
    assert load_progress(own).progress.items == {} and not progress_path().exists()


def test_an_answer_records_when_and_how_it_was_answered() -> None:
    first = schedule(None, False, T0)
    assert (first.box, first.due, first.asked, first.right, first.wrong) == (0, T0, 1, 0, 1)
    assert first.last_answered == T0 and first.last_right is False
    later = T0 + timedelta(days=2)
    second = schedule(first, True, later)
    assert (second.right, second.wrong, second.last_answered, second.last_right) == (1, 1, later, True)


def test_an_item_due_this_very_moment_is_due() -> None:
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    store.record("identify:piriformis", False)  # box 0: due at once, at T0
    assert store.due_count(["identify:piriformis", "identify:gluteus_maximus", "never:asked"]) == 1
    store.record("identify:gluteus_maximus", False)
    assert store.due_count(["identify:piriformis", "identify:gluteus_maximus"]) == 2
    from viewer.model.review import Progress

    assert pick_items(store.progress, {}, T0) == []
    assert isinstance(store.progress, Progress)


def test_the_weakest_items_are_those_in_the_lowest_box_most_often_wrong(questions) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.review import weakest_items

    store = ProgressStore(clock=FakeClock())
    for item, answers in {
        "b:once_wrong": [False],
        "a:right_then_wrong": [True, False],
        "c:twice_wrong": [False, False],
        "d:wrong_then_right": [False, True],
        "e:right": [True],
        "f:thrice_wrong": [False, False, False],
        "g:four_wrong": [False] * 4,
    }.items():
        for ok in answers:
            store.record(item, ok)
    ranked = weakest_items(store.progress)
    assert ranked == ["g:four_wrong", "f:thrice_wrong", "c:twice_wrong", "b:once_wrong", "a:right_then_wrong"]
    assert weakest_items(store.progress, limit=10)[-1] == "d:wrong_then_right"  # box 1 comes last
    assert weakest_items(store.progress, among=["a:right_then_wrong", "c:twice_wrong", "e:right", "z:unknown"]) == [
        "c:twice_wrong",
        "a:right_then_wrong",
    ]


def test_a_session_fills_up_with_new_items_to_its_size_exactly(questions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    for item in list(questions)[:4]:
        store.record(item, False)  # due at once
    picked = pick_items(store.progress, questions, clock(), size=4, rng=random.Random(2))
    assert picked == list(questions)[:4]  # all due: no new item squeezed in
    picked = pick_items(store.progress, questions, clock(), size=6, rng=random.Random(2))
    assert len(picked) == 6 and picked[:4] == list(questions)[:4]


def test_a_session_started_with_a_seed_picks_the_same_items_and_asks_at_the_store_s_time(questions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    store.record("identify:piriformis", True)  # due tomorrow
    one = ReviewSession.start(store, questions, size=5, rng=random.Random(7)).items
    assert one == ReviewSession.start(store, questions, size=5, rng=random.Random(7)).items
    assert "identify:piriformis" not in one
    clock.now = T0 + timedelta(days=1)
    assert ReviewSession.start(store, questions, size=5, rng=random.Random(7)).items[0] == "identify:piriformis"


def test_an_answer_to_another_item_is_refused_by_name(questions) -> None:  # type: ignore[no-untyped-def]
    session = ReviewSession(ProgressStore(clock=FakeClock()), questions, ["identify:piriformis"])
    with pytest.raises(ValueError, match=r"^feedback for 'identify:gluteus_maximus', but the current item is 'identify:piriformis'$"):
        session.answer(verdict("identify:gluteus_maximus", True))
    record = session.answer(verdict("identify:piriformis", False))
    assert (record.wrong, record.last_right) == (1, False)


def test_a_summary_ranks_this_sessions_wrong_answers_and_counts_the_others_still_due(questions) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock()
    store = ProgressStore(clock=clock)
    items = list(questions)
    store.record(items[10], False)  # from an earlier session, due at once
    store.record(items[11], True)  # due tomorrow
    for _ in range(2):
        store.record(items[2], False)  # answered wrong before
    session = ReviewSession(store, questions, items[:8])
    for n, item in enumerate(items[:8]):
        session.answer(verdict(item, n % 4 == 0))  # items 0 and 4 right
        session.advance()
    summary = session.summary()
    assert (summary.asked, summary.right, summary.wrong) == (8, 2, 6)
    assert summary.weakest[0] == items[2] and len(summary.weakest) == 6
    assert set(summary.weakest) == {items[1], items[2], items[3], items[5], items[6], items[7]}
    assert summary.still_due == 1


def test_the_clock_of_a_store_tells_utc_time_so_due_dates_compare() -> None:
    from viewer.model.review import utc_now

    now = utc_now()
    assert now.tzinfo is UTC
    store = ProgressStore()
    store.record("identify:piriformis", False)
    assert store.due_count(["identify:piriformis"]) == 1
