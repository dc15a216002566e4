"""Hostile packs: every one is refused with one line naming the file and the place.

Each case builds a broken or malicious copy of the real pack, then checks three ways in
which a user meets it: the loader (the exact message), `plexus-viewer validate` as a
process (exit 1, one line per problem, no traceback, quick), and the window (an error
dialog, not a crash). No output ever contains anything from outside the pack: the cases
that reach for /etc/passwd or for a secret file beside the pack assert that none of it
appears.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from viewer.assets import default_data_path, default_svg_path
from viewer.model.errors import PackError
from viewer.model.loader import MAX_DATA_BYTES, MAX_JSON_DEPTH, load_pack
from viewer.model.svgids import MAX_DEPTH, MAX_ELEMENTS, MAX_SVG_BYTES

#: How long a refusal may take beyond a clean `validate` of the real pack.
TIME_LIMIT = 2.0
SECRET = "TOP-SECRET-7f3a9c token outside the pack"
PASSWD = Path("/etc/passwd")
XLINK = "http://www.w3.org/1999/xlink"
SVG_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@dataclass
class Pack:
    """A writable copy of the real pack, and a secret file beside it that must never leak."""

    data: Path
    svg: Path
    secret: Path
    #: Whether the schematic is named (--svg) or found beside the data file.
    explicit_svg: bool = True

    def svg_args(self) -> list[str]:
        return ["--svg", str(self.svg)] if self.explicit_svg else []

    def svg_arg(self) -> Path | None:
        return self.svg if self.explicit_svg else None

    def edit(self, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
        raw = json.loads(self.data.read_text(encoding="utf-8"))
        change(raw)
        self.data.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")

    @property
    def skin(self) -> Path:
        """The skin map beside the schematic."""
        return self.svg.with_name(f"{self.svg.stem}-skin.svg")

    def svg_text(self) -> str:
        return self.svg.read_text(encoding="utf-8")

    def replace_in_svg(self, old: str, new: str) -> None:
        text = self.svg_text()
        assert old in text, old
        self.svg.write_text(text.replace(old, new, 1), encoding="utf-8")

    def replace_in_skin(self, old: str, new: str) -> None:
        text = self.skin.read_text(encoding="utf-8")
        assert old in text, old
        self.skin.write_text(text.replace(old, new, 1), encoding="utf-8")

    def insert_in_svg(self, fragment: str) -> None:
        """Put `fragment` just after the schematic's <title>, on a line of its own."""
        self.replace_in_svg("</title>\n", "</title>\n" + fragment + "\n")


@dataclass(frozen=True)
class Expect:
    """The one problem a case must produce: which file, on which line (None: no line), why."""

    file: str  # "data" or "svg"
    reason: str  # a regular expression the reason must match
    line: int | str | None = "any"  # an int, "any" line, "element" (#id) or None (the file as a whole)


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def structure(raw: dict, sid: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in raw["structures"] if s["id"] == sid)


# ---- the cases: each mutates the copy and says what must be reported -----------------


def billion_laughs(p: Pack) -> Expect:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    p.svg.write_text(f"{SVG_HEAD}<!DOCTYPE svg [{entities}]>\n{SVG_OPEN}<text>&lol9;</text></svg>\n", encoding="utf-8")
    return Expect("svg", r"refused: .*not allowed")


def skin_map_billion_laughs(p: Pack) -> Expect:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    p.skin.write_text(f"{SVG_HEAD}<!DOCTYPE svg [{entities}]>\n{SVG_OPEN}<text>&lol9;</text></svg>\n", encoding="utf-8")
    return Expect("skin", r"refused: .*not allowed")


def skin_map_external_entity_etc_passwd(p: Pack) -> Expect:
    p.skin.write_text(
        f'{SVG_HEAD}<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{PASSWD}">]>\n{SVG_OPEN}<text>&x;</text></svg>\n', encoding="utf-8"
    )
    return Expect("skin", r"refused: .*not allowed")


def skin_map_remote_image(p: Pack) -> Expect:
    p.replace_in_skin("</title>", '</title><image href="https://example.org/x.png" width="1" height="1"/>')
    return Expect("skin", r"refused: an image refers outside the schematic \('https://example.org/x.png'\)", 3)


