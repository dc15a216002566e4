"""What the window shows, without Qt: the selection and its history, the step-through,
the View toggles and the one active mode. Views observe it; nothing here imports PySide6.
"""

from viewer.session.events import Event
from viewer.session.modes import CanvasSpec, Mode, ModeChange, ModeHost
from viewer.session.route import Route, RouteFocus
from viewer.session.selection import Selection, SelectionChange
from viewer.session.session import Layers, Session
from viewer.session.steps import Steps, StepView

__all__ = [
    "CanvasSpec",
    "Event",
    "Layers",
    "Mode",
    "ModeChange",
    "ModeHost",
    "Route",
    "RouteFocus",
    "Selection",
    "SelectionChange",
    "Session",
    "StepView",
    "Steps",
]
