"""Step-through and the caption's chain, on the real pack, without Qt."""

from __future__ import annotations

import pytest

from viewer.model.hop_chain import Role, caption_name, chain_caption, focus_target, hop_chain, key_muscle_of
from viewer.model.records import Kind
from viewer.model.steps import NOTHING, StepPlan, partial_trace
from viewer.model.tracing import trace


def test_every_pathway_steps_from_the_selection_alone_to_all_of_it(pack) -> None:  # type: ignore[no-untyped-def]
    for sid in pack.structures:
        full = trace(pack, sid)
        plan = StepPlan(pack, full)
        first, last = plan.stops[0], plan.stops[-1]
        assert sid in first.shown.structures
        assert first.shown.structures <= {sid, *pack.structures[sid].parts, *(s for s, h in full.hops.items() if h <= 0)}
        assert last.shown == full, sid
        hops = [stop.hop for stop in plan.stops]
        assert hops == sorted(set(hops)), sid
        for before, after in zip(plan.stops, plan.stops[1:], strict=False):
            assert before.shown.structures <= after.shown.structures
            assert before.shown.strands <= after.shown.strands
            assert (before.shown.structures, before.shown.strands) != (after.shown.structures, after.shown.strands), "no wasted click"
            assert after.newest == after.shown.structures - before.shown.structures
        for stop in plan.stops:
            for index, _segment in stop.shown.strands:
                link = pack.links[index]
                assert link.source in stop.shown.structures and link.target in stop.shown.structures


def test_l5_reveals_root_trunk_division_nerve_branch_muscle(pack) -> None:  # type: ignore[no-untyped-def]
    plan = StepPlan(pack, trace(pack, "l5"))
    kinds = [{pack.structures[s].kind for s in stop.newest} for stop in plan.stops]
    assert kinds[0] == {Kind.SEGMENT}
    assert kinds[1] == {Kind.TRUNK}
    assert kinds[2] == {Kind.DIVISION}
    assert Kind.NERVE in kinds[3] and Kind.MUSCLE not in kinds[3]
    assert "deep_fibular_nerve" in plan.stops[4].newest
    assert "extensor_hallucis_longus" in plan.stops[5].newest
    # one hop beyond the muscles: the skin of the dorsal digital nerves of the foot
    assert {"dorsal_digital_nerves_deep_fibular", "dorsal_digital_nerves_superficial_fibular"} <= plan.stops[5].newest
    assert {"skin_first_web_space", "skin_dorsal_toes"} <= plan.stops[6].newest
    assert len(plan) == 7


def test_a_muscle_starts_alone_then_its_roots(pack) -> None:  # type: ignore[no-untyped-def]
    plan = StepPlan(pack, trace(pack, "extensor_hallucis_longus"))
    assert plan.stops[0].hop == NOTHING and plan.stops[0].shown.structures == {"extensor_hallucis_longus"}
    # extensor hallucis longus: L5, S1 (Radiopaedia, GPnotebook)
    assert plan.stops[1].newest == {"l5", "s1"}
    # hop 4 (the deep fibular nerve) also completes the strand into the muscle (hop 5): one stop
    assert plan.index_of_hop(4) == plan.index_of_hop(5) == plan.last
    assert plan.index_of_hop(99) == plan.last
    assert plan.index_of_hop(-5) == 0
    # a slide asked for at a stop's own hop shows that stop, not the next one
    assert [plan.index_of_hop(stop.hop) for stop in plan.stops] == list(range(len(plan)))


def test_a_composite_muscle_is_shown_through_its_parts(pack) -> None:  # type: ignore[no-untyped-def]
    full = trace(pack, "adductor_magnus")
    shown = partial_trace(pack, full, NOTHING)
    assert set(pack.structures["adductor_magnus"].parts) <= shown.structures
    assert partial_trace(pack, full, None) is full


def test_the_l5_caption_runs_to_its_key_muscle(pack) -> None:  # type: ignore[no-untyped-def]
    full = trace(pack, "l5")
    assert key_muscle_of(pack, "L5") == ["extensor_hallucis_longus"]
    assert focus_target(pack, full) == "extensor_hallucis_longus"
    caption = chain_caption(pack, full)
    assert caption.text.startswith(
        "L5 → lumbosacral trunk → lumbosacral trunk posterior division → sciatic → common fibular → deep fibular → extensor hallucis longus"
    )
    named = {i for link in hop_chain(pack, full).links for i in link.ids}
    assert caption.more == len(full.structures - named - {"sciatic_nerve"}) > 20


def test_the_caption_emphasises_the_newest_hop_and_keeps_the_destination_ahead(pack) -> None:  # type: ignore[no-untyped-def]
    full = trace(pack, "extensor_hallucis_longus")
    plan = StepPlan(pack, full)
    stop = plan.stops[2]
    caption = chain_caption(pack, full, stop.hop, newest=stop.newest)
    roles = [(p.text, p.role) for p in caption.parts]
    assert roles[0] == ("L5, S1", Role.SHOWN)  # extensor hallucis longus: L5, S1 (Radiopaedia, GPnotebook)
    assert roles[1] == ("lumbosacral trunk + S1 posterior division", Role.NEWEST)
    assert roles[-2:] == [("…", Role.AHEAD), ("extensor hallucis longus", Role.AHEAD)]
    start = chain_caption(pack, full, plan.stops[0].hop, newest=plan.stops[0].newest)
    assert [(p.text, p.role) for p in start.parts] == [("extensor hallucis longus", Role.NEWEST)]


