"""The root palette: a colour and a dash pattern for every segment.

The default colours are the Okabe–Ito set, distinguishable with the common colour-vision
deficiencies; Paul Tol's "bright" and "vibrant" sets are alternatives designed for the
same purpose. Whatever the palette, the dash pattern is the second cue, so no two
neighbouring segments share either, and no two segments share both: colour is never the
only way to tell segments apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Dash patterns in stroke widths (Qt's unit); an empty tuple is a solid line.
DASHES: tuple[tuple[float, ...], ...] = ((), (5.0, 1.6), (1.6, 1.2))
DASH_NAMES = ("solid", "dashed", "dotted")


@dataclass(frozen=True)
class Palette:
    """Six root colours, used in turn from T12 down; the dash pattern does the rest."""

    name: str
    title: str
    colours: tuple[str, str, str, str, str, str]


PALETTES: dict[str, Palette] = {
    p.name: p
    for p in (
        Palette("okabe-ito", "Okabe–Ito (default)", OKABE_ITO),  # type: ignore[arg-type]
        # Paul Tol's qualitative schemes (personal.sron.nl/~pault), grey left out; ordered
        # so that neighbouring segments get far-apart hues.
        Palette("tol-bright", "Paul Tol bright", ("#4477AA", "#EE6677", "#228833", "#AA3377", "#CCBB44", "#66CCEE")),
        Palette("tol-vibrant", "Paul Tol vibrant", ("#0077BB", "#EE7733", "#009988", "#EE3377", "#33BBEE", "#CC3311")),
    )
}
DEFAULT_PALETTE = PALETTES["okabe-ito"]


def palette_named(name: str) -> Palette:
    """The palette called `name`, or the default for a name this version does not know."""
    return PALETTES.get(name, DEFAULT_PALETTE)


def segment_style(index: int, palette: Palette = DEFAULT_PALETTE) -> tuple[str, tuple[float, ...]]:
    """Colour and dash pattern of the segment at `index` in the pack's order (T12 = 0)."""
    colours = palette.colours
    return colours[index % len(colours)], DASHES[(index + index // len(colours)) % len(DASHES)]


def dash_name(index: int) -> str:
    """The word for the segment's dash pattern, for text that must not rely on colour."""
    return DASH_NAMES[(index + index // len(OKABE_ITO)) % len(DASHES)]


_HEX = re.compile(rb"#(?:" + rb"|".join(c[1:].encode() for c in OKABE_ITO) + rb")(?![0-9a-fA-F])", re.IGNORECASE)


def repaint_roots(svg: bytes, palette: Palette) -> bytes:
    """The SVG with the default palette's root colours (the drawing's key) swapped for `palette`'s."""
    if palette.colours == OKABE_ITO:
        return svg
    swap = {c.upper(): n for c, n in zip(OKABE_ITO, palette.colours, strict=True)}
    return _HEX.sub(lambda m: swap[m.group(0).decode("ascii").upper()].encode("ascii"), svg)


def _luminance(colour: str) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def chip_fill(colour: str) -> str:
    """A segment tag's background: the root colour a step darker, so it stands off its lit strand."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(v / 1.25) for v in (r, g, b)))


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (always at least 4.5:1, WCAG AA)."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff") else "#ffffff"
