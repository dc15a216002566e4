"""A change notice that views connect to: a plain list of callbacks, called in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Event:
    """`connect(listener)`, then every `emit(*args)` calls each listener with `args`, in the order they connected.

    The session's events are plain callbacks rather than Qt signals so that the session
    stays Qt-free; a listener that belongs to a widget is disconnected with it (the window
    owns the session, so they live and die together).
    """

    __slots__ = ("_listeners",)

    def __init__(self) -> None:
        self._listeners: list[Callable[..., Any]] = []

    def connect(self, listener: Callable[..., Any]) -> Callable[..., Any]:
        self._listeners.append(listener)
        return listener

    def disconnect(self, listener: Callable[..., Any]) -> None:
        self._listeners.remove(listener)

    def emit(self, *args: Any) -> None:
        for listener in tuple(self._listeners):
            listener(*args)

    def __len__(self) -> int:
        return len(self._listeners)
