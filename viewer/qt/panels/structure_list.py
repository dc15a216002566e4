"""The structure list: every structure in a filterable tree, kept in step with the canvas."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from viewer.model.labels import label
from viewer.model.names import normalise
from viewer.model.records import Kind, Structure
from viewer.model.settings import LabelLanguage
from viewer.session.selection import Selection, SelectionChange

SECTIONS = (
    ("Segments", (Kind.SEGMENT,)),
    ("Divisions, trunks and cords", (Kind.DIVISION, Kind.TRUNK, Kind.CORD)),
    ("Nerves and branches", (Kind.NERVE, Kind.BRANCH)),
    ("Muscles", (Kind.MUSCLE,)),
    ("Skin", (Kind.SKIN,)),
    ("Dermatomes", (Kind.DERMATOME,)),
)
ID_ROLE = Qt.ItemDataRole.UserRole
DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def group_description(shown: int) -> str:
    """What a reader hears of a section row: that it is a group at the top level, and how many rows it shows."""
    return f"Group, level 1: {shown} structure{'' if shown == 1 else 's'}"


def row_description(section: str, s: Structure) -> str:
    """What a reader hears of a structure's row: its level, its group, its kind and segments.

    Qt's tree gives a reader its rows with no level (its rows offer no attributes, and no
    relation to their group), so the level and the group are said in words."""
    return f"Level 2, in {section}: {s.kind.value}, segments {', '.join(s.segments)}"


class StructureList(QWidget):
    """A filter box over a tree of Segments / Divisions / Nerves / Muscles / Skin."""

    def __init__(self, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.selection = selection
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: name, Latin name or synonym")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the structure list")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Structures")
        self.tree.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._search: dict[str, str] | None = None
        self._sections: list[QTreeWidgetItem] = []
        self._section_of: dict[str, QTreeWidgetItem] = {}
        self._populated = False
        self._language = LabelLanguage.ENGLISH
        self.filter.textChanged.connect(self.apply_filter)
        self.tree.currentItemChanged.connect(self._on_current)
        selection.changed.connect(self._on_selection)

    def set_label_language(self, language: LabelLanguage) -> None:
        """Name every item in English, Latin or both; tooltips give the other name."""
        self._language = language
        pack = self.selection.pack
        for sid, item in self._items.items():  # rows not built yet are named in `language` when they are
            s = pack.structures[sid]
            item.setText(0, label(s, language) + ("  (inconstant)" if s.inconstant else ""))
            other = s.name if language is LabelLanguage.LATIN else s.latin
            item.setToolTip(0, f"{other}\n{s.kind.value} · {', '.join(s.segments)}".strip())

    @property
    def items(self) -> dict[str, QTreeWidgetItem]:
        """The tree's item for each structure id (the tree is filled on first use)."""
        self.populate()
        return self._items

    def populate(self) -> None:
        """Fill the tree; the window calls this right after its first paint."""
        if self._populated:
            return
        self._populated = True
        pack = self.selection.pack
        # Items are built detached and added in one batch per section: the tree then lays
        # itself out once rather than once per row.
        for title, kinds in SECTIONS:
            section = QTreeWidgetItem([title])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._sections.append(section)
            rows = []
            for s in pack.structures.values():
                if s.kind not in kinds:
                    continue
                text = label(s, self._language) + ("  (inconstant)" if s.inconstant else "")
                item = QTreeWidgetItem([text])
                item.setData(0, ID_ROLE, s.id)
                other = s.name if self._language is LabelLanguage.LATIN else s.latin
                item.setToolTip(0, f"{other}\n{s.kind.value} · {', '.join(s.segments)}".strip())
                item.setData(0, DESCRIPTION, row_description(title, s))
                self._items[s.id] = item
                self._section_of[s.id] = section
                rows.append(item)
            section.addChildren(rows)
            section.setData(0, DESCRIPTION, group_description(len(rows)))
        self.tree.addTopLevelItems(self._sections)
        for (title, _kinds), section in zip(SECTIONS, self._sections, strict=True):
            section.setExpanded(title != "Divisions, trunks and cords")

    @property
    def _search_text(self) -> dict[str, str]:
        """What the filter matches for each structure, built on first use."""
        if self._search is None:
            structures = self.selection.pack.structures
            self._search = {
                sid: " | ".join(normalise(n) for n in (s.name, s.latin, *s.synonyms, s.id) if n) for sid, s in structures.items()
            }
        return self._search

    def apply_filter(self, text: str) -> None:
        self.populate()
        needle = normalise(text)
        search_text = self._search_text
        for section in self._sections:
            shown = 0
            for j in range(section.childCount()):
                item = section.child(j)
                assert item is not None
                visible = not needle or needle in search_text[item.data(0, ID_ROLE)]
                item.setHidden(not visible)
                shown += visible
            section.setHidden(shown == 0)
            section.setData(0, DESCRIPTION, group_description(shown))
            if needle:
                section.setExpanded(True)

    def visible_ids(self) -> list[str]:
        return [sid for sid, item in self.items.items() if not item.isHidden() and not self._section_of[sid].isHidden()]

    def _on_current(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        sid = current.data(0, ID_ROLE)
        if sid:
            self.selection.select(sid)

    def _on_selection(self, change: SelectionChange) -> None:
        self.tree.blockSignals(True)
        try:
            if change.current is None:
                self.tree.clearSelection()
            else:
                item = self.items[change.current]
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
        finally:
            self.tree.blockSignals(False)
