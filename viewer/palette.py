"""The root palette: a colour and a dash pattern for every segment.

Colours are the Okabe–Ito set, distinguishable with the common colour-vision
deficiencies; the dash pattern is the second cue, so no two neighbouring segments share
either, and no two segments share both.
"""

from __future__ import annotations

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Dash patterns in stroke widths (Qt's unit); an empty tuple is a solid line.
DASHES: tuple[tuple[float, ...], ...] = ((), (5.0, 1.6), (1.6, 1.2))
DASH_NAMES = ("solid", "dashed", "dotted")


def segment_style(index: int) -> tuple[str, tuple[float, ...]]:
    """Colour and dash pattern of the segment at `index` in the pack's order (T12 = 0)."""
    return OKABE_ITO[index % len(OKABE_ITO)], DASHES[(index + index // len(OKABE_ITO)) % len(DASHES)]
