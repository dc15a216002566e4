"""The fact panel: the selected structure's facts, segments, links, disputes and sources."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer.model.divisions import Division, divisions_of
from viewer.model.facts import FIELD_TITLES, KIND_TITLES, FactSheet, fact_sheet, field_order, segments_named
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Dispute, Kind, Structure
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
.src { color: #3e4c59; font-size: 9pt; }
.badge { color: #ffffff; background: #7b4a00; font-weight: bold; }
.ant { color: #ffffff; background: #0b4f9c; font-weight: bold; }
.post { color: #ffffff; background: #a3420b; font-weight: bold; }
.muted { color: #616e7c; }
.url { color: #616e7c; font-size: 8.5pt; }
a { color: #0b5cad; text-decoration: none; }
"""

#: Background of a "references disagree" box.
DISPUTE_BACKGROUND = "#fff4d6"
#: The fact field after which the links to neighbouring structures are shown, by kind.
_LINKS_AFTER = {"muscle": "territory", "skin": "territory", "segment": "reaches"}
_DIVISION_CHIPS = {Division.ANTERIOR: ("ant", "ANT"), Division.POSTERIOR: ("post", "POST")}


def segment_chips(pack: Pack, segments: tuple[str, ...]) -> str:
    chips = []
    for seg in segments:
        colour, _ = segment_style(pack.segments.index(seg))
        chips.append(f'<span class="seg" style="color:{colour}">&#9632;</span>&nbsp;<b>{escape(seg)}</b>')
    return " &nbsp; ".join(chips)


def _link(s: Structure) -> str:
    return f'<a href="{LINK_SCHEME}:{s.id}">{escape(s.name)}</a>'


def _segments_title(s: Structure) -> str:
    return {Kind.MUSCLE: "Segmental supply", Kind.SKIN: "Segments", Kind.SEGMENT: "Segment"}.get(s.kind, "Root value")


def _who(sheet: FactSheet, keys: tuple[str, ...]) -> str:
    """The titles of the sources that give a value, with their numbers in the list below."""
    titles = "; ".join(escape(source.title) for k, source in sheet.sources if k in keys)
    return f'<span class="src">{titles}</span>&nbsp;{_cites(sheet, keys)}'


def dispute_html(pack: Pack, sheet: FactSheet, dispute: Dispute) -> str:
    """A "references disagree" box: the value drawn and each alternative, with who gives it."""
    s = sheet.structure
    title = _segments_title(s) if dispute.field == "segments" else FIELD_TITLES.get(dispute.field, dispute.field)
    if dispute.field == "prevalence":
        title = "How often it is present"
    out = [f'<table width="100%" cellpadding="5" style="background:{DISPUTE_BACKGROUND}; margin-top:4px"><tr><td>']
    out.append(f"<b>References disagree — {escape(title.lower())}</b>")
    drawn = [a for a in dispute.values if dispute.field == "segments" and segments_named(pack, a.value) == set(s.segments)]
    others = [a for a in dispute.values if a not in drawn]
    if dispute.field == "segments":
        shown = ", ".join(s.segments)
        out.append(f"<br><b>Drawn:</b> {escape(shown)}")
        if drawn:
            out.append(" — " + " · ".join(_who(sheet, a.sources) for a in drawn))
        out.append("<br><b>Alternatives:</b>")
    for alt in others:
        out.append(f"<br>&nbsp;&nbsp;• <b>{escape(alt.value)}</b> — {_who(sheet, alt.sources)}")
    out.append("</td></tr></table>")
    return "".join(out)


def sheet_html(pack: Pack, sheet: FactSheet) -> str:
    """The fact sheet in the order a student reads it.

    Identity (name, Latin, synonyms, kind, variant badge); root value or segmental supply
    with its sources and any disagreement; then the facts (division, origin, course,
    exit, branches, supplies, sensory, … clinical notes), with the links to neighbouring
    structures placed where they belong; last, the numbered sources with their addresses.
    """
    s = sheet.structure
    out = [f"<html><head><style>{_CSS}</style></head><body>"]
    out.append(f"<h2>{escape(s.name)}</h2>")
    if s.latin:
        out.append(f'<div class="latin">{escape(s.latin)}</div>')
    if s.synonyms:
        out.append(f'<div class="muted">Also called: {escape(", ".join(s.synonyms))}</div>')
    kind = KIND_TITLES[s.kind] + (f" · {escape(s.group)}" if s.group and s.kind is not Kind.SEGMENT else "")
    out.append(f'<div class="kind">{kind}</div>')
    if s.inconstant:
        out.append('<p style="margin:4px 0"><span class="badge">&nbsp;VARIANT&nbsp;</span> inconstant — present in only some people</p>')

    out.append(f"<h3>{_segments_title(s)}</h3><div>{segment_chips(pack, sheet.roots)} {_cites(sheet, s.segment_sources)}</div>")
    if s.segment_sources and not any(d.field == "segments" for d in s.disputes):
        out.append(f'<div class="cite">From: {_who(sheet, s.segment_sources)}</div>')
    for dispute in s.disputes:
        out.append(dispute_html(pack, sheet, dispute))

    divisions = divisions_of(pack, s.id) if s.kind in NERVE_KINDS else frozenset()
    anchor = _LINKS_AFTER.get(s.kind.value, "branches")
    order = field_order(s.kind)
    links_done = False
    division_done = False
    current = None
    for fact in sheet.facts:
        if not links_done and order.get(fact.field, len(order)) > order[anchor]:
            out.extend(_link_sections(sheet))
            links_done = True
        if fact.field == "division" and not division_done:
            out.append(f"<h3>Division</h3><div>{_division_chips(divisions)}</div>")
            division_done = True
            current = fact.field
        if fact.field != current:
            out.append(f"<h3>{escape(FIELD_TITLES.get(fact.field, fact.field))}</h3>")
            current = fact.field
        out.append(f"<p style='margin:2px 0'>{escape(fact.text)}&nbsp;{_cites(sheet, fact.sources)}</p>")
    if not links_done:
        out.extend(_link_sections(sheet))
    if divisions and not division_done:
        out.append(f"<h3>Division</h3><div>{_division_chips(divisions)} <span class='muted'>(from the drawn connections)</span></div>")

    if sheet.sources:
        out.append("<h3>Sources</h3><ol style='margin-left:0'>")
        for _key, source in sheet.sources:
            title = escape(source.title)
            if source.url:
                host = urlsplit(source.url).netloc.removeprefix("www.")
                title = f'<a href="{escape(source.url)}">{title}</a> <span class="url">{escape(host)}</span>'
            out.append(f"<li>{title}</li>")
        out.append("</ol>")
    out.append("</body></html>")
    return "".join(out)


def _division_chips(divisions: frozenset[Division]) -> str:
    chips = []
    for division in Division:
        if division in divisions:
            css, text = _DIVISION_CHIPS[division]
            chips.append(f'<span class="{css}">&nbsp;{text}&nbsp;</span> {division.value.capitalize()}')
    return " &nbsp; ".join(chips)


def _link_sections(sheet: FactSheet) -> list[str]:
    s = sheet.structure
    out: list[str] = []

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
    return out


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
