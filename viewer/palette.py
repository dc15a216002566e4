"""The root palette: a colour and a dash pattern for every segment.

The default colours are the Okabe–Ito set, distinguishable with the common colour-vision
deficiencies; Paul Tol's "bright" and "vibrant" sets are alternatives designed for the
same purpose. Whatever the palette, the dash pattern is the second cue, so no two
neighbouring segments share either, and no two segments share both: colour is never the
only way to tell segments apart.

Six colours serve twelve segments, so the order matters where the list starts again (L5
next to S1) as much as anywhere. Each palette is ordered so that every pair of neighbours,
the wrap included, is at least 30 apart in CIEDE2000 (blue beside sky blue, 22, read as
one strand at 2–3 px), and so that segments that run side by side in one nerve (up to
four apart, L4–S3 in the sciatic nerve) and share a dash pattern are as far apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Okabe–Ito: blue, vermilion, sky blue, orange, bluish green, reddish purple. Sky blue is
#: kept away from the blue the list starts again with (S1) and from its neighbours' blues.
OKABE_ITO = ("#0072B2", "#D55E00", "#56B4E9", "#E69F00", "#009E73", "#CC79A7")
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
        # so that neighbouring segments get far-apart colours (see the module's note).
        Palette("tol-bright", "Paul Tol bright", ("#4477AA", "#CCBB44", "#66CCEE", "#AA3377", "#228833", "#EE6677")),
        Palette("tol-vibrant", "Paul Tol vibrant", ("#0077BB", "#EE7733", "#33BBEE", "#CC3311", "#009988", "#EE3377")),
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


def lab(red: int, green: int, blue: int) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour given as 0–255 channels."""

    def linear(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = linear(red), linear(green), linear(blue)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def hex_lab(colour: str) -> tuple[float, float, float]:
    return lab(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


def delta_e(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two L*a*b* colours (about 2: just noticeable; 30: plainly different)."""
    import math

    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360
    h2 = math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = -math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))) * 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + rotation * (d_c / s_c) * (d_h / s_h))
