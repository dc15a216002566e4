"""Localise the lesion: the canvas shows a patient's deficits, the student says where the lesion is.

The pattern comes from a hidden lesion simulated by the lesion model; the student picks
the site from a list or clicks the root, trunk or nerve on the diagram, then checks.
The answer is graded, the true lesion is revealed on the canvas (cut mark and cut
strands) with the findings that tell it from the chosen one ringed, and the dock
explains the difference finding by finding.
"""

from __future__ import annotations

import random
from html import escape

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.lesion import Case, Status
from viewer.model.localise import NORMAL_STATES, Finding, Grade, Localiser, Presentation
from viewer.model.tracing import Trace
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.view import CanvasView
from viewer.qt.modes.lesion import LesionMode, panel_css
from viewer.qt.modes.mode_dock import ModeDock
from viewer.qt.panels.document import DocumentView
from viewer.qt.window_theme import on_theme_change, window_theme
from viewer.session import CanvasSpec, SelectionChange, Session
from viewer.themes import LIGHT, TEXT_COLOURS, CanvasTheme, TextColours, text_colours

_GROUPS = (
    ("reflex", (Status.ABSENT, Status.REDUCED), "Reflexes"),
    ("muscle", (Status.PARALYSED,), "Paralysed"),
    ("muscle", (Status.WEAK,), "Weak"),
    ("skin", (Status.NUMB,), "Numb"),
    ("skin", (Status.REDUCED,), "Reduced sensation"),
)


def presentation_html(number: int, total: int, shown: Presentation, theme: CanvasTheme = LIGHT) -> str:
    parts = [f"<style>{panel_css(theme)}</style><div class='muted'>Case {number} of {total}</div><h2>{escape(shown.case.complaint)}</h2>"]
    for kind, statuses, title in _GROUPS:
        found = [f for f in shown.abnormal if f.kind == kind and f.status in statuses]
        if found:
            parts.append(f"<h3>{title}</h3>{_finding_list(found, with_status=kind == 'reflex')}")
    if shown.normal:
        parts.append(f"<h3>Tested and normal</h3>{_finding_list(list(shown.normal), with_status=False)}")
    parts.append("<p class='muted'>Where is the lesion? Pick it below, or click the root, trunk or nerve on the diagram.</p>")
    return "".join(parts)


def _finding_list(found: list[Finding], *, with_status: bool) -> str:
    return (
        "<ul>" + "".join(f"<li>{escape(f.name)}" + (f": <b>{f.status.value}</b>" if with_status else "") + "</li>" for f in found) + "</ul>"
    )


def grade_html(grade: Grade, theme: CanvasTheme = LIGHT) -> str:
    verdict = "✔ Right" if grade.correct else "✘ Not quite"
    colours = text_colours(theme)
    colour = colours.right if grade.correct else colours.wrong
    lines = grade.explanation.splitlines()
    body = "".join(f"<li>{escape(ln.lstrip('• '))}</li>" for ln in lines[1:])
    return f"<style>{panel_css(theme)}</style><h2 style='color:{colour}'>{verdict}</h2><p>{escape(lines[0])}</p><ul>{body}</ul>" + (
        "<p class='muted'>Ringed in blue on the diagram: the findings that tell them apart.</p>"
    )


