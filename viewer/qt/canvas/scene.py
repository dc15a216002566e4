"""The schematic scene: QtSvg draws the diagram; the lit pathway is drawn above a veil.

The SVG is rendered as the scene's background (the view keeps it as tiles, see tiles.py), so the diagram looks
exactly as drawn. A selection lays a translucent veil over it, which leaves the rest faint
but readable, and draws the lit strands in their root colours and dash patterns, the lit
structures at full contrast, a ring round the selection, and segment tags beside each
lit muscle and skin territory saying which segments reach it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.tracing import Trace
from viewer.model.variants import schematic_without
from viewer.palette import DEFAULT_PALETTE, Palette, chip_fill, repaint_roots, segment_style, text_on
from viewer.qt.canvas.geometry import GeometryIndex
from viewer.qt.canvas.label_layer import MIN_PIXELS, LabelLayer, candidates, display_names, smallest_text_units, textless_svg
from viewer.qt.canvas.overlay_kit import Z, place, ring, veil
from viewer.qt.canvas.overlay_kit import chip as make_chip
from viewer.themes import LIGHT, CanvasTheme

if TYPE_CHECKING:
    from PySide6.QtSvgWidgets import QGraphicsSvgItem
    from PySide6.QtWidgets import QGraphicsPathItem

    from viewer.qt.canvas.divisions_layer import DivisionsLayer

LIT_WIDTH = 3.4  # scene units: as wide as three drawn strands side by side
MIN_LIT_PIXELS = 2.6
#: The pixel size of a segment tag's text, in scene units.
CHIP_TEXT_PIXELS = 11  # never thinner than this on screen, however far out the view is zoomed
#: Decoration that stays at full contrast under a selection: the key and the titles.
ALWAYS_CLEAR = ("legend-key", "layer-titles")


class SchematicScene(QGraphicsScene):
    """The diagram and its highlight, shared by the window's canvas and by exports."""

    def __init__(
        self,
        pack: Pack,
        renderer: QSvgRenderer | None = None,
        *,
        textless: bool = False,
        theme: CanvasTheme = LIGHT,
        palette: Palette = DEFAULT_PALETTE,
    ) -> None:
        """The scene of `pack`'s schematic, drawn by `renderer`, or by a renderer of its own.

        A renderer of its own reads the drawing once, already as it will first be shown: in
        `theme` and `palette`, and without its text if `textless` (the window's canvas at fit,
        where the label layer names what is drawn), instead of reading it as it is and then
        again for each of those.
        """
        super().__init__()
        self.pack = pack
        #: True while the drawing is shown without its text and the label layer names what is drawn.
        self.textless = textless
        #: Elements drawn without their text (study mode).
        self.unlabelled: frozenset[str] = frozenset()
        self.theme = theme
        self.palette = palette
        if renderer is None:
            renderer = QSvgRenderer(QByteArray(self._svg(frozenset())), self)
            if not renderer.isValid():
                raise ValueError(f"{pack.svg_path}: QtSvg could not read the schematic")
        self.renderer = renderer
        self.setSceneRect(renderer.viewBoxF())
        self.geometry: GeometryIndex | None = None
        self._trace: Trace | None = None
        self._overlay: list[QGraphicsItem] = []
        self.veil = veil(self.sceneRect(), self.theme.background, self.theme.veil_alpha)
        self.veil.setVisible(False)
        self.addItem(self.veil)
        self._styles = {seg: segment_style(i) for i, seg in enumerate(pack.segments)}
        self._device_scale = 1.0
        #: Whether placing the labels waits, and whether a placement is waiting (see `hold_labels`).
        self._labels_held = False
        self._labels_due = False
        #: False until a view says how large it shows the drawing: the picture it starts with stands till then.
        self._scale_known = False
        #: Lit strand width in scene units, and the fewest device pixels it may cover.
        self.lit_width = LIT_WIDTH
        self.min_lit_pixels = MIN_LIT_PIXELS
        self._strand_items: list[tuple[QGraphicsPathItem, str]] = []
        #: Draws the background: the schematic itself, or a copy without hidden elements.
        self._background = renderer
        #: Counts the changes of what `drawBackground` draws: a view's cached tiles of an older one are stale.
        #: Showing the drawing with or without its text is not such a change: it is a variant
        #: (`background_variant`) of the same generation, and the tiles of both stay valid.
        self.background_generation = 0
        self.hidden_elements: frozenset[str] = frozenset()
        self._divisions: DivisionsLayer | None = None
        # Overlay items are built once and then shown and hidden: a click restyles the
        # scene without rebuilding what it drew before (see show_trace).
        self._pool: dict[tuple[object, ...], QGraphicsItem] = {}
        self._pooled: set[QGraphicsItem] = set()
        # Items at one level are stacked by a fixed rank, not by when they were first
        # built, so that the picture never depends on what was clicked before.
        self._rank = {sid: i for i, sid in enumerate((*pack.structures, *ALWAYS_CLEAR))}
        self._strand_rank: dict[object, int] = {}
        self._pens: dict[tuple[str, float], QPen] = {}
        self._bounds: dict[str, QRectF] = {}
        self._chips: set[QGraphicsItem] = set()
        self._tags_elsewhere: dict[QGraphicsItem, float] = {}
        #: Map-like labels, made when a view asks for them (`set_label_detail`); exports draw the SVG's own text.
        self.labels: LabelLayer | None = None
        #: True from the zoom that turns the drawing's own text on until every view has drawn it
        #: (a view shows the textless picture scaled meanwhile): the labels stay until then.
        self.text_pending = False
        #: False while another painter names what is lit (presentation's hall labels): no text of the drawing's own then.
        self.diagram_text = True
        self._smallest_text = 0.0
        #: The keyboard focus ring, while the canvas shows one (see `show_focus`).
        self.focus_ring: QGraphicsPathItem | None = None

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, QColor(self.theme.background))
        self._background.render(painter, self.sceneRect())

    # ---- layers ---------------------------------------------------------------
    def hide_elements(self, element_ids: Collection[str]) -> None:
        """Draw the schematic without these elements (hidden variants); empty shows all.

        A selected structure is still drawn lit above the veil from the full schematic.
        """
        self.hidden_elements = frozenset(element_ids)
        if self.hidden_elements:
            self._background = QSvgRenderer(QByteArray(self._svg(self.hidden_elements)), self)
        else:
            self._background = self.renderer
        if self.geometry is not None:
            self.geometry.hidden = self.hidden_elements
        if self._divisions is not None:
            shown = self._divisions.visible
            self._divisions.remove_from(self)
            self._divisions = None
            self.set_divisions_visible(shown)
        self._background_changed()
        self._place_labels()  # no label names what is no longer drawn

    def set_divisions_visible(self, visible: bool) -> None:
        """Show or hide the layer marking each nerve's anterior or posterior division."""
        if self._divisions is None:
            if not visible:
                return
            from viewer.qt.canvas.divisions_layer import DivisionsLayer  # built when first shown

            self._divisions = DivisionsLayer(self.pack, self.renderer, self.hidden_elements)
            self._divisions.add_to(self)
            self._divisions.emphasise(self._trace.structures if self._trace else None)
        self._divisions.set_visible(visible)
        self._place_labels()

    @property
    def divisions_layer(self) -> DivisionsLayer | None:
        """The divisions layer, once it has been shown."""
        return self._divisions

    @property
    def divisions_visible(self) -> bool:
        return self._divisions is not None and self._divisions.visible

    def set_theme(self, theme: CanvasTheme) -> None:
        """Redraw the schematic and its highlight in `theme`'s colours."""
        if theme != self.theme:
            self.theme = theme
            self.veil.setBrush(QBrush(self._veil_colour()))
            if self.labels is not None:
                self.labels.set_colours(QColor(theme.ink), QColor(theme.background))
            self._reload()

    def set_palette(self, palette: Palette) -> None:
        """Draw lit strands, tags and the drawing's key in `palette`'s root colours."""
        if palette != self.palette:
            self.palette = palette
            self._styles = {seg: segment_style(i, palette) for i, seg in enumerate(self.pack.segments)}
            self._reload()

    def set_labels_hidden(self, element_ids: Collection[str]) -> None:
        """Draw these elements without their text (study mode's unlabelled diagram); empty restores."""
        ids = frozenset(element_ids)
        if ids != self.unlabelled:
            self.unlabelled = ids
            self._reload()
            self._place_labels()

    @property
    def background_variant(self) -> bool:
        """Which of the generation's two pictures `drawBackground` draws: True, the one without the drawing's text."""
        return self.textless

    def _reload(self, variant_only: bool = False) -> None:
        """Rebuild the renderers from the SVG with the current theme, palette, labels and hidden elements.

        `variant_only`: only the drawing's text was turned on or off (see `background_variant`).
        """
        self.renderer.load(QByteArray(self._svg(frozenset())))
        if self.hidden_elements:
            self._background = QSvgRenderer(QByteArray(self._svg(self.hidden_elements)), self)
        if not variant_only:
            # A variant needs no invalidation of the scene, which would paint the views once
            # more after the frame under way: their tiles are kept per variant.
            self._background_changed()
        for view in self.views():
            # The cached background also holds the margins beside the drawing, painted in the old page colour.
            view.resetCachedContent()
            view.viewport().update()
        self._flush_pool(elements_only=variant_only)
        self.show_trace(self._trace)

    def _background_changed(self) -> None:
        self.background_generation += 1
        self.invalidate(self.sceneRect(), QGraphicsScene.SceneLayer.BackgroundLayer)

    def _flush_pool(self, elements_only: bool = False) -> None:
        """Forget the kept overlay items: their colours or element bounds belong to the old drawing.

        `elements_only`: only the drawing's text was turned on or off, which moves the bounds of
        the elements drawn lit and nothing else: the strands and tags are kept.
        """
        if elements_only:
            for key in [k for k in self._pool if k[0] == "element"]:
                item = self._pool.pop(key)
                self._pooled.discard(item)
                if item.scene() is not None:
                    self.removeItem(item)
        else:
            for item in self._pooled:
                if item.scene() is not None:
                    self.removeItem(item)
            self._pool.clear()
            self._pooled.clear()
            self._chips.clear()
            self._pens.clear()
        self._overlay = [item for item in self._overlay if item.scene() is not None]
        self._strand_items.clear()

    def drawn_svg(self) -> bytes:
        """The SVG the diagram is drawn from now (without its text while the label layer names what is drawn)."""
        return self._svg(frozenset())

    def _svg(self, hidden: frozenset[str]) -> bytes:
        # The file passed the hostile-input checks when the pack was loaded.
        data = self.pack.svg_data
        if hidden:
            data = schematic_without(data, hidden)
        if self.textless:
            data = textless_svg(data)
        elif self.unlabelled:
            from viewer.model.worksheet import unlabelled_svg  # study mode's, not needed to open

            data = unlabelled_svg(data, self.unlabelled)
        return repaint_roots(self.theme.recolour_svg(data), self.palette)

    def _veil_colour(self) -> QColor:
        colour = QColor(self.theme.background)
        colour.setAlpha(self.theme.veil_alpha)
        return colour

    # ---- the highlight ------------------------------------------------------
    def set_geometry(self, geometry: GeometryIndex) -> None:
        """Supply strand geometry (built after the first paint) and redraw the highlight."""
        self.geometry = geometry
        geometry.hidden = self.hidden_elements
        self._strand_rank = {key: i for i, key in enumerate(sorted(geometry.strands))}
        for key in [k for k in self._pool if k[0] in ("strand", "chip", "chiptext")]:
            item = self._pool.pop(key)
            self._pooled.discard(item)
            if item.scene() is not None:
                self.removeItem(item)
        self._overlay = [item for item in self._overlay if item.scene() is not None]
        # The labels do not depend on the strands: only the lit strands and tags are drawn anew.
        self.show_trace(self._trace, relabel=False)

    def set_device_scale(self, scale: float) -> None:
        """Tell the scene how many device pixels a scene unit covers, to keep lit strands legible."""
        self._device_scale = scale
        self._scale_known = True
        for item, segment in self._strand_items:
            item.setPen(self._pen(segment, self._lit_width()))
        if self.labels is not None:
            textless = not self.diagram_text or scale * self._smallest_text < MIN_PIXELS
            if textless != self.textless:
                self.textless = textless
                self.text_pending = not textless
                self._reload(variant_only=True)  # which places the labels again
            else:
                self._place_labels()

    def text_drawn(self) -> None:
        """A view shows the drawing's own text now (see `text_pending`): the labels it stood in for go."""
        if self.text_pending:
            self.text_pending = False
            self._place_labels()

    # ---- labels a fixed size on screen ------------------------------------------
    def set_label_detail(self, on: bool) -> None:
        """Name what is drawn in map-like labels whenever the drawing's own text would be too small to read.

        The window's canvas turns this on; exports keep the drawing's own text at any size.
        """
        if on and self.labels is None:
            self._smallest_text = smallest_text_units(self.pack.svg_data)
            self.labels = LabelLayer(
                candidates(self.pack, self.pack.svg_data, display_names(self.pack)),
                QColor(self.theme.ink),
                QColor(self.theme.background),
                self.sceneRect(),
            )
            self.labels.add_to(self)
            if self._scale_known:
                self.set_device_scale(self._device_scale)
        elif not on and self.labels is not None:
            for item in self.labels.items:
                self.removeItem(item)
            self.labels = None
            if self.textless:
                self.textless = False
                self._reload()

    def set_diagram_text(self, shown: bool) -> None:
        """Draw the drawing's own names, labels and segment tags (True), or leave all naming to another painter."""
        if shown != self.diagram_text:
            self.diagram_text = shown
            self.set_device_scale(self._device_scale)

    def show_when_legible(self, items: Collection[QGraphicsItem], text_pixels: float) -> None:
        """Another overlay's tag (lesion mode's words): shown only where its `text_pixels`-unit text is legible."""
        for item in items:
            self._tags_elsewhere[item] = text_pixels
            item.setVisible(self.labels is None or text_pixels * self._device_scale >= MIN_PIXELS)

    def segment_tags(self) -> list[QGraphicsItem]:
        """The segment tags (chips and their text) of the lit trace, shown or waiting for more zoom."""
        return [item for item in self._overlay if item in self._chips]

    def hold_labels(self) -> None:
        """Place no labels until `release_labels`: the view's size may change before it is first painted."""
        self._labels_held = True

    def release_labels(self) -> None:
        """Place the labels now if a placement waited (see `hold_labels`), and from now on at once."""
        if self._labels_held:
            self._labels_held = False
            if self._labels_due:
                self._labels_due = False
                self._place_labels()

    def _place_labels(self) -> None:
        if self.labels is None:
            return
        if self._labels_held:
            self._labels_due = True
            return
        lit = self._trace.structures if self._trace is not None else ()
        named = (self.textless or self.text_pending) and self.diagram_text
        self.labels.place(self._device_scale, named, self.unlabelled, self.hidden_elements, lit)
        self._size_tags()

    def _size_tags(self) -> None:
        """Show the tags and chips whose text is legible at this scale; the rest wait for more zoom.

        Only for a view that names at a fixed size (`labels`): an export draws every tag.
        """
        if self.labels is None:
            return
        if self._divisions is not None:
            self._divisions.set_scale(self._device_scale if self.diagram_text else 0.0, MIN_PIXELS)
        for item, pixels in list(self._tags_elsewhere.items()):
            if item.scene() is not self:
                del self._tags_elsewhere[item]  # its overlay took it away
            else:
                item.setVisible(pixels * self._device_scale >= MIN_PIXELS)
        small = not self.diagram_text or self._device_scale * CHIP_TEXT_PIXELS < MIN_PIXELS
        for item in self._overlay:
            if item in self._chips:
                item.setVisible(not small)

    def _lit_width(self) -> float:
        return max(self.lit_width, self.min_lit_pixels / max(self._device_scale, 1e-6))

    @property
    def lit(self) -> Trace | None:
        return self._trace

    def show_trace(self, trace: Trace | None, *, relabel: bool = True) -> None:
        """Light `trace` (None: nothing); `relabel=False` when what is lit has not changed (the labels stand)."""
        for item in self._overlay:
            if item in self._pooled:
                item.setVisible(False)
            else:
                self.removeItem(item)
        self._overlay.clear()
        self._strand_items.clear()
        self._trace = trace
        self.veil.setVisible(trace is not None)
        if self._divisions is not None:
            self._divisions.emphasise(trace.structures if trace else None)
        if trace is None:
            self._place_labels() if relabel else self._size_tags()
            return
        if self.geometry is not None:
            for key in sorted(trace.strands):
                shape = self.geometry.strands.get(key)
                if shape is not None:
                    self._add(self._strand_item(shape.path, key[1], key=key))
        for sid in trace.structures:
            structure = self.pack.structures[sid]
            if structure.parts and structure.kind is not Kind.NERVE:
                continue  # a composite muscle is shown through its parts
            self._add(self._element_item(sid, Z.COMPOSITES if structure.parts else Z.NODES))
            for part in structure.parts:
                if part not in trace.structures:
                    # The sheath is drawn opaque above the veil: show its unlit part faintly inside it.
                    faint = self._element_item(part, Z.COMPOSITES + 0.1)
                    faint.setOpacity(0.35)
                    self._add(faint)
        for decoration in ALWAYS_CLEAR:
            if self.renderer.elementExists(decoration):
                self._add(self._element_item(decoration, Z.NODES))
        self._mark_selection(trace)
        if self.geometry is not None:
            self._tag_targets(trace)
        self._place_labels() if relabel else self._size_tags()

    # ---- the keyboard focus -----------------------------------------------------
    def show_focus(self, structure_id: str | None, colour: QColor | str = "#1a5fb4", around: QRectF | None = None) -> QRectF | None:
        """Ring `structure_id` as the keyboard's focus (None: no ring), and `around` with it (its name where a
        label names it); returns the ringed rectangle.

        The ring is drawn outside the selection's own ring, a fixed 3 pixels wide at any zoom.
        """
        if self.focus_ring is not None:
            self.removeItem(self.focus_ring)
            self.focus_ring = None
        if structure_id is None:
            return None
        bounds = self.geometry.boxes.get(structure_id) if self.geometry is not None else None
        if bounds is None:
            bounds = self.renderer.boundsOnElement(structure_id) if self.renderer.elementExists(structure_id) else QRectF()
        if bounds.isEmpty():
            return None
        if around is not None and not around.isEmpty():
            bounds = bounds.united(around)
        pen = QPen(QColor(colour), 3.0)
        pen.setCosmetic(True)
        item = ring(bounds, pen, margin=10, radius=12)
        item.setZValue(Z.FOCUS)
        self.addItem(item)
        self.focus_ring = item
        return item.boundingRect()

    def element_item(self, element_id: str, z: float) -> QGraphicsSvgItem:
        """A new SVG element item above the veil, for other overlays (lesion mode); the caller adds and removes it."""
        return self._element_item(element_id, z, keep=False)

    def _element_item(self, element_id: str, z: float, *, keep: bool = True) -> QGraphicsSvgItem:
        """One SVG element drawn above the veil, exactly where (and as) the background has it."""
        key = ("element", element_id, z)
        pooled = self._pool.get(key) if keep else None
        if pooled is not None:
            return pooled  # type: ignore[return-value]
        from PySide6.QtSvgWidgets import QGraphicsSvgItem  # needed from the first selection on, not for the first paint

        item = QGraphicsSvgItem()
        item.setSharedRenderer(self.renderer)
        item.setElementId(element_id)
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)  # the default cache clips strokes
        bounds = self.renderer.boundsOnElement(element_id)
        item.setTransform(QTransform(self.renderer.transformForElement(element_id)) * QTransform.fromTranslate(bounds.x(), bounds.y()))
        item.setZValue(z + self._rank.get(element_id, len(self._rank)) * 1e-6)
        if keep:
            self._keep(key, item)
        return item

    def _keep(self, key: tuple[object, ...], item: QGraphicsItem) -> None:
        """Keep `item` for reuse whenever `key` is drawn again."""
        self._pool[key] = item
        self._pooled.add(item)

    def _add(self, item: QGraphicsItem) -> None:
        if item.scene() is None:
            self.addItem(item)
        item.setVisible(True)
        self._overlay.append(item)

    def _pen(self, segment: str, width: float) -> QPen:
        pen = self._pens.get((segment, width))
        if pen is None:
            if len(self._pens) > 256:  # every zoom step has its own width: keep the cache small
                self._pens.clear()
            pen = self._pens[(segment, width)] = self._make_pen(segment, width)
        return pen

    def _make_pen(self, segment: str, width: float) -> QPen:
        colour, dashes = self._styles[segment]
        pen = QPen(QColor(colour), width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if dashes:
            pen.setDashPattern(list(dashes))
        return pen

    def _strand_item(self, path: QPainterPath, segment: str, key: object = None) -> QGraphicsPathItem:
        item = self._pool.get(("strand", key)) if key is not None else None
        if item is None:
            from PySide6.QtWidgets import QGraphicsPathItem

            item = QGraphicsPathItem(path)
            item.setZValue(Z.STRANDS + self._strand_rank.get(key, 0) * 1e-6)
            if key is not None:
                self._keep(("strand", key), item)
        width = self._lit_width()
        if item.pen().widthF() != width:  # type: ignore[attr-defined]
            item.setPen(self._pen(segment, width))  # type: ignore[attr-defined]
        self._strand_items.append((item, segment))  # type: ignore[arg-type]
        return item  # type: ignore[return-value]

    def _mark_selection(self, trace: Trace) -> None:
        sid = trace.selected
        structure = self.pack.structures[sid]
        ids = structure.parts if structure.parts and structure.kind is not Kind.NERVE else (sid,)

        for part in ids:
            item = ring(self.renderer.boundsOnElement(part), QPen(QColor(self.theme.ink), 3.0), margin=5, radius=9)
            item.setZValue(Z.MARKS - 0.01)  # under the segment tags beside it
            self._add(item)

    def _tag_targets(self, trace: Trace) -> None:
        """Tags naming the segments that reach each lit muscle and skin territory."""
        arriving = trace.arriving(self.pack, Kind.MUSCLE, Kind.SKIN)
        for target, segments in arriving.items():
            bounds = self._bounds.get(target)
            if bounds is None:
                bounds = self._bounds[target] = self.renderer.boundsOnElement(target)
            x = bounds.right() + 6
            for segment in segments:
                key = (target, segment, round(x, 2))
                chip = self._pool.get(("chip", *key))
                text = self._pool.get(("chiptext", *key))
                if chip is None or text is None:
                    fill = chip_fill(self._styles[segment][0])
                    chip, text = made = make_chip(segment, fill, ink=text_on(fill), height=16, pixels=CHIP_TEXT_PIXELS)
                    self._chips.update(made)
                    place(made, x, bounds.center().y() - 8)
                    self._keep(("chip", *key), chip)
                    self._keep(("chiptext", *key), text)
                self._add(chip)
                self._add(text)
                x += chip.rect().width() + 3  # type: ignore[attr-defined]
