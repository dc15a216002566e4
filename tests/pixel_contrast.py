"""Contrast measured from rendered pixels: the ink of a text against the background it is drawn on."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_contrast(image: QImage, rect: QRect | None = None) -> tuple[float, str, str]:
    """(ratio, ink, background) of the text drawn in `rect` of `image`: the background is the colour most
    pixels have, the ink the pixel that stands out from it most (a glyph's core, not its soft edge)."""
    if rect is not None:
        image = image.copy(rect)
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())[: image.sizeInBytes()]
    stride = image.bytesPerLine()
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(image.height()):
        row = data[y * stride : y * stride + 4 * image.width()]
        for x in range(0, len(row), 4):
            counts[(row[x + 2], row[x + 1], row[x])] += 1  # BGRA in memory
    if not counts:
        return 0.0, "", ""
    background = counts.most_common(1)[0][0]
    ink = max(counts, key=lambda c: ratio(c, background))
    return ratio(ink, background), QColor(*ink).name(), QColor(*background).name()


def document_runs(panel, least: int = 3) -> list[tuple[str, QImage, QRect]]:  # type: ignore[no-untyped-def]
    """One run of text for each look (text colour, background) a text panel draws: (its words, the panel's
    viewport as drawn with the run scrolled into view, the run's rectangle on its first line)."""
    seen: set[tuple[str, str]] = set()
    runs = []
    block = panel.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            it += 1
            text = fragment.text()
            if len(text.strip()) < least or "\ufffc" in text:
                continue
            fmt = fragment.charFormat()
            fg = fmt.foreground().color().name() if fmt.hasProperty(fmt.Property.ForegroundBrush) else "text"
            bg = fmt.background().color().name() if fmt.hasProperty(fmt.Property.BackgroundBrush) else "base"
            if block.blockFormat().hasProperty(block.blockFormat().Property.BackgroundBrush):
                bg = block.blockFormat().background().color().name()
            if (fg, bg) in seen:
                continue
            seen.add((fg, bg))
            start = fragment.position() + (len(text) - len(text.lstrip()))
            cursor = panel.textCursor()
            cursor.setPosition(start)
            panel.setTextCursor(cursor)
            panel.ensureCursorVisible()
            first = panel.cursorRect(cursor)
            end = start
            for position in range(start + 1, start + len(text.strip()) + 1):
                cursor.setPosition(position)
                if panel.cursorRect(cursor).top() != first.top():
                    break
                end = position
            cursor.setPosition(end)
            last = panel.cursorRect(cursor)
            rect = QRect(first.left(), first.top(), max(last.right() - first.left(), 1), first.height())
            image = panel.viewport().grab().toImage()
            runs.append((f"{text.strip()[:40]} ({fg} on {bg})", image, rect.intersected(image.rect())))
        block = block.next()
    return runs