def quadratic_blowup(p: Pack) -> Expect:
    big = "x" * 100_000
    p.svg.write_text(f'{SVG_HEAD}<!DOCTYPE svg [<!ENTITY a "{big}">]>\n{SVG_OPEN}<text>{"&a;" * 20_000}</text></svg>\n', encoding="utf-8")
    return Expect("svg", r"refused: .*not allowed")


def external_entity_etc_passwd(p: Pack) -> Expect:
    p.svg.write_text(
        f'{SVG_HEAD}<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{PASSWD}">]>\n{SVG_OPEN}<text>&x;</text></svg>\n', encoding="utf-8"
    )
    return Expect("svg", r"refused: .*not allowed")


def external_entity_secret_beside_the_pack(p: Pack) -> Expect:
    p.svg.write_text(
        f'{SVG_HEAD}<!DOCTYPE svg [<!ENTITY x SYSTEM "{p.secret.as_uri()}">]>\n{SVG_OPEN}<text>&x;</text></svg>\n', encoding="utf-8"
    )
    return Expect("svg", r"refused: .*not allowed")


def parameter_entity(p: Pack) -> Expect:
    p.svg.write_text(f'{SVG_HEAD}<!DOCTYPE svg [<!ENTITY % x SYSTEM "{p.secret.as_uri()}"> %x;]>\n{SVG_OPEN}</svg>\n', encoding="utf-8")
    return Expect("svg", r"refused: .*not allowed")


def external_dtd(p: Pack) -> Expect:
    dtd = p.secret.parent / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak "{SECRET}">', encoding="utf-8")
    text = p.svg_text().replace(SVG_HEAD, f'{SVG_HEAD}<!DOCTYPE svg SYSTEM "{dtd.as_uri()}">\n', 1)
    p.svg.write_text(text, encoding="utf-8")
    return Expect("svg", r"refused: a DTD .* is not allowed", 2)


def huge_svg(p: Pack) -> Expect:
    with p.svg.open("r+b") as f:
        f.truncate(MAX_SVG_BYTES + 1)  # sparse: costs no disk
    return Expect("svg", rf"file is {MAX_SVG_BYTES + 1} bytes; a schematic may be at most {MAX_SVG_BYTES}", None)


def a_million_elements(p: Pack) -> Expect:
    p.svg.write_text(SVG_HEAD + SVG_OPEN + "\n" + "<g/>\n" * 1_000_000 + "</svg>\n", encoding="utf-8")
    return Expect("svg", rf"more than {MAX_ELEMENTS} elements", MAX_ELEMENTS + 2)  # the root <svg> is on line 2


def deep_nesting_svg(p: Pack) -> Expect:
    p.svg.write_text(SVG_HEAD + SVG_OPEN + "\n" + "<g>\n" * 10_000 + "</g>\n" * 10_000 + "</svg>\n", encoding="utf-8")
    return Expect("svg", rf"elements nested more than {MAX_DEPTH} deep", MAX_DEPTH + 2)


def use_chain_bomb(p: Pack) -> Expect:
    # Each level draws the one before ten times: 10^12 elements once expanded.
    levels = ['<g id="deco-bomb0"><rect width="1" height="1"/></g>']
    for i in range(1, 13):
        uses = "".join(f'<use xlink:href="#deco-bomb{i - 1}"/>' for _ in range(10))
        levels.append(f'<g id="deco-bomb{i}">{uses}</g>')
    p.insert_in_svg(f'<defs xmlns:xlink="{XLINK}">' + "".join(levels) + "</defs>")
    return Expect("svg", r"<use> references expand to more than \d+ elements", line_of(p.svg, "deco-bomb0"))


def use_cycle(p: Pack) -> Expect:
    p.insert_in_svg('<g id="deco-loop"><use href="#deco-loop"/></g>')
    return Expect("svg", r"references form a cycle: <use> refers to #deco-loop", line_of(p.svg, "deco-loop"))


def use_of_a_missing_id(p: Pack) -> Expect:
    p.insert_in_svg('<use href="#nowhere"/>')
    return Expect("svg", r"<use> refers to #'nowhere', which no element has", line_of(p.svg, "#nowhere"))


