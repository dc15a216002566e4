"""Canvas themes: the schematic's colours for light, dark and high-contrast viewing.

A theme recolours the pack's SVG text before QtSvg draws it, so any pack, not only the
bundled one, follows the theme. Dark themes keep each colour's hue and saturation and
mirror its lightness (a pale fill becomes a deep one, dark ink becomes light); high
contrast pushes ink to pure black or white and fills to the background, so only lines
and words remain. The root palette is never recoloured: a segment's colour means the
same in every theme.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass

from viewer.palette import OKABE_ITO


@dataclass(frozen=True)
class CanvasTheme:
    """What the canvas paints with, besides the recoloured SVG."""

    name: str
    title: str
    dark: bool
    high_contrast: bool
    background: str
    #: The veil over unlit parts under a selection: the background at this opacity (0–255).
    veil_alpha: int
    #: The ring round the selection and other marks.
    ink: str
    #: Text on segment chips.
    chip_text: str

    def recolour(self, colour: str, role: str = "stroke") -> str:
        """The theme's version of one `#rrggbb` colour from the SVG, used as `role` (fill or stroke)."""
        if colour.upper() in _FIXED or (not self.dark and not self.high_contrast):
            return colour
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        h, lightness, s = colorsys.rgb_to_hls(r, g, b)
        if self.high_contrast:
            # Pale fills become the background; everything drawn in ink, full contrast;
            # pale lines (the unlit strands) stay a step back from the ink.
            pale = lightness > 0.5
            strength = 0.0 if role == "fill" and pale else 0.72 if pale else 1.0
            lightness = strength if self.dark else 1.0 - strength
            s = 0.0
        else:
            # Mirror lightness about the middle, but keep fills a little off black so
            # boxes stay distinguishable from the background.
            lightness = 0.08 + (1.0 - lightness) * 0.84
        r, g, b = colorsys.hls_to_rgb(h, lightness, s)
        return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"

    def recolour_svg(self, svg: bytes) -> bytes:
        """The SVG text with every colour in a fill or stroke replaced by the theme's version."""
        if not self.dark and not self.high_contrast:
            return svg

        def swap(match: re.Match[bytes]) -> bytes:
            prop, sep, value = match.group(1), match.group(2), match.group(3)
            text = _NAMED_HEX.get(value.lower(), value).decode("ascii")
            if len(text) == 4:
                text = "#" + "".join(c * 2 for c in text[1:])
            role = "fill" if prop.lower() in (b"fill", b"stop-color") else "stroke"
            return prop + sep + self.recolour(text, role).encode("ascii")

        return _PAINT.sub(swap, svg)


_FIXED = frozenset(c.upper() for c in OKABE_ITO)
_NAMED_HEX = {b"white": b"#ffffff", b"black": b"#000000"}
#: A paint property and its colour, as an attribute (fill="#abc") or in a style (fill:#abc).
_PAINT = re.compile(
    rb'(fill|stroke|color|stop-color)(\s*=\s*["\']|\s*:\s*)(#[0-9a-fA-F]{6}(?![0-9a-fA-F])|#[0-9a-fA-F]{3}(?![0-9a-fA-F])|white|black)',
    re.IGNORECASE,
)

LIGHT = CanvasTheme(
    "light", "Light", dark=False, high_contrast=False, background="#ffffff", veil_alpha=170, ink="#111827", chip_text="#ffffff"
)
DARK = CanvasTheme("dark", "Dark", dark=True, high_contrast=False, background="#14171c", veil_alpha=185, ink="#f5f7fa", chip_text="#ffffff")
HIGH_CONTRAST_DARK = CanvasTheme(
    "high-contrast-dark",
    "High contrast (dark)",
    dark=True,
    high_contrast=True,
    background="#000000",
    veil_alpha=110,
    ink="#ffffff",
    chip_text="#000000",
)
HIGH_CONTRAST_LIGHT = CanvasTheme(
    "high-contrast-light",
    "High contrast (light)",
    dark=False,
    high_contrast=True,
    background="#ffffff",
    veil_alpha=110,
    ink="#000000",
    chip_text="#ffffff",
)
THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)}


@dataclass(frozen=True)
class TextColours:
    """The panels' text colours in one window theme; each reads at 4.5:1 or more on the panel it sits on
    (tests/test_accessibility.py computes every pair)."""

    muted: str
    heading: str
    link: str
    right: str
    wrong: str
    weak: str
    numb: str
    #: A study grade's box: its text and its background, right and wrong.
    feedback_text: str
    right_background: str
    wrong_background: str


TEXT_COLOURS = {
    "light": TextColours(
        muted="#52606d",
        heading="#334e68",
        link="#0b5cad",
        right="#1b6e3a",
        wrong="#b91c1c",
        weak="#8a4b06",
        numb="#6d28d9",
        feedback_text="#111827",
        right_background="#e6f4ea",
        wrong_background="#fdecea",
    ),
    "dark": TextColours(
        muted="#aab4c0",
        heading="#9ccfff",
        link="#8cc4ff",
        right="#7ddc97",
        wrong="#ff9a8f",
        weak="#f7c46c",
        numb="#c9b3ff",
        feedback_text="#e8ecf1",
        right_background="#173222",
        wrong_background="#3b1d1d",
    ),
    "high-contrast": TextColours(
        muted="#ffffff",
        heading="#ffff00",
        link="#00ffff",
        right="#00ff66",
        wrong="#ff8c8c",
        weak="#ffff00",
        numb="#ff99ff",
        feedback_text="#ffffff",
        right_background="#000000",
        wrong_background="#000000",
    ),
}


def text_colours(theme: CanvasTheme) -> TextColours:
    """The panels' text colours for the window theme that goes with canvas `theme`."""
    if theme.high_contrast and theme.dark:
        return TEXT_COLOURS["high-contrast"]
    return TEXT_COLOURS["dark" if theme.dark else "light"]
