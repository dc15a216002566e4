"""Variants: structures and connections present in only some people, and hiding them.

A pack marks inconstant structures (the accessory obturator nerve) and inconstant
connections (a second supply of pectineus from the obturator nerve). When a user hides
variants, the schematic omits them and tracing ignores them: the lit pathway is the one
every body has. A structure that only a hidden link reaches is hidden with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml.ElementTree import fromstring

from viewer.model.pack import Pack
from viewer.model.records import Kind


@dataclass(frozen=True)
class HiddenVariants:
    """What hiding variants takes out of the pack."""

    structures: frozenset[str]
    #: Indexes of the hidden links (into `Pack.links`).
    links: frozenset[int]

    def strand_ids(self, pack: Pack) -> set[str]:
        """SVG ids of the strands that draw the hidden links."""
        return {sid for i in self.links for sid in pack.links[i].strand_ids()}

    def element_ids(self, pack: Pack) -> set[str]:
        """Every SVG id the schematic must omit: hidden structures and their strands."""
        return set(self.structures) | self.strand_ids(pack)


def hidden_variants(pack: Pack) -> HiddenVariants:
    """The inconstant structures and links, with everything reached only through them."""
    structures = {s.id for s in pack.structures.values() if s.inconstant}
    links = {link.index for link in pack.links if link.inconstant}
    changed = True
    while changed:
        changed = False
        for link in pack.links:
            if link.index not in links and (link.source in structures or link.target in structures):
                links.add(link.index)
                changed = True
        for s in pack.structures.values():
            if s.id in structures or s.kind is Kind.SEGMENT or s.parts:
                continue
            incoming = pack.incoming[s.id]
            if incoming and all(link.index in links for link in incoming):
                structures.add(s.id)
                changed = True
    return HiddenVariants(frozenset(structures), frozenset(links))


def without_variants(pack: Pack) -> Pack:
    """The pack as tracing sees it with variants hidden.

    Hidden structures leave `structures`, and hidden links leave `incoming`/`outgoing`;
    `links` keeps every link at its index, so a trace's (link index, segment) strands
    still name the schematic's strands.
    """
    hidden = hidden_variants(pack)
    if not hidden.structures and not hidden.links:
        return pack
    structures = {k: s for k, s in pack.structures.items() if k not in hidden.structures}
    outgoing = {k: tuple(link for link in v if link.index not in hidden.links) for k, v in pack.outgoing.items() if k in structures}
    incoming = {k: tuple(link for link in v if link.index not in hidden.links) for k, v in pack.incoming.items() if k in structures}
    return dataclasses.replace(pack, structures=structures, outgoing=outgoing, incoming=incoming)


SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def schematic_without(svg: bytes, element_ids: Iterable[str]) -> bytes:
    """The schematic SVG with the elements of the given ids (and their contents) removed.

    The file has already passed the loader's checks (defusedxml, size and depth limits);
    it is parsed through defusedxml again here all the same.
    """
    drop = set(element_ids)
    root = fromstring(svg, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    for parent in root.iter():
        for child in list(parent):
            if child.get("id") in drop:
                parent.remove(child)
    ElementTree.register_namespace("", SVG_NAMESPACE)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")  # QtSvg reads `xlink:href` by that name
    return bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True))