def script_element(p: Pack) -> Expect:
    p.insert_in_svg("<script>alert(document.cookie)</script>")
    return Expect("svg", r"refused: a <script> element is not allowed", line_of(p.svg, "<script>"))


def foreign_object(p: Pack) -> Expect:
    p.insert_in_svg('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>')
    return Expect("svg", r"refused: a <foreignObject> element is not allowed", line_of(p.svg, "<foreignObject"))


def remote_image(p: Pack) -> Expect:
    p.insert_in_svg('<image width="10" height="10" href="https://example.com/track.png"/>')
    return Expect("svg", r"refused: an image refers outside the schematic \('https://example.com/track.png'\)", line_of(p.svg, "<image"))


def local_file_image(p: Pack) -> Expect:
    p.insert_in_svg(f'<image xmlns:xlink="{XLINK}" width="10" height="10" xlink:href="{p.secret.as_uri()}"/>')
    return Expect("svg", r"refused: an image refers outside the schematic", line_of(p.svg, "<image"))


def link_to_a_url(p: Pack) -> Expect:
    p.insert_in_svg('<a href="javascript:alert(1)"><text>x</text></a>')
    return Expect("svg", r"refused: <a> refers outside the schematic", line_of(p.svg, "javascript"))


def css_import(p: Pack) -> Expect:
    p.insert_in_svg("<style>@import url(https://example.com/x.css);</style>")
    return Expect("svg", r"refused: a style sheet @import is not allowed", line_of(p.svg, "@import"))


def css_url_to_a_file(p: Pack) -> Expect:
    p.replace_in_svg('fill="#ffffff"', f'style="fill: url({p.secret.as_uri()})"')
    return Expect("svg", r"refused: a style refers outside the schematic", line_of(p.svg, "fill: url("))


def css_url_in_a_style_sheet(p: Pack) -> Expect:
    sheet = ".deco { fill: red; }\n.legend { background: url(\n  'https://example.com/track.png'); }"
    p.insert_in_svg(f"<style><![CDATA[\n{sheet}\n]]></style>")
    reason = r"refused: a style refers outside the schematic \('https://example.com/track.png'\)"
    return Expect("svg", reason, line_of(p.svg, "]]></style>"))


def stylesheet_instruction(p: Pack) -> Expect:
    p.svg.write_text(
        p.svg_text().replace(SVG_HEAD, SVG_HEAD + '<?xml-stylesheet href="https://example.com/x.css"?>\n', 1), encoding="utf-8"
    )
    return Expect("svg", r"refused: an xml-stylesheet instruction is not allowed", 2)


def svg_link_out_of_the_pack(p: Pack) -> Expect:
    p.svg.unlink()
    p.svg.symlink_to(PASSWD)
    p.explicit_svg = False  # found beside the data file, as a shared pack would have it
    return Expect("svg", r"is a link to a file outside the pack's folder", None)


def duplicate_ids(p: Pack) -> Expect:
    p.replace_in_svg('id="deco-background"', 'id="gracilis"')
    return Expect("svg", r"duplicate element id 'gracilis'", line_of(p.svg, '<g id="gracilis"'))


def svg_id_with_no_structure(p: Pack) -> Expect:
    p.replace_in_svg('<g id="gracilis">', '<g id="gracillis">')
    # The structure now has no element either: two problems; this case checks the first.
    return Expect("svg", r"element id 'gracillis' names no structure or strand", line_of(p.svg, 'id="gracillis"'))


def structure_with_no_svg_element(p: Pack) -> Expect:
    p.replace_in_svg('<g id="gracilis">', '<g id="deco-gracilis">')
    return Expect("svg", r"no element with id 'gracilis'", "element")


def svg_not_well_formed(p: Pack) -> Expect:
    p.replace_in_svg('<g id="gracilis">', '<g id="gracilis"')
    return Expect("svg", r"not well-formed XML", "any")


