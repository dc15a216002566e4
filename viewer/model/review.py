"""Spaced review: Leitner boxes, sessions that put the weakest items first, stored progress.

The schedule is a Leitner system with six boxes. A new item starts in box 0; a right
answer moves it up one box, a wrong answer sends it back to box 0, and an item in box
*n* is due again `BOX_INTERVALS[n]` days after it was last answered (box 0: at once, so
it comes back in the next session). Leitner boxes rather than SM-2 because every answer
here is graded right or wrong, not on SM-2's 0–5 scale of recall quality, which students
rate inconsistently; boxes are also easy to explain ("box 3: due again in a week").

Progress is one versioned file per pack, ``plexus-progress/1``, in the platform's app-data
folder (`user_data_dir()/progress.json` for the default pack, `progress-<pack>.json` for
another: item ids name structures, and two packs' structures must not mix), written atomically with the previous file kept as
``progress.json.bak``. A file that cannot be read is set aside as
``progress.json.corrupt-<stamp>`` and reported; the backup is used if it is good.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import msgspec

from viewer.assets import DEFAULT_PACK
from viewer.model.storage import DecodeError, UserFile, decode_versioned, read_user_file, user_data_dir, write_atomically
from viewer.model.study import Feedback, Question, QuestionKind

PROGRESS_FORMAT = "plexus-progress/1"
#: Days until an item in each box is due again after an answer.
BOX_INTERVALS: tuple[int, ...] = (0, 1, 3, 7, 16, 35)
SESSION_SIZE = 10

Clock = Callable[[], datetime]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


def utc_now() -> datetime:
    return datetime.now(UTC)


class ItemProgress(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """How one study item stands: its box, when it is due, and its record."""

    box: int = 0
    due: AwareDatetime
    asked: int = 0
    right: int = 0
    wrong: int = 0
    last_answered: AwareDatetime | None = None
    #: Whether the last answer was right.
    last_right: bool = False

    @property
    def error_rate(self) -> float:
        """Share of answers wrong, smoothed so that one answer says little (Laplace)."""
        return (self.wrong + 1) / (self.asked + 2)


class Progress(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Everything stored about a student's study, keyed by item id (`identify:gluteus_maximus`)."""

    format: str = PROGRESS_FORMAT
    items: dict[str, ItemProgress] = msgspec.field(default_factory=dict)
    #: Sessions finished.
    sessions: int = 0


def schedule(record: ItemProgress | None, correct: bool, now: datetime) -> ItemProgress:
    """The item's standing after one more answer."""
    old = record or ItemProgress(due=now)
    box = min(old.box + 1, len(BOX_INTERVALS) - 1) if correct else 0
    return ItemProgress(
        box=box,
        due=now + timedelta(days=BOX_INTERVALS[box]),
        asked=old.asked + 1,
        right=old.right + (1 if correct else 0),
        wrong=old.wrong + (0 if correct else 1),
        last_answered=now,
        last_right=correct,
    )


def weakness_key(record: ItemProgress) -> tuple[int, float, datetime]:
    """Sorts the weakest items first: lowest box, then most often wrong, then longest due."""
    return (record.box, -record.error_rate, record.due)


def weakest_items(progress: Progress, limit: int = 5, among: Iterable[str] | None = None) -> list[str]:
    """Item ids answered wrong at least once, weakest first."""
    pool = progress.items if among is None else {i: progress.items[i] for i in among if i in progress.items}
    ranked = sorted((i for i, r in pool.items() if r.wrong), key=lambda i: weakness_key(pool[i]))
    return ranked[:limit]


# ---- the file ---------------------------------------------------------------------
def progress_path(pack: str | None = None) -> Path:
    """Where the progress of study in `pack` is kept (see `progress_key`); the default pack's is `progress.json`."""
    return user_data_dir() / ("progress.json" if pack in (None, DEFAULT_PACK) else f"progress-{pack}.json")


