"""The window's state in one Qt-free object: the views observe it and never call each other.

    pack ──> Session ──> views (canvas, skin map, fact panel, list, pathway text, caption…)
              │ selection (with history and the trace cache)
              │ steps     (the step-through and the open lesson)
              │ layers    (the View toggles: variants, divisions)
              │ route     (the keyboard focus on the drawing, walked with the arrow keys)
              └ modes     (study, lesion, localise, present: one active at a time)

The canvas listens to `canvas_changed` alone, which is emitted once per change of what it
should show (a new selection, a step, a mode entered or left, a toggle), with a `CanvasSpec`.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.pack import Pack
from viewer.model.tracing import Trace
from viewer.model.variants import without_variants
from viewer.session.events import Event
from viewer.session.modes import CanvasSpec, ModeChange, ModeHost
from viewer.session.route import Route
from viewer.session.selection import Selection
from viewer.session.steps import Steps, StepView


@dataclass(frozen=True)
class Layers:
    """The View toggles: whether inconstant structures are drawn and traced, and the divisions layer."""

    show_variants: bool = True
    show_divisions: bool = False


class Session:
    """Selection, step-through, toggles and the active mode of one window."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.selection = Selection(pack)
        self.steps = Steps(pack, self.selection)
        self.modes = ModeHost(self.selection, self.steps)
        self.layers = Layers()
        #: The keyboard focus on the drawing and the arrow keys' moves between connected structures.
        self.route = Route(pack, self.selection)
        #: Emitted with the new `Layers` when a View toggle changes.
        self.layers_changed = Event()
        #: Emitted with a `CanvasSpec` once per change of what the canvas shows.
        self.canvas_changed = Event()
        #: Emitted (no arguments) when anything an action's enabled or checked state depends on may have changed.
        self.context_changed = Event()
        self._shown: CanvasSpec | None = None
        self.steps.changed.connect(self._on_step)
        self.modes.changed.connect(self._on_mode)
        self.selection.history_changed.connect(self.context_changed.emit)

    # ---- the public seam --------------------------------------------------------------
    @property
    def selected(self) -> str | None:
        """The selected structure's id, or None."""
        return self.selection.current

    @property
    def trace(self) -> Trace | None:
        return self.selection.trace

    def select(self, structure_id: str | None) -> None:
        self.selection.select(structure_id)

    def pick(self, structure_id: str | None) -> None:
        """A click on the canvas: the active mode's answer or cut, else a selection (empty space clears)."""
        if not self.modes.pick(structure_id):
            self.selection.select(structure_id)

    # ---- the toggles -------------------------------------------------------------------
    def set_layers(self, *, show_variants: bool | None = None, show_divisions: bool | None = None) -> None:
        old = self.layers
        new = Layers(
            old.show_variants if show_variants is None else show_variants,
            old.show_divisions if show_divisions is None else show_divisions,
        )
        if new == old:
            return
        self.layers = new
        if new.show_variants != old.show_variants:
            # Tracing follows the drawing: hidden variants are not traced (the selection re-traces).
            walked = self.pack if new.show_variants else without_variants(self.pack)
            self.selection.set_trace_pack(walked)
            self.route.set_pack(walked)
        self.layers_changed.emit(new)
        self.context_changed.emit()

    # ---- what the canvas shows -------------------------------------------------------------
    def canvas(self) -> CanvasSpec:
        """What the canvas should show now: the active mode's picture, else the step-through's."""
        shown = self.steps.view().shown
        mode = self.modes.current
        return mode.canvas_spec(shown) if mode is not None else CanvasSpec(shown)

    def refresh_canvas(self) -> None:
        """Tell the canvas what it shows, if that changed (a mode calls this when its picture changes)."""
        spec = self.canvas()
        if spec != self._shown:
            self._shown = spec
            self.canvas_changed.emit(spec)

    def _on_step(self, _view: StepView) -> None:
        self.refresh_canvas()
        self.context_changed.emit()

    def _on_mode(self, _change: ModeChange) -> None:
        self.refresh_canvas()
        self.context_changed.emit()
