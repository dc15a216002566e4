"""Where a step-through stands: which stop of which pathway, and which lesson item.

It listens to the selection like every view. A new selection shows its whole pathway
in the window, or starts with nothing revealed in presentation mode (the hall sees it
built up); Next and Back move one stop, and past either end of a pathway they move to
the neighbouring item of the open lesson.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from viewer.model.pack import Pack
from viewer.model.steps import NOTHING, StepPlan, Stop
from viewer.model.tracing import Trace
from viewer.session.events import Event
from viewer.session.selection import Selection, SelectionChange

if TYPE_CHECKING:
    from viewer.model.hop_chain import Caption
    from viewer.model.lesson import Lesson


@dataclass(frozen=True)
class StepView:
    """What the views show for the current step (all None/empty when nothing is selected)."""

    plan: StepPlan | None
    index: int
    stop: Stop | None
    caption: Caption | None
    #: The open lesson's caption for the current item, when the selection is that item.
    lesson_caption: str
    #: "3 / 11" in a lesson, else "".
    lesson_position: str

    @property
    def shown(self) -> Trace | None:
        return self.stop.shown if self.stop else None

    @property
    def hop_text(self) -> str:
        """Where the step-through stands, as the caption says it: "hop 3 / 5", or "start"."""
        if self.plan is None or self.stop is None:
            return ""
        deepest = self.plan.stops[-1].hop
        return "start" if self.stop.hop == NOTHING else f"hop {self.stop.hop} / {deepest}"

    @property
    def at_end(self) -> bool:
        return self.plan is None or self.index == self.plan.last


class Steps:
    """The step-through state of the window; emits `changed(StepView)` once per change."""

    def __init__(self, pack: Pack, selection: Selection) -> None:
        self.changed = Event()
        self.lesson_changed = Event()
        self.pack = pack
        self.selection = selection
        #: New selections start with nothing revealed (presentation mode) or fully shown.
        self.start_hidden = False
        self.plan: StepPlan | None = None
        self.index = 0
        self.lesson: Lesson | None = None
        self.item = -1
        self._plans: dict[str, StepPlan] = {}
        self._pending_index: int | None = None
        selection.changed.connect(self._on_selection)

    # ---- state ------------------------------------------------------------
    def view(self) -> StepView:
        plan = self.plan
        stop = plan.stops[self.index] if plan else None
        lesson_caption = ""
        position = ""
        if self.lesson is not None:
            position = f"{max(self.item, 0) + 1} / {len(self.lesson.items)}"
            if plan and 0 <= self.item < len(self.lesson.items) and self.lesson.items[self.item].structure_id == plan.trace.selected:
                lesson_caption = self.lesson.items[self.item].caption
        # The chain is read out while stepping, in a lesson and in presentation; a plain click in
        # the window shows the whole pathway and its caption says what is lit instead.
        wanted = plan is not None and (self.start_hidden or self.index != plan.last or self.lesson is not None)
        caption = None
        if plan and stop and wanted:
            from viewer.model.hop_chain import chain_caption

            caption = chain_caption(self.pack, plan.trace, stop.hop, newest=stop.newest)
        return StepView(plan, self.index, stop, caption, lesson_caption, position)

    def _emit(self) -> None:
        self.changed.emit(self.view())

    def _plan_for(self, trace: Trace) -> StepPlan:
        plan = self._plans.get(trace.selected)
        if plan is None or plan.trace is not trace:  # re-traced, e.g. with variants hidden
            self._plans[trace.selected] = StepPlan(self.pack, trace)
        return self._plans[trace.selected]

    def _on_selection(self, change: SelectionChange) -> None:
        if change.trace is None:
            self.plan = None
            self.index = 0
        else:
            self.plan = self._plan_for(change.trace)
            if self._pending_index is not None:
                self.index = min(self._pending_index, self.plan.last) if self._pending_index >= 0 else self.plan.last
            else:
                self.index = 0 if self.start_hidden else self.plan.last
        self._pending_index = None
        self._emit()

    def restart(self) -> None:
        """Show the current pathway from the top: the selection alone."""
        self.go_to(0)

    def go_to_when_selected(self, index: int) -> None:
        """Open the next selection at stop `index` (-1: its last) instead of where a new selection starts."""
        self._pending_index = index

    def go_to(self, index: int) -> None:
        if self.plan is None:
            return
        index = max(0, min(index, self.plan.last))
        if index != self.index:
            self.index = index
        self._emit()

    # ---- moving -------------------------------------------------------------
    def next(self) -> None:
        """One hop further; past the end of a pathway, the next lesson item."""
        if self.plan is not None and self.index < self.plan.last:
            self.go_to(self.index + 1)
        elif self.lesson is not None and self.item + 1 < len(self.lesson.items):
            self._select_item(self.item + 1, 0)

    def back(self) -> None:
        """One hop back; before the start of a pathway, the end of the previous lesson item."""
        if self.plan is not None and self.index > 0:
            self.go_to(self.index - 1)
        elif self.lesson is not None and self.item > 0:
            self._select_item(self.item - 1, -1)

    def first(self) -> None:
        self.go_to(0)

    def last(self) -> None:
        if self.plan is not None:
            self.go_to(self.plan.last)

    # ---- lessons -------------------------------------------------------------
    def open_lesson(self, lesson: Lesson) -> None:
        """Make `lesson` the open one and select its first item, nothing revealed."""
        self.lesson = lesson
        self.item = -1
        self.lesson_changed.emit()
        self._select_item(0, 0)

    def close_lesson(self) -> None:
        self.lesson = None
        self.item = -1
        self.lesson_changed.emit()
        self._emit()

    def _select_item(self, item: int, index: int) -> None:
        """Select lesson item `item` at stop `index` (-1: its last stop)."""
        assert self.lesson is not None
        self.item = item
        target = self.lesson.items[item].structure_id
        if self.selection.current == target and self.plan is not None:
            self.go_to(index if index >= 0 else self.plan.last)
            return
        self._pending_index = index
        self.selection.select(target)
