"""The loaded pack as everything else reads it: its title, segments, sources and links both ways."""

from __future__ import annotations

from viewer.assets import default_data_path
from viewer.model.loader import load_pack


def test_a_loaded_pack_keeps_its_title_segments_sources_and_path_and_indexes_every_link_both_ways() -> None:
    # loaded here, not from the shared fixture: this test is the one that building a pack answers to
    pack = load_pack(default_data_path())
    assert pack.title == "Lumbosacral plexus"
    assert pack.segments == ("T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4", "S5", "Co1")
    assert pack.data_path == default_data_path()
    assert pack.sources["isncsci_2019"].title and len(pack.sources) > 100
    assert all(link.index == n for n, link in enumerate(pack.links))
    for link in pack.links:
        assert link in pack.outgoing[link.source] and link in pack.incoming[link.target]
    assert sum(len(v) for v in pack.outgoing.values()) == sum(len(v) for v in pack.incoming.values()) == len(pack.links)
    assert isinstance(pack.outgoing["femoral_nerve"], tuple)
    assert {link.target for link in pack.outgoing["femoral_nerve"]} >= {"iliacus", "saphenous_nerve"}
    assert {link.source for link in pack.incoming["femoral_nerve"]} == {
        "l2_posterior_division",
        "l3_posterior_division",
        "l4_posterior_division",
    }