def svg_truncated(p: Pack) -> Expect:
    text = p.svg_text()
    p.svg.write_text(text[: len(text) // 2], encoding="utf-8")
    return Expect("svg", r"not well-formed XML \(the file ends too early; is it truncated\? \(unclosed token\)\)", "any")


def svg_empty(p: Pack) -> Expect:
    p.svg.write_bytes(b"")
    return Expect("svg", r"empty file", 1)


def svg_that_is_not_svg(p: Pack) -> Expect:
    p.svg.write_text('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n', encoding="utf-8")
    return Expect("svg", r"not an SVG document", 2)


def unknown_segment(p: Pack) -> Expect:
    p.edit(lambda raw: structure(raw, "piriformis").__setitem__("segments", ["S1", "S7"]))
    return Expect("data", r"piriformis: unknown segment S7", line_of(p.data, '"S7"') - 2)


def cycle(p: Pack) -> Expect:
    p.edit(lambda raw: raw["connections"].append({"from": "saphenous_nerve", "to": "femoral_nerve"}))
    text = p.data.read_text(encoding="utf-8")
    found = re.search(r'"from": "saphenous_nerve",\s*"to": "femoral_nerve"', text)
    assert found
    line = text[: found.start()].count("\n")  # the connection's opening brace, the line before
    return Expect("data", r"connections form a cycle: .*femoral_nerve.*saphenous_nerve", line)


def segment_its_source_lacks(p: Pack) -> Expect:
    def change(raw: dict) -> None:  # type: ignore[type-arg]
        for c in raw["connections"]:
            if c["from"] == "superior_gluteal_nerve" and c["to"] == "gluteus_medius":
                c["segments"] = ["L4", "L5", "S1", "S2"]

    p.edit(change)
    text = p.data.read_text(encoding="utf-8")
    found = re.search(r'"from": "superior_gluteal_nerve",\s*"to": "gluteus_medius"', text)
    assert found
    line = text[: found.start()].count("\n")  # the connection's opening brace, the line before
    return Expect("data", r"superior_gluteal_nerve → gluteus_medius: carries S2, which superior_gluteal_nerve does not carry", line)


def data_syntax_error(p: Pack) -> Expect:
    p.data.write_text(p.data.read_text(encoding="utf-8").replace('"name": "Gluteus medius"', '"name": "Gluteus medius",,', 1))
    return Expect("data", r"not valid JSON: Expecting property name", line_of(p.data, '"Gluteus medius",,'))


def misspelt_key(p: Pack) -> Expect:
    text = p.data.read_text(encoding="utf-8").replace('"latin": "Musculus gluteus medius"', '"latn": "Musculus gluteus medius"', 1)
    p.data.write_text(text, encoding="utf-8")
    return Expect("data", r"unknown key 'latn'", line_of(p.data, '"latn"'))


def wrong_types(p: Pack) -> Expect:
    p.edit(lambda raw: structure(raw, "gluteus_medius").__setitem__("inconstant", "sometimes"))
    return Expect("data", r"structures\.\d+\.inconstant: expected `bool`, got `str`", "any")


def data_empty(p: Pack) -> Expect:
    p.data.write_bytes(b"")
    return Expect("data", r"empty file", 1)


def data_not_utf8(p: Pack) -> Expect:
    p.data.write_bytes(p.data.read_bytes().replace(b"Gluteus medius", b"Gluteus m\xe9dius", 1))
    return Expect("data", r"not UTF-8 text \(byte \d+\)", line_of(p.data, "Gluteus m"))


def data_truncated(p: Pack) -> Expect:
    text = p.data.read_text(encoding="utf-8")
    p.data.write_text(text[: len(text) // 2], encoding="utf-8")
    return Expect("data", r"not valid JSON: the file ends too early; is it truncated\?", len(text[: len(text) // 2].splitlines()))


def data_deep_nesting(p: Pack) -> Expect:
    p.data.write_text('{"format": "plexus-pack/1",\n "title": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    return Expect("data", rf"nested more than {MAX_JSON_DEPTH} deep", 2)


def data_huge(p: Pack) -> Expect:
    with p.data.open("r+b") as f:
        f.truncate(MAX_DATA_BYTES + 1)
    return Expect("data", rf"file is {MAX_DATA_BYTES + 1} bytes; a data file may be at most {MAX_DATA_BYTES}", None)


def data_is_a_folder(p: Pack) -> Expect:
    p.data.unlink()
    p.data.mkdir()
    return Expect("data", r"is a folder, not a data file", None)


# ---- round two: what a renderer's malicious corpus and a fuzzer found ----------------


def image_under_a_rebound_xlink_prefix(p: Pack) -> Expect:
    # The prefix `xlink` bound to another namespace: QtSvg reads `xlink:href` by its
    # literal name and would draw the file; the check must see it as a link all the same.
    p.insert_in_svg(f'<image xmlns:xlink="urn:not-xlink" width="10" height="10" xlink:href="{p.secret.as_uri()}"/>')
    return Expect("svg", r"refused: an image refers outside the schematic", line_of(p.svg, "<image"))


def use_chain_bomb_under_a_rebound_prefix(p: Pack) -> Expect:
    levels = ['<g id="deco-bomb0"><rect width="1" height="1"/></g>']
    for i in range(1, 13):
        uses = "".join(f'<use xlink:href="#deco-bomb{i - 1}"/>' for _ in range(10))
        levels.append(f'<g id="deco-bomb{i}">{uses}</g>')
    p.insert_in_svg('<defs xmlns:xlink="urn:not-xlink">' + "".join(levels) + "</defs>")
    return Expect("svg", r"<use> references expand to more than \d+ elements", line_of(p.svg, "deco-bomb0"))


def href_in_an_unknown_namespace(p: Pack) -> Expect:
    p.insert_in_svg(f'<image xmlns:q="urn:q" width="10" height="10" q:href="{p.secret.as_uri()}"/>')
    return Expect("svg", r"refused: an image refers outside the schematic", line_of(p.svg, "<image"))


def pattern_that_paints_itself(p: Pack) -> Expect:
    p.insert_in_svg(
        '<defs><pattern id="deco-p" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<rect width="4" height="4" fill="url(#deco-p)"/></pattern></defs>'
        '<rect width="10" height="10" fill="url(#deco-p)"/>'
    )
    return Expect("svg", r"references form a cycle: <rect> refers to #deco-p", line_of(p.svg, "deco-p"))


def pattern_that_paints_itself_in_a_style(p: Pack) -> Expect:
    # Its user comes first: the message names the reference on the cycle, not the user.
    p.insert_in_svg(
        '<circle r="5" fill="url(#deco-p)"/>\n<defs><pattern id="deco-p" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<rect width="4" height="4" style="fill: url(&quot;#deco-p&quot;)"/></pattern></defs>'
    )
    return Expect("svg", r"references form a cycle: <rect> refers to #deco-p", line_of(p.svg, "<defs><pattern"))


def pattern_painting_itself_by_inheritance(p: Pack) -> Expect:
    # The pattern's own rect inherits fill="url(#deco-p)" from the group around the pattern.
    p.insert_in_svg(
        '<g fill="url(#deco-p)"><pattern id="deco-p" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<rect width="4" height="4"/></pattern><rect width="10" height="10"/></g>'
    )
    return Expect("svg", r"references form a cycle: <g> refers to #deco-p", line_of(p.svg, "deco-p"))


def marker_on_itself_by_inheritance(p: Pack) -> Expect:
    p.insert_in_svg(
        '<g style="marker-end: url(#deco-m)"><marker id="deco-m" markerWidth="4" markerHeight="4">'
        '<path d="M0 0L4 4"/></marker><path d="M0 0L9 9" stroke="black"/></g>'
    )
    return Expect("svg", r"references form a cycle: <g> refers to #deco-m", line_of(p.svg, "deco-m"))


def gradient_href_cycle(p: Pack) -> Expect:
    p.insert_in_svg(
        f'<defs xmlns:xlink="{XLINK}"><linearGradient id="deco-g1" xlink:href="#deco-g2"/>'
        '<linearGradient id="deco-g2" href="#deco-g1"/></defs><rect width="10" height="10" fill="url(#deco-g1)"/>'
    )
    return Expect("svg", r"references form a cycle: <linearGradient> refers to #deco-g2", line_of(p.svg, "deco-g1"))


def marker_cycle(p: Pack) -> Expect:
    p.insert_in_svg(
        '<defs><marker id="deco-m" markerWidth="4" markerHeight="4"><path d="M0 0L4 4" marker-end="url(#deco-m)"/></marker></defs>'
        '<path d="M0 0L9 9" stroke="black" marker-end="url(#deco-m)"/>'
    )
    return Expect("svg", r"references form a cycle: <path> refers to #deco-m", line_of(p.svg, "deco-m"))


def mask_cycle(p: Pack) -> Expect:
    p.insert_in_svg('<defs><mask id="deco-k"><rect width="4" height="4" fill="white" mask="url(#deco-k)"/></mask></defs>')
    return Expect("svg", r"references form a cycle: <rect> refers to #deco-k", line_of(p.svg, "deco-k"))


def clip_path_cycle(p: Pack) -> Expect:
    p.insert_in_svg('<defs><clipPath id="deco-c"><rect width="4" height="4" clip-path="url(#deco-c)"/></clipPath></defs>')
    return Expect("svg", r"references form a cycle: <rect> refers to #deco-c", line_of(p.svg, "deco-c"))


def filter_cycle(p: Pack) -> Expect:
    p.insert_in_svg(
        '<defs><filter id="deco-f"><feImage href="#deco-fr"/></filter></defs>'
        '<rect id="deco-fr" width="4" height="4" filter="url(#deco-f)"/>'
    )
    return Expect("svg", r"references form a cycle: <feImage> refers to #deco-fr", line_of(p.svg, "deco-f"))


def url_reference_in_a_style_sheet(p: Pack) -> Expect:
    p.insert_in_svg("<style>.deco { fill: url(#deco-background); }</style>")
    return Expect("svg", r"refused: a style sheet may not refer to elements \('#deco-background'\)", line_of(p.svg, "<style>"))


def number_with_5000_digits(p: Pack) -> Expect:
    text = p.data.read_text(encoding="utf-8").replace('"name": "Gluteus medius"', '"name": ' + "9" * 5000, 1)
    p.data.write_text(text, encoding="utf-8")
    return Expect("data", r"a number with 5000 digits", line_of(p.data, "9999"))


def lone_surrogate_escape_in_a_key(p: Pack) -> Expect:
    text = p.data.read_text(encoding="utf-8").replace('"latin": "Musculus gluteus medius"', '"\\ud800": "x"', 1)
    p.data.write_text(text, encoding="utf-8")
    return Expect("data", r"the escape \\ud800 is half of a UTF-16 pair \(a lone surrogate\), not a character", line_of(p.data, "\\ud800"))


def lone_surrogate_in_a_name(p: Pack) -> Expect:
    text = p.data.read_text(encoding="utf-8").replace('"name": "Gluteus medius"', '"name": "Gluteus \\udc00medius"', 1)
    p.data.write_text(text, encoding="utf-8")
    return Expect("data", r"the escape \\udc00 is half of a UTF-16 pair \(a lone surrogate\), not a character", line_of(p.data, "\\udc00"))


def control_characters_in_a_message(p: Pack) -> Expect:
    fake = f"S7\x1b[2K\r{p.data}: ok — 170 structures"
    p.edit(lambda raw: structure(raw, "piriformis").__setitem__("segments", ["S1", fake]))
    return Expect("data", r"piriformis: unknown segment S7\\x1b\[2K\\r", line_of(p.data, '"S7') - 2)


def top_level_array(p: Pack) -> Expect:
    p.data.write_text("[\n 1,\n 2\n]", encoding="utf-8")
    return Expect("data", r"the file holds an array; a pack's data is a JSON object", 1)


def skin_map_under_a_link_out_of_the_pack(p: Pack) -> Expect:
    p.skin.unlink()
    p.skin.symlink_to(p.secret)
    p.explicit_svg = False
    return Expect("skin", r"is a link to a file outside the pack's folder", None)


CASES: dict[str, Callable[[Pack], Expect]] = {
    f.__name__: f
    for f in (
        billion_laughs,
        skin_map_billion_laughs,
        skin_map_external_entity_etc_passwd,
        skin_map_remote_image,
        quadratic_blowup,
        external_entity_etc_passwd,
        external_entity_secret_beside_the_pack,
        parameter_entity,
        external_dtd,
        huge_svg,
        a_million_elements,
        deep_nesting_svg,
        use_chain_bomb,
        use_cycle,
        use_of_a_missing_id,
        script_element,
        foreign_object,
        remote_image,
        local_file_image,
        link_to_a_url,
        css_import,
        css_url_to_a_file,
        css_url_in_a_style_sheet,
        stylesheet_instruction,
        svg_link_out_of_the_pack,
        duplicate_ids,
        svg_id_with_no_structure,
        structure_with_no_svg_element,
        svg_not_well_formed,
        svg_truncated,
        svg_empty,
        svg_that_is_not_svg,
        unknown_segment,
        cycle,
        segment_its_source_lacks,
        data_syntax_error,
        misspelt_key,
        wrong_types,
        data_empty,
        data_not_utf8,
        data_truncated,
        data_deep_nesting,
        data_huge,
        data_is_a_folder,
        image_under_a_rebound_xlink_prefix,
        use_chain_bomb_under_a_rebound_prefix,
        href_in_an_unknown_namespace,
        pattern_that_paints_itself,
        pattern_that_paints_itself_in_a_style,
        pattern_painting_itself_by_inheritance,
        marker_on_itself_by_inheritance,
        gradient_href_cycle,
        marker_cycle,
        mask_cycle,
        clip_path_cycle,
        filter_cycle,
        url_reference_in_a_style_sheet,
        number_with_5000_digits,
        lone_surrogate_escape_in_a_key,
        lone_surrogate_in_a_name,
        control_characters_in_a_message,
        top_level_array,
        skin_map_under_a_link_out_of_the_pack,
    )
}


@pytest.fixture
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Pack, Expect]:
    folder = tmp_path / "pack"
    (folder / "svg").mkdir(parents=True)
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    p = Pack(folder / "lumbosacral.json", folder / "svg" / "lumbosacral.svg", secret)
    shutil.copy(default_data_path(), p.data)
    shutil.copy(default_svg_path(), p.svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), folder / "svg" / "lumbosacral-skin.svg")
    return p, CASES[request.param](p)


def check_lines(lines: list[str], p: Pack, expect: Expect) -> None:
    """The first line is the expected one; every line names a pack file and leaks nothing."""
    assert lines, "no problem reported"
    path = {"data": p.data, "svg": p.svg, "skin": p.skin}[expect.file]
    for line in lines:
        assert "\n" not in line and line.strip() == line
        assert line.startswith((f"{p.data}:", f"{p.svg}:", f"{p.skin}:")), line
        assert SECRET not in line and "Traceback" not in line
        assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", line), f"a control character or lone surrogate in {line!r}"
    first = lines[0]
    if expect.line is None:
        place = re.escape(f"{path}: ")
    elif expect.line == "any":
        place = re.escape(f"{path}:") + r"\d+: "
    elif expect.line == "element":
        place = re.escape(f"{path}:#") + r"[a-z0-9_]+: "
    else:
        place = re.escape(f"{path}:{expect.line}: ")
    assert re.match(place + expect.reason, first), f"{first!r} does not match {place + expect.reason!r}"


def assert_nothing_from_outside(output: str) -> None:
    assert SECRET not in output
    for line in PASSWD.read_text(encoding="utf-8", errors="replace").splitlines():
        if len(line) > 8:
            assert line not in output, "a line of /etc/passwd was echoed"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PLEXUS_VIEWER_NO_DIALOGS"] = "1"
    return env


def run_viewer(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=60, env=child_env())
    return result, time.perf_counter() - start


def clean_validate_seconds() -> float:
    """Wall time of `validate` on the real pack: interpreter start-up and a full load on this machine, now.

    Measured inside each test, beside the case it is compared with, so a machine that is
    busy for a while slows both alike: the limit is relative, never an absolute wall clock.
    """
    times = []
    for _ in range(2):
        result, seconds = run_viewer("validate", "--data", str(default_data_path()), "--svg", str(default_svg_path()))
        assert result.returncode == 0, result.stderr
        times.append(seconds)
    return min(times)


def clean_load_seconds() -> float:
    """Wall time of loading the real pack in this process, now (the window's counterpart of the above)."""
    start = time.perf_counter()
    load_pack(default_data_path(), default_svg_path())
    return time.perf_counter() - start


ALL = pytest.mark.parametrize("hostile", list(CASES), indirect=True)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 20


@ALL
def test_the_loader_refuses_with_one_line_naming_the_file_and_place(hostile: tuple[Pack, Expect]) -> None:
    p, expect = hostile
    with pytest.raises(PackError) as info:
        load_pack(p.data, p.svg_arg())
    lines = [str(problem) for problem in info.value.problems]
    check_lines(lines, p, expect)
    assert_nothing_from_outside("\n".join(lines))


@ALL
def test_validate_exits_1_quickly_with_one_line_per_problem(hostile: tuple[Pack, Expect]) -> None:
    p, expect = hostile
    result, seconds = run_viewer("validate", "--data", str(p.data), *p.svg_args())
    clean = clean_validate_seconds()
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    check_lines(result.stderr.splitlines(), p, expect)
    assert_nothing_from_outside(result.stdout + result.stderr)
    assert seconds <= clean + TIME_LIMIT, f"{seconds:.2f} s against {clean:.2f} s for the clean pack"


@ALL
def test_the_window_shows_an_error_dialog(hostile: tuple[Pack, Expect], monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from viewer.qt.shell.application import run_window

    p, expect = hostile
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.delenv("PLEXUS_VIEWER_NO_DIALOGS")
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    start = time.perf_counter()
    assert run_window(None, p.data, p.svg_arg()) == 1
    seconds = time.perf_counter() - start
    clean = clean_load_seconds()
    assert seconds <= clean + TIME_LIMIT, f"{seconds:.2f} s against {clean:.2f} s to load the clean pack"
    [(text, details)] = shown
    assert text == "This pack cannot be opened."
    check_lines(details.splitlines()[:1], p, expect)
    assert_nothing_from_outside(details)


@pytest.mark.parametrize(
    "hostile",
    [
        "billion_laughs",
        "external_entity_etc_passwd",
        "use_chain_bomb",
        "data_deep_nesting",
        "use_chain_bomb_under_a_rebound_prefix",
        "pattern_that_paints_itself",
        "number_with_5000_digits",
        "lone_surrogate_escape_in_a_key",
    ],
    indirect=True,
)
def test_the_window_process_exits_1_without_a_crash(hostile: tuple[Pack, Expect]) -> None:
    p, expect = hostile
    result, seconds = run_viewer("--data", str(p.data), *p.svg_args())
    clean = clean_validate_seconds()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Fatal" not in result.stderr
    check_lines(result.stderr.splitlines(), p, expect)
    assert_nothing_from_outside(result.stdout + result.stderr)
    assert seconds <= clean + TIME_LIMIT + 1.0  # the window process also starts Qt


def test_the_real_pack_passes_the_same_checks() -> None:
    load_pack(default_data_path(), default_svg_path())


@pytest.mark.parametrize(
    "hostile",
    [
        "billion_laughs",
        "external_entity_etc_passwd",
        "script_element",
        "remote_image",
        "image_under_a_rebound_xlink_prefix",
        "use_chain_bomb_under_a_rebound_prefix",
        "gradient_href_cycle",
        "lone_surrogate_in_a_name",
    ],
    indirect=True,
)
def test_export_refuses_and_writes_nothing(hostile: tuple[Pack, Expect], tmp_path: Path) -> None:
    p, expect = hostile
    output = tmp_path / "out.png"
    result, _seconds = run_viewer("export", "--data", str(p.data), *p.svg_args(), "-o", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    check_lines(result.stderr.splitlines(), p, expect)
    assert_nothing_from_outside(result.stdout + result.stderr)
    assert not output.exists() and not list(tmp_path.glob("*.png"))


def test_qt_draws_the_checked_bytes_never_the_file(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A schematic swapped after the check is never drawn: QtSvg and svgelements get the checked bytes."""
    from PySide6.QtGui import QImage

    from viewer.qt.output.export import export_file

    data, svg = tmp_path / "lumbosacral.json", tmp_path / "svg" / "lumbosacral.svg"
    svg.parent.mkdir()
    shutil.copy(default_data_path(), data)
    shutil.copy(default_svg_path(), svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), svg.with_name("lumbosacral-skin.svg"))
    pack = load_pack(data, svg)
    before, after = tmp_path / "before.png", tmp_path / "after.png"
    export_file(pack, "l4", (640, 360), before)
    svg.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{PASSWD}">]>\n<svg>&x;</svg>\n', encoding="utf-8")
    export_file(pack, "l4", (640, 360), after)
    assert QImage(str(before)) == QImage(str(after))