def progress_key(bundled: str | None, data_path: Path) -> str:
    """The name progress is kept under: a bundled pack's name, or for a pack of the user's own
    its file's stem and a digest of where it is (two packs never share items keyed by structure id)."""
    if bundled is not None:
        return bundled
    import hashlib
    import re

    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", data_path.stem)[:40] or "pack"
    where = hashlib.sha256(str(data_path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{stem}-{where}"


def decode_progress(data: bytes) -> Progress:
    """Parse a progress file; DecodeError says what is wrong with it."""
    value = decode_versioned(data, Progress, "progress", PROGRESS_FORMAT)
    for item_id, record in value.items.items():
        if not 0 <= record.box < len(BOX_INTERVALS):
            raise DecodeError(f"item {item_id!r}: box {record.box} is outside 0–{len(BOX_INTERVALS) - 1}")
        if min(record.asked, record.right, record.wrong) < 0 or record.right + record.wrong != record.asked:
            raise DecodeError(f"item {item_id!r}: counts do not add up")
    return value


def encode_progress(progress: Progress) -> bytes:
    return msgspec.json.format(msgspec.json.encode(progress), indent=1) + b"\n"


@dataclass(frozen=True)
class LoadedProgress:
    progress: Progress
    #: One line for the user when the file was corrupt (set aside, backup or nothing used).
    message: str | None = None
    set_aside: Path | None = None


def load_progress(path: Path | None = None) -> LoadedProgress:
    """The stored progress (empty if there is none or it cannot be read) and what happened."""
    found: UserFile[Progress] = read_user_file(path or progress_path(), decode_progress)
    return LoadedProgress(found.value or Progress(), found.message, found.set_aside)


def save_progress(progress: Progress, path: Path | None = None) -> None:
    write_atomically(path or progress_path(), encode_progress(progress))


class ProgressStore:
    """The student's progress in memory, saved after every answer."""

    def __init__(self, path: Path | None = None, clock: Clock = utc_now) -> None:
        self.path = path or progress_path()
        self.clock = clock
        loaded = load_progress(self.path)
        self.progress = loaded.progress
        #: What went wrong reading the file, for the window to show once.
        self.message = loaded.message

    def record(self, item_id: str, correct: bool) -> ItemProgress:
        updated = schedule(self.progress.items.get(item_id), correct, self.clock())
        items = dict(self.progress.items)
        items[item_id] = updated
        self.progress = msgspec.structs.replace(self.progress, items=items)
        save_progress(self.progress, self.path)
        return updated

    def finish_session(self) -> None:
        self.progress = msgspec.structs.replace(self.progress, sessions=self.progress.sessions + 1)
        save_progress(self.progress, self.path)

    def reset(self) -> None:
        """Forget every item; the previous file stays as the backup until the next save."""
        self.progress = Progress()
        save_progress(self.progress, self.path)

    def due_count(self, among: Iterable[str]) -> int:
        now = self.clock()
        return sum(1 for i in among if i in self.progress.items and self.progress.items[i].due <= now)


# ---- sessions -----------------------------------------------------------------------
def pick_items(
    progress: Progress,
    questions: Mapping[str, Question],
    now: datetime,
    *,
    size: int = SESSION_SIZE,
    kinds: Iterable[QuestionKind] | None = None,
    rng: random.Random | None = None,
) -> list[str]:
    """The items of one session: those due, weakest first, then new ones, mixed by kind."""
    wanted = set(kinds) if kinds is not None else set(QuestionKind)
    pool = [i for i, q in questions.items() if q.kind in wanted]
    due = sorted((i for i in pool if i in progress.items and progress.items[i].due <= now), key=lambda i: weakness_key(progress.items[i]))
    chosen = due[:size]
    if len(chosen) < size:
        rng = rng or random.Random()
        by_kind: dict[QuestionKind, list[str]] = {}
        for i in pool:
            if i not in progress.items:
                by_kind.setdefault(questions[i].kind, []).append(i)
        for ids in by_kind.values():
            rng.shuffle(ids)
        order = [k for k in QuestionKind if k in by_kind]
        rng.shuffle(order)
        while len(chosen) < size and any(by_kind.values()):
            for kind in order:
                if by_kind[kind] and len(chosen) < size:
                    chosen.append(by_kind[kind].pop())
    return chosen


@dataclass(frozen=True)
class SessionSummary:
    asked: int
    right: int
    wrong: int
    #: Item ids of this session answered wrong, weakest first.
    weakest: tuple[str, ...]
    #: Other items (not asked in this session) that are due now.
    still_due: int


@dataclass
class ReviewSession:
    """One sitting: a queue of items; each answer is scheduled and saved at once."""

    store: ProgressStore
    questions: Mapping[str, Question]
    items: list[str]
    position: int = 0
    results: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        store: ProgressStore,
        questions: Mapping[str, Question],
        *,
        size: int = SESSION_SIZE,
        kinds: Iterable[QuestionKind] | None = None,
        rng: random.Random | None = None,
    ) -> ReviewSession:
        items = pick_items(store.progress, questions, store.clock(), size=size, kinds=kinds, rng=rng)
        return cls(store, questions, items)

    @property
    def current(self) -> Question | None:
        return self.questions[self.items[self.position]] if self.position < len(self.items) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.items)

    def answer(self, feedback: Feedback) -> ItemProgress:
        """Record the graded answer to the current item (only the first answer counts)."""
        item = self.items[self.position]
        if feedback.item_id != item:
            raise ValueError(f"feedback for {feedback.item_id!r}, but the current item is {item!r}")
        self.results.setdefault(item, feedback.correct)
        return self.store.record(item, feedback.correct)

    def advance(self) -> Question | None:
        if not self.finished:
            self.position += 1
            if self.finished and self.results:
                self.store.finish_session()
        return self.current

    def summary(self) -> SessionSummary:
        right = sum(1 for ok in self.results.values() if ok)
        wrong = [i for i, ok in self.results.items() if not ok]
        weakest = weakest_items(self.store.progress, limit=len(wrong), among=wrong)
        others = [i for i in self.questions if i not in self.results]
        return SessionSummary(len(self.results), right, len(wrong), tuple(weakest), self.store.due_count(others))
