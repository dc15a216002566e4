"""Lesion mode: cut a root, trunk, nerve or named site and see what it paralyses, weakens and numbs.

The canvas keeps the schematic under a veil; affected muscles and skin are redrawn above
it, each with a pattern and a word as well as a colour (paralysed: solid outline and
hatching; weak: dashed outline; numb: cross-hatching; reduced: dotted outline), the
strands the lesion cuts are drawn dashed, and the lesioned structure carries a cut mark.
A dock sums it up. Leaving the mode removes the overlay and restores normal tracing.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.errors import PackError
from viewer.model.lesion import (
    LESIONABLE_KINDS,
    Effect,
    LesionBook,
    LesionResult,
    Status,
    Strand,
    lesion_report,
    load_lesions,
    simulate,
    supply_strands,
)
from viewer.model.names import normalise
from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import Trace
from viewer.qt.canvas.overlay_kit import Z, chip, place, ring, veil
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.view import CanvasView
from viewer.qt.modes.mode_dock import ModeDock
from viewer.qt.panels.document import DocumentView
from viewer.qt.window_theme import on_theme_change, window_theme
from viewer.session import CanvasSpec, SelectionChange, Session
from viewer.themes import LIGHT, CanvasTheme, text_colours

#: How each state is drawn: colour, outline, fill pattern, and the word on its tag.
STYLES: dict[Status, tuple[str, Qt.PenStyle, Qt.BrushStyle, str]] = {
    Status.PARALYSED: ("#b91c1c", Qt.PenStyle.SolidLine, Qt.BrushStyle.BDiagPattern, "PARALYSED"),
    Status.WEAK: ("#a15c07", Qt.PenStyle.DashLine, Qt.BrushStyle.NoBrush, "weak"),
    Status.NUMB: ("#6d28d9", Qt.PenStyle.SolidLine, Qt.BrushStyle.DiagCrossPattern, "NUMB"),
    Status.REDUCED: ("#6d28d9", Qt.PenStyle.DotLine, Qt.BrushStyle.NoBrush, "reduced"),
}
VEIL_ALPHA = 190
CUT = QColor("#111827")
LOST_STRAND = QColor("#4b5563")
KEY_FINDING = QColor("#0b5cad")
SPARED = QColor("#1b6e3a")


class LesionOverlay:
    """The items lesion mode (and the localisation exercise) lay over the scene."""

    def __init__(self, scene: SchematicScene) -> None:
        self.scene = scene
        self.items: list[QGraphicsItem] = []
        #: What is shown: target id → status (affected targets only), the cut structure, key findings.
        self.shown: dict[str, Status] = {}
        self.cut_structure: str | None = None
        self.key_findings: frozenset[str] = frozenset()
        self.lost_strands: frozenset[tuple[int, str]] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.items)

    def clear(self) -> None:
        for item in self.items:
            self.scene.removeItem(item)
        self.items.clear()
        self.shown = {}
        self.cut_structure = None
        self.key_findings = frozenset()
        self.lost_strands = frozenset()

    def _add(self, item: QGraphicsItem) -> None:
        self.scene.addItem(item)
        self.items.append(item)

    def show(
        self,
        result: LesionResult,
        supply: dict[str, tuple[Strand, ...]],
        *,
        reveal: bool = True,
        key_findings: Iterable[str] = (),
    ) -> None:
        """Draw `result`; with `reveal`, also the cut mark and the cut strands."""
        self.clear()
        pack = self.scene.pack
        self._add(veil(self.scene.sceneRect(), self.scene.theme.background, VEIL_ALPHA))  # the theme's page
        for decoration in ("legend-key", "layer-titles"):
            if self.scene.renderer.elementExists(decoration):
                self._add(self.scene.element_item(decoration, Z.NODES))
        if reveal:
            self._draw_lost_strands(result, supply)
        for effect in (*result.muscles, *result.skin):
            if effect.status in STYLES and not pack.structures[effect.id].parts:
                self.shown[effect.id] = effect.status
                # A dermatome is drawn on the skin map only: the schematic has no element to mark.
                if self.scene.renderer.elementExists(effect.id):
                    self._draw_target(effect)
        for composite in (e for e in result.muscles if pack.structures[e.id].parts and e.status in STYLES):
            self.shown[composite.id] = composite.status
        self.key_findings = frozenset(k for k in key_findings if k in pack.structures and not pack.structures[k].parts)
        for target in sorted(self.key_findings):
            if target not in self.shown:
                # Normal here but not with the other lesion: bring it above the veil and say so.
                self._add(self.scene.element_item(target, Z.NODES))
                box = self._box(target)
                self._tag("normal", QPointF(box.right() + 10, box.center().y()), KEY_FINDING, before=box.left() - 6)
            self._ring(target, KEY_FINDING, Qt.PenStyle.SolidLine, 3.2, 7)
        if reveal:
            self._draw_cut(result.lesion.structure)
            if result.lesion.site is not None:
                for target in result.lesion.site.spares:
                    # Branches given off above the level: shown as kept, so the level reads on the diagram.
                    self._add(self.scene.element_item(target, Z.NODES))
                    box = self._box(target)
                    self._tag("spared", QPointF(box.right() + 10, box.center().y()), SPARED, before=box.left() - 6)

    def _box(self, element_id: str) -> QRectF:
        return self.scene.renderer.boundsOnElement(element_id)

    def _draw_target(self, effect: Effect) -> None:
        colour, pen_style, brush_style, word = STYLES[effect.status]
        box = self._box(effect.id)
        self._add(self.scene.element_item(effect.id, Z.NODES))
        outline = QGraphicsRectItem(box.adjusted(-2.5, -2.5, 2.5, 2.5))
        pen = QPen(QColor(colour), 2.6 if effect.status in (Status.PARALYSED, Status.NUMB) else 2.2, pen_style)
        outline.setPen(pen)
        hatch = QColor(colour)
        hatch.setAlpha(90)  # the label stays readable through the hatching
        outline.setBrush(QBrush(hatch, brush_style) if brush_style is not Qt.BrushStyle.NoBrush else Qt.BrushStyle.NoBrush)
        outline.setZValue(Z.NODES + 0.2)
        self._add(outline)
        if effect.caveat:
            word += " · varies"  # an inconstant supply or a variably placed branch could change it
        self._tag(word, QPointF(box.right() + 10, box.center().y()), QColor(colour), before=box.left() - 6)

    def _tag(self, word: str, at: QPointF, colour: QColor, *, above: bool = False, before: float | None = None) -> None:
        """A chip with `word` at `at`; if it would leave the drawing, it ends at `before` instead."""
        made = chip(word, colour, height=16.0)
        width, height = made[0].rect().width(), made[0].rect().height()
        top = at.y() - height - 3 if above else at.y() - height / 2
        x = at.x()
        if before is not None and x + width > self.scene.sceneRect().right():
            x = before - width
        place(made, x, top)
        for item in made:
            self._add(item)
        self.scene.show_when_legible(made, made[1].font().pixelSize())  # a 3 px word at fit would only be noise

    def _ring(self, element_id: str, colour: QColor, style: Qt.PenStyle, width: float, margin: float) -> None:
        item = ring(self._box(element_id), QPen(colour, width, style), margin=margin, radius=8)
        item.setZValue(Z.MARKS)
        self._add(item)

    def _draw_lost_strands(self, result: LesionResult, supply: dict[str, tuple[Strand, ...]]) -> None:
        geometry = self.scene.geometry
        lesion = result.lesion
        lost: set[tuple[int, str]] = set()
        for strands in supply.values():
            for strand in strands:
                for k, index in enumerate(strand.links):
                    if self.scene.pack.links[index].source in lesion.cut and index not in lesion.spared_links:
                        lost.update((i, strand.segment) for i in strand.links[k:])
                        break
        self.lost_strands = frozenset(lost)
        if geometry is None:
            return
        pen = QPen(LOST_STRAND, 2.4, Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([2.0, 1.6])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        for key in sorted(lost):
            shape = geometry.strands.get(key)
            if shape is not None:
                item = QGraphicsPathItem(shape.path)
                item.setPen(pen)
                item.setZValue(Z.STRANDS)
                self._add(item)

    def _draw_cut(self, structure_id: str) -> None:
        """A break mark across the lesioned structure and a 'CUT' tag above it."""
        self.cut_structure = structure_id
        box = self._box(structure_id)
        self._add(self.scene.element_item(structure_id, Z.NODES))
        self._ring(structure_id, CUT, Qt.PenStyle.DashLine, 2.4, 5)
        # The break sits where the nerve leaves its box, across the strands it sends on.
        cx, cy, h = box.right() + 12, box.center().y(), box.height() / 2 + 9
        for dx in (-5.0, 5.0):
            bar = QPainterPath()
            bar.moveTo(cx + dx - 6, cy + h)
            bar.lineTo(cx + dx + 6, cy - h)
            halo = QGraphicsPathItem(bar)
            halo.setPen(QPen(QColor("#ffffff"), 7.0))
            halo.setZValue(Z.MARKS + 0.2)
            line = QGraphicsPathItem(bar)
            line.setPen(QPen(CUT, 3.6))
            line.setZValue(Z.MARKS + 0.3)
            self._add(halo)
            self._add(line)
        # The tag sits beside the break, above the strands leaving the box, clear of its neighbours.
        self._tag("✂ CUT", QPointF(cx + 12, cy - h + 2), CUT, above=True)


# ---------------------------------------------------------------- the panel


def filter_hint(pack: Pack, book: LesionBook) -> str:
    """The filter's example text from the pack itself: a root and the first named sites ("Filter: C7, upper trunk, lower trunk…")."""
    root = pack.segments[len(pack.segments) // 2] if pack.segments else ""
    sites = [(s.synonyms or (s.name,))[0] for s in list(book.sites.values())[:2]]
    return "Filter: " + ", ".join(x for x in (root, *sites) if x) + "…"


def _names(effects: list[Effect], with_segments: bool = True) -> str:
    if not effects:
        return '<span class="muted">none</span>'
    rows = []
    for e in effects:
        seg = ""
        if with_segments and e.lost:
            seg = f" <span class='muted'>({escape(e.loss_text)})</span>"
        caveat = f" <i class='muted'>— {escape(e.caveat)}</i>" if e.caveat else ""
        severe = " <b>(severe)</b>" if e.severe else ""
        rows.append(f"<li>{escape(e.name)}{severe}{seg}{caveat}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def panel_css(theme: CanvasTheme = LIGHT) -> str:
    """The lesion and localise panels' style in `theme`: every colour 4.5:1 or more on the panel."""
    c = text_colours(theme)
    underline = "underline" if theme.high_contrast else "none"
    return f"""
body {{ font-size: 10.5pt; }}
h2 {{ margin: 0 0 2px 0; font-size: 14pt; }}
h3 {{ margin: 10px 0 2px 0; font-size: 10.5pt; color: {c.heading}; }}
ul {{ margin: 0 0 0 -20px; }}
.muted {{ color: {c.muted}; }}
.p {{ color: {c.wrong}; }} .w {{ color: {c.weak}; }} .n {{ color: {c.numb}; }}
.cite {{ color: {c.muted}; font-size: 8.5pt; }}
a {{ color: {c.link}; text-decoration: {underline}; }}
"""


#: The light theme's panel style.
PANEL_CSS = panel_css(LIGHT)


def lesion_html(pack: Pack, book: LesionBook, result: LesionResult, theme: CanvasTheme = LIGHT) -> str:
    """The dock's summary of one lesion: counts, lists, reflexes, clinical picture, sources."""
    report = lesion_report(pack, book, result)
    lesion = report.lesion
    parts = [f"<style>{panel_css(theme)}</style><h2>✂ {escape(lesion.name)}</h2>"]
    if report.level:
        parts.append(f"<div class='muted'>{escape(report.level)}</div>")
    parts.append(
        f"<p><b class='p'>{len(result.paralysed)} paralysed</b> · <b class='w'>{len(result.weak)} weak</b> · "
        f"<b class='n'>{len(result.numb)} numb</b> · {len(result.reduced_sensation)} with reduced sensation</p>"
    )
    if lesion.incomplete == "overlap":
        parts.append(
            "<p class='muted'>A root lesion weakens and reduces but never paralyses or anaesthetises: neighbouring roots overlap "
            "and the plexus is often prefixed or postfixed (see the clinical picture).</p>"
        )
    elif lesion.incomplete:
        parts.append(
            "<p class='muted'>An entrapment: drawn as partial weakness and reduced sensation at most (see the clinical picture).</p>"
        )
    if report.spares:
        spared = ", ".join(escape(s.name) for s in report.spares)
        parts.append(f"<p class='muted'>Given off above the level, so spared: {spared}</p>")
    parts.append(f"<h3 class='p'>Paralysed (all supply cut)</h3>{_names(result.paralysed)}")
    parts.append(f"<h3 class='w'>Weak (part of the supply cut; severe: all of it, after a root lesion)</h3>{_names(result.weak)}")
    parts.append(f"<h3 class='n'>Numb skin (all supply cut)</h3>{_names(result.numb)}")
    parts.append(f"<h3>Reduced sensation (part cut)</h3>{_names(result.reduced_sensation)}")
    if result.possibly_affected:
        parts.append(f"<h3>Unaffected as drawn, but…</h3>{_names(result.possibly_affected, with_segments=False)}")
    if report.reflexes:
        rows = "".join(f"<li>{escape(r.name)} ({escape(r.span)}): <b>{escape(r.change)}</b></li>" for r in report.reflexes)
        parts.append(f"<h3>Reflexes</h3><ul>{rows}</ul>")
    else:
        parts.append("<h3>Reflexes</h3><span class='muted'>none of the tested reflexes changes</span>")
    for v in report.variable:
        parts.append(f"<p><b>Variable:</b> {escape(v.name)} — {escape(v.note)}</p>")
    if report.description:
        marks = "".join(f"[{n}]" for n in range(1, len(report.sources) + 1))
        parts.append(f"<h3>Clinical picture</h3><p>{escape(report.description)} <span class='cite'>{marks}</span></p>")
    if report.sources:
        items = "".join(
            f"<li>[{n}] " + (f"<a href='{escape(c.url)}'>{escape(c.title)}</a>" if c.url else escape(c.title)) + "</li>"
            for n, c in enumerate(report.sources, 1)
        )
        parts.append(f"<h3>Sources</h3><ul class='cite'>{items}</ul>")
    return "".join(parts)


_SECTIONS = (
    ("Named sites", None),
    ("Roots (segments)", Kind.SEGMENT),
    ("Trunks", Kind.TRUNK),
    ("Cords", Kind.CORD),
    ("Nerves", Kind.NERVE),
    ("Branches", Kind.BRANCH),
    ("Divisions", Kind.DIVISION),
)


class LesionPanel(QWidget):
    """Choose a site (filterable list), read the summary, leave the mode."""

    chosen = Signal(str)
    leave_requested = Signal()

    def __init__(self, pack: Pack, book: LesionBook, theme: CanvasTheme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pack = pack
        self.book = book
        layout = QVBoxLayout(self)
        label = QLabel("Lesion site — a root, a trunk, a nerve, or a nerve at a named level:")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(filter_hint(pack, book))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter lesion sites")
        layout.addWidget(self.filter)
        self.choices = QListWidget()
        self.choices.setAccessibleName("Lesion sites")
        self.choices.setMaximumHeight(230)
        layout.addWidget(self.choices)
        self.summary = DocumentView("What the lesion does")
        self.summary.setOpenExternalLinks(True)
        layout.addWidget(self.summary, 1)
        self.leave = QPushButton("Leave lesion mode")
        layout.addWidget(self.leave)
        self.setMinimumWidth(360)
        self._keys: dict[str, str] = {}
        self._fill()
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.returnPressed.connect(self.choose_first_shown)
        self.choices.currentItemChanged.connect(self._on_current)
        self.leave.clicked.connect(self.leave_requested)
        self.summary.setHtml(
            f"<style>{panel_css(theme)}</style><p class='muted'>Choose a site above, or click a root, trunk or nerve on the diagram.</p>"
        )

    def _fill(self) -> None:
        #: Each section's title and its (lesion id, name) rows, in the order listed.
        self._sections: list[tuple[str, list[tuple[str, str]]]] = []
        for title, kind in _SECTIONS:
            if kind is None:
                rows = [(s.id, s.name, (s.name, *s.synonyms, s.id)) for s in self.book.sites.values()]
            else:
                rows = [(s.id, s.name, (s.name, *s.synonyms, s.latin, s.id)) for s in self.pack.of_kind(kind)]
            for lesion_id, _name, words in rows:
                self._keys[lesion_id] = " | ".join(normalise(w) for w in words if w)
            self._sections.append((title, [(lesion_id, name) for lesion_id, name, _words in rows]))
        self._list("")

    def _list(self, wanted: str) -> None:
        """List the sites whose names contain `wanted`, under their headings; only those (a reader
        hears the count of what is shown, not of every site)."""
        current = self.choices.currentItem()
        current_id = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.choices.blockSignals(True)
        try:
            self.choices.clear()
            heading_font = QFont(self.choices.font())  # the list's own size: it follows the font scale
            heading_font.setBold(True)
            for title, rows in self._sections:
                shown = [(lesion_id, name) for lesion_id, name in rows if not wanted or wanted in self._keys[lesion_id]]
                if not shown:
                    continue
                header = QListWidgetItem(title)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # drawn in full contrast, never selected
                header.setFont(heading_font)
                self.choices.addItem(header)
                for lesion_id, name in shown:
                    item = QListWidgetItem("    " + name)
                    item.setData(Qt.ItemDataRole.UserRole, lesion_id)
                    self.choices.addItem(item)
                    if lesion_id == current_id:
                        self.choices.setCurrentItem(item)
        finally:
            self.choices.blockSignals(False)

    def _apply_filter(self, text: str) -> None:
        self._list(normalise(text))

    def choose_first_shown(self) -> None:
        """Enter in the filter takes the first site still listed."""
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if not item.isHidden() and item.data(Qt.ItemDataRole.UserRole):
                self.choices.setCurrentItem(item)
                return

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def mark_current(self, lesion_id: str) -> None:
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == lesion_id:
                if self.choices.currentItem() is not item:
                    self.choices.blockSignals(True)
                    self.choices.setCurrentItem(item)
                    self.choices.blockSignals(False)
                self.choices.scrollToItem(item)
                return


class LesionMode(QObject):
    """Lesion mode (the session's "lesion"): which lesion is shown, its overlay and its dock."""

    name = "lesion"
    changed = Signal(object)  # LesionResult | None

    def __init__(self, window: QMainWindow, session: Session, scene: SchematicScene, canvas: CanvasView) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.pack = session.pack
        self.scene = scene
        self.selection = session.selection
        self.canvas = canvas
        self.overlay = LesionOverlay(scene)
        self.result: LesionResult | None = None
        self._book: LesionBook | None = None
        self._supply: dict[str, tuple[Strand, ...]] | None = None
        self.panel: LesionPanel | None = None
        self.dock: ModeDock | None = None
        self._first: str | None = None
        self.selection.changed.connect(self._on_selection)
        on_theme_change(window, self._restyle)

    @property
    def active(self) -> bool:
        return self.session.modes.active == self.name

    def _restyle(self) -> None:
        if self.panel is not None and self.result is not None:
            self.panel.summary.setHtml(lesion_html(self.pack, self.book, self.result, window_theme(self.window)))

    @property
    def book(self) -> LesionBook:
        if self._book is None:
            self._book = load_lesions(self.pack)
        return self._book

    @property
    def supply(self) -> dict[str, tuple[Strand, ...]]:
        if self._supply is None:
            self._supply = supply_strands(self.pack)
        return self._supply

    def toggle(self) -> None:
        self.session.modes.toggle(self.name)

    def book_problem(self) -> str:
        """Why the lesion file cannot be used ("" when it can)."""
        try:
            _ = self.book
        except PackError as exc:
            return f"Lesion data unusable: {exc.problems[0]}"
        return ""

    def book_or_report(self) -> LesionBook | None:
        """The lesion file, or None after telling the user (in the status bar) why it cannot be used."""
        problem = self.book_problem()
        if problem:
            self.window.statusBar().showMessage(problem, 15000)
            return None
        return self.book

    # ---- the mode protocol -----------------------------------------------------------
    def unavailable(self) -> str:
        return self.book_problem()

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        return CanvasSpec(None, overlay=self.name)

    def pick(self, structure_id: str | None) -> bool:
        return False  # a click selects; the selection then cuts a root, trunk or nerve (see _on_selection)

    def enter(self, lesion_id: str | None = None) -> None:
        """Through the session only (`session.modes.enter("lesion")`); `start` is the way in with a lesion."""
        if not self.active:
            self._first = lesion_id
            self.session.modes.enter(self.name)
            return
        if self.dock is None:
            self.panel = LesionPanel(self.pack, self.book, window_theme(self.window))
            self.panel.chosen.connect(self.set_lesion)
            self.panel.leave_requested.connect(self.session.modes.leave)
            self.dock = ModeDock.beside_facts(self.window, "Lesion simulator", "dock_lesion", self.panel, self.session.modes.leave)
        self.canvas.ensure_geometry()
        self.dock.show()
        self.dock.raise_()
        first, self._first = self._first, None
        start = first or (self.result.lesion.id if self.result else None) or self._lesionable(self.selection.current)
        if start:
            self.set_lesion(start)
        else:
            assert self.panel is not None
            self.panel.filter.setFocus()

    def leave(self) -> None:
        """Called by the session when the mode ends (Leave, closing the dock, another mode, Ctrl+L)."""
        self.overlay.clear()
        if self.dock is not None and self.dock.isVisible():
            self.dock.hide()
        self.changed.emit(None)

    def caption(self) -> str:
        """The status line while the mode is active."""
        if self.result is None:
            return "Lesion simulator: choose a site in the panel, or click a root, trunk or nerve."
        r = self.result
        return f"Lesion: {r.lesion.name} — {len(r.paralysed)} paralysed, {len(r.weak)} weak, {len(r.numb)} numb"

    def set_lesion(self, lesion_id: str) -> None:
        if not self.active:
            self.enter(lesion_id)
            return
        self.result = simulate(self.pack, self.book, lesion_id, self.supply)
        self.overlay.show(self.result, self.supply)
        assert self.panel is not None
        self.panel.summary.setHtml(lesion_html(self.pack, self.book, self.result, window_theme(self.window)))
        self.panel.mark_current(lesion_id)
        self.changed.emit(self.result)
        self.session.context_changed.emit()  # the caption names the lesion

    def _lesionable(self, structure_id: str | None) -> str | None:
        if structure_id and self.pack.structures[structure_id].kind in LESIONABLE_KINDS:
            return structure_id
        return None

    def _on_selection(self, change: SelectionChange) -> None:
        if not self.active:
            return
        # In lesion mode a click on a root, trunk or nerve cuts it; anything else only reports its state.
        target = self._lesionable(change.current)
        if target:
            self.set_lesion(target)
        elif change.current and self.result is not None:
            s = self.pack.structures[change.current]
            status = self.overlay.shown.get(change.current, Status.SPARED if s.kind is Kind.MUSCLE else Status.NORMAL)
            self.window.statusBar().showMessage(f"{s.name}: {status.value} after a lesion of {self.result.lesion.name}", 8000)
