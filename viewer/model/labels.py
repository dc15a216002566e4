"""What a structure is called on screen, in the label language the user chose."""

from __future__ import annotations

from viewer.model.records import Structure
from viewer.model.settings import LabelLanguage


def label(structure: Structure, language: LabelLanguage) -> str:
    """The structure's name as lists and titles show it.

    Latin falls back to the English name where Terminologia Anatomica has no term for the
    structure (the roots, the divisions as drawn); "both" puts the Latin in brackets.
    """
    if language is LabelLanguage.LATIN:
        return structure.latin or structure.name
    if language is LabelLanguage.BOTH and structure.latin and structure.latin != structure.name:
        return f"{structure.name} ({structure.latin})"
    return structure.name


def subtitle(structure: Structure, language: LabelLanguage) -> str:
    """The other name, shown under a title: Latin under English, English under Latin; empty when it adds nothing."""
    if language is LabelLanguage.LATIN:
        return structure.name if structure.latin and structure.latin != structure.name else ""
    if language is LabelLanguage.BOTH:
        return ""
    return structure.latin if structure.latin != structure.name else ""
