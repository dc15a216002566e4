"""The Qt-free parts of the preferences: palettes, label language, restoring the window's frame."""

from __future__ import annotations

import colorsys
import itertools
import re

import pytest

from viewer.model.labels import division_short_name, label, pack_in_a_sentence, subtitle
from viewer.model.pack import Pack
from viewer.model.records import Kind, Structure
from viewer.model.settings import LabelLanguage, WindowGeometry
from viewer.model.window_geometry import Rect, clamp_geometry
from viewer.palette import DASHES, OKABE_ITO, PALETTES, delta_e, hex_lab, palette_named, repaint_roots, segment_style


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hue_gap(a: str, b: str) -> float:
    ha = colorsys.rgb_to_hls(*_rgb(a))[0]
    hb = colorsys.rgb_to_hls(*_rgb(b))[0]
    d = abs(ha - hb)
    return min(d, 1 - d) * 360


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_palette_keeps_neighbours_apart_and_a_dash_cue(name: str, pack: Pack) -> None:
    palette = PALETTES[name]
    styles = [segment_style(i, palette) for i in range(len(pack.segments))]
    for (c1, d1), (c2, d2) in itertools.pairwise(styles):
        assert c1 != c2 and d1 != d2  # neighbours differ in colour and in dash
        assert _hue_gap(c1, c2) > 30 or abs(colorsys.rgb_to_hls(*_rgb(c1))[1] - colorsys.rgb_to_hls(*_rgb(c2))[1]) > 0.2
        assert delta_e(hex_lab(c1), hex_lab(c2)) >= 30, (c1, c2)  # L5 beside S1 too (see test_segment_colours)
    assert len(set(styles)) == len(styles)  # no two segments share colour and dash
    assert {d for _, d in styles} == set(DASHES)  # all three patterns are in use
    assert len(set(palette.colours)) == 6


