"""Canvas themes recolour any pack's SVG; the root palette keeps its meaning in every theme."""

from __future__ import annotations

from viewer.model.pack import Pack
from viewer.palette import OKABE_ITO, contrast_ratio
from viewer.themes import DARK, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT, LIGHT


def _lightness(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (max(r, g, b) + min(r, g, b)) / 510


def test_light_theme_leaves_the_svg_untouched(pack: Pack) -> None:
    svg = pack.svg_path.read_bytes()
    assert LIGHT.recolour_svg(svg) is svg


def test_dark_theme_turns_pale_fills_dark_and_dark_ink_light(pack: Pack) -> None:
    svg = DARK.recolour_svg(pack.svg_path.read_bytes()).decode()
    assert _lightness(DARK.recolour("#ffffff", "fill")) < 0.15  # the page
    assert contrast_ratio(DARK.recolour("#1f2933", "fill"), DARK.background) >= 7  # label text, WCAG AAA
    assert 'fill="#ffffff"' not in svg


def test_the_root_palette_is_never_recoloured(pack: Pack) -> None:
    for theme in (DARK, HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT):
        svg = theme.recolour_svg(pack.svg_path.read_bytes()).decode()
        for colour in OKABE_ITO:
            assert f'stroke="{colour}"' in svg, (theme.name, colour)


def test_high_contrast_has_only_background_and_ink_greys() -> None:
    assert HIGH_CONTRAST_DARK.recolour("#fdecea", "fill") == "#000000"  # muscle box → background
    assert HIGH_CONTRAST_DARK.recolour("#1f2933", "fill") == "#ffffff"  # text → ink
    assert HIGH_CONTRAST_DARK.recolour("#3b4a5e", "stroke") == "#ffffff"  # outlines → ink
    assert HIGH_CONTRAST_LIGHT.recolour("#1f2933", "fill") == "#000000"
    assert HIGH_CONTRAST_LIGHT.recolour("#fdecea", "fill") == "#ffffff"


def test_colours_in_styles_and_names_are_recoloured_too() -> None:
    svg = b'<svg><rect style="fill:#fff;stroke:black"/><text fill="white">x</text></svg>'
    out = HIGH_CONTRAST_DARK.recolour_svg(svg).decode()
    assert out == '<svg><rect style="fill:#000000;stroke:#ffffff"/><text fill="#000000">x</text></svg>'
