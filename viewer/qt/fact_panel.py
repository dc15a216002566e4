"""The fact panel: the selected structure's facts, segments, links, disputes and sources."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer.model.facts import FIELD_TITLES, KIND_TITLES, FactSheet, fact_sheet, segments_named
from viewer.model.pack import Pack
from viewer.model.records import Kind, Structure
from viewer.palette import segment_style
from viewer.qt.selection import SelectionChange, SelectionModel

LINK_SCHEME = "structure"

_CSS = """
body { font-size: 10.5pt; }
h2 { margin: 0 0 2px 0; font-size: 15pt; }
.latin { color: #52606d; font-style: italic; }
.kind { color: #52606d; }
h3 { margin: 12px 0 3px 0; font-size: 10.5pt; color: #334e68; }
.seg { font-weight: bold; }
.cite { color: #52606d; font-size: 8.5pt; }
.dispute { background: #fff8e1; }
.muted { color: #616e7c; }
a { color: #0b5cad; text-decoration: none; }
"""


def segment_chips(pack: Pack, segments: tuple[str, ...]) -> str:
    chips = []
    for seg in segments:
        colour, _ = segment_style(pack.segments.index(seg))
        chips.append(f'<span class="seg" style="color:{colour}">&#9632;</span>&nbsp;<b>{escape(seg)}</b>')
    return " &nbsp; ".join(chips)


def _link(s: Structure) -> str:
    return f'<a href="{LINK_SCHEME}:{s.id}">{escape(s.name)}</a>'


def sheet_html(pack: Pack, sheet: FactSheet) -> str:
    s = sheet.structure
    out = [f"<html><head><style>{_CSS}</style></head><body>"]
    out.append(f"<h2>{escape(s.name)}</h2>")
    if s.latin:
        out.append(f'<div class="latin">{escape(s.latin)}</div>')
    kind = KIND_TITLES[s.kind] + (f" · {escape(s.group)}" if s.group and s.kind is not Kind.SEGMENT else "")
    if s.inconstant:
        kind += " · <b>inconstant</b> (present in only some people)"
    out.append(f'<div class="kind">{kind}</div>')
    if s.synonyms:
        out.append(f'<div class="muted">Also called: {escape(", ".join(s.synonyms))}</div>')

    seg_title = {Kind.MUSCLE: "Segmental supply", Kind.SKIN: "Segments", Kind.SEGMENT: "Segment"}.get(s.kind, "Root value")
    cites = _cites(sheet, s.segment_sources)
    out.append(f"<h3>{seg_title}</h3><div>{segment_chips(pack, sheet.roots)} {cites}</div>")
    for dispute in s.disputes:
        title = {"segments": seg_title, "nerve": "Nerve supply"}.get(dispute.field, FIELD_TITLES.get(dispute.field, dispute.field))
        out.append(f'<table class="dispute" width="100%" cellpadding="4"><tr><td><b>References disagree — {escape(title.lower())}</b>')
        for alt in dispute.values:
            drawn = dispute.field == "segments" and segments_named(pack, alt.value) == set(s.segments)
            mark = " <i>(drawn)</i>" if drawn else ""
            out.append(f"<br>• {escape(alt.value)}{mark} {_cites(sheet, alt.sources)}")
        out.append("</td></tr></table>")

    def links(title: str, items: tuple[Structure, ...]) -> None:
        if items:
            out.append(f"<h3>{title}</h3><div>{', '.join(_link(i) for i in items)}</div>")

    if s.kind in (Kind.MUSCLE, Kind.SKIN):
        links("Nerves", sheet.nerves)
    else:
        links("Comes from", sheet.upstream)
        links("Muscles supplied directly" if sheet.supplies else "Continues to", sheet.supplies or sheet.downstream)
        others = tuple(d for d in sheet.downstream if d not in sheet.supplies)
        if sheet.supplies and others:
            links("Also continues to", others)
    links("Parts", sheet.parts)
    links("Part of", sheet.part_of)

    current = None
    for fact in sheet.facts:
        if fact.field != current:
            out.append(f"<h3>{escape(FIELD_TITLES.get(fact.field, fact.field))}</h3>")
            current = fact.field
        out.append(f"<p style='margin:2px 0'>{escape(fact.text)} {_cites(sheet, fact.sources)}</p>")

    if sheet.sources:
        out.append("<h3>Sources</h3><ol style='margin-left:0'>")
        for _key, source in sheet.sources:
            title = escape(source.title)
            if source.url:
                title = f'<a href="{escape(source.url)}">{title}</a>'
            out.append(f"<li>{title}</li>")
        out.append("</ol>")
    out.append("</body></html>")
    return "".join(out)


def _cites(sheet: FactSheet, keys: tuple[str, ...]) -> str:
    if not keys:
        return ""
    numbers = ",".join(str(sheet.source_number(k)) for k in dict.fromkeys(keys))
    return f'<span class="cite">[{numbers}]</span>'


WELCOME = """
<html><head><style>{css}</style></head><body>
<h2>{title}</h2>
<p>Click a <b>root</b> (T12–Co1), a <b>nerve</b> or a <b>muscle</b> to trace it segment by segment.
Only the strands that carry the selected segments light up, each in its root's colour and dash.</p>
<p class="muted">Wheel to zoom · drag to pan · Esc clears · Ctrl+F searches ·
Alt+Left / Alt+Right go back and forward.</p>
<p class="muted">{count} structures. Every value shows its sources; where standard references
disagree, the alternatives are listed.</p>
</body></html>
"""


class FactPanel(QTextBrowser):
    """Shows the selected structure's fact sheet; a link selects the structure it names."""

    def __init__(self, selection: SelectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selection = selection
        self.pack = selection.pack
        self.setOpenLinks(False)
        self.setAccessibleName("Facts of the selected structure")
        self.anchorClicked.connect(self._on_link)
        selection.changed.connect(self._on_selection)
        self._show(None)

    def _show(self, structure_id: str | None) -> None:
        if structure_id is None:
            self.setHtml(WELCOME.format(css=_CSS, title=escape(self.pack.title), count=len(self.pack.structures)))
        else:
            self.setHtml(sheet_html(self.pack, fact_sheet(self.pack, structure_id)))

    def _on_selection(self, change: SelectionChange) -> None:
        self._show(change.current)

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            self.selection.select(url.path())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