@pytest.mark.parametrize(
    ("sid", "text"), [("common_fibular_nerve", "common fibular"), ("s1_posterior_division", "S1 posterior division"), ("l4", "L4")]
)
def test_caption_names(pack, sid: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert caption_name(pack, sid) == text


def test_every_selection_has_a_caption_ending_at_its_focus(pack) -> None:  # type: ignore[no-untyped-def]
    for sid in pack.structures:
        full = trace(pack, sid)
        chain = hop_chain(pack, full)
        if chain.focus is not None:
            assert chain.focus in chain.links[-1].ids or pack.structures[chain.focus].parts
        hops = [link.hop for link in chain.links]
        assert hops == sorted(hops)
        assert chain_caption(pack, full).parts


# ---- which chain a caption reads out -----------------------------------------------------------------


def test_a_nerve_s_chain_runs_from_its_roots_to_its_deepest_key_muscle_of_any_segment(pack) -> None:  # type: ignore[no-untyped-def]
    femoral = trace(pack, "femoral_nerve")
    # L2's key muscle (iliacus) is lit too, but rectus femoris (L3) lies deeper
    assert focus_target(pack, femoral) == "rectus_femoris"
    chain = hop_chain(pack, femoral)
    assert chain.focus == "rectus_femoris"
    assert chain.links[0].ids == ("l2", "l3", "l4")
    assert chain_caption(pack, femoral).text == (
        "L2, L3, L4 → L2 posterior division + L3 posterior division + L4 posterior division → femoral"
        " → muscular branches of the femoral → rectus femoris  + 13 more"
    )


def test_a_nerve_without_a_key_muscle_runs_to_its_deepest_muscle_not_to_its_skin(pack) -> None:  # type: ignore[no-untyped-def]
    obturator = trace(pack, "obturator_nerve")
    assert key_muscle_of(pack, "L2") and not any(m in obturator.structures for s in pack.segments for m in key_muscle_of(pack, s))
    # Pectineus lies as deep, but the obturator nerve reaches it only in some people (an inconstant
    # supply): the chain runs to a muscle it always supplies.
    assert pack.structures["pectineus"].id in obturator.structures
    assert focus_target(pack, obturator) == "adductor_longus"
    assert focus_target(pack, trace(pack, "tibial_nerve")) == "gastrocnemius"
    # its skin of the toes lies deeper than its muscles, but a muscle is what the chain names; and it
    # is one the nerve always supplies, not extensor digitorum brevis (only through an inconstant branch)
    assert focus_target(pack, trace(pack, "superficial_fibular_nerve")) == "fibularis_longus"


def test_a_branch_that_reaches_no_target_is_read_from_its_roots_to_itself(pack) -> None:  # type: ignore[no-untyped-def]
    contribution = trace(pack, "subcostal_contribution")
    chain = hop_chain(pack, contribution)
    assert chain.focus is None
    assert [link.ids for link in chain.links] == [("t12",), ("subcostal_contribution",)]
    assert chain_caption(pack, contribution).text == "T12 → subcostal contribution to L1"


def test_structures_named_together_keep_the_packs_order(pack) -> None:  # type: ignore[no-untyped-def]
    # T12 before L1 (the pack's order, from the head down), though "l1" sorts before "t12"
    assert (
        chain_caption(pack, trace(pack, "internal_oblique")).text
        == "T12, L1 → subcostal + iliohypogastric + ilioinguinal → internal oblique"
    )


def test_a_chain_revealed_up_to_a_hop_marks_that_hop_newest_and_a_whole_one_marks_none(pack) -> None:  # type: ignore[no-untyped-def]
    l4 = trace(pack, "l4")
    partial = chain_caption(pack, l4, 1)
    assert [(p.text, p.role) for p in partial.parts] == [("L4", Role.SHOWN), ("lumbosacral trunk", Role.NEWEST)]
    assert partial.more == 3
    whole = chain_caption(pack, l4)
    assert {p.role for p in whole.parts} == {Role.SHOWN}
    assert whole.text.endswith("→ deep fibular → tibialis anterior  + 43 more")


def test_a_caption_can_follow_a_chosen_lit_target_and_ignores_one_that_is_not_lit(pack) -> None:  # type: ignore[no-untyped-def]
    femoral = trace(pack, "femoral_nerve")
    chosen = hop_chain(pack, femoral, "vastus_medialis")
    assert chosen.focus == "vastus_medialis" and chosen.links[-1].ids == ("vastus_medialis",)
    assert chain_caption(pack, femoral, focus="vastus_medialis").text.endswith(
        "→ muscular branches of the femoral → vastus medialis  + 13 more"
    )
    assert hop_chain(pack, femoral, "tibialis_anterior").focus == "rectus_femoris"


def test_a_caption_lowercases_a_name_only_where_it_reads_as_a_word(pack) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    import msgspec

    def named(name: str) -> str:
        s = msgspec.structs.replace(pack.structures["femoral_nerve"], name=name)
        return caption_name(dataclasses.replace(pack, structures={**pack.structures, s.id: s}), s.id)

    assert named("Femoral nerve") == "femoral"
    assert named("Ab nerve") == "ab"
    assert named("X nerve") == "X"
    assert named("IPa nerve") == "IPa"
