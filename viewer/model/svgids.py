"""Reading a schematic SVG safely: its element ids with their line numbers, and its bytes.

The parse goes through defusedxml, which refuses entity declarations, DTDs and external
references, and stops at size, element-count and depth limits. On top of that the
schematic may only refer within itself: scripts, `<foreignObject>`, style sheets and any
link to a file or URL (an `href`, a CSS `url(…)` or `@import`) are refused, and `<use>`
references may not form a cycle or expand past the element limit. Only the bytes that
passed this check are handed on (`CheckedSvg.data`): QtSvg and svgelements never open
the file themselves, so a file changed after the check is never drawn.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from viewer.model.errors import PackError, Problem

MAX_SVG_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_DEPTH = 64
#: How many elements the drawing may hold once every `<use>` is expanded.
MAX_EXPANDED = MAX_ELEMENTS

SVG_NS = "{http://www.w3.org/2000/svg}"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
#: Elements that run code or embed another document: never allowed in a schematic.
_FORBIDDEN = {"script": "a <script> element", "foreignObject": "a <foreignObject> element", "iframe": "an <iframe> element"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedSvg:
    """A schematic that passed the safety check: its exact bytes and its ids with their lines."""

    data: bytes
    ids: dict[str, int]


class _Refused(Exception):
    def __init__(self, reason: str, line: int | None) -> None:
        self.reason = reason
        self.line = line


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Collector:
    """An ElementTree target that records ids and references and enforces the limits."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.duplicates: list[tuple[str, int]] = []
        self.depth = 0
        self.parser: Any = None
        # A light tree, kept only to expand <use> references: parent index per element,
        # the element's id, and the id a <use> points at.
        self.parent: list[int] = []
        self.id_index: dict[str, int] = {}
        self.uses: list[tuple[int, str, int]] = []  # (element, target id, line)
        self._stack: list[int] = []
        self._in_style = 0
        self._style_text: list[str] = []
        self.root: str | None = None
        self.root_line = 1

    def line(self) -> int:
        return int(self.parser.parser.CurrentLineNumber) if self.parser is not None else 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        index = len(self.parent)
        self.depth += 1
        if index >= MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS} elements", self.line())
        if self.depth > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep", self.line())
        if self.root is None:
            self.root, self.root_line = tag, self.line()
        name = _local_name(tag)
        if name in _FORBIDDEN:
            raise _Refused(f"refused: {_FORBIDDEN[name]} is not allowed in a schematic", self.line())
        self.parent.append(self._stack[-1] if self._stack else -1)
        self._stack.append(index)
        if name == "style":
            self._in_style += 1
        for key, value in attrs.items():
            if key in _HREFS:
                self._reference(index, name, value)
            elif "url(" in value.lower() or (key == "style" and "@import" in value.lower()):
                self._check_css(value)
        element_id = attrs.get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.duplicates.append((element_id, self.line()))
            else:
                self.ids[element_id] = self.line()
                self.id_index[element_id] = index

    def _reference(self, index: int, name: str, value: str) -> None:
        target = value.strip()
        if not target.startswith("#") or len(target) < 2:
            what = "an image" if name == "image" else f"<{name}>"
            raise _Refused(f"refused: {what} refers outside the schematic ({_shown(target)}); only #id references are allowed", self.line())
        if name == "use":
            self.uses.append((index, target[1:], self.line()))

    def _check_css(self, text: str) -> None:
        if _CSS_IMPORT.search(text):
            raise _Refused("refused: a style sheet @import is not allowed", self.line())
        for target in _CSS_URL.findall(text):
            if not target.startswith("#"):
                raise _Refused(f"refused: a style refers outside the schematic ({_shown(target)})", self.line())

    def end(self, tag: str) -> None:
        self.depth -= 1
        self._stack.pop()
        if _local_name(tag) == "style":
            self._in_style -= 1
            # The parser hands text over in pieces (a line, a buffer): check it whole.
            self._check_css("".join(self._style_text))
            self._style_text.clear()

    def data(self, text: str) -> None:
        if self._in_style:
            self._style_text.append(text)

    def pi(self, target: str, text: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _Refused("refused: an xml-stylesheet instruction is not allowed", self.line())

    def close(self) -> None:
        pass

    def check_references(self) -> None:
        """Refuse dangling or cyclic <use> references and those that expand past the limit."""
        if not self.uses:
            return
        for _element, target, line in self.uses:
            if target not in self.id_index:
                raise _Refused(f"<use> refers to #{_shown(target)}, which no element has", line)
        # Each element's expanded size is 1 + its children's + (for a <use>) its target's.
        # Sizes are summed in dependency order (Kahn's algorithm); a cycle never drains.
        n = len(self.parent)
        waiting = [0] * n
        dependants: dict[int, list[int]] = {}
        for child, parent in enumerate(self.parent):
            if parent >= 0:
                waiting[parent] += 1
                dependants.setdefault(child, []).append(parent)
        use_line: dict[int, int] = {}
        for element, target, line in self.uses:
            source = self.id_index[target]
            waiting[element] += 1
            dependants.setdefault(source, []).append(element)
            use_line[element] = line
        size = [1] * n
        ready = deque(i for i in range(n) if waiting[i] == 0)
        done = 0
        while ready:
            node = ready.popleft()
            done += 1
            if size[node] > MAX_EXPANDED:
                raise _Refused(f"<use> references expand to more than {MAX_EXPANDED} elements", use_line.get(node, self.uses[0][2]))
            for up in dependants.get(node, ()):
                size[up] = min(size[up] + size[node], MAX_EXPANDED + 1)
                waiting[up] -= 1
                if waiting[up] == 0:
                    ready.append(up)
        if done < n:
            line = next(ln for el, _t, ln in self.uses if waiting[el])
            raise _Refused("<use> references form a cycle", line)


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
    return CheckedSvg(data, collector.ids)


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