class LocalisePanel(QWidget):
    checked = Signal()
    next_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        self.findings = DocumentView("The patient's findings")
        layout.addWidget(self.findings, 3)
        layout.addWidget(QLabel("Your answer:"))
        self.options = QListWidget()
        self.options.setAccessibleName("Possible lesion sites")
        layout.addWidget(self.options, 2)
        row = QHBoxLayout()
        self.check = QPushButton("Check answer")
        self.check.setEnabled(False)
        self.next = QPushButton("Next case")
        self.leave = QPushButton("Leave")
        row.addWidget(self.check)
        row.addWidget(self.next)
        row.addWidget(self.leave)
        layout.addLayout(row)
        self.feedback = DocumentView("Grade and explanation")
        layout.addWidget(self.feedback, 3)
        self.check.clicked.connect(self.checked)
        self.next.clicked.connect(self.next_requested)
        self.leave.clicked.connect(self.leave_requested)
        self._answered = False
        self.options.currentItemChanged.connect(lambda item, _prev: self.check.setEnabled(item is not None and not self._answered))

    def set_options(self, options: list[tuple[str, str]]) -> None:
        self.options.clear()
        for lesion_id, name in options:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, lesion_id)
            self.options.addItem(item)

    def chosen(self) -> str | None:
        item = self.options.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, lesion_id: str) -> None:
        for row in range(self.options.count()):
            if self.options.item(row).data(Qt.ItemDataRole.UserRole) == lesion_id:
                self.options.setCurrentRow(row)

    def mark_answer(self, truth: str, chosen: str, colours: TextColours = TEXT_COLOURS["light"]) -> None:
        """Tick the true site and cross a wrong choice, in words as well as marks."""
        for row in range(self.options.count()):
            item = self.options.item(row)
            lesion_id = item.data(Qt.ItemDataRole.UserRole)
            name = item.text().split("  ← ")[0]
            if lesion_id == truth:
                item.setText(f"{name}  ← ✔ the lesion")
                item.setForeground(QColor(colours.right))
            elif lesion_id == chosen:
                item.setText(f"{name}  ← ✘ your answer")
                item.setForeground(QColor(colours.wrong))
            else:
                item.setText(name)
                item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def set_answered(self, answered: bool) -> None:
        self._answered = answered
        self.check.setEnabled(not answered and self.options.currentItem() is not None)


