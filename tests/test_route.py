"""The keyboard route over the drawing, on the real pack: Down along the pathway, Up back, Right and Left across siblings."""

from __future__ import annotations

import pytest

from viewer.model.pack import Pack
from viewer.model.records import Kind
from viewer.model.settings import LabelLanguage
from viewer.model.variants import without_variants
from viewer.session import Route, Session
from viewer.session.route import RouteFocus, focus_line


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


# ---- what each move records, and what a reader hears ----------------------------------------
def test_each_move_records_its_trail_row_and_direction_and_is_announced(pack: Pack) -> None:
    route = Route(pack)
    seen: list[object] = []
    route.changed.connect(seen.append)
    start = route.move("down")
    assert start == RouteFocus("t12", (), route.roots, "start") and seen == [start]
    route.focus_on("l4")
    down = route.move("down")
    assert down is not None and down.trail == ("l4",) and down.move == "down" and down.row == route.children("l4")
    deeper = route.move("down")
    assert deeper is not None and deeper.trail == ("l4", down.current) and deeper.move == "down"
    up = route.move("up")
    assert up == RouteFocus(down.current, ("l4",), route.children("l4"), "up")
    right = route.move("right")
    assert right is not None and right.move == "right" and right.trail == ("l4",) and right.row == up.row
    assert seen[-1] is route.focus == right


def test_up_without_a_trail_goes_to_the_first_parent_and_its_row(pack: Pack) -> None:
    route = Route(pack)
    route.focus_on("femoral_nerve")
    first_parent = route.parents("femoral_nerve")[0]
    up = route.move("up")
    assert up is not None and up.current == first_parent and up.trail == () and up.move == "up"
    assert up.row == route.row_of(first_parent)


def test_a_row_is_that_of_the_parent_the_trail_names(pack: Pack) -> None:
    route = Route(pack)
    twice = next(sid for sid in pack.structures if len(route.parents(sid)) > 1)
    first, second = route.parents(twice)[:2]
    assert route.row_of(twice) == route.children(first)
    assert route.row_of(twice, (second,)) == route.children(second)
    assert twice in route.row_of(twice, (second,))
    assert route.row_of("l4") == route.roots


def test_following_a_structure_and_letting_go(pack: Pack) -> None:
    route = Route(pack)
    seen: list[object] = []
    route.changed.connect(seen.append)
    assert route.focus_on(None) is None and seen == []  # nothing to let go of: nothing said
    assert route.focus_on("dermatome_l4") is None and route.focus is None and seen == []  # not on the drawing
    focus = route.focus_on("sural_nerve", "start")
    assert focus == RouteFocus("sural_nerve", (), route.row_of("sural_nerve"), "start") and seen == [focus]
    assert route.focus_on("dermatome_l4") is None and route.focus == focus  # a dermatome leaves the focus where it is
    assert route.focus_on(None) is None and route.focus is None and seen == [focus, None]


def test_a_pack_that_still_draws_the_focus_keeps_it(pack: Pack) -> None:
    route = Route(pack)
    seen: list[object] = []
    route.changed.connect(seen.append)
    focus = route.focus_on("femoral_nerve")
    route.set_pack(without_variants(pack))
    assert route.focus == focus and seen == [focus]
    route.set_pack(pack)
    route.focus_on("accessory_obturator_nerve")
    route.set_pack(without_variants(pack))
    assert route.focus is None and seen[-1] is None


def test_a_bad_move_names_itself() -> None:
    with pytest.raises(ValueError, match=r"^sideways$"):
        Route.move(Route.__new__(Route), "sideways")


def test_what_a_reader_hears_on_each_structure(pack: Pack) -> None:
    route = Route(pack)
    root = route.move("down")
    assert root is not None
    assert focus_line(pack, root) == f"T12, root, 1 of {len(route.roots)}"
    assert focus_line(pack, root, names=False) == f"A root, 1 of {len(route.roots)}"
    femoral = route.focus_on("femoral_nerve")
    assert femoral is not None
    n, m = femoral.position
    assert focus_line(pack, femoral) == f"Femoral nerve, nerve, {n} of {m}"
    assert focus_line(pack, femoral, language=LabelLanguage.LATIN) == f"Nervus femoralis, nerve, {n} of {m}"
    assert focus_line(pack, femoral, names=False, ringed="femoral_nerve") == f"A nerve, {n} of {m}, ringed"
    assert focus_line(pack, femoral, ringed="obturator_nerve") == f"Femoral nerve, nerve, {n} of {m}"
    for kind, word in ((Kind.MUSCLE, "muscle"), (Kind.SKIN, "skin territory"), (Kind.DIVISION, "division"), (Kind.BRANCH, "branch")):
        sid = next(s.id for s in pack.of_kind(kind) if not s.parts)
        assert f", {word}, " in focus_line(pack, route.focus_on(sid))


def test_up_comes_back_into_the_row_the_walk_came_down_through(pack: Pack) -> None:
    """A structure with two parents, reached from its second: Down then Up gives back the second parent's row."""
    route = Route(pack)
    x = next(
        s
        for s in pack.structures
        if len(route.parents(s)) > 1 and route.children(s) and route.row_of(s) != route.row_of(s, (route.parents(s)[1],))
    )
    second = route.parents(x)[1]
    route.focus_on(second)
    route.move("down")
    while route.focus is not None and route.focus.current != x:
        route.move("right")
    assert route.focus is not None and route.focus.row == route.children(second)
    route.move("down")
    back = route.move("up")
    assert back is not None and back.current == x and back.trail == (second,) and back.row == route.children(second)
