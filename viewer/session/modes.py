"""The modes that take the canvas in turn: study, lesion, localise and presentation.

Each mode implements one small protocol (`Mode`); the `ModeHost` keeps exactly one
active. Entering a mode leaves the one before; leaving returns the window to where it
was before the first mode was entered: the same selection and the same step (the rest of
"as it was" — docks, geometry, theme, zoom — is the window's, which observes `changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from viewer.session.events import Event

if TYPE_CHECKING:
    from viewer.model.tracing import Trace
    from viewer.session.selection import Selection
    from viewer.session.steps import Steps

#: The modes, by the names scripts and tests use.
MODE_NAMES = ("study", "lesion", "localise", "present")


@dataclass(frozen=True)
class CanvasSpec:
    """What the canvas shows: the lit trace (None: nothing lit) and the active mode's overlay, by name."""

    trace: Trace | None
    #: The mode whose overlay is drawn over the schematic (its items are the mode's own), or "".
    overlay: str = ""
    #: Whether the diagram's labels are hidden (study).
    labels_hidden: bool = False
    #: The structure a question rings without naming it (study), "" for none: the keyboard walk says
    #: "ringed" when it reaches it, as the eye sees the ring.
    ringed: str = ""


class Mode(Protocol):
    """What every mode does; the host calls these, views never do."""

    name: str

    def unavailable(self) -> str:
        """Why the mode cannot start now ("" when it can), e.g. an unusable lesion file."""
        ...

    def enter(self) -> None:
        """Take the canvas and the docks the mode needs."""
        ...

    def leave(self) -> None:
        """Give back everything `enter` took (its overlay, its dock, its keys)."""
        ...

    def pick(self, structure_id: str | None) -> bool:
        """What a click on the canvas means in this mode: True when the mode took it,
        False when it is an ordinary selection."""
        ...

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        """What the canvas shows while the mode is active, given what the step-through would show."""
        ...

    def caption(self) -> str:
        """The status line while the mode is active ("": the window's usual line)."""
        ...


@dataclass(frozen=True)
class ModeChange:
    """The active mode before and after a change (None: no mode)."""

    previous: str | None
    current: str | None


@dataclass
class _Before:
    """What the session held before the first mode was entered, to put back on leaving the last."""

    selected: str | None
    step: int


class ModeHost:
    """Holds the modes (built on first use) and the one active mode."""

    def __init__(self, selection: Selection, steps: Steps) -> None:
        self._selection = selection
        self._steps = steps
        self._factories: dict[str, Callable[[], Mode]] = {}
        self._built: dict[str, Mode] = {}
        self._before: _Before | None = None
        self.active: str | None = None
        #: Emitted with a `ModeChange` after a mode was entered or left.
        self.changed = Event()
        #: Emitted with the mode's name just before a mode is entered from no mode (the window keeps its frame).
        self.about_to_enter = Event()
        #: Emitted with a line for the status bar when a mode cannot start.
        self.refused = Event()

    # ---- the registry -------------------------------------------------------------
    def register(self, name: str, factory: Callable[[], Mode]) -> None:
        """Make mode `name` available; `factory` builds it the first time it is entered."""
        if name not in MODE_NAMES:
            raise ValueError(f"unknown mode {name!r}; the modes are {', '.join(MODE_NAMES)}")
        self._factories[name] = factory

    def mode(self, name: str) -> Mode:
        """Mode `name`, building it now if it has not been built."""
        if name not in self._built:
            if name not in self._factories:
                raise KeyError(f"no mode {name!r} is registered")
            self._built[name] = self._factories[name]()
        return self._built[name]

    def built(self, name: str) -> Mode | None:
        """Mode `name` if it has been built, else None (never builds it)."""
        return self._built.get(name)

    @property
    def current(self) -> Mode | None:
        return self._built[self.active] if self.active else None

    # ---- entering and leaving -------------------------------------------------------
    def enter(self, name: str) -> bool:
        """Make `name` the active mode, leaving the one before; False (and `refused`) when it cannot start."""
        if name == self.active:
            return True
        mode = self.mode(name)
        reason = mode.unavailable()
        if reason:
            self.refused.emit(reason)
            return False
        previous = self.active
        if previous is not None:
            self._leave_active()
        else:
            self._before = _Before(self._selection.current, self._steps.index)
            self.about_to_enter.emit(name)
        self.active = name
        mode.enter()
        self.changed.emit(ModeChange(previous, name))
        return True

    def leave(self) -> None:
        """Leave the active mode (if any) and put the selection and the step back as they were."""
        if self.active is None:
            return
        previous = self.active
        self._leave_active()
        self.active = None
        before, self._before = self._before, None
        if before is not None:
            self._restore(before)
        self.changed.emit(ModeChange(previous, None))

    def toggle(self, name: str) -> None:
        if self.active == name:
            self.leave()
        else:
            self.enter(name)

    def pick(self, structure_id: str | None) -> bool:
        """Offer a canvas click to the active mode; False when it is an ordinary selection."""
        mode = self.current
        return mode is not None and mode.pick(structure_id)

    def _leave_active(self) -> None:
        mode = self.current
        self.active = None  # a mode that leaves through the host (its own Leave button) does not come back in
        if mode is not None:
            mode.leave()

    def _restore(self, before: _Before) -> None:
        selection, steps = self._selection, self._steps
        if selection.current != before.selected and (before.selected is None or before.selected in selection.pack.structures):
            steps.go_to_when_selected(before.step)
            selection.select(before.selected)
        else:
            steps.go_to(before.step)
