"""The fact panel: the selected structure's facts, segments, links, disputes and sources."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from viewer.model.divisions import Division, divisions_of
from viewer.model.facts import FIELD_TITLES, KIND_TITLES, FactSheet, fact_sheet, field_order, segments_named
from viewer.model.labels import label, subtitle
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Dispute, Kind, Structure
from viewer.model.settings import LabelLanguage
from viewer.palette import DEFAULT_PALETTE, Palette, segment_style
from viewer.qt.panels.document import DocumentView
from viewer.qt.panels.on_screen import on_screen
from viewer.session.selection import Selection, SelectionChange
from viewer.themes import LIGHT, CanvasTheme

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

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
.unconfirmed { color: #7b4a00; }
a { color: #0b5cad; text-decoration: none; }
"""
#: The same roles in colours that read on the dark and high-contrast window palettes.
_DARK_CSS = """
.latin, .kind, .cite, .src, .url { color: #aab4c0; }
.muted { color: #9aa5b1; }
h3 { color: #9ccfff; }
.dispute { background: #3a3320; }
.unconfirmed { color: #f7c46c; }
a { color: #8cc4ff; }
"""
_HIGH_CONTRAST_CSS = """
.latin, .kind, .cite, .muted, .src, .url { color: #ffffff; }
h3 { color: #ffff00; }
.dispute { background: #000000; }
.unconfirmed { color: #ffff00; }
a { color: #00ffff; text-decoration: underline; }
"""

#: Background of a "references disagree" box, in the light theme and in the others.
DISPUTE_BACKGROUND = "#fff4d6"
DISPUTE_BACKGROUNDS = {"dark": "#3a3320", "high-contrast-dark": "#000000", "high-contrast-light": "#ffffff"}
#: The fact field after which the links to neighbouring structures are shown, by kind.
_LINKS_AFTER = {"muscle": "territory", "skin": "territory", "segment": "reaches"}
_DIVISION_CHIPS = {Division.ANTERIOR: ("ant", "ANT"), Division.POSTERIOR: ("post", "POST")}


def dispute_background(theme: CanvasTheme) -> str:
    """The background of a "references disagree" box in `theme`."""
    return DISPUTE_BACKGROUNDS.get(theme.name, DISPUTE_BACKGROUND)


def css_for(theme: CanvasTheme, font_scale: float = 1.0) -> str:
    """The sheet's style for `theme`, every font size multiplied by the user's font scale."""
    css = _CSS + (_HIGH_CONTRAST_CSS if theme.high_contrast and theme.dark else _DARK_CSS if theme.dark else "")
    if font_scale == 1.0:
        return css
    return re.sub(r"font-size: ([\d.]+)pt", lambda m: f"font-size: {float(m.group(1)) * font_scale:g}pt", css)


def segment_chips(pack: Pack, segments: tuple[str, ...], palette: Palette = DEFAULT_PALETTE) -> str:
    chips = []
    for seg in segments:
        index = pack.segments.index(seg)
        colour, _ = segment_style(index, palette)
        # The swatch is an aid; the segment's name beside it carries the meaning.
        chips.append(f'<span class="seg" style="color:{colour}">&#9632;</span>&nbsp;<b>{escape(seg)}</b>')
    return " &nbsp; ".join(chips)


def _link(s: Structure, language: LabelLanguage = LabelLanguage.ENGLISH) -> str:
    return f'<a href="{LINK_SCHEME}:{s.id}">{escape(label(s, language))}</a>'


def _segments_title(s: Structure) -> str:
    return {Kind.MUSCLE: "Segmental supply", Kind.SKIN: "Segments", Kind.SEGMENT: "Segment"}.get(s.kind, "Root value")


def _who(sheet: FactSheet, keys: tuple[str, ...]) -> str:
    """The titles of the sources that give a value, with their numbers in the list below."""
    titles = "; ".join(escape(source.title) for k, source in sheet.sources if k in keys)
    return f'<span class="src">{titles}</span>&nbsp;{_cites(sheet, keys)}'


def dispute_html(pack: Pack, sheet: FactSheet, dispute: Dispute, theme: CanvasTheme = LIGHT) -> str:
    """A "references disagree" box: the value drawn and each alternative, with who gives it."""
    s = sheet.structure
    title = _segments_title(s) if dispute.field == "segments" else FIELD_TITLES.get(dispute.field, dispute.field)
    if dispute.field == "prevalence":
        title = "How often it is present"
    background = dispute_background(theme)
    border = 1 if theme.high_contrast else 0
    out = [f'<table width="100%" cellpadding="5" border="{border}" style="background:{background}; margin-top:4px"><tr><td>']
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


