"""Watching a function the code under test calls, by what it is called on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def paths_passed_to(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, position: int) -> list[Path]:
    """Each path `owner.name` is called with (its argument at `position`), in order; the function still runs."""
    seen: list[Path] = []
    real = getattr(owner, name)

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[position])
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    return seen
