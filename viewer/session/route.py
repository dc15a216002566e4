"""The keyboard route over the drawing: arrow keys walk between connected structures.

From a structure, Down goes distally along the pathway (to its first child: the first
structure it connects to, in the pack's order), Up goes back proximally (to the structure
the walk came down from, else the first that connects to it), Right and Left go to the
next and previous sibling (the other children of that same parent, in the pack's order;
the roots, T12 to Co1, are siblings of each other). A structure made of others in one
sheath (the sciatic nerve) leads Down to its parts.

Moving the keyboard focus does not select: the canvas rings the focused structure and a
reader hears it; Enter picks it. A selection made any other way (a click, a name) moves
the focus there too, quietly (the selection is announced already). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.model.labels import label
from viewer.model.pack import Pack
from viewer.model.pathway import KIND_WORDS
from viewer.model.records import Kind
from viewer.model.settings import LabelLanguage
from viewer.session.events import Event
from viewer.session.selection import Selection, SelectionChange

#: The arrow keys' moves, by name.
MOVES = ("down", "up", "right", "left")

#: Why a move went nowhere, as a reader hears it.
BLOCKED = {
    "down": "Nothing further along the pathway.",
    "up": "Nothing further back: a root.",
    "right": "Last of its row.",
    "left": "First of its row.",
}


@dataclass(frozen=True)
class RouteFocus:
    """Where the keyboard focus is on the drawing: the structure, its row of siblings and how it came there."""

    current: str
    #: The structures the walk came down through, root first (the last is the parent of `current`'s row).
    trail: tuple[str, ...]
    #: `current`'s row: its parent's children, or the roots; `current` is in it.
    row: tuple[str, ...]
    #: "down", "up", "right", "left", "start" (the first arrow) or "follow" (a selection made elsewhere).
    move: str

    @property
    def position(self) -> tuple[int, int]:
        """(n, m): `current` is the n-th of the m structures in its row."""
        return self.row.index(self.current) + 1, len(self.row)


class Route:
    """The keyboard focus on the drawing and the moves between connected structures."""

    def __init__(self, pack: Pack, selection: Selection | None = None) -> None:
        #: Emitted with a `RouteFocus` after every move of the focus (a walk, or following a selection).
        self.changed = Event()
        #: Emitted with the move's name when a move finds nowhere to go.
        self.blocked = Event()
        self.focus: RouteFocus | None = None
        self.set_pack(pack)
        if selection is not None:
            selection.changed.connect(self._on_selection)

    def set_pack(self, pack: Pack) -> None:
        """Walk `pack` from now on (the pack without hidden variants); a focus that left it is dropped."""
        self.pack = pack
        drawn = {sid for sid, s in pack.structures.items() if s.kind is not Kind.DERMATOME}
        self._drawn = drawn
        self.roots = tuple(sid for sid in pack.structures if sid in drawn and pack.structures[sid].kind is Kind.SEGMENT)
        if self.focus is not None and self.focus.current not in drawn:
            self.focus = None  # (a variant the View hides now)
            self.changed.emit(None)

    # ---- the graph ---------------------------------------------------------------------
    def children(self, structure_id: str) -> tuple[str, ...]:
        """What `structure_id` leads to distally, in the pack's order (a composite: its parts)."""
        s = self.pack.structures[structure_id]
        if s.parts:
            found = [p for p in s.parts if p in self._drawn]
        else:
            found = [link.target for link in self.pack.outgoing[structure_id] if link.target in self._drawn]
        return tuple(dict.fromkeys(found))

    def parents(self, structure_id: str) -> tuple[str, ...]:
        """What connects to `structure_id` proximally, in the pack's order."""
        found = [link.source for link in self.pack.incoming[structure_id] if link.source in self._drawn]
        return tuple(dict.fromkeys(found))

    def row_of(self, structure_id: str, trail: tuple[str, ...] = ()) -> tuple[str, ...]:
        """`structure_id`'s siblings, itself among them: its parent's children (the parent the trail names, else its first)."""
        parent = trail[-1] if trail else next(iter(self.parents(structure_id)), None)
        if parent is not None:
            return self.children(parent)
        if structure_id in self.roots:
            return self.roots
        return (structure_id,)

    # ---- moves -------------------------------------------------------------------------
    def move(self, direction: str) -> RouteFocus | None:
        """Move the focus "down", "up", "right" or "left"; with no focus yet, any arrow starts at the first root."""
        if direction not in MOVES:
            raise ValueError(direction)
        focus = self.focus
        if focus is None:
            if not self.roots:
                return None
            return self._set(RouteFocus(self.roots[0], (), self.roots, "start"))
        current, trail = focus.current, focus.trail
        if direction == "down":
            below = self.children(current)
            if not below:
                return self._blocked(direction)
            new_trail = (*trail, current)
            return self._set(RouteFocus(below[0], new_trail, below, direction))
        if direction == "up":
            if trail:
                parent, new_trail = trail[-1], trail[:-1]
            else:
                parent = next(iter(self.parents(current)), None)
                if parent is None:
                    return self._blocked(direction)
                new_trail = ()
            return self._set(RouteFocus(parent, new_trail, self.row_of(parent, new_trail), direction))
        row = focus.row
        step = 1 if direction == "right" else -1
        index = row.index(current) + step
        if not 0 <= index < len(row):
            return self._blocked(direction)
        return self._set(RouteFocus(row[index], trail, row, direction))

    def focus_on(self, structure_id: str | None, move: str = "follow") -> RouteFocus | None:
        """Put the focus on `structure_id` (None: no focus), its row that of its first parent."""
        if structure_id is None or structure_id not in self._drawn:
            if structure_id is None and self.focus is not None:
                self.focus = None
                self.changed.emit(None)
            return None
        if self.focus is not None and self.focus.current == structure_id:
            return self.focus
        return self._set(RouteFocus(structure_id, (), self.row_of(structure_id), move))

    def _set(self, focus: RouteFocus) -> RouteFocus:
        self.focus = focus
        self.changed.emit(focus)
        return focus

    def _blocked(self, direction: str) -> None:
        self.blocked.emit(direction)
        return None

    def _on_selection(self, change: SelectionChange) -> None:
        if change.current is not None:
            self.focus_on(change.current)


def focus_line(
    pack: Pack, focus: RouteFocus, *, names: bool = True, language: LabelLanguage = LabelLanguage.ENGLISH, ringed: str = ""
) -> str:
    """What a reader hears for the focus: "L4, root, 5 of 12"; without the name while the drawing hides names (study),
    and ", ringed" on the structure `ringed` (the one a question rings): "A nerve, 2 of 2, ringed"."""
    s = pack.structures[focus.current]
    n, m = focus.position
    what = KIND_WORDS[s.kind]
    line = f"{label(s, language)}, {what}, {n} of {m}" if names else f"A {what}, {n} of {m}"
    return f"{line}, ringed" if ringed and focus.current == ringed else line