def test_the_colour_difference_is_ciede2000() -> None:
    # Sharma, Wu and Dalal (2005), the formula's published test pairs
    assert delta_e((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert delta_e((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514)) == pytest.approx(0.9082, abs=1e-4)
    assert hex_lab("#ffffff") == pytest.approx((100, 0, 0), abs=0.02)


def test_the_drawings_root_key_is_the_palette(pack: Pack) -> None:
    """The key under the schematic (drawn by tools/build_schematic.py) shows each segment as it is lit."""
    svg = pack.svg_path.read_text()
    key = re.search(r'<g id="legend-key".*?</g>', svg, re.S)
    assert key
    root_line = r'stroke="(#[0-9A-Fa-f]{6})" stroke-width="3" fill="none"(?: stroke-dasharray="([\d. ]+)")?/>'
    drawn = re.findall(root_line + r"<text[^>]*>(\w+)<", key.group(0))
    assert [seg for *_, seg in drawn] == list(pack.segments)
    for index, (colour, dashes, _seg) in enumerate(drawn):
        want_colour, want_dashes = segment_style(index)
        assert colour.upper() == want_colour.upper()
        assert tuple(float(v) / 3 for v in dashes.split()) == pytest.approx(want_dashes)


def test_an_unknown_palette_name_falls_back_to_the_default() -> None:
    assert palette_named("no-such-palette").colours == OKABE_ITO


def test_the_drawings_key_follows_the_chosen_palette(pack: Pack) -> None:
    svg = pack.svg_path.read_bytes()
    bright = PALETTES["tol-bright"]
    out = repaint_roots(svg, bright).decode()
    for old, new in zip(OKABE_ITO, bright.colours, strict=True):
        assert f'stroke="{old}"' not in out
        assert f'stroke="{new}"' in out
    assert repaint_roots(svg, PALETTES["okabe-ito"]) is svg


def test_label_language(pack: Pack) -> None:
    femoral = pack.structures["femoral_nerve"]
    assert label(femoral, LabelLanguage.ENGLISH) == "Femoral nerve"
    assert subtitle(femoral, LabelLanguage.ENGLISH) == "Nervus femoralis"
    assert label(femoral, LabelLanguage.LATIN) == "Nervus femoralis"
    assert subtitle(femoral, LabelLanguage.LATIN) == "Femoral nerve"
    assert label(femoral, LabelLanguage.BOTH) == "Femoral nerve (Nervus femoralis)"
    assert subtitle(femoral, LabelLanguage.BOTH) == ""
    l4 = pack.structures["l4"]
    for language in LabelLanguage:
        assert label(l4, language) == "L4"
        assert subtitle(l4, language) == "Ramus anterior nervi spinalis L4"
    no_latin = next(s for s in pack.structures.values() if not s.latin)
    assert label(no_latin, LabelLanguage.LATIN) == no_latin.name
    assert label(no_latin, LabelLanguage.BOTH) == no_latin.name


FULL_HD = Rect(0, 0, 1920, 1080)
SECOND = Rect(1920, 0, 1280, 1024)


def test_a_window_on_a_screen_that_is_present_stays_where_it_was() -> None:
    saved = WindowGeometry(x=100, y=80, width=1400, height=900)
    assert clamp_geometry(saved, [FULL_HD, SECOND]) == saved
    on_second = WindowGeometry(x=2000, y=40, width=1000, height=800, maximized=True)
    assert clamp_geometry(on_second, [FULL_HD, SECOND]) == on_second


def test_a_window_left_on_an_unplugged_screen_comes_back_to_the_first() -> None:
    saved = WindowGeometry(x=2100, y=100, width=1000, height=700)
    assert clamp_geometry(saved, [FULL_HD]) == WindowGeometry(x=920, y=100, width=1000, height=700)
    far = WindowGeometry(x=-5000, y=-4000, width=800, height=600)
    assert clamp_geometry(far, [FULL_HD]) == WindowGeometry(x=0, y=0, width=800, height=600)


def test_an_oversize_window_is_shrunk_to_its_screen() -> None:
    saved = WindowGeometry(x=-50, y=-30, width=3840, height=2160)
    assert clamp_geometry(saved, [FULL_HD]) == WindowGeometry(x=0, y=0, width=1920, height=1080)


def test_a_half_off_screen_window_is_pulled_in() -> None:
    saved = WindowGeometry(x=1500, y=900, width=1000, height=700)
    assert clamp_geometry(saved, [FULL_HD, Rect(0, 1080, 1920, 1080)]) == WindowGeometry(x=920, y=1080, width=1000, height=700)


def test_unusable_geometry_or_no_screens_gives_the_default() -> None:
    assert clamp_geometry(WindowGeometry(x=0, y=0, width=10, height=10), [FULL_HD]) is None
    assert clamp_geometry(WindowGeometry(x=0, y=0, width=1000, height=700), []) is None


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_segment_tags_read_at_wcag_aa_in_every_palette(name: str) -> None:
    from viewer.palette import chip_fill, contrast_ratio, text_on

    for colour in PALETTES[name].colours:
        fill = chip_fill(colour)
        assert contrast_ratio(fill, text_on(fill)) >= 4.5, (colour, fill, text_on(fill))
    assert text_on(chip_fill("#0072B2")) == "#ffffff"  # white on deep blue
    assert text_on(chip_fill("#E69F00")) == "#000000"  # black on amber


def test_a_subtitle_is_empty_where_the_other_name_adds_nothing(pack: Pack) -> None:
    import msgspec

    femoral = pack.structures["femoral_nerve"]
    same = msgspec.structs.replace(femoral, latin="Femoral nerve")
    no_latin = msgspec.structs.replace(femoral, latin="")
    assert subtitle(same, LabelLanguage.ENGLISH) == subtitle(same, LabelLanguage.LATIN) == ""
    assert subtitle(no_latin, LabelLanguage.LATIN) == ""
    assert subtitle(no_latin, LabelLanguage.ENGLISH) == ""
    assert label(no_latin, LabelLanguage.LATIN) == "Femoral nerve"
    assert label(same, LabelLanguage.BOTH) == "Femoral nerve"


def test_a_window_of_exactly_the_smallest_size_is_restored_and_a_smaller_one_is_not() -> None:
    screen = [Rect(0, 0, 1920, 1080)]
    assert clamp_geometry(WindowGeometry(10, 20, 480, 360), screen) == WindowGeometry(10, 20, 480, 360)
    assert clamp_geometry(WindowGeometry(10, 20, 479, 900), screen) is None
    assert clamp_geometry(WindowGeometry(10, 20, 900, 359), screen) is None


def test_a_window_goes_to_the_screen_it_overlaps_most_and_stays_inside_it() -> None:
    left, right = Rect(0, 0, 1920, 1080), Rect(1920, 0, 1280, 1024)
    # mostly on the right-hand screen, hanging off its bottom
    assert clamp_geometry(WindowGeometry(2000, 600, 1000, 800, maximized=True), [left, right]) == WindowGeometry(
        2000, 224, 1000, 800, maximized=True
    )
    # a second screen above the first (negative y): a window on it stays there
    top = Rect(0, -1080, 1920, 1080)
    assert clamp_geometry(WindowGeometry(100, -1000, 800, 600), [left, top]) == WindowGeometry(100, -1000, 800, 600)
    # only a sliver of the title bar on a screen (under 120 x 120 pixels): the first screen takes it
    assert clamp_geometry(WindowGeometry(1900, 500, 800, 600), [left, right]).x == 1920  # type: ignore[union-attr]
    assert clamp_geometry(WindowGeometry(-790, -590, 800, 600), [right, left]) == WindowGeometry(1920, 0, 800, 600)


def test_overlap_is_the_shared_area_and_none_when_apart() -> None:
    assert Rect(0, 0, 100, 100).overlap(Rect(50, 50, 100, 100)) == 2500
    assert Rect(0, 0, 100, 100).overlap(Rect(200, 0, 100, 100)) == 0
    assert Rect(0, 0, 100, 100).overlap(Rect(0, 200, 100, 100)) == 0
    assert Rect(10, 20, 100, 100).overlap(Rect(0, 0, 100, 100)) == 90 * 80


def test_the_settings_file_is_written_two_spaces_deep_and_read_back() -> None:
    from viewer.model.settings import Settings, decode_settings, encode_settings

    text = encode_settings(Settings(font_scale=1.5)).decode()
    assert text.splitlines()[:2] == ["{", '  "format": "plexus-settings/1",'] and text.endswith("}\n")
    assert decode_settings(text.encode()).font_scale == 1.5


@pytest.mark.parametrize(("scale", "ok"), [(0.75, True), (2.5, True), (0.74, False), (2.51, False)])
def test_a_font_scale_outside_three_quarters_to_two_and_a_half_is_refused_by_name(scale: float, ok: bool) -> None:
    from viewer.model.settings import decode_settings
    from viewer.model.storage import DecodeError

    data = b'{"format": "plexus-settings/1", "font_scale": %a}' % scale
    if ok:
        assert decode_settings(data).font_scale == scale
    else:
        with pytest.raises(DecodeError, match=rf"^font_scale {scale} is outside 0\.75–2\.5$"):
            decode_settings(data)


def test_a_settings_file_of_another_kind_is_named_so() -> None:
    from viewer.model.settings import decode_settings
    from viewer.model.storage import DecodeError

    with pytest.raises(DecodeError, match=r"^not a settings file this version can read \("):
        decode_settings(b'{"format": "plexus-settings/1", "colour": "red"}')


@pytest.mark.parametrize(
    ("name", "sid", "short"),
    [
        ("L2 anterior division (lumbar plexus)", "l2_anterior_division", "L2 anterior"),
        ("S1 posterior division (sacral plexus)", "s1_posterior_division", "S1 posterior"),
        ("Lumbosacral trunk posterior division", "lumbosacral_trunk_posterior_division", "LST posterior"),
        ("Anterior division of the upper trunk", "upper_trunk_anterior_division", "Upper anterior"),
        ("Posterior division of the middle trunk", "middle_trunk_posterior_division", "Middle posterior"),
        ("Posterior division", "posterior_division", "Posterior"),
        ("Upper and middle trunk anterior division", "upper_middle_anterior_division", "Upper and middle anterior"),
    ],
)
def test_a_division_is_labelled_by_its_ramus_or_trunk_and_its_side(name: str, sid: str, short: str) -> None:
    division = Structure(id=sid, kind=Kind.DIVISION, name=name, segments=("L2",))
    assert division_short_name(division) == short


@pytest.mark.parametrize(
    ("title", "in_a_sentence"),
    [
        ("Lumbosacral plexus", "lumbosacral plexus"),
        ("  Brachial plexus ", "brachial plexus"),
        ("ISNCSCI dermatomes", "ISNCSCI dermatomes"),  # an acronym keeps its capitals
        ("Erb's point", "Erb's point"),  # so does a name
        ("Erb’s point", "Erb’s point"),
        ("Erb's palsy cases", "Erb's palsy cases"),
        ("McGill plexus", "McGill plexus"),  # and a name with a capital inside it
        ("Plexus", "plexus"),
        ("C5 roots", "C5 roots"),
        ("a plexus", "a plexus"),
    ],
)
def test_a_pack_title_reads_after_the(title: str, in_a_sentence: str) -> None:
    assert pack_in_a_sentence(title) == in_a_sentence
