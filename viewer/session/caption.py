"""The status line: one sentence saying what the window shows, written from the session alone."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from viewer.model.records import Kind

if TYPE_CHECKING:
    from viewer.model.pack import Pack
    from viewer.model.tracing import Trace
    from viewer.session.session import Session
    from viewer.session.steps import StepView

PROMPT = "Click a root, nerve or muscle to trace it segment by segment."


def lit_summary(pack: Pack, selected: str | None, trace: Trace | None) -> str:
    """What a selection lights, in one line: "L4: segments L4 — 9 nerves and branches, … lit"."""
    if selected is None or trace is None:
        return PROMPT
    s = pack.structures[selected]
    segs = ", ".join(trace.lit_segments(pack))
    counts = [
        _plural(len(trace.lit_nerves(pack)), "nerve or branch|nerves and branches"),
        _plural(len(trace.lit_of_kind(pack, Kind.MUSCLE)), "muscle|muscles"),
        _plural(len(trace.lit_of_kind(pack, Kind.SKIN)), "skin territory|skin territories"),
    ]
    dermatomes = len(trace.lit_of_kind(pack, Kind.DERMATOME))
    if dermatomes:
        counts.append(_plural(dermatomes, "dermatome|dermatomes"))
    return f"{s.name}: segments {segs} — {', '.join(counts)} lit"


def _plural(n: int, forms: str) -> str:
    one, many = forms.split("|")
    return f"{n} {one if n == 1 else many}"


def step_caption(view: StepView) -> str:
    """The chain being stepped through, the newest hop in bold and those ahead in italics (rich text)."""
    from viewer.model.hop_chain import Role

    assert view.caption is not None
    parts = []
    for part in view.caption.parts:
        text = html.escape(part.text)
        parts.append(f"<b>{text}</b>" if part.role is Role.NEWEST else f"<i>{text}</i>" if part.role is Role.AHEAD else text)
    body = " → ".join(parts) + (f" + {view.caption.more} more" if view.caption.more else "")
    lesson = f"{html.escape(view.lesson_caption)} — " if view.lesson_caption else ""
    return f"{lesson}{body} <span style='color:gray'>({view.hop_text}; PageDown for more)</span>"


def status_caption(session: Session) -> str:
    """The status line for the window as it is: the active mode's line, the step-through, or what is lit."""
    mode = session.modes.current
    if mode is not None:
        line = mode.caption()
        if line:
            return line
    view = session.steps.view()
    if view.plan is not None and view.caption is not None and not (view.at_end and not view.lesson_caption):
        return step_caption(view)
    return lit_summary(session.pack, session.selected, session.trace)
