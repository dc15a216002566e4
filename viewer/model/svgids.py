"""Reading the element ids of a schematic SVG safely, with their line numbers.

The parse goes through defusedxml, which refuses entity declarations and external
references, and stops at size, element-count and depth limits before anything else
(QtSvg included) sees the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from viewer.model.errors import PackError, Problem

MAX_SVG_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_DEPTH = 64


class _Limit(Exception):
    def __init__(self, reason: str, line: int) -> None:
        self.reason = reason
        self.line = line


class _IdCollector:
    """An ElementTree target that records ids and enforces the limits."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.duplicates: list[tuple[str, int]] = []
        self.count = 0
        self.depth = 0
        self.parser: Any = None

    def _line(self) -> int:
        return int(self.parser.parser.CurrentLineNumber) if self.parser is not None else 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.count += 1
        self.depth += 1
        if self.count > MAX_ELEMENTS:
            raise _Limit(f"more than {MAX_ELEMENTS} elements", self._line())
        if self.depth > MAX_DEPTH:
            raise _Limit(f"elements nested more than {MAX_DEPTH} deep", self._line())
        element_id = attrs.get("id")
        if element_id is not None:
            if element_id in self.ids:
                self.duplicates.append((element_id, self._line()))
            else:
                self.ids[element_id] = self._line()

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def read_svg_ids(path: Path) -> dict[str, int]:
    """Every element id in the SVG at `path`, with the line it is on.

    Raises PackError naming the file and line for anything unreadable or hostile.
    """
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

    collector = _IdCollector()
    parser = DefusedXMLParser(target=collector, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    collector.parser = parser
    try:
        parser.feed(data)
        parser.close()
    except _Limit as exc:
        raise PackError([Problem(path, exc.reason, line=exc.line)]) from None
    except DefusedXmlException as exc:
        raise PackError([Problem(path, f"refused: {_defused_reason(exc)}", line=collector._line() or None)]) from None
    except ParseError as exc:
        line, _column = exc.position
        reason = str(exc).split(":")[0]
        raise PackError([Problem(path, f"not well-formed XML ({reason})", line=line)]) from None
    if collector.duplicates:
        raise PackError([Problem(path, f"duplicate element id {i!r}", line=line) for i, line in collector.duplicates])
    return collector.ids


def _defused_reason(exc: DefusedXmlException) -> str:
    name = type(exc).__name__
    return {
        "DTDForbidden": "a DTD (document type declaration) is not allowed",
        "EntitiesForbidden": "entity declarations are not allowed",
        "ExternalReferenceForbidden": "external references are not allowed",
        "NotSupportedError": "unsupported XML feature",
    }.get(name, name)
