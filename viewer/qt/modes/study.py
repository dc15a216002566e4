"""Study mode: questions on the unlabelled schematic, answered by clicking, typing or ticking.

Entering study mode swaps the diagram for a copy without labels (the roots keep theirs),
hides the panels that would give answers away, and turns clicks on the canvas into
answers. Each answer is graded at once (viewer.model.study), shown on the diagram — the
right answer ringed in green and named, a wrong click ringed in red — and recorded in the
spaced-review progress (viewer.model.review), which is saved after every answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from html import escape

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFrame,
    QGraphicsItem,
    QGraphicsRectItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.model.names import NameIndex
from viewer.model.records import Kind
from viewer.model.review import ProgressStore, ReviewSession, SessionSummary, progress_key, progress_path
from viewer.model.study import (
    KIND_TITLES,
    Feedback,
    Question,
    QuestionKind,
    TraceAttempt,
    build_questions,
    grade_identify,
    grade_innervation,
    grade_name,
    grade_segments,
    resolve_answer,
    ringed_clue,
    suppliers,
)
from viewer.model.tracing import Trace, trace
from viewer.model.worksheet import study_hidden_ids
from viewer.qt.canvas.overlay_kit import Z, fixed_size, place, ring
from viewer.qt.canvas.overlay_kit import chip as make_chip
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.view import CanvasView
from viewer.qt.window_theme import window_theme
from viewer.session import CanvasSpec, Session
from viewer.themes import TEXT_COLOURS, TextColours, text_colours

RIGHT = QColor("#1a7f37")
WRONG = QColor("#c62828")
ASKED = QColor("#1d4ed8")
TAG_PIXELS = 14


class StudyMarks:
    """Rings and name tags drawn on the scene for study: what is asked, right and wrong."""

    def __init__(self, scene: SchematicScene, view_scale: Callable[[], float] = lambda: 1.0) -> None:
        self.scene = scene
        #: Screen pixels per scene unit now, to keep fixed-size tags from covering each other.
        self.view_scale = view_scale
        self.items: list[QGraphicsItem] = []
        #: (structure id, colour name) of each ring, for tests and for the record.
        self.rings: list[tuple[str, str]] = []
        self._placed: list[QRectF] = []

    def clear(self) -> None:
        for item in self.items:
            self.scene.removeItem(item)
        self.items.clear()
        self.rings.clear()
        self._placed.clear()

    def _add(self, item: QGraphicsItem) -> None:
        item.setZValue(Z.STUDY + (0.1 if isinstance(item, QGraphicsRectItem) else 0))
        self.scene.addItem(item)
        self.items.append(item)

    def ring(self, structure_id: str, colour: QColor, label: str | None = None, *, dashed: bool = False) -> None:
        pack = self.scene.pack
        structure = pack.structures[structure_id]
        ids = structure.parts if structure.parts and structure.kind is Kind.MUSCLE else (structure_id,)
        for part in ids:
            bounds = self.scene.renderer.boundsOnElement(part)
            if bounds.isEmpty():
                continue
            pen = QPen(colour, 3.0)
            pen.setCosmetic(True)  # as thick on screen at any zoom
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            self._add(ring(bounds, pen, margin=6, radius=10))
            if label:
                self._tag(bounds, label, colour, above=structure.kind in (Kind.MUSCLE, Kind.SKIN))
        self.rings.append((structure_id, colour.name()))

    def _tag(self, bounds: QRectF, label: str, colour: QColor, *, above: bool = False) -> None:
        """A name chip beside `bounds`, the same size on screen at any zoom."""
        made = make_chip(label, colour, pixels=TAG_PIXELS, pad_x=6, pad_y=3)
        width, height = made[0].rect().width(), made[0].rect().height()
        # Muscles and skin: above the box, clear of the segment tags to its right; the rest beside it.
        place(made, 0, -height if above else -height / 2, Z.STUDY)
        chip = fixed_size(made)
        if above:
            chip.setPos(bounds.left(), bounds.top() - 7)
        else:
            chip.setPos(bounds.right() + 8, bounds.center().y())
        # Move down past tags already placed, as they lie on screen at the current zoom.
        scale = max(self.view_scale(), 1e-6)
        local = chip.rect()
        footprint = QRectF(chip.pos().x() + local.left() / scale, chip.pos().y() + local.top() / scale, width / scale, height / scale)
        for _ in range(len(self._placed) + 1):
            hit = next((r for r in self._placed if r.intersects(footprint)), None)
            if hit is None:
                break
            footprint.moveTop(hit.bottom() + 2 / scale)
        chip.setPos(chip.pos().x(), footprint.top() - local.top() / scale)
        self._placed.append(footprint)
        self._add(chip)


def _confirm_with_dialog(parent: QWidget, title: str, text: str) -> bool:
    if os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
        return False  # never destroy progress without a person saying so
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Reset


class FeedbackLabel(QLabel):
    """The grade: takes the focus after an answer (a reader then reads it); Enter goes on, Tab leaves."""

    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
            return
        super().keyPressEvent(event)


class TallPanelScroll(QScrollArea):
    """Scrolls a panel up and down only: as wide as the panel needs (the dock widens with the type, as
    it would for the bare panel), as short as the dock allows (the panel scrolls rather than squeezing)."""

    def minimumSizeHint(self) -> QSize:
        panel = self.widget()
        if panel is None:
            return super().minimumSizeHint()
        width = panel.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())


class StudyPanel(QWidget):
    """The study dock's contents: the question, the ways to answer, the feedback, the summary."""

    def __init__(self, segments: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Study")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background:#fff4e5; color:#7a4100; padding:6px; border-radius:4px;")
        self.notice.hide()
        layout.addWidget(self.notice)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Ask:"))
        self.kinds = QComboBox()
        self.kinds.setAccessibleName("Kinds of question")
        self.kinds.addItem("Every kind of question", None)
        for kind in QuestionKind:
            self.kinds.addItem(f"{KIND_TITLES[kind]} only", kind.value)
        choose.addWidget(self.kinds, 1)
        layout.addLayout(choose)
        self.counter = QLabel()
        # The window's own text colour (a fixed grey fell below 4.5:1 on the dark and high-contrast panels).
        self.counter.setStyleSheet("font-weight:bold; letter-spacing:1px;")
        layout.addWidget(self.counter)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        font = self.prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.prompt.setFont(font)
        # No accessible names on the texts: a reader speaks what is shown (a fixed name would replace it).
        self.prompt.setAccessibleDescription("Question")
        layout.addWidget(self.prompt)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.answers = QStackedWidget()
        text_page = QWidget()
        row = QHBoxLayout(text_page)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLineEdit()
        self.text.setAccessibleName("Your answer")
        self.text.setClearButtonEnabled(True)
        self.check_text = QPushButton("Check")
        self.check_text.setAutoDefault(True)
        row.addWidget(self.text, 1)
        row.addWidget(self.check_text)
        self.answers.addWidget(text_page)
        seg_page = QWidget()
        grid = QGridLayout(seg_page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, seg in enumerate(segments):
            box = QCheckBox(seg)
            box.setAccessibleName(f"Segment {seg}")
            grid.addWidget(box, i // 4, i % 4)
            self.boxes[seg] = box
        self.check_segments = QPushButton("Check")
        self.check_segments.setAutoDefault(True)
        grid.addWidget(self.check_segments, (len(self.boxes) + 3) // 4, 0, 1, 4)
        self.answers.addWidget(seg_page)
        layout.addWidget(self.answers)

        self.feedback = FeedbackLabel()
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setAccessibleDescription("Feedback")
        self.feedback.hide()
        layout.addWidget(self.feedback)

        buttons = QHBoxLayout()
        self.next = QPushButton("Next question")
        self.next.setAutoDefault(True)
        self.skip = QPushButton("Show answer")
        self.skip.setAutoDefault(True)
        self.end = QPushButton("End session")
        self.end.setAutoDefault(True)
        buttons.addWidget(self.next)
        buttons.addWidget(self.skip)
        buttons.addStretch(1)
        buttons.addWidget(self.end)
        layout.addLayout(buttons)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleDescription("Session summary")
        self.summary.hide()
        layout.addWidget(self.summary)
        self.again = QPushButton("Start another session")
        self.again.setAutoDefault(True)
        self.leave = QPushButton("Leave study mode")
        self.leave.setAutoDefault(True)
        for button in (self.again, self.leave):
            button.hide()
            layout.addWidget(button)
        self.score = QLabel()
        layout.addWidget(self.score)
        layout.addStretch(1)

    def feedback_text(self) -> str:
        return self.feedback.text()

    def show_feedback(self, html: str, correct: bool, colours: TextColours = TEXT_COLOURS["light"]) -> None:
        """The grade in a box tinted right or wrong, its text and tint from the theme (4.5:1 or more)."""
        background = colours.right_background if correct else colours.wrong_background
        border = colours.right if correct else colours.wrong
        self.feedback.setStyleSheet(
            f"QLabel {{ color:{colours.feedback_text}; background:{background}; border-left:5px solid {border}; padding:8px; }}"
            f"QLabel:focus {{ border:2px solid {border}; border-left:5px solid {border}; }}"
        )
        self.feedback.setText(html)
        self.feedback.show()


class StudyMode(QObject):
    """Runs study sessions in a main window: the dock, the unlabelled diagram, the grading."""

    name = "study"
    answered = Signal(object)  # Feedback
    finished = Signal(object)  # SessionSummary

    def __init__(self, window: QMainWindow, state: Session, canvas: CanvasView, scene: SchematicScene, session_size: int = 10) -> None:
        super().__init__(window)
        self.window = window
        #: The window's session (`self.session` is the review session of study items).
        self.state = state
        #: What the diagram lights for the current question (an answer, a trace attempt), or None.
        self.shown: Trace | None = None
        self._items: list[str] | None = None
        self.canvas = canvas
        self.scene = scene
        self.pack = scene.pack
        self.session_size = session_size
        self.names = NameIndex(self.pack)
        self._questions: dict[str, Question] | None = None
        self.marks = StudyMarks(scene, lambda: self.canvas.transform().m11())
        self.store: ProgressStore | None = None
        self.session: ReviewSession | None = None
        self.attempt: TraceAttempt | None = None
        self.last_feedback: Feedback | None = None
        self.confirm: Callable[[str, str], bool] = lambda title, text: _confirm_with_dialog(self.window, title, text)
        self._hidden_docks: list[QDockWidget] = []
        self.panel = StudyPanel(self.pack.segments)
        self.dock = QDockWidget("Study", window)
        self.dock.setObjectName("dock_study")
        # In a scroll area: at large type the question, the grade and the buttons may be taller than
        # the window, and squeezed they would be clipped; the panel scrolls instead.
        self.scroll = TallPanelScroll()
        self.scroll.setWidget(self.panel)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.dock.setWidget(self.scroll)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.panel.check_text.clicked.connect(self._check_text)
        self.panel.text.returnPressed.connect(self._check_text)
        self.panel.check_segments.clicked.connect(self._check_segments)
        self.panel.next.clicked.connect(self.next_question)
        self.panel.feedback.activated.connect(self.next_question)
        self.panel.skip.clicked.connect(self.show_answer)
        self.panel.end.clicked.connect(self.stop)
        self.panel.again.clicked.connect(lambda: self.start())
        self.panel.leave.clicked.connect(self.stop)
        self.panel.kinds.activated.connect(lambda _index: self.start())

    # ---- entering and leaving --------------------------------------------------
    @property
    def questions(self) -> dict[str, Question]:
        """Every study item of the pack, built when first needed (it traces every muscle)."""
        if self._questions is None:
            self._questions = build_questions(self.pack)
        return self._questions

    @property
    def active(self) -> bool:
        return self.state.modes.active == self.name

    def _progress(self) -> ProgressStore:
        if self.store is None:
            pack = self.window.pack
            self.store = ProgressStore(progress_path(progress_key(self.window.pack_id, pack.data_path)))
            if self.store.message:
                self.panel.notice.setText(f"Your study progress could not be read: {self.store.message}")
                self.panel.notice.show()
                self.window.statusBar().showMessage(self.store.message, 15000)
        return self.store

    def start(self, items: list[str] | None = None) -> None:
        """Start a session: the items given, or those the review schedule picks."""
        if not self.active:
            self._items = items
            self.state.modes.enter(self.name)
            return
        self._begin(items)

    def stop(self) -> None:
        """End the session and leave study mode: labels, panels and clicking as before."""
        if self.active:
            self.state.modes.leave()

    # ---- the mode protocol -----------------------------------------------------------
    def unavailable(self) -> str:
        return ""

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        q = self.question
        asking = q is not None and q.kind is QuestionKind.NAME and self.last_feedback is None
        return CanvasSpec(self.shown, overlay=self.name, labels_hidden=True, ringed=q.subject if q is not None and asking else "")

    def caption(self) -> str:
        return "Study mode: labels are hidden; answer in the Study panel. Shift+F8 ends the session."

    def enter(self) -> None:
        """Called by the session when the mode starts."""
        self._hidden_docks = [d for d in self.window.findChildren(QDockWidget) if d is not self.dock and d.isVisible()]
        for dock in self._hidden_docks:
            dock.hide()  # the facts and the list would give the answers away
        self.scene.set_labels_hidden(study_hidden_ids(self.pack))
        self.canvas.resetCachedContent()
        self.dock.show()
        self.dock.raise_()
        items, self._items = self._items, None
        self._begin(items)

    def leave(self) -> None:
        """Called by the session when the mode ends."""
        if self.session is not None and not self.session.finished and self.session.results and self.store is not None:
            self.store.finish_session()
        self.session = None
        self.attempt = None
        self.marks.clear()
        self.shown = None
        self.scene.set_labels_hidden(())
        self.canvas.resetCachedContent()
        for dock in self._hidden_docks:
            dock.show()
        self._hidden_docks = []
        self.dock.hide()

    def _show(self, shown: Trace | None) -> None:
        self.shown = shown
        self.state.refresh_canvas()

    def _begin(self, items: list[str] | None) -> None:
        store = self._progress()
        if items is None:
            chosen = self.panel.kinds.currentData()
            kinds = [QuestionKind(chosen)] if chosen else None
            self.session = ReviewSession.start(store, self.questions, size=self.session_size, kinds=kinds)
        else:
            self.session = ReviewSession(store, self.questions, list(items))
        for widget in (self.panel.summary, self.panel.again, self.panel.leave):
            widget.hide()
        self._ask()

    def reset_progress(self) -> bool:
        """Forget all progress, after asking; returns whether it was reset."""
        store = self._progress()
        asked = len(store.progress.items)
        if not self.confirm(
            "Reset study progress",
            f"Forget your answers to {asked} study items and start the schedule afresh?\n\n"
            f"The current progress is kept as {store.path.name}.bak until the next answer is saved.",
        ):
            return False
        store.reset()
        self.window.statusBar().showMessage("Study progress reset.", 8000)
        if self.active:
            self.start()
        return True

    # ---- asking ---------------------------------------------------------------------
    @property
    def question(self) -> Question | None:
        return self.session.current if self.session else None

    def _ask(self) -> None:
        assert self.session is not None
        self.marks.clear()
        self._show(None)
        self.last_feedback = None
        self.attempt = None
        panel = self.panel
        panel.feedback.hide()
        q = self.session.current
        if q is None:
            self._finish()
            return
        for widget in (panel.prompt, panel.hint, panel.answers, panel.next, panel.skip, panel.end, panel.score):
            widget.show()
        panel.next.setEnabled(False)
        panel.skip.setEnabled(True)
        panel.counter.setText(f"QUESTION {self.session.position + 1} OF {len(self.session.items)} · {KIND_TITLES[q.kind].upper()}")
        panel.prompt.setText(q.prompt)
        panel.text.clear()
        panel.text.setEnabled(True)
        panel.check_text.setEnabled(True)
        for box in panel.boxes.values():
            box.setChecked(False)
            box.setEnabled(True)
        panel.check_segments.setEnabled(True)
        if q.kind is QuestionKind.SEGMENTS:
            panel.answers.setCurrentIndex(1)
            panel.hint.setText("Tick every segment that supplies it, then Check (Space ticks, Tab moves).")
            next(iter(panel.boxes.values())).setFocus(Qt.FocusReason.TabFocusReason)
            # As if tabbed to: the style then draws the focus rectangle a keyboard user looks for.
            self.window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        else:
            panel.answers.setCurrentIndex(0)
            panel.hint.setText(
                {
                    QuestionKind.IDENTIFY: "Click it on the diagram — or type its name and press Enter.",
                    QuestionKind.NAME: "Type its name (English or Latin) and press Enter.",
                    QuestionKind.INNERVATION: "Type the nerve's name and press Enter.",
                    QuestionKind.TRACE: "Click each structure in turn on the diagram — or type its name and press Enter.",
                }[q.kind]
            )
            panel.text.setPlaceholderText("Structure name…" if q.kind is not QuestionKind.NAME else "Name of the ringed structure…")
            panel.text.setFocus(Qt.FocusReason.TabFocusReason)
        # What the ring shows, in words, for a reader (never the name): on the question and on the answer field.
        clue = ringed_clue(self.pack, q)
        panel.prompt.setAccessibleDescription(f"Question. {clue}" if clue else "Question")
        panel.text.setAccessibleDescription(f"{q.prompt} {clue}" if clue else q.prompt)
        if q.kind is QuestionKind.NAME:
            self.marks.ring(q.subject, ASKED, "?")
            self._reveal(q.subject)
        elif q.kind is QuestionKind.TRACE:
            self.attempt = TraceAttempt(self.pack, q)
            self._show_trace_progress()
        self._update_score()

    def _update_score(self) -> None:
        if self.session is None:
            return
        results = self.session.results.values()
        right = sum(1 for ok in results if ok)
        self.panel.score.setText(f"This session: {right} right, {len(results) - right} wrong")

    def _reveal(self, structure_id: str) -> None:
        geometry = self.scene.geometry
        if geometry is None or structure_id not in geometry.boxes:
            return
        box = geometry.boxes[structure_id]
        if not self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect().contains(box):
            self.canvas.centerOn(box.center())

    # ---- answering ----------------------------------------------------------------
    def pick(self, structure_id: str | None) -> bool:
        """A click on the diagram while studying: always an answer, never a selection."""
        q = self.question
        if q is None or self.last_feedback is not None:
            return True
        if q.kind is QuestionKind.IDENTIFY:
            self._grade(grade_identify(self.pack, q, structure_id))
        elif q.kind is QuestionKind.TRACE:
            self._hop(structure_id)
        else:
            self.window.statusBar().showMessage("Answer this one in the Study panel.", 4000)
        return True

    def _check_text(self) -> None:
        q = self.question
        typed = self.panel.text.text()
        if q is None or self.last_feedback is not None or not typed.strip():
            return
        if q.kind is QuestionKind.NAME:
            self._grade(grade_name(self.names, q, typed))
        elif q.kind is QuestionKind.INNERVATION:
            self._grade(grade_innervation(self.names, q, typed))
        elif q.kind in (QuestionKind.IDENTIFY, QuestionKind.TRACE):
            found, _ = resolve_answer(self.names, typed)
            if found is None:
                self.window.statusBar().showMessage(f"No structure called “{typed}”.", 5000)
                return
            self.panel.text.clear()
            self.pick(found)

    def _check_segments(self) -> None:
        q = self.question
        if q is None or q.kind is not QuestionKind.SEGMENTS or self.last_feedback is not None:
            return
        picked = [seg for seg, box in self.panel.boxes.items() if box.isChecked()]
        self._grade(grade_segments(self.pack, q, picked))

    def show_answer(self) -> None:
        """Give up on the current question: graded wrong, the answer shown."""
        q = self.question
        if q is None or self.last_feedback is not None:
            return
        if q.kind is QuestionKind.TRACE and self.attempt is not None:
            self._grade(self.attempt.feedback())
        elif q.kind is QuestionKind.SEGMENTS:
            self._grade(grade_segments(self.pack, q, []))
        elif q.kind is QuestionKind.IDENTIFY:
            self._grade(grade_identify(self.pack, q, None))
        elif q.kind is QuestionKind.INNERVATION:
            self._grade(grade_innervation(self.names, q, "—"))
        else:
            self._grade(grade_name(self.names, q, "—"))

    def _hop(self, structure_id: str | None) -> None:
        attempt = self.attempt
        assert attempt is not None
        result = attempt.click(structure_id)
        so_far = " → ".join(self.pack.structures[i].name if i != attempt.question.start else attempt.question.segment for i in attempt.path)
        self.panel.hint.setText(f"{result.message}\nSo far: {so_far}")
        self._show_trace_progress()
        if not result.correct:
            if structure_id is not None:
                self.marks.ring(structure_id, WRONG, f"✗ {self.pack.structures[structure_id].name}")
            for nxt in result.expected:
                self.marks.ring(nxt, ASKED, "next", dashed=True)
        if attempt.done:
            self._grade(attempt.feedback())

    def _show_trace_progress(self) -> None:
        attempt = self.attempt
        assert attempt is not None
        q = attempt.question
        self.marks.clear()
        strands = set()
        for a, b in zip(attempt.path, attempt.path[1:], strict=False):
            strands.update((link.index, q.segment) for link in self.pack.outgoing[a] if link.target == b and link.index in attempt.links)
        self._show(Trace(attempt.current, frozenset(strands), frozenset(attempt.path), {}))
        self.marks.ring(q.subject, ASKED, f"Goal: {self.pack.structures[q.subject].name}")
        if attempt.current == q.start:
            self.marks.ring(q.start, ASKED, f"Start: {q.segment}")

    def _grade(self, feedback: Feedback) -> None:
        assert self.session is not None
        self.last_feedback = feedback
        self.session.answer(feedback)
        q = self.session.current
        assert q is not None
        self.marks.clear()
        if q.kind is QuestionKind.TRACE and self.attempt is not None:
            links = self.attempt.links
            t = Trace(q.subject, frozenset((i, q.segment) for i in links), frozenset(feedback.right_ids), {})
            self._show(t)
        else:
            self._show(trace(self.pack, q.subject))
        if q.kind is QuestionKind.TRACE:
            # Hops numbered in the order the panel names them (full names would pile up at this zoom).
            for n, hop in enumerate(feedback.right_ids[1:-1], 1):
                self.marks.ring(hop, RIGHT, str(n))
        named = set(suppliers(self.pack, q.subject)) if q.kind in (QuestionKind.IDENTIFY, QuestionKind.INNERVATION) else None
        for right in feedback.right_ids if q.kind is not QuestionKind.TRACE else (q.subject,):
            if named is not None and right not in named:
                self.marks.ring(right, RIGHT, "✓")  # also right (the nerve of unnamed muscular branches)
            elif q.kind is QuestionKind.SEGMENTS:
                self.marks.ring(right, RIGHT, f"{self.pack.structures[right].name}: {', '.join(q.segments)}")
            else:
                self.marks.ring(right, RIGHT, f"✓ {self.pack.structures[right].name}")
        if q.kind in (QuestionKind.IDENTIFY, QuestionKind.INNERVATION):
            self.marks.ring(q.subject, ASKED, self.pack.structures[q.subject].name)
        if not feedback.correct and feedback.given_id and feedback.given_id not in feedback.right_ids:
            self.marks.ring(feedback.given_id, WRONG, f"✗ {self.pack.structures[feedback.given_id].name}")
        if feedback.right_ids:
            self._reveal(feedback.right_ids[0] if q.kind is not QuestionKind.TRACE else q.subject)
        mark = "✓" if feedback.correct else "✗"
        html = f"<b><big>{mark} {escape(feedback.headline)}</big></b><br>"  # relative: it follows the font scale
        label = "Answer" if feedback.correct else "The answer"
        html += f"{label}: <b>{escape(feedback.answer)}</b>"
        colours = text_colours(window_theme(self.window))
        if feedback.note:
            html += f"<br><span style='color:{colours.muted}'>{escape(feedback.note)}</span>"
        self.panel.show_feedback(html, feedback.correct, colours)
        self.panel.text.setEnabled(False)
        self.panel.check_text.setEnabled(False)
        for box in self.panel.boxes.values():
            box.setEnabled(False)
        self.panel.check_segments.setEnabled(False)
        self.panel.skip.setEnabled(False)
        self.panel.next.setEnabled(True)
        last = self.session.position + 1 >= len(self.session.items)
        self.panel.next.setText("Finish" if last else "Next question")
        # The reader is taken to the grade; Enter there (or on Next) moves on.
        self.panel.feedback.setFocus(Qt.FocusReason.TabFocusReason)
        # Once the panel has laid the grade out: scroll it into view (at large type the panel scrolls).
        QTimer.singleShot(0, self.scroll, lambda: self.scroll.ensureWidgetVisible(self.panel.feedback))
        self._update_score()
        self.answered.emit(feedback)

    def next_question(self) -> None:
        if self.session is None or self.last_feedback is None:
            return
        self.session.advance()
        self._ask()

    def _finish(self) -> None:
        assert self.session is not None
        summary = self.session.summary()
        panel = self.panel
        for widget in (panel.prompt, panel.hint, panel.answers, panel.feedback, panel.next, panel.skip, panel.end, panel.score):
            widget.hide()
        panel.counter.setText("SESSION FINISHED")
        panel.summary.setText(self.summary_html(summary))
        for widget in (panel.summary, panel.again, panel.leave):
            widget.show()
        panel.again.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit(summary)

    def summary_html(self, summary: SessionSummary) -> str:
        parts = [
            f"<p><big><b>{summary.asked} asked · {summary.right} right · {summary.wrong} wrong</b></big></p>",
        ]
        if summary.weakest:
            parts.append("<p><b>To work on</b> (they come back first next time):</p><ul>")
            parts.extend(f"<li>{escape(self.questions[i].prompt)}</li>" for i in summary.weakest if i in self.questions)
            parts.append("</ul>")
        elif summary.asked:
            parts.append("<p>All right — these move up a box and come back later.</p>")
        else:
            parts.append("<p>Nothing was due and nothing new is left.</p>")
        if summary.still_due:
            parts.append(f"<p>{summary.still_due} other item{'s are' if summary.still_due != 1 else ' is'} due for review.</p>")
        return "".join(parts)
