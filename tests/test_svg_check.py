"""The schematic's safety check on small files: the copy it hands on, byte for byte, the ids and
their lines, and each refusal word for word at its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.model.errors import PackError, Problem
from viewer.model.svgids import MAX_DEPTH, MAX_ELEMENTS, MAX_EXPANDED, MAX_SVG_BYTES, read_svg, read_svg_ids

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "plexus.svg"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def refused(tmp_path: Path, text: str | bytes) -> list[tuple[str, int | None]]:
    path = _write(tmp_path, text)
    with pytest.raises(PackError) as err:
        read_svg(path)
    assert all(p.path == path for p in err.value.problems)
    return [(p.reason, p.line) for p in err.value.problems]


# ---------------------------------------------------------------- what is handed on


def test_the_copy_keeps_svg_elements_plain_attributes_links_and_text_and_drops_the_rest(tmp_path: Path) -> None:
    source = (
        '<?xml version="1.0"?>\n'
        "<!-- drawn by hand -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:ink="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" ink:version="1">\n'
        "  <?editor note?>\n"
        '  <g id="femoral_nerve" ink:label="x" class="a&amp;b" title="say &quot;hi&quot;&#9;&#10;&#13;&lt;&gt;">\n'
        '    <rect id="box" x="1"/>\n'
        '    <text xml:space="preserve">A &amp; B &lt; C &gt; D&#13;</text>\n'
        "  </g>\n"
        '  <ink:layer id="hidden"><rect id="inside_hidden"/></ink:layer>\n'
        '  <use xlink:href="#box" href="#femoral_nerve"/>\n'
        '  <use href=" #box "/>\n'
        '  <a href="#box"><text>link</text></a>\n'
        "</svg>\n"
    )
    checked = read_svg(_write(tmp_path, source))
    assert checked.ids == {"femoral_nerve": 5, "box": 6}
    assert checked.data.decode("utf-8") == (
        DECLARATION + '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'
        "  \n"
        '  <g id="femoral_nerve" class="a&amp;b" title="say &quot;hi&quot;&#9;&#10;&#13;&lt;&gt;">\n'
        '    <rect id="box" x="1"/>\n'
        '    <text xml:space="preserve">A &amp; B &lt; C &gt; D&#13;</text>\n'
        "  </g>\n"
        "  \n"
        '  <use xlink:href="#box"/>\n'
        '  <use xlink:href=" #box "/>\n'
        '  <a xlink:href="#box"><text>link</text></a>\n'
        "</svg>\n"
    )
    assert read_svg_ids(tmp_path / "plexus.svg") == checked.ids


def test_a_plain_href_is_handed_on_under_the_xlink_prefix_and_the_first_of_two_wins(tmp_path: Path) -> None:
    source = HEAD + '<rect id="r"/><use href="#r" xlink:href="#other"/><rect id="other"/></svg>'
    assert read_svg(_write(tmp_path, source)).data.decode() == (
        DECLARATION + HEAD + '<rect id="r"/><use xlink:href="#r"/><rect id="other"/></svg>\n'
    )


def test_references_inside_a_left_out_element_are_not_followed(tmp_path: Path) -> None:
    # The foreign element is not handed on, so what it names need not exist, and a use inside it draws nothing.
    source = HEAD + '<x:meta xmlns:x="urn:x" fill="url(#nowhere)"><use href="#nowhere"/></x:meta><rect id="r"/></svg>'
    assert read_svg(_write(tmp_path, source)).data.decode() == DECLARATION + HEAD + '<rect id="r"/></svg>\n'


def test_safe_references_of_every_kind_pass(tmp_path: Path) -> None:
    source = (
        HEAD + "\n"
        '<defs><linearGradient id="shade"/><marker id="arrow"><path d="M0 0"/></marker></defs>\n'
        '<g id="group" fill="url(#shade)" style="stroke: url( \'#shade\' ); marker-end:url(#arrow)">\n'
        '<rect id="r" style="fill:url(#shade)"/><use href="#r"/><use href="#r"/>\n'
        "</g>\n"
        '<use href="#group"/><style>rect { fill: red }</style>\n'
        "</svg>"
    )
    assert read_svg(_write(tmp_path, source)).ids == {"shade": 2, "arrow": 2, "group": 3, "r": 4}


# ---------------------------------------------------------------- refusals


CASES: dict[str, tuple[str, list[tuple[str, int | None]]]] = {
    "a script": (HEAD + "\n\n<script>alert(1)</script></svg>", [("refused: a <script> element is not allowed in a schematic", 3)]),
    "a foreign object": (HEAD + "\n<foreignObject/></svg>", [("refused: a <foreignObject> element is not allowed in a schematic", 2)]),
    "an iframe": (HEAD + "\n<g>\n<iframe/></g></svg>", [("refused: an <iframe> element is not allowed in a schematic", 3)]),
    "an image from the web": (
        HEAD + '\n<image href="http://example.org/a.png"/></svg>',
        [("refused: an image refers outside the schematic ('http://example.org/a.png'); only #id references are allowed", 2)],
    ),
    "a use of another file": (
        HEAD + '\n\n<use xlink:href="other.svg#a"/></svg>',
        [("refused: <use> refers outside the schematic ('other.svg#a'); only #id references are allowed", 3)],
    ),
    "an empty fragment": (
        HEAD + '<use href="#"/></svg>',
        [("refused: <use> refers outside the schematic ('#'); only #id references are allowed", 1)],
    ),
    "an href in another namespace": (
        HEAD + '\n<a xmlns:q="urn:q" q:href="https://example.org"/></svg>',
        [("refused: <a> refers outside the schematic ('https://example.org'); only #id references are allowed", 2)],
    ),
    "a long reference, shortened": (
        HEAD + '<a href="https://example.org/' + "x" * 80 + '"/></svg>',
        [("refused: <a> refers outside the schematic ('https://example.org/" + "x" * 39 + "…'); only #id references are allowed", 1)],
    ),
    "a style pointing outside": (
        HEAD + "\n<rect style=\"fill: URL( 'http://example.org/p' )\"/></svg>",
        [("refused: a style refers outside the schematic ('http://example.org/p')", 2)],
    ),
    "a paint pointing outside": (
        HEAD + '\n<rect fill="url(x.svg#p)"/></svg>',
        [("refused: a style refers outside the schematic ('x.svg#p')", 2)],
    ),
    "an import in a style attribute": (
        HEAD + "\n<rect style=\"@IMPORT 'x.css'\"/></svg>",
        [("refused: a style sheet @import is not allowed", 2)],
    ),
    "an import in a style sheet": (
        HEAD + "\n<style>\n@import url(x.css);\n</style></svg>",
        [("refused: a style sheet @import is not allowed", 4)],
    ),
    "a style sheet painting by reference": (
        HEAD + '<rect id="p"/>\n<style>\nrect { fill:\n url(#p) }\n</style></svg>',
        [("refused: a style sheet may not refer to elements ('#p'); give the element its reference", 5)],
    ),
    "a style sheet instruction": (
        '<?xml-stylesheet href="x.css"?>\n' + HEAD + "</svg>",
        [("refused: an xml-stylesheet instruction is not allowed", 1)],
    ),
    "a use of nothing": (
        HEAD + '\n<rect id="r"/>\n<use href="#nowhere"/></svg>',
        [("<use> refers to #'nowhere', which no element has", 3)],
    ),
    "a group that uses itself": (
        HEAD + '\n<g id="loop">\n<use href="#loop"/></g></svg>',
        [("references form a cycle: <use> refers to #loop, which leads back to it", 3)],
    ),
    "two uses of each other": (
        HEAD + '\n<use id="a" href="#b"/>\n<use id="b" href="#a"/></svg>',
        [("references form a cycle: <use> refers to #b, which leads back to it", 2)],
    ),
    "a pattern painted with itself": (
        HEAD + '\n<pattern id="pat">\n<rect fill="url(#pat)"/></pattern>\n<rect fill="url(#pat)"/></svg>',
        [("references form a cycle: <rect> refers to #pat, which leads back to it", 3)],
    ),
    "a paint inherited into its own pattern": (
        HEAD + '\n<g fill="url(#pat)">\n<pattern id="pat"><rect/></pattern>\n</g><rect fill="url(#pat)"/></svg>',
        [("references form a cycle: <g> refers to #pat, which leads back to it", 2)],
    ),
    "a marker inherited through a style into its own marker": (
        HEAD + '\n<g style="marker-end: url(#m)">\n<marker id="m"><path/></marker>\n</g><path style="marker-end:url(#m)"/></svg>',
        [("references form a cycle: <g> refers to #m, which leads back to it", 2)],
    ),
    "ids used twice": (
        HEAD + '\n<rect id="a"/>\n<rect id="a"/>\n<rect id="b"/><rect id="b"/></svg>',
        [("duplicate element id 'a'", 3), ("duplicate element id 'b'", 4)],
    ),
    "another kind of document": (
        '\n<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>',
        [("not an SVG document (its root element is not <svg>)", 2)],
    ),
    "an svg element without the SVG namespace": ("<svg>\n</svg>", [("not an SVG document (its root element is not <svg>)", 1)]),
    "a document type": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "b">]>\n' + HEAD + "</svg>",
        [("refused: a DTD (document type declaration) is not allowed", 2)],
    ),
    "a truncated file": (HEAD + "\n<g>\n<rect", [("not well-formed XML (the file ends too early; is it truncated? (unclosed token))", 3)]),
    "text left open at the end": (
        HEAD + "\n<g>\n<text>abc",
        [("not well-formed XML (the file ends too early; is it truncated? (no element found))", 3)],
    ),
    "a tag left open at the end": (HEAD + "\n<g>", [("not well-formed XML (no element found)", 2)]),
    "a file that ends but is not closed": (HEAD + "\n<g>\n</g>\n", [("not well-formed XML (no element found)", 4)]),
    "junk after the drawing": (HEAD + "</svg>\njunk", [("not well-formed XML (junk after document element)", 2)]),
    "a mismatched tag": (HEAD + "\n<g></h></svg>", [("not well-formed XML (mismatched tag)", 2)]),
    "nothing but spaces": (" \n\t\n", [("empty file", 1)]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_refusal_names_its_reason_and_line(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    assert refused(tmp_path, text) == expected


def test_nesting_is_refused_one_level_past_the_limit(tmp_path: Path) -> None:
    deep = HEAD + "\n<g>" * (MAX_DEPTH - 1) + "</g>" * (MAX_DEPTH - 1) + "</svg>"
    assert read_svg(_write(tmp_path, deep)).ids == {}
    deeper = HEAD + "\n<g>" * MAX_DEPTH + "</g>" * MAX_DEPTH + "</svg>"
    assert refused(tmp_path, deeper) == [(f"elements nested more than {MAX_DEPTH} deep", MAX_DEPTH + 1)]


def test_elements_are_refused_one_past_the_limit(tmp_path: Path) -> None:
    full = HEAD + "<g/>" * (MAX_ELEMENTS - 1) + "\n</svg>"
    assert read_svg(_write(tmp_path, full)).ids == {}
    over = HEAD + "<g/>" * MAX_ELEMENTS + "\n</svg>"
    assert refused(tmp_path, over) == [(f"more than {MAX_ELEMENTS} elements", 1)]


def test_a_drawing_that_expands_past_the_limit_is_refused_at_the_reference_that_grows_it(tmp_path: Path) -> None:
    # Each level draws the one before ten times: 10**5 rectangles and some groups is past the limit.
    levels = ['<rect id="l0"/>']
    for i in range(1, 6):
        levels.append(f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>")
    text = HEAD + "\n" + "\n".join(levels) + "\n</svg>"
    assert refused(tmp_path, text) == [(f"<use> references expand to more than {MAX_EXPANDED} elements", 7)]
    # One level fewer is well within it.
    assert set(read_svg(_write(tmp_path, HEAD + "\n" + "\n".join(levels[:5]) + "\n</svg>")).ids) == {f"l{i}" for i in range(5)}


def test_a_file_that_is_missing_a_folder_or_too_big_is_refused_before_it_is_read(tmp_path: Path) -> None:
    missing = tmp_path / "none.svg"
    with pytest.raises(PackError) as err:
        read_svg(missing)
    assert err.value.problems == [Problem(missing, "no such file")]
    with pytest.raises(PackError) as err:
        read_svg(tmp_path)
    assert err.value.problems == [Problem(tmp_path, "is a folder, not an SVG file")]
    big = tmp_path / "big.svg"
    with big.open("wb") as out:
        out.truncate(MAX_SVG_BYTES + 1)
    with pytest.raises(PackError) as err:
        read_svg(big)
    assert err.value.problems == [Problem(big, f"file is {MAX_SVG_BYTES + 1} bytes; a schematic may be at most {MAX_SVG_BYTES}")]
    exactly = tmp_path / "exactly.svg"
    exactly.write_bytes((HEAD + "</svg>").encode().ljust(MAX_SVG_BYTES, b" "))
    assert read_svg(exactly).ids == {}


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    if os.name == "nt" or os.geteuid() == 0:
        locked = None
    else:
        locked = _write(tmp_path, HEAD + "</svg>")
        locked.chmod(0)
    if locked is not None:
        with pytest.raises(PackError) as err:
            read_svg(locked)
        assert err.value.problems == [Problem(locked, "cannot be read: Permission denied")]
    loop = tmp_path / "loop.svg"
    loop.symlink_to(loop)
    with pytest.raises(PackError) as err:
        read_svg(loop)
    assert err.value.problems == [Problem(loop, "cannot be read: Too many levels of symbolic links")]


MORE: dict[str, tuple[str, list[tuple[str, int | None]]]] = {
    "a paint on the root reaching its own pattern": (
        '<svg xmlns="http://www.w3.org/2000/svg" fill="url(#pat)">\n<pattern id="pat"><rect/></pattern>\n</svg>',
        [("references form a cycle: <svg> refers to #pat, which leads back to it", 1)],
    ),
    "an inherited paint after another declaration": (
        HEAD + '\n<g style="opacity: 1; fill: url(#pat)">\n<pattern id="pat"><rect/></pattern>\n</g></svg>',
        [("references form a cycle: <g> refers to #pat, which leads back to it", 2)],
    ),
    "an inherited paint naming an id with a colon": (
        HEAD + '\n<g style="fill:url(#p:1)">\n<pattern id="p:1"><rect/></pattern>\n</g></svg>',
        [("references form a cycle: <g> refers to #p:1, which leads back to it", 2)],
    ),
    "a reference spread over lines, quoted on one": (
        HEAD + '\n<image href="http://example.org/a\n    b.png"/></svg>',
        [("refused: an image refers outside the schematic ('http://example.org/a b.png'); only #id references are allowed", 2)],
    ),
    "a reference of sixty characters, quoted whole": (
        HEAD + '\n<image href="http://example.org/' + "a" * 41 + '"/></svg>',
        [("refused: an image refers outside the schematic ('http://example.org/" + "a" * 41 + "'); only #id references are allowed", 2)],
    ),
    "nesting counted across closed elements": (
        HEAD + "\n" + "<g>" * 40 + "<g/>\n" + "<g>" * 30 + "</g>" * 70 + "</svg>",
        [(f"elements nested more than {MAX_DEPTH} deep", 3)],
    ),
    "a truncated file that still ends in a newline": (
        HEAD + "\n<g>\n<rect\n",
        [("not well-formed XML (the file ends too early; is it truncated? (unclosed token))", 3)],
    ),
    "nesting after many closed siblings": (
        HEAD + "\n" + "<g/>" * 100 + "\n" + "<g>" * MAX_DEPTH + "</g>" * MAX_DEPTH + "</svg>",
        [(f"elements nested more than {MAX_DEPTH} deep", 3)],
    ),
    "a style sheet reference written with a character reference": (
        HEAD + '<rect id="p"/>\n<style>rect { fill: url(&#35;p) }</style></svg>',
        [("refused: a style sheet may not refer to elements ('#p'); give the element its reference", 2)],
    ),
    "an import after a style sheet nested in another": (
        HEAD + "\n<style><style>p{}</style>\n@import url(x.css);\n</style></svg>",
        [("refused: a style sheet @import is not allowed", 4)],
    ),
    "a style sheet reference split over lines": (
        HEAD + '<rect id="p"/>\n<style>\nrect { fill: url(\n#p) }\n</style></svg>',
        [("refused: a style sheet may not refer to elements ('#p'); give the element its reference", 5)],
    ),
}


@pytest.mark.parametrize("case", list(MORE))
def test_each_further_refusal_names_its_reason_and_line(tmp_path: Path, case: str) -> None:
    text, expected = MORE[case]
    assert refused(tmp_path, text) == expected


def test_text_inside_a_left_out_element_is_left_out_and_words_outside_a_style_sheet_are_only_words(tmp_path: Path) -> None:
    source = HEAD + '\n<q:meta xmlns:q="urn:q">secret words</q:meta><rect/></svg>'
    assert read_svg(_write(tmp_path, source)).data.decode() == DECLARATION + HEAD + "\n<rect/></svg>\n"
    words = HEAD + "\n<style>rect { fill: red }</style>\n<text>@import is a word; so is url(#x)</text>\n<style>p { }</style></svg>"
    assert read_svg(_write(tmp_path, words)).data.decode() == DECLARATION + words + "\n"


BLOCK = '<g id="block">' + "<rect/>" * 999 + "</g>"  # a thousand elements


def test_a_drawing_of_exactly_the_limit_passes_and_one_more_element_is_refused(tmp_path: Path) -> None:
    # The root, the block, 98 uses of it (1 001 each) and 901 more rectangles: 100 000.
    exact = HEAD + "\n" + BLOCK + "\n" + '<use href="#block"/>' * 98 + "<rect/>" * 901 + "\n</svg>"
    assert read_svg(_write(tmp_path, exact)).ids == {"block": 2}
    over = exact.replace("<rect/>\n</svg>", "<rect/><rect/>\n</svg>")
    assert refused(tmp_path, over) == [(f"<use> references expand to more than {MAX_EXPANDED} elements", 3)]


def test_the_reference_that_takes_a_drawing_past_the_limit_is_the_one_named(tmp_path: Path) -> None:
    # The big group holds exactly the limit; the one use of it on line 4 is one past.
    big = '<g id="big">' + '<use href="#block"/>' * 98 + "<rect/>" * 1901 + "</g>"
    text = HEAD + "\n" + BLOCK + "\n" + big + "\n" + '<use href="#big"/>' + "\n</svg>"
    assert refused(tmp_path, text) == [(f"<use> references expand to more than {MAX_EXPANDED} elements", 4)]


def test_parts_each_within_the_limit_are_refused_when_together_they_pass_it(tmp_path: Path) -> None:
    half = '<use href="#block"/>' * 55  # 55 055 elements
    text = HEAD + "\n" + BLOCK + "\n<g>" + half + "</g>\n<g>" + half + "</g>\n</svg>"
    assert refused(tmp_path, text) == [(f"<use> references expand to more than {MAX_EXPANDED} elements", 3)]


def test_words_that_only_look_like_style_and_a_paint_of_nothing_pass(tmp_path: Path) -> None:
    # A title may mention @import; a paint naming no element draws nothing (renderers ignore it).
    source = HEAD + '\n<rect id="r" title="see @import rules" fill="url(#nowhere)"/></svg>'
    assert read_svg(_write(tmp_path, source)).ids == {"r": 2}


def test_a_file_that_grows_between_its_size_check_and_its_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, HEAD + "</svg>")
    monkeypatch.setattr(Path, "read_bytes", lambda self: b" " * (MAX_SVG_BYTES + 1))
    with pytest.raises(PackError) as err:
        read_svg(path)
    assert err.value.problems == [Problem(path, f"file is more than {MAX_SVG_BYTES} bytes")]
