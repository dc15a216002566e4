"""The chain a caption reads keeps to the usual connections: a variant is lit, but not read out as the way."""

from __future__ import annotations

import pytest
from bundled_packs import PACKS, bundled

from viewer.model.hop_chain import chain_caption, focus_target, hop_chain
from viewer.model.pack import Pack
from viewer.model.tracing import trace


@pytest.mark.parametrize("name", PACKS)
def test_no_constant_structure_is_read_out_through_a_variant(name: str) -> None:
    pack: Pack = bundled(name)
    for s in pack.structures.values():
        if s.inconstant:
            continue
        chain = hop_chain(pack, trace(pack, s.id))
        through = [i for link in chain.links for i in link.ids if pack.structures[i].inconstant]
        assert not through, (s.id, through)


def test_the_median_and_ulnar_nerves_are_read_along_their_own_branches() -> None:
    pack = bundled("brachial")
    median = trace(pack, "median_nerve")
    # Both anastomoses are lit (they are drawn as variants) ...
    assert {"martin_gruber_anastomosis", "riche_cannieu_anastomosis", "ulnar_nerve"} <= median.structures
    # ... but the caption runs down the median nerve's own branches to a muscle it always supplies.
    text = chain_caption(pack, median).text
    assert "ulnar" not in text and "Martin-Gruber" not in text and "Riche-Cannieu" not in text
    assert text.startswith("C5, C6, C7, C8, T1 → upper trunk + middle trunk + lower trunk → ")
    ulnar = trace(pack, "ulnar_nerve")
    assert "abductor_pollicis_brevis" in ulnar.structures  # through the Riche-Cannieu anastomosis
    focus = focus_target(pack, ulnar)
    assert focus != "abductor_pollicis_brevis" and "median" not in chain_caption(pack, ulnar).text
    text = chain_caption(pack, ulnar).text
    assert text.startswith("C8, T1 → lower trunk → anterior division of the lower trunk → medial cord → ulnar → ")


def test_the_upper_trunk_is_read_from_c5_and_c6_not_the_variable_c4() -> None:
    pack = bundled("brachial")
    upper = trace(pack, "upper_trunk")
    assert {"c4", "c4_contribution"} <= upper.structures
    assert chain_caption(pack, upper).text.startswith("C5, C6 → upper trunk → anterior division of the upper trunk → ")


def test_a_variant_selected_is_still_read_through_itself() -> None:
    pack = bundled("brachial")
    anastomosis = trace(pack, "martin_gruber_anastomosis")
    ids = [i for link in hop_chain(pack, anastomosis).links for i in link.ids]
    assert "martin_gruber_anastomosis" in ids
