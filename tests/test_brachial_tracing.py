"""The brachial pack traced segment by segment, as the references give it: what C7 lights, what
reaches the deltoid, the variants a lecturer asks about, and the commands a student types."""

from __future__ import annotations

import json

import pytest

from viewer.assets import assets_dir
from viewer.cli import main
from viewer.model.loader import load_data
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind
from viewer.model.source_policy import classify
from viewer.model.tracing import trace
from viewer.model.variants import hidden_variants


@pytest.fixture(scope="module")
def brachial() -> Pack:
    return load_data(assets_dir() / "brachial.json")


def test_c7_runs_in_the_middle_trunk_to_the_lateral_and_posterior_cords(brachial: Pack) -> None:
    t = trace(brachial, "c7")
    lit = t.structures
    assert {"middle_trunk", "middle_trunk_anterior_division", "middle_trunk_posterior_division"} <= lit
    assert {"lateral_cord", "posterior_cord", "radial_nerve", "median_nerve", "triceps_brachii", "long_thoracic_nerve"} <= lit
    # C7 is in neither trunk above or below it, and not in the nerves of C5-C6 alone.
    assert not {"upper_trunk", "lower_trunk", "axillary_nerve", "deltoid", "suprascapular_nerve", "medial_cord"} & lit
    assert {seg for _link, seg in t.strands} == {"C7"}
    assert t.lit_of_kind(brachial, Kind.DERMATOME) == ["dermatome_c7"]


def test_the_deltoid_traces_back_through_the_axillary_nerve_and_posterior_cord_to_c5_c6(brachial: Pack) -> None:
    t = trace(brachial, "deltoid")
    assert t.lit_segments(brachial) == ("C5", "C6")
    assert {"axillary_nerve", "posterior_cord", "upper_trunk", "upper_trunk_posterior_division", "c5", "c6"} <= t.structures
    assert not {"lateral_cord", "middle_trunk", "c7", "radial_nerve"} & t.structures


def test_the_ulnar_nerve_gets_c7_only_through_its_inconstant_lateral_root(brachial: Pack) -> None:
    into_ulnar = {link.source: link for link in brachial.incoming["ulnar_nerve"]}
    assert into_ulnar["medial_cord"].segments[-2:] == ("C8", "T1") and not into_ulnar["medial_cord"].inconstant
    assert "C7" in into_ulnar["lateral_cord"].segments and into_ulnar["lateral_cord"].inconstant
    assert any(d.field == "segments" for d in brachial.structures["ulnar_nerve"].disputes)
    hidden = hidden_variants(brachial)
    assert into_ulnar["lateral_cord"].index in hidden.links


def test_the_cords_are_named_for_their_place_around_the_axillary_artery(brachial: Pack) -> None:
    cords = {s.id: s for s in brachial.of_kind(Kind.CORD)}
    assert set(cords) == {"lateral_cord", "posterior_cord", "medial_cord"}
    assert {link.source for link in brachial.incoming["posterior_cord"]} == {
        "upper_trunk_posterior_division",
        "middle_trunk_posterior_division",
        "lower_trunk_posterior_division",
    }
    assert {link.source for link in brachial.incoming["medial_cord"]} == {"lower_trunk_anterior_division"}


def test_the_median_nerve_has_a_lateral_and_a_medial_root(brachial: Pack) -> None:
    sources = {link.source for link in brachial.incoming["median_nerve"] if not link.inconstant}
    assert sources == {"lateral_cord", "medial_cord"}
    assert any(d.field == "segments" for d in brachial.structures["median_nerve"].disputes)


def test_every_root_value_cites_two_sources_and_every_supply_an_authoritative_one(brachial: Pack) -> None:
    for s in brachial.structures.values():
        if s.kind in (Kind.SEGMENT, Kind.DIVISION, *NERVE_KINDS):
            assert len(s.segment_sources) >= 2 or s.unconfirmed, s.id
        if s.kind is Kind.MUSCLE:
            assert any(classify(brachial.sources[k]).authoritative for k in s.segment_sources), s.id


@pytest.mark.parametrize(
    ("name", "selected", "must_light", "must_not_light"),
    [
        ("C7", "c7", {"middle_trunk", "radial_nerve", "triceps_brachii"}, {"deltoid", "upper_trunk"}),
        ("deltoid", "deltoid", {"axillary_nerve", "c5", "c6"}, {"c7", "c8"}),
        ("musculocutaneous", "musculocutaneous_nerve", {"biceps_brachii", "brachialis", "lateral_cord"}, {"deltoid"}),
    ],
)
def test_cli_trace_on_the_brachial_pack(
    capsys: pytest.CaptureFixture[str], name: str, selected: str, must_light: set[str], must_not_light: set[str]
) -> None:
    assert main(["trace", name, "--pack", "brachial", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["selected"]["id"] == selected
    lit = {item["id"] for items in record.values() if isinstance(items, list) for item in items if isinstance(item, dict)}
    lit |= {root.lower() for root in record["roots"]}
    assert must_light <= lit and not must_not_light & lit