def sheet_html(
    pack: Pack,
    sheet: FactSheet,
    language: LabelLanguage = LabelLanguage.ENGLISH,
    palette: Palette = DEFAULT_PALETTE,
    theme: CanvasTheme = LIGHT,
    font_scale: float = 1.0,
) -> str:
    """The fact sheet in the order a student reads it.

    Identity (name, Latin, synonyms, kind, variant badge); root value or segmental supply
    with its sources and any disagreement; then the facts (division, origin, course,
    exit, branches, supplies, sensory, … clinical notes), with the links to neighbouring
    structures placed where they belong; last, the numbered sources with their addresses.
    """
    s = sheet.structure
    out = [f"<html><head><style>{css_for(theme, font_scale)}</style></head><body>"]
    out.append(f"<h2>{escape(label(s, language))}</h2>")
    other = subtitle(s, language)
    if other:
        out.append(f'<div class="latin">{escape(other)}</div>')
    if s.synonyms:
        out.append(f'<div class="muted">Also called: {escape(", ".join(s.synonyms))}</div>')
    kind = KIND_TITLES[s.kind] + (f" · {escape(s.group)}" if s.group and s.kind is not Kind.SEGMENT else "")
    out.append(f'<div class="kind">{kind}</div>')
    if s.inconstant:
        out.append('<p style="margin:4px 0"><span class="badge">&nbsp;VARIANT&nbsp;</span> inconstant — present in only some people</p>')

    out.append(f"<h3>{_segments_title(s)}</h3><div>{segment_chips(pack, sheet.roots, palette)} {_cites(sheet, s.segment_sources)}</div>")
    if s.segment_sources and not any(d.field == "segments" for d in s.disputes):
        out.append(f'<div class="cite">From: {_who(sheet, s.segment_sources)}</div>')
    if s.unconfirmed:
        out.append(f'<div class="unconfirmed">&#9888; Not yet confirmed by an authoritative reference: {escape(s.unconfirmed)}</div>')
    for dispute in s.disputes:
        out.append(dispute_html(pack, sheet, dispute, theme))

    divisions = divisions_of(pack, s.id) if s.kind in NERVE_KINDS else frozenset()
    anchor = _LINKS_AFTER.get(s.kind.value, "branches")
    order = field_order(s.kind)
    links_done = False
    division_done = False
    current = None
    for fact in sheet.facts:
        if not links_done and order.get(fact.field, len(order)) > order[anchor]:
            out.extend(_link_sections(sheet, language))
            links_done = True
        if fact.field == "division" and not division_done:
            out.append(f"<h3>Division</h3><div>{_division_chips(divisions)}</div>")
            division_done = True
            current = fact.field
        if fact.field != current:
            out.append(f"<h3>{escape(FIELD_TITLES.get(fact.field, fact.field))}</h3>")
            current = fact.field
        note = ""
        if not sheet.confirmed(fact.sources):
            why = f": {escape(fact.unconfirmed)}" if fact.unconfirmed else ""
            note = f" <span class='unconfirmed'>(second sources only{why})</span>"
        out.append(f"<p style='margin:2px 0'>{escape(fact.text)}&nbsp;{_cites(sheet, fact.sources)}{note}</p>")
    if not links_done:
        out.extend(_link_sections(sheet, language))
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


def _link_sections(sheet: FactSheet, language: LabelLanguage) -> list[str]:
    s = sheet.structure
    out: list[str] = []

    def links(title: str, items: tuple[Structure, ...]) -> None:
        if items:
            out.append(f"<h3>{title}</h3><div>{', '.join(_link(i, language) for i in items)}</div>")

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
<p>Click a <b>root</b> ({roots}), a <b>nerve</b> or a <b>muscle</b> to trace it segment by segment.
Only the strands that carry the selected segments light up, each in its root's colour and dash.</p>
<p class="muted">Wheel to zoom · drag to pan · Esc clears · Ctrl+F searches ·
Alt+Left / Alt+Right go back and forward.</p>
<p class="muted">{count} structures. Every value shows its sources; where standard references
disagree, the alternatives are listed.</p>
</body></html>
"""


class FactPanel(DocumentView):
    """Shows the selected structure's fact sheet; a link selects the structure it names."""

    def __init__(self, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__("Facts of the selected structure", parent)
        self.selection = selection
        self.pack = selection.pack
        self.setOpenLinks(False)
        self.language = LabelLanguage.ENGLISH
        self.palette = DEFAULT_PALETTE
        self.theme = LIGHT
        self.font_scale = 1.0
        self.anchorClicked.connect(self._on_link)
        selection.changed.connect(self._on_selection)
        #: The HTML last set, and whether the selection changed while the panel could not be seen.
        self._html = ""
        self._stale = False
        self._show(None)

    def set_appearance(self, language: LabelLanguage, palette: Palette, theme: CanvasTheme, font_scale: float = 1.0) -> None:
        """Redraw the sheet in the chosen label language, root colours, theme and font scale."""
        if (language, palette, theme, font_scale) == (self.language, self.palette, self.theme, self.font_scale):
            return
        self.language, self.palette, self.theme, self.font_scale = language, palette, theme, font_scale
        self._show(self.selection.current)

    def _show(self, structure_id: str | None) -> None:
        if structure_id is None:
            css = css_for(self.theme, self.font_scale)
            segments = self.pack.segments
            roots = escape(f"{segments[0]}–{segments[-1]}" if len(segments) > 1 else "".join(segments))
            html = WELCOME.format(css=css, title=escape(self.pack.title), count=len(self.pack.structures), roots=roots)
        else:
            sheet = fact_sheet(self.pack, structure_id)
            html = sheet_html(self.pack, sheet, self.language, self.palette, self.theme, self.font_scale)
        self._stale = False
        if html != self._html:  # laying out the same sheet again would change nothing seen
            self._html = html
            self.setHtml(html)

    def _on_selection(self, change: SelectionChange) -> None:
        # Hidden, or behind another dock's tab, the sheet waits until the panel can be seen or is read.
        if on_screen(self):
            self._show(change.current)
        else:
            self._stale = True

    def catch_up(self) -> None:
        """Show the current selection's sheet if it changed while the panel could not be seen."""
        if self._stale:
            self._show(self.selection.current)

    def showEvent(self, event: QShowEvent) -> None:
        self.catch_up()
        super().showEvent(event)

    def toPlainText(self) -> str:
        self.catch_up()
        return super().toPlainText()

    def toHtml(self) -> str:
        self.catch_up()
        return super().toHtml()

    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            self.selection.select(url.path())
        elif url.scheme() in ("http", "https"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)
