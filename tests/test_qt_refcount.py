"""PySide6 6.12.0 leaks a reference to None on every void call and aborts Python 3.11.

The pin in pyproject.toml avoids it; this test fails if an upgrade brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_calls_do_not_drop_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(100_000):
        widget.update()
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references over 100 000 void calls"