class LocaliseMode(QObject):
    """The exercise (the session's "localise"): the current case, whether it has been answered, the grade."""

    name = "localise"
    graded = Signal(object)  # Grade

    def __init__(self, window: QMainWindow, session: Session, scene: SchematicScene, canvas: CanvasView, lesions: LesionMode) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.pack = session.pack
        self.scene = scene
        self.selection = session.selection
        self.canvas = canvas
        self.lesions = lesions
        self.overlay = lesions.overlay
        #: Position in `order`, the sequence of case indexes this session works through.
        self.index = 0
        self.order: list[int] | None = None
        self.grade: Grade | None = None
        self._localiser: Localiser | None = None
        self.panel: LocalisePanel | None = None
        self.dock: ModeDock | None = None
        self._first: int | None = None
        self._marked: tuple[str, str] = ("", "")
        self.selection.changed.connect(self._on_selection)
        on_theme_change(window, self._restyle)

    @property
    def active(self) -> bool:
        return self.session.modes.active == self.name

    @property
    def localiser(self) -> Localiser:
        if self._localiser is None:
            self._localiser = Localiser(self.pack, self.lesions.book)
        return self._localiser

    # ---- the mode protocol -----------------------------------------------------------
    def unavailable(self) -> str:
        problem = self.lesions.book_problem()
        if problem:
            return problem
        return "" if self.localiser.cases else "This pack has no localisation cases."

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        return CanvasSpec(None, overlay=self.name)

    def pick(self, structure_id: str | None) -> bool:
        return False  # a click selects; the selection then chooses the answer (see _on_selection)

    def caption(self) -> str:
        return f"Localise the lesion — case {self.index + 1} of {self.case_count}"

    def start(self, index: int | None = None) -> None:
        """Start (or go on with) the exercise, at case `index` if given."""
        if self.active:
            self.show_case(self.index if index is None else index)
            return
        self._first = index
        self.session.modes.enter(self.name)

    def enter(self) -> None:
        """Called by the session when the mode starts."""
        if self.dock is None:
            self.panel = LocalisePanel()
            self.panel.set_options(self.localiser.options())
            self.panel.checked.connect(self.check)
            self.panel.next_requested.connect(self.next_case)
            self.panel.leave_requested.connect(self.session.modes.leave)
            self.dock = ModeDock.beside_facts(self.window, "Localise the lesion", "dock_localise", self.panel, self.session.modes.leave)
        if self.order is None:
            # Shuffled, so that the two members of a classic pair do not follow each other predictably.
            self.order = list(range(self.case_count))
            random.shuffle(self.order)
        self.canvas.ensure_geometry()
        self.dock.show()
        self.dock.raise_()
        first, self._first = self._first, None
        self.show_case(self.index if first is None else first)

    def leave(self) -> None:
        """Called by the session when the mode ends."""
        self.overlay.clear()
        if self.dock is not None and self.dock.isVisible():
            self.dock.hide()

    @property
    def case_count(self) -> int:
        return len(self.localiser.cases)

    def show_case(self, index: int) -> None:
        assert self.panel is not None
        self.index = index % self.case_count
        case = self.current_case
        self.grade = None
        shown = self.localiser.present(case)
        # The deficits only: no cut mark and no cut strands, which would give the answer away.
        self.overlay.show(self.localiser.result(case.lesion), self.lesions.supply, reveal=False)
        self.panel.findings.setHtml(presentation_html(self.index + 1, self.case_count, shown, window_theme(self.window)))
        self._marked = ("", "")
        self.panel.options.clearSelection()
        self.panel.options.setCurrentRow(-1)
        self.panel.set_answered(False)
        self._show_feedback()
        self.session.context_changed.emit()  # the caption names the case

    @property
    def current_case(self) -> Case:
        assert self.order is not None
        return self.localiser.cases[self.order[self.index]]

    def next_case(self) -> None:
        self.show_case(self.index + 1)

    def check(self) -> None:
        assert self.panel is not None
        chosen = self.panel.chosen()
        if chosen is None or self.grade is not None:
            return
        case = self.current_case
        self.grade = self.localiser.grade(case, chosen)
        # Ring the findings that discriminate outright (affected with one lesion, normal with the other).
        outright = [d.id for d in self.grade.differences if (d.here in NORMAL_STATES) != (d.there in NORMAL_STATES)]
        keys = outright or [d.id for d in self.grade.differences]
        self.overlay.show(self.localiser.result(case.lesion), self.lesions.supply, reveal=True, key_findings=keys)
        self.panel.set_answered(True)
        self._marked = (case.lesion, chosen)
        self._show_feedback()
        self.graded.emit(self.grade)

    def _show_feedback(self) -> None:
        assert self.panel is not None
        theme = window_theme(self.window)
        if self.grade is None:
            self.panel.feedback.setHtml(f"<style>{panel_css(theme)}</style><p class='muted'>Choose a site, then Check answer.</p>")
        else:
            self.panel.feedback.setHtml(grade_html(self.grade, theme))
        self.panel.mark_answer(*self._marked, text_colours(theme))

    def _restyle(self) -> None:
        if self.panel is not None and self.order is not None:
            case = self.current_case
            shown = self.localiser.present(case)
            self.panel.findings.setHtml(presentation_html(self.index + 1, self.case_count, shown, window_theme(self.window)))
            self._show_feedback()

    def _option_for(self, structure_id: str) -> str | None:
        """The answer a click on `structure_id` means: the option itself or the site on that nerve."""
        book = self.lesions.book
        for option, _name in self.localiser.options():
            site = book.sites.get(option)
            if option == structure_id or (site is not None and site.nerve == structure_id):
                return option
        return None

    def _on_selection(self, change: SelectionChange) -> None:
        if not self.active:
            return
        if self.grade is not None or change.current is None or self.panel is None:
            return
        option = self._option_for(change.current)
        if option is not None:
            self.panel.choose(option)
        else:
            name = self.pack.structures[change.current].name
            self.window.statusBar().showMessage(f"{name} is not one of the answers offered; pick a root, trunk or nerve.", 6000)
