"""Reading a schematic SVG safely: its element ids with their line numbers, and a clean copy.

The parse goes through defusedxml, which refuses entity declarations, DTDs and external
references, and stops at size, element-count and depth limits. On top of that the
schematic may only refer within itself: scripts, `<foreignObject>`, style sheets that
refer anywhere and any link to a file or URL (an `href` in any namespace, a CSS `url(…)`
or `@import`) are refused. Every reference that makes one element draw another (`<use>`,
a pattern, gradient, marker, mask, clip path or filter named by `url(#…)` or an `href`)
is an edge of one graph, checked without recursion: a cycle is refused, and so is a
drawing that would expand past the element limit.

What is handed on (`CheckedSvg.data`) is not the file but a copy written from what the
check accepted: elements of the SVG namespace only, their plain attributes, `xlink:href`
and `xml:space` under their canonical prefixes, the text; comments, processing
instructions and everything in any other namespace are left out. A renderer that reads
names by their literal prefix (QtSvg reads `xlink:href` so) therefore sees exactly what
the check saw, and QtSvg and svgelements never open the file themselves, so a file
changed after the check is never drawn.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import msgspec
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from viewer.model import checked_cache
from viewer.model.errors import PackError, Problem

MAX_SVG_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_DEPTH = 64
#: How many elements the drawing may hold once every reference is expanded.
MAX_EXPANDED = MAX_ELEMENTS

SVG_URI = "http://www.w3.org/2000/svg"
XLINK_URI = "http://www.w3.org/1999/xlink"
XML_URI = "http://www.w3.org/XML/1998/namespace"
SVG_NS = "{" + SVG_URI + "}"
#: Elements that run code or embed another document: never allowed in a schematic.
_FORBIDDEN = {"script": "a <script> element", "foreignObject": "a <foreignObject> element", "iframe": "an <iframe> element"}
#: An `href` on these is a link to follow, not something drawn: not an edge of the graph.
_LINKS = {"a"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_ROOT_NAMESPACES = f' xmlns="{SVG_URI}" xmlns:xlink="{XLINK_URI}"'
_XLINK_HREF = "{" + XLINK_URI + "}href"
_XML_SPACE = "{" + XML_URI + "}space"


@dataclass(frozen=True)
class CheckedSvg:
    """A schematic that passed the safety check: the copy written from what it accepted, and its ids with their lines."""

    data: bytes
    ids: dict[str, int]


class _Refused(Exception):
    def __init__(self, reason: str, line: int | None) -> None:
        self.reason = reason
        self.line = line


def _split(name: str) -> tuple[str, str]:
    """(namespace, local name) of an expanded name such as `{uri}href`."""
    if name.startswith("{"):
        uri, _, local = name[1:].partition("}")
        return uri, local
    return "", name


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_ATTR_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')
_TEXT_SPECIAL = re.compile("[&<>\r]")


def _escaped(match: re.Match[str]) -> str:
    return _ATTR_ESCAPES[match.group()]


def _attr(value: str) -> str:
    return _ATTR_SPECIAL.sub(_escaped, value)


def _text(value: str) -> str:
    return _TEXT_SPECIAL.sub(_escaped, value)


class _Collector:
    """An ElementTree target that records ids and references, enforces the limits and writes the clean copy."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.duplicates: list[tuple[str, int]] = []
        self.depth = 0
        self.parser: Any = None
        # A light tree for the reference graph: each element's parent, local name and line.
        self.parent: list[int] = []
        self.names: list[str] = []
        self.lines: list[int] = []
        self.id_index: dict[str, int] = {}
        #: (element, target id, line, whether the element is a <use>): every reference that draws.
        self.references: list[tuple[int, str, int, bool]] = []
        #: Per element, the references it makes in inherited properties (fill, stroke,
        #: markers): everything inside it makes them too, unless it says otherwise.
        self.inherited: dict[int, list[tuple[str, int]]] = {}
        self._stack: list[int] = []
        self._in_style = 0
        self._style_text: list[str] = []
        self.root: str | None = None
        self.root_line = 1
        # The clean copy: what is written, how deep inside a left-out element we are,
        # and whether the last start tag still waits for its `>` (or `/>`).
        self.out: list[str] = [_XML_DECLARATION]
        self._skipping = 0
        self._open = False

    def line(self) -> int:
        return int(self.parser.parser.CurrentLineNumber) if self.parser is not None else 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        index = len(self.parent)
        self.depth += 1
        if index >= MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS} elements", self.line())
        if self.depth > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep", self.line())
        line = self.line()
        if self.root is None:
            self.root, self.root_line = tag, line
        uri, name = _split(tag)
        if name in _FORBIDDEN:
            raise _Refused(f"refused: {_FORBIDDEN[name]} is not allowed in a schematic", line)
        self.parent.append(self._stack[-1] if self._stack else -1)
        self.names.append(name)
        self.lines.append(line)
        self._stack.append(index)
        if name == "style":
            self._in_style += 1
        kept = not self._skipping and uri == SVG_URI
        for key, value in attrs.items():
            if key == "href" or (key[0] == "{" and key.endswith("}href")):  # in any namespace: a renderer may read it by its prefix
                self._reference(index, name, value, line, kept)
            elif "url(" in value.lower() or (key == "style" and "@import" in value.lower()):
                for target in self._check_css(value, line):
                    if kept:
                        self.references.append((index, target, line, False))
                if kept:
                    for target in _inherited_targets(key, value):
                        self.inherited.setdefault(index, []).append((target, line))
        if not kept:
            self._skipping += 1
            return
        element_id = attrs.get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.duplicates.append((element_id, line))
            else:
                self.ids[element_id] = line
                self.id_index[element_id] = index
        self._write_start(name, attrs, root=index == 0)

    def _write_start(self, name: str, attrs: dict[str, str], *, root: bool) -> None:
        self._close_start()
        parts = ["<", name, _ROOT_NAMESPACES if root else ""]
        href: str | None = None
        for key, value in attrs.items():
            if key[0] != "{":
                if key == "href":
                    href = value if href is None else href
                else:
                    parts.append(f' {key}="{_attr(value)}"')
            elif key == _XLINK_HREF:
                href = value if href is None else href
            elif key == _XML_SPACE:
                parts.append(f' xml:space="{_attr(value)}"')
        if href is not None:
            parts.append(f' xlink:href="{_attr(href)}"')
        self.out.append("".join(parts))
        self._open = True

    def _close_start(self) -> None:
        if self._open:
            self.out.append(">")
            self._open = False

    def _reference(self, index: int, name: str, value: str, line: int, kept: bool) -> None:
        target = value.strip()
        if not target.startswith("#") or len(target) < 2:
            what = "an image" if name == "image" else f"<{name}>"
            raise _Refused(f"refused: {what} refers outside the schematic ({_shown(target)}); only #id references are allowed", line)
        if kept and name not in _LINKS:
            self.references.append((index, target[1:], line, name == "use"))

    def _check_css(self, text: str, line: int) -> list[str]:
        """Refuse a style that refers outside the file; return the ids its `url(#…)`s name."""
        if _CSS_IMPORT.search(text):
            raise _Refused("refused: a style sheet @import is not allowed", line)
        targets = []
        for target in _CSS_URL.findall(text):
            if not target.startswith("#"):
                raise _Refused(f"refused: a style refers outside the schematic ({_shown(target)})", line)
            targets.append(target[1:])
        return targets

    def end(self, tag: str) -> None:
        self.depth -= 1
        self._stack.pop()
        name = _local_name(tag)
        if name == "style":
            self._in_style -= 1
            # The parser hands text over in pieces (a line, a buffer): check it whole.
            sheet = "".join(self._style_text)
            self._style_text.clear()
            targets = self._check_css(sheet, self.line())
            if targets:
                # Which elements a rule reaches is the style engine's business, not the
                # check's: a sheet that paints by reference could close a cycle unseen.
                reason = f"refused: a style sheet may not refer to elements ({_shown('#' + targets[0])}); give the element its reference"
                raise _Refused(reason, self.line())
        if self._skipping:
            self._skipping -= 1
            return
        if self._open:
            self.out.append("/>")
            self._open = False
        else:
            self.out.append(f"</{name}>")

    def data(self, text: str) -> None:
        if self._in_style:
            self._style_text.append(text)
        if self._skipping or self.root is None or not self._stack:
            return
        self._close_start()
        self.out.append(_text(text))

    def pi(self, target: str, text: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _Refused("refused: an xml-stylesheet instruction is not allowed", self.line())

    def close(self) -> None:
        pass

    def clean_copy(self) -> bytes:
        return ("".join(self.out) + "\n").encode("utf-8")

    def check_references(self) -> None:
        """Refuse dangling <use>s, reference cycles of any kind and drawings that expand past the limit.

        The graph: an element depends on its children (it draws them) and on every element
        it refers to. Expanded sizes are summed in dependency order (Kahn's algorithm, no
        recursion); what a cycle holds never drains.
        """
        for _element, target, line, is_use in self.references:
            if is_use and target not in self.id_index:
                raise _Refused(f"<use> refers to #{_shown(target)}, which no element has", line)
        # (element, the element it depends on, that one's id, line, the element that names it)
        edges = [
            (element, self.id_index[target], target, line, element)
            for element, target, line, _u in self.references
            if target in self.id_index
        ]
        if not edges:
            return
        n = len(self.parent)
        waiting = [0] * n
        dependants: list[list[int]] = [[] for _ in range(n)]
        for child, parent in enumerate(self.parent):
            if parent >= 0:
                waiting[parent] += 1
                dependants[child].append(parent)
        for element, source, _target, _line, _who in edges:
            waiting[element] += 1
            dependants[source].append(element)
        # An inherited paint or marker reaches every element inside the one that names it.
        # It closes a cycle only where it reaches something the referenced element draws,
        # that is, a reference target or what holds one: those get an edge of their own
        # (it orders the graph but adds nothing to the expanded size).
        inherits: list[list[int]] = [[] for _ in range(n)]
        if self.inherited:
            for element in {source for _e, source, _t, _l, _w in edges}:
                holder = element
                while holder >= 0:
                    for target, line in self.inherited.get(holder, ()):
                        source = self.id_index.get(target)
                        if source is not None:
                            waiting[element] += 1
                            inherits[source].append(element)
                            edges.append((element, source, target, line, holder))
                    holder = self.parent[holder]
        size = [1] * n
        ready = deque(i for i in range(n) if waiting[i] == 0)
        while ready:
            node = ready.popleft()
            if size[node] > MAX_EXPANDED:
                # Name the first reference at or inside the element that grew too big.
                at = next((e for e, _s, _t, _l, _w in edges if e >= node), edges[0][0])
                raise _Refused(f"<{self.names[at]}> references expand to more than {MAX_EXPANDED} elements", self.lines[at])
            for up in dependants[node]:
                size[up] = min(size[up] + size[node], MAX_EXPANDED + 1)
                waiting[up] -= 1
                if waiting[up] == 0:
                    ready.append(up)
            for up in inherits[node]:
                waiting[up] -= 1
                if waiting[up] == 0:
                    ready.append(up)
        # What did not drain is a cycle or hangs below one. Trim, from the other end, what
        # nothing undrained depends on: what is left lies on a cycle; name its first reference.
        left = {i for i in range(n) if waiting[i]}
        if not left:
            return
        users = {i: sum(1 for up in (*dependants[i], *inherits[i]) if up in left) for i in left}
        used_by: dict[int, list[int]] = {}
        for i in left:
            for up in (*dependants[i], *inherits[i]):
                if up in left:
                    used_by.setdefault(up, []).append(i)
        trim = deque(i for i, count in users.items() if count == 0)
        while trim:
            node = trim.popleft()
            left.discard(node)
            for down in used_by.get(node, ()):
                users[down] -= 1
                if users[down] == 0:
                    trim.append(down)
        for element, source, target, line, who in edges:
            if element in left and source in left:
                raise _Refused(f"references form a cycle: <{self.names[who]}> refers to #{target}, which leads back to it", line)
        raise _Refused("references form a cycle", self.lines[min(left)] if left else None)


#: Properties whose value the elements inside inherit, and which can name an element.
_INHERITED = frozenset({"fill", "stroke", "marker", "marker-start", "marker-mid", "marker-end"})


def _inherited_targets(key: str, value: str) -> list[str]:
    """The ids named by `url(#…)` in inherited properties: an attribute, or a `style` declaration."""
    if key in _INHERITED:
        texts = [value]
    elif key == "style":
        texts = [v for k, _, v in (d.partition(":") for d in value.split(";")) if k.strip().lower() in _INHERITED]
    else:
        return []
    return [target[1:] for text in texts for target in _CSS_URL.findall(text) if target.startswith("#")]


def _shown(text: str, limit: int = 60) -> str:
    """A reference quoted for a message: short, one line, nothing from outside the file."""
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def read_svg(path: Path) -> CheckedSvg:
    """Read and check the SVG at `path`; return its bytes and ids, or raise PackError naming the file and line."""
    try:
        size = path.stat().st_size
        if size > MAX_SVG_BYTES:
            raise PackError([Problem(path, f"file is {size} bytes; a schematic may be at most {MAX_SVG_BYTES}")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackError([Problem(path, "no such file")]) from None
    except IsADirectoryError:
        raise PackError([Problem(path, "is a folder, not an SVG file")]) from None
    except OSError as exc:
        raise PackError([Problem(path, f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_SVG_BYTES:  # grew between stat and read
        raise PackError([Problem(path, f"file is more than {MAX_SVG_BYTES} bytes")])
    if not data.strip():
        raise PackError([Problem(path, "empty file", line=1)])
    remembered = _recall(data)
    if remembered is not None:
        return remembered
    checked = _check(path, data)
    _remember(data, checked)
    return checked


def _recall(data: bytes) -> CheckedSvg | None:
    """What the check made of these exact bytes before (see viewer.model.checked_cache), if a sound entry holds it."""
    payload = checked_cache.recall("svg", __name__, data)
    if payload is None:
        return None
    try:
        return msgspec.msgpack.decode(payload, type=CheckedSvg)
    except msgspec.MsgspecError:
        return None


def _remember(data: bytes, checked: CheckedSvg) -> None:
    checked_cache.remember("svg", __name__, data, msgspec.msgpack.encode(checked))


def _check(path: Path, data: bytes) -> CheckedSvg:
    """The safety check itself: parse `data` with every refusal above, and write the clean copy."""
    collector = _Collector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    collector.parser = parser
    try:
        parser.feed(data)
        parser.close()
        collector.check_references()
    except _Refused as exc:
        raise PackError([Problem(path, exc.reason, line=exc.line)]) from None
    except DefusedXmlException as exc:
        raise PackError([Problem(path, f"refused: {_defused_reason(exc)}", line=collector.line() or None)]) from None
    except ParseError as exc:
        line, _column = exc.position
        reason = str(exc).split(":")[0]
        if reason in ("no element found", "unclosed token") and line >= data.count(b"\n") and not data.rstrip().endswith(b">"):
            reason = f"the file ends too early; is it truncated? ({reason})"
        raise PackError([Problem(path, f"not well-formed XML ({reason})", line=line)]) from None
    if collector.duplicates:
        raise PackError([Problem(path, f"duplicate element id {i!r}", line=line) for i, line in collector.duplicates])
    if collector.root != SVG_NS + "svg":
        raise PackError([Problem(path, "not an SVG document (its root element is not <svg>)", line=collector.root_line)])
    return CheckedSvg(collector.clean_copy(), collector.ids)


def read_svg_ids(path: Path) -> dict[str, int]:
    """Every element id in the SVG at `path`, with the line it is on (see `read_svg`)."""
    return read_svg(path).ids


def _defused_reason(exc: DefusedXmlException) -> str:
    name = type(exc).__name__
    return {
        "DTDForbidden": "a DTD (document type declaration) is not allowed",
        "EntitiesForbidden": "entity declarations are not allowed",
        "ExternalReferenceForbidden": "external references are not allowed",
        "NotSupportedError": "unsupported XML feature",
    }.get(name, name)
