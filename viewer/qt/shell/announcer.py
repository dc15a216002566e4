"""What a screen reader says when something changes away from the focus: one observer of the session.

A selection, a move through the history, Escape, a lesion, a grade, a search that finds
nothing, a move of the keyboard's focus on the drawing or a hop of the step-through changes only widgets the reader is not on, so each is
also posted as an accessibility announcement (Qt 6.8+), which Orca speaks through AT-SPI.
The texts are the same lines the status bar and the panels show.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

from viewer.session.caption import lit_summary
from viewer.session.route import BLOCKED, focus_line

if TYPE_CHECKING:
    from viewer.model.localise import Grade
    from viewer.model.review import SessionSummary
    from viewer.model.study import Feedback
    from viewer.qt.shell.window import MainWindow
    from viewer.session import ModeChange, RouteFocus, SelectionChange
    from viewer.session.steps import StepView

MODE_TITLES = {"study": "Study mode", "lesion": "Lesion mode", "localise": "Localise mode", "present": "Presentation mode"}
#: Modes whose own results are announced instead of the selections they make.
_SELF_SPEAKING = ("study", "lesion", "localise")


class Announcer(QObject):
    """Posts one announcement per outcome; `said` keeps them, newest last, for the record."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.said: list[str] = []
        self._last = 0.0
        self._watched: set[str] = set()
        session = window.session
        session.selection.changed.connect(self._on_selection)
        session.steps.changed.connect(self._on_step)
        session.modes.changed.connect(self._on_mode)
        session.modes.refused.connect(self.say)
        session.route.changed.connect(self._on_route)
        session.route.blocked.connect(lambda move: self.say(BLOCKED[move]))
        window.statusBar().messageChanged.connect(self._on_message)

    def say(self, text: str, *, assertive: bool = False) -> None:
        text = " ".join(text.split())
        now = time.monotonic()
        if not text or (self.said and self.said[-1] == text and now - self._last < 1.0):
            return  # one outcome heard once, though two events report it (a mode entered with its lesion)
        self._last = now
        self.said.append(text)
        event = QAccessibleAnnouncementEvent(self.window, text)
        if assertive:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    # ---- the session's events ------------------------------------------------------------
    def _on_selection(self, change: SelectionChange) -> None:
        if self.window.session.modes.active in _SELF_SPEAKING:
            return
        line = "Nothing selected." if change.current is None else lit_summary(self.window.pack, change.current, change.trace)
        prefix = {"back": "Back: ", "forward": "Forward: "}.get(change.move, "")
        self.say(prefix + line)

    def _on_route(self, focus: RouteFocus | None) -> None:
        if focus is None or focus.move == "follow":
            return  # a selection moved it: the selection is heard
        spec = self.window.session.canvas()  # study: the drawing names nothing, nor does the reader; the ring is said
        self.say(
            focus_line(
                self.window.pack, focus, names=not spec.labels_hidden, language=self.window.canvas.label_language, ringed=spec.ringed
            )
        )

    def _on_step(self, view: StepView) -> None:
        if view.plan is None or view.caption is None:
            return
        lesson = f"{view.lesson_caption}. " if view.lesson_caption else ""
        self.say(f"{lesson}{view.caption.text}, {view.hop_text}")

    def _on_mode(self, change: ModeChange) -> None:
        if change.current is None:
            self.say(f"Left {MODE_TITLES.get(change.previous or '', 'the mode').lower()}.")
            return
        self._watch(change.current)
        mode = self.window.session.modes.current
        line = mode.caption() if mode is not None else ""
        self.say(line or f"{MODE_TITLES.get(change.current, change.current)}.")

    def _watch(self, name: str) -> None:
        """Listen to a mode's own outcomes once it exists (the modes are built on first use)."""
        if name in self._watched:
            return
        self._watched.add(name)
        mode = self.window.session.modes.built(name)
        if name == "study":
            mode.answered.connect(self._on_grade)  # type: ignore[union-attr]
            mode.finished.connect(self._on_summary)  # type: ignore[union-attr]
        elif name == "lesion":
            mode.changed.connect(lambda result: result is not None and self.say(mode.caption()))  # type: ignore[union-attr]
        elif name == "localise":
            mode.graded.connect(self._on_localised)  # type: ignore[union-attr]

    def _on_grade(self, feedback: Feedback) -> None:
        mark = "Right" if feedback.correct else "Wrong"
        note = f" {feedback.note}" if feedback.note else ""
        headline = "" if feedback.headline.rstrip(".!") == mark else f" {feedback.headline}."
        self.say(f"{mark}.{headline} The answer: {feedback.answer}.{note}", assertive=True)

    def _on_localised(self, grade: Grade) -> None:
        lines = grade.explanation.splitlines()
        self.say(f"{'Right' if grade.correct else 'Not quite'}. {lines[0] if lines else ''}", assertive=True)

    def _on_summary(self, summary: SessionSummary) -> None:
        self.say(f"Session finished: {summary.asked} asked, {summary.right} right, {summary.wrong} wrong.")

    def _on_message(self, text: str) -> None:
        if text:
            self.say(text)
