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
