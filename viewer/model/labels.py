"""What a structure is called on screen, in the label language the user chose."""

from __future__ import annotations

from viewer.model.records import Kind, Structure
from viewer.model.settings import LabelLanguage


def label(structure: Structure, language: LabelLanguage) -> str:
    """The structure's name as lists and titles show it.

    Latin falls back to the English name where Terminologia Anatomica has no term for the
    structure; "both" puts the Latin in brackets. A root keeps its segment's name (L4) in
    every language: "Ramus anterior nervi spinalis L4" would make twelve list rows that
    differ only in their last characters. Its Latin shows as the subtitle.
    """
    if structure.kind is Kind.SEGMENT:
        return structure.name
    if language is LabelLanguage.LATIN:
        return structure.latin or structure.name
    if language is LabelLanguage.BOTH and structure.latin and structure.latin != structure.name:
        return f"{structure.name} ({structure.latin})"
    return structure.name


def subtitle(structure: Structure, language: LabelLanguage) -> str:
    """The other name, shown under a title: Latin under English, English under Latin; empty when it adds nothing."""
    if structure.kind is Kind.SEGMENT:
        return structure.latin
    if language is LabelLanguage.LATIN:
        return structure.name if structure.latin and structure.latin != structure.name else ""
    if language is LabelLanguage.BOTH:
        return ""
    return structure.latin if structure.latin != structure.name else ""


def pack_in_a_sentence(title: str) -> str:
    """A pack's title as it reads after "the": "Lumbosacral plexus" → "lumbosacral plexus".

    A title whose first word is an acronym or a name ("ISNCSCI …", "Erb's …") keeps its case.
    """
    title = title.strip()
    first = title.partition(" ")[0]
    if first[:1].isupper() and first[1:].islower() and not first.endswith(("'s", "’s")):
        return title[:1].lower() + title[1:]
    return title


_DIVISION_FILLER = frozenset({"anterior", "posterior", "division", "of", "the", "trunk"})


def division_short_name(structure: Structure) -> str:
    """A division's name as short as the schematic draws it: its ramus or trunk, then its side.

    "L2 anterior division (lumbar plexus)" → "L2 anterior"; "Lumbosacral trunk posterior
    division" → "LST posterior"; "Posterior division of the upper trunk" → "Upper posterior".
    """
    side = "anterior" if "anterior" in structure.id else "posterior"
    words = [w for w in structure.name.split(" (")[0].split() if w.lower() not in _DIVISION_FILLER]
    if words and words[0] == "Lumbosacral":
        return f"LST {side}"
    what = " ".join(words)
    return f"{what[:1].upper()}{what[1:]} {side}" if what else side.capitalize()
