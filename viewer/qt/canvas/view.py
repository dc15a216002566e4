"""The canvas: the schematic in a view that zooms, pans, hovers and selects."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QAccessible, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QGraphicsView, QWidget

from viewer.model.labels import label, subtitle
from viewer.model.records import Kind
from viewer.model.settings import LabelLanguage
from viewer.qt.canvas import accessible
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.label_layer import LabelItem
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.canvas.tiles import TiledBackground
from viewer.qt.canvas.zoom_view import ZoomView
from viewer.session import CanvasSpec, RouteFocus, SelectionChange, Session
from viewer.session.route import focus_line

MIN_ZOOM, MAX_ZOOM = 0.5, 12.0  # relative to the fitted view
#: Framing a selection zooms in no further than this (device pixels per drawing unit): a small
#: pathway is shown with its surroundings, not blown up.
FRAME_MAX_SCALE = 1.6
#: The canvas is drawn sharp again this long after the last click, zoom or pan step (ms).
DRAFT_REST_MS = 120
#: The render hints of a frame at rest.
SHARP = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing | QPainter.RenderHint.SmoothPixmapTransform


def canvas_name(pack_title: str) -> str:
    """The canvas's accessible name while no structure on it has the keyboard's focus: "Schematic of the brachial plexus"."""
    from viewer.model.labels import pack_in_a_sentence

    title = pack_in_a_sentence(pack_title)
    return f"Schematic of the {title}"


#: The arrow keys the canvas claims from the window's step shortcuts while it has the focus (not presenting).
ROUTE_KEYS = {Qt.Key.Key_Down: "down", Qt.Key.Key_Up: "up", Qt.Key.Key_Right: "right", Qt.Key.Key_Left: "left"}
#: The keys that pick the focused structure, as a click on it would.
PICK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class CanvasView(ZoomView):
    """Shows the scene; a click selects, a drag pans, the wheel zooms about the pointer."""

    def __init__(self, scene: SchematicScene, session: Session, parent: QWidget | None = None) -> None:
        accessible.install(CanvasView)  # the drawing's accessible object, with the focused structure as its child
        super().__init__(scene, parent)
        self.schematic = scene
        self.session = session
        self.selection = session.selection
        self.setRenderHints(SHARP)
        # The frames of a click, a zoom or a pan are drafts: the lit strands' dashes drawn without
        # antialiasing cost about half (20 against 11 ms for the sciatic nerve's 152 strands at
        # 3840x2160). When the hand rests the canvas is drawn sharp, as the tiles are sharpened.
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_REST_MS)
        self._draft_timer.timeout.connect(self._sharpen)
        # The background comes from tiles per zoom level (see tiles.py), not Qt's one cached pixmap,
        # which is thrown away at every change of scale.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.tiles = TiledBackground(self, scene)
        # Every paint covers the viewport (tiles and the page colour): Qt need not clear it first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        #: False draws the background straight from the scene (a reference for the tiles).
        self.tiled = True
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        #: The accessible name while no structure has the keyboard's focus; it names the pack.
        self.resting_name = canvas_name(scene.pack.title)
        self.setAccessibleName(self.resting_name)
        self._init_zoom()
        scene.set_label_detail(True)
        # A window settles its size in a step or two before its first frame: the labels are placed
        # once, for the size that frame is painted at, not at every size on the way.
        scene.hold_labels()
        self._from_click = False
        self.label_language = LabelLanguage.ENGLISH
        #: Whether selecting a structure from outside the canvas brings its pathway into view (a setting).
        self.auto_frame = True
        # What is lit comes from the session alone, once per change; the selection only moves the view.
        session.canvas_changed.connect(self._on_canvas)
        self.selection.changed.connect(self._on_selection)
        # The arrow keys' route: a ring on the focused structure while the canvas has the focus.
        self.route = session.route
        self.route.changed.connect(self._on_route)
        session.modes.changed.connect(lambda _change: self._show_focus(self.route.focus))  # no ring while presenting
        self._accessible_focus: accessible.FocusedStructure | None = None

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if not (self.tiled and self.tiles.paint(painter, QRectF(rect))):
            super().drawBackground(painter, rect)
            if self.schematic.text_pending:  # drawn straight from the scene: its own text is on screen now
                QTimer.singleShot(0, self.schematic.text_drawn)

    # ---- geometry --------------------------------------------------------
    def ensure_geometry(self) -> GeometryIndex:
        """The hit-test index, building it now if the deferred build has not run yet."""
        if self.schematic.geometry is None:
            from viewer.qt.canvas.geometry_cache import load_or_build

            variant = "textless" if self.schematic.textless else "text"  # the boxes are measured as the drawing is shown
            self.schematic.set_geometry(load_or_build(self.schematic.pack, self.schematic.renderer, variant))
        assert self.schematic.geometry is not None
        return self.schematic.geometry

    def view_pos_of(self, structure_id: str) -> QPoint:
        """Where on the viewport a user sees (and clicks) `structure_id`."""
        return self.mapFromScene(self.ensure_geometry().centre_of(structure_id))

    # ---- zoom ------------------------------------------------------------
    zoom_range = (MIN_ZOOM, MAX_ZOOM * 4)

    def _before_first_paint(self) -> None:
        self.schematic.release_labels()

    def _scale_changed(self) -> None:
        self._draft()
        self.schematic.set_device_scale(self.transform().m11() * self.devicePixelRatioF())

    def scroll_by(self, dx: int, dy: int) -> None:
        self._draft()
        super().scroll_by(dx, dy)

    # ---- draft frames while the hand moves -------------------------------------------------
    def _draft(self) -> None:
        """Draw the frames to come without antialiasing, until the hand has rested for `DRAFT_REST_MS`."""
        if not self._painted:
            return  # the window's first frame is drawn sharp
        if self.renderHints() & QPainter.RenderHint.Antialiasing:
            self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._draft_timer.start()

    def _sharpen(self) -> None:
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.viewport().update()

    @property
    def drafting(self) -> bool:
        """True while the canvas is drawn as a draft (see `_draft`)."""
        return self._draft_timer.isActive()

    def zoom_to(self, rect: QRectF) -> None:
        self._auto_fit = False
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._scale_changed()

    # ---- what the shared view asks ------------------------------------------
    def label_at(self, pos: QPoint) -> LabelItem | None:
        """The label shown under viewport position `pos`, if any (a label is as good a target as its box)."""
        labels = self.schematic.labels
        if labels is None or not labels.active:
            return None
        at = QPointF(pos)
        viewport = self.viewportTransform()
        for item in labels.shown():
            if item.deviceTransform(viewport).mapRect(item.rect).contains(at):
                return item
        return None

    def _on_box(self, pos: QPoint) -> str | None:
        """The structure whose box (not strand) is drawn under `pos`."""
        geometry = self.schematic.geometry
        if geometry is None:
            return None
        point = self.mapToScene(pos)
        hit = geometry.structure_at(point)
        box = geometry.boxes.get(hit) if hit is not None else None
        return hit if box is not None and box.contains(point) else None

    def hit_at(self, pos: QPoint) -> str | None:
        geometry = self.schematic.geometry
        if geometry is None:
            return None
        on_box = self._on_box(pos)
        if on_box is not None:
            return on_box  # a box is hit as drawn, whatever label runs across it
        hit = geometry.structure_at(self.mapToScene(pos))
        label = self.label_at(pos)
        if label is not None and label.candidate.key in self.schematic.pack.structures:
            return label.candidate.key  # the name, over strands or empty space, is as good as its box
        return hit

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.ensure_geometry()  # a click before the deferred build still hits
        pos = event.position().toPoint()
        label = self.label_at(pos) if event.button() == Qt.MouseButton.LeftButton and not self._on_box(pos) else None
        if label is not None and label.candidate.members and self._press is not None and not self._dragged:
            # A compartment's label opens it, as a map's region name does: zoom to its members.
            self.open_group(label.candidate.members)
            self._press = None
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def open_group(self, members: tuple[str, ...]) -> None:
        """Zoom until the members of a compartment are drawn large enough to be named."""
        geometry = self.ensure_geometry()
        boxes = [geometry.boxes[m] for m in members if m in geometry.boxes]
        if not boxes:
            return
        rect = QRectF(boxes[0])
        for box in boxes[1:]:
            rect = rect.united(box)
        self.frame(rect)

    def clicked(self, hit: str | None) -> None:
        self._from_click = True
        try:
            self.session.pick(hit)  # the active mode's answer or cut, else a selection
        finally:
            self._from_click = False

    def tooltip(self, hit: str) -> str:
        if self.session.canvas().labels_hidden:
            return ""  # a tooltip would name what study mode asks
        return tooltip_text(self.schematic, hit, self.label_language)

    def _on_canvas(self, spec: CanvasSpec) -> None:
        if self.isVisible():
            self._draft()
        self.schematic.show_trace(spec.trace)

    def _on_selection(self, change: SelectionChange) -> None:
        if not change.current or self._from_click or self.schematic.geometry is None or self._room_pinned:
            return  # (presentation mode frames each pathway itself)
        box = self.schematic.geometry.boxes.get(change.current)
        if box is None:
            return
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        if self.auto_frame and (not shown.contains(box) or not self._legible(change.current)):
            self.frame_selection(change.current)
        elif not shown.contains(box):
            self.centerOn(box.center())

    # ---- the keyboard route ---------------------------------------------------------
    def keyed_focus(self) -> RouteFocus | None:
        """The structure the arrow keys have put the focus on (not one a click or a name selected), if any."""
        focus = self.route.focus
        return focus if focus is not None and focus.move != "follow" and self.claims_route_keys() else None

    def claims_route_keys(self) -> bool:
        """Whether the arrows walk the route: not while presenting, where a clicker's arrows step."""
        return self.session.modes.active != "present"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._route_key(event):
            event.accept()  # the canvas takes this key; the window's step shortcut does not fire
            return True
        return super().event(event)

    def _route_key(self, event: QKeyEvent) -> bool:
        """Whether `event` is a key of the route: an arrow, or Enter or Space on a structure the arrows reached."""
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or not self.claims_route_keys():
            return False
        key = event.key()
        if key in ROUTE_KEYS:
            return True
        if key == Qt.Key.Key_Space:
            return self.keyed_focus() is not None
        return key in PICK_KEYS and self.route.focus is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._route_key(event):
            key = event.key()
            if key in ROUTE_KEYS:
                self.route.move(ROUTE_KEYS[Qt.Key(key)])
            else:
                focus = self.route.focus
                assert focus is not None
                self.session.pick(focus.current)  # as a click on it: the active mode's answer or cut, else a selection
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_focus(self.route.focus)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_focus(self.route.focus)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.schematic.focus_ring is not None:
            self._show_focus(self.route.focus)  # the ring in the new theme's highlight colour

    def _on_route(self, focus: RouteFocus | None) -> None:
        shown = self._show_focus(focus)
        if shown is not None and focus is not None and focus.move != "follow":
            visible = self.mapToScene(self.viewport().rect()).boundingRect()
            if not visible.contains(shown):
                self.centerOn(shown.center())

    def _label_rect(self, structure_id: str) -> QRectF | None:
        """Where on the drawing the label layer names `structure_id` now, if it does."""
        labels = self.schematic.labels
        if labels is None or not labels.active:
            return None
        viewport = self.viewportTransform()
        for item in labels.shown():
            if item.candidate.key == structure_id:
                return self.mapToScene(item.deviceTransform(viewport).mapRect(item.rect).toAlignedRect()).boundingRect()
        return None

    def _show_focus(self, focus: RouteFocus | None) -> QRectF | None:
        """Ring the keyboard's focus while the canvas has the focus, and name it to a reader."""
        keyed = focus is not None and focus.move != "follow" and self.claims_route_keys()
        if keyed and self.hasFocus():
            assert focus is not None
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            shown = self.schematic.show_focus(focus.current, colour, self._label_rect(focus.current))
        else:
            shown = self.schematic.show_focus(None)
        line = self.focus_text()
        name = f"Schematic: {line}" if line else self.resting_name
        if name != self.accessibleName():
            self.setAccessibleName(name)  # Qt tells the reader the name changed
        if keyed and self.hasFocus():
            accessible.announce_focus(self.accessible_focus())
        return shown

    def focus_text(self) -> str:
        """What a reader hears for the structure the arrows reached ("" for none): "L4, root, 5 of 12"."""
        focus = self.keyed_focus()
        if focus is None:
            return ""
        spec = self.session.canvas()  # study: the drawing names nothing, nor does the reader; the ring is said
        return focus_line(self.schematic.pack, focus, names=not spec.labels_hidden, language=self.label_language, ringed=spec.ringed)

    def focus_rect(self) -> QRectF | None:
        """Where on the drawing the structure the arrows reached is (the ring's rectangle while it shows)."""
        ring = self.schematic.focus_ring
        if ring is not None and ring.scene() is not None:
            return ring.sceneBoundingRect()
        focus = self.keyed_focus()
        geometry = self.schematic.geometry
        return geometry.boxes.get(focus.current) if focus is not None and geometry is not None else None

    def accessible_focus(self) -> accessible.FocusedStructure:
        """The accessible child that stands for the structure the arrows reached (made once)."""
        if self._accessible_focus is None:
            self._accessible_focus = accessible.FocusedStructure(self)
            QAccessible.registerAccessibleInterface(self._accessible_focus)
        return self._accessible_focus

    # ---- framing -----------------------------------------------------------
    def _legible(self, structure_id: str) -> bool:
        """Whether `structure_id` is named on screen now (its own text or a label of the label layer)."""
        labels = self.schematic.labels
        if labels is None or not self.schematic.textless:
            return True
        return any(item.isVisible() and item.candidate.key == structure_id for item in labels.items)

    def pathway_rect(self, structure_id: str | None = None) -> QRectF | None:
        """The drawing's rectangle round `structure_id` (the selection) and the pathway it lights."""
        sid = structure_id or self.selection.current
        geometry = self.ensure_geometry()
        if sid is None or sid not in geometry.boxes:
            return None
        trace = self.session.canvas().trace
        ids = set(trace.structures) if trace is not None and trace.selected == sid else {sid}
        rect = QRectF(geometry.boxes[sid])
        for other in ids:
            box = geometry.boxes.get(other)
            if box is not None:
                rect = rect.united(box)
        return rect

    def frame_selection(self, structure_id: str | None = None) -> None:
        """Zoom and scroll so the selection's pathway fills the view (Shift+F); nothing selected: fit."""
        rect = self.pathway_rect(structure_id)
        if rect is None:
            self.fit()
            return
        self.frame(rect)

    def frame(self, rect: QRectF) -> None:
        """Show `rect` of the drawing as large as the view and the zoom limits allow, centred."""
        view = self.viewport().rect()
        margin = 24.0  # pixels left round the framed rectangle
        wanted = min((view.width() - 2 * margin) / max(rect.width(), 1.0), (view.height() - 2 * margin) / max(rect.height(), 1.0))
        fit = self._fit_scale()
        low, high = self.zoom_range
        scale = max(low * fit, min(high * fit, min(wanted, FRAME_MAX_SCALE)))
        self._auto_fit = False
        self.resetTransform()
        self.scale(scale, scale)
        self.leave_room()
        self.centerOn(rect.center())
        self._scale_changed()


def tooltip_text(scene: SchematicScene, structure_id: str, language: LabelLanguage = LabelLanguage.ENGLISH) -> str:
    s = scene.pack.structures[structure_id]
    kind = {Kind.SKIN: "skin territory"}.get(s.kind, s.kind.value)
    segs = ", ".join(s.segments)
    other = subtitle(s, language)
    second = f"<br><i>{other}</i>" if other else ""
    extra = " · inconstant" if s.inconstant else ""
    return f"<b>{label(s, language)}</b>{second}<br>{kind} · {segs}{extra}<br><small>Click to trace</small>"
