"""The keyboard route over the drawing, on the real pack: Down along the pathway, Up back, Right and Left across siblings."""

from __future__ import annotations

import pytest

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.variants import without_variants
from viewer.session import Route, Session


def walk(route: Route, *moves: str) -> str | None:
    for move in moves:
        route.move(move)
    return route.focus.current if route.focus else None


def test_the_first_arrow_starts_at_the_first_root(pack: Pack) -> None:
    route = Route(pack)
    for move in ("down", "up", "right", "left"):
        route = Route(pack)
        assert walk(route, move) == "t12"
        assert route.focus is not None and route.focus.move == "start"
        assert route.focus.position == (1, len(route.roots))
    assert [pack.structures[r].name for r in route.roots][:6] == ["T12", "L1", "L2", "L3", "L4", "L5"]


def test_right_and_left_walk_the_roots_and_stop_at_the_ends(pack: Pack) -> None:
    route = Route(pack)
    blocked: list[str] = []
    route.blocked.connect(blocked.append)
    assert walk(route, "down", "right", "right", "right", "right") == "l4"
    assert walk(route, "right") == "l5"
    assert walk(route, "left") == "l4"
    assert route.focus is not None and route.focus.position == (5, 12)
    walk(route, *["left"] * 5)
    assert route.focus.current == "t12" and blocked == ["left"]
    walk(route, *["right"] * 20)
    assert route.focus.current == route.roots[-1] and blocked[-1] == "right"


def test_down_goes_along_the_pathway_and_up_comes_back_the_same_way(pack: Pack) -> None:
    route = Route(pack)
    route.focus_on("l4")
    down = walk(route, "down")
    assert down in {link.target for link in pack.outgoing["l4"]}
    assert down == "l4_anterior_division"  # the first that L4 connects to, in the pack's order
    assert walk(route, "right") == "l4_posterior_division"
    assert walk(route, "down") == "femoral_nerve"
    assert route.focus is not None and route.focus.row == ("femoral_nerve",)
    # Up goes back the way the walk came (L4's posterior division), not to the femoral nerve's first parent (L2's).
    assert pack.structures["femoral_nerve"].kind is Kind.NERVE and route.parents("femoral_nerve")[0] == "l2_posterior_division"
    assert walk(route, "up") == "l4_posterior_division"
    assert walk(route, "up") == "l4"
    assert route.focus.row == route.roots


def test_siblings_are_the_children_of_the_parent_the_walk_came_from(pack: Pack) -> None:
    route = Route(pack)
    route.focus_on("femoral_nerve")
    assert walk(route, "down") == "iliacus"
    assert walk(route, "right") == "femoral_muscular_branches"
    assert walk(route, "down") == "pectineus"
    assert walk(route, "right", "right") == "rectus_femoris"
    n, m = route.focus.position  # type: ignore[union-attr]
    assert (n, m) == (3, len(route.children("femoral_muscular_branches")))
    # A muscle leads nowhere further.
    blocked: list[str] = []
    route.blocked.connect(blocked.append)
    assert walk(route, "down") == "rectus_femoris" and blocked == ["down"]


def test_a_root_has_nothing_above_and_a_composite_leads_to_its_parts(pack: Pack) -> None:
    route = Route(pack)
    blocked: list[str] = []
    route.blocked.connect(blocked.append)
    route.focus_on("l5")
    assert walk(route, "up") == "l5" and blocked == ["up"]
    route.focus_on("sciatic_nerve")
    assert walk(route, "down") == "tibial_nerve"
    assert walk(route, "right") == "common_fibular_nerve"


def test_dermatomes_are_not_on_the_route(pack: Pack) -> None:
    route = Route(pack)
    for sid in pack.structures:
        if pack.structures[sid].kind is not Kind.DERMATOME:
            assert all(pack.structures[c].kind is not Kind.DERMATOME for c in route.children(sid))
    route.focus_on("l4")
    walk(route, "down", *["right"] * 10)
    assert route.focus is not None and pack.structures[route.focus.current].kind is not Kind.DERMATOME


def test_a_selection_moves_the_focus_and_hidden_variants_leave_the_route(pack: Pack) -> None:
    session = Session(pack)
    seen: list[object] = []
    session.route.changed.connect(seen.append)
    session.select("gluteus_medius")
    assert session.route.focus is not None and session.route.focus.current == "gluteus_medius"
    assert session.route.focus.move == "follow" and len(seen) == 1
    hidden = set(pack.structures) - set(without_variants(pack).structures)
    assert "accessory_obturator_nerve" in hidden
    assert "accessory_obturator_nerve" in session.route.children("l3_anterior_division")
    session.set_layers(show_variants=False)
    assert session.route.children("l3_anterior_division") == ("obturator_nerve",)


def test_bad_moves_are_refused(pack: Pack) -> None:
    with pytest.raises(ValueError):
        Route(pack).move("sideways")
