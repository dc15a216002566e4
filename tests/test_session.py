"""The window's state without a window: the selection and its history, the step-through, the
lessons, the modes, the View toggles and the status line, as the views observing the session see them."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.model.lesson import Lesson, LessonItem
from viewer.model.pack import Pack
from viewer.model.tracing import Trace, trace
from viewer.model.variants import without_variants
from viewer.session import CanvasSpec, Event, Layers, ModeChange, Session
from viewer.session.caption import PROMPT, lit_summary, status_caption, step_caption
from viewer.session.modes import MODE_NAMES


def record(event: Event) -> list:
    """Everything `event` emits from now on, in order (a no-argument emit is recorded as ())."""
    seen: list = []
    event.connect(lambda *args: seen.append(args[0] if len(args) == 1 else args))
    return seen


class FakeMode:
    """A mode that records what the host asks of it and answers as it is told."""

    def __init__(self, name: str, *, reason: str = "", takes_clicks: bool = False, line: str = "") -> None:
        self.name = name
        self.reason = reason
        self.takes_clicks = takes_clicks
        self.line = line
        self.calls: list[str] = []
        self.picked: list[str | None] = []
        self.on_leave = None

    def unavailable(self) -> str:
        return self.reason

    def enter(self) -> None:
        self.calls.append("enter")

    def leave(self) -> None:
        self.calls.append("leave")
        if self.on_leave:
            self.on_leave()

    def pick(self, structure_id: str | None) -> bool:
        self.picked.append(structure_id)
        return self.takes_clicks

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        return CanvasSpec(shown, overlay=self.name, labels_hidden=True)

    def caption(self) -> str:
        return self.line


@pytest.fixture
def session(pack: Pack) -> Session:
    return Session(pack)


def with_modes(session: Session, **modes: FakeMode) -> dict[str, int]:
    """Register fake modes; returns how many times each was built."""
    builds = dict.fromkeys(modes, 0)

    def factory(name: str):  # type: ignore[no-untyped-def]
        def build() -> FakeMode:
            builds[name] += 1
            return modes[name]

        return build

    for name in modes:
        session.modes.register(name, factory(name))
    return builds


def lesson_of(*items: tuple[str, str]) -> Lesson:
    return Lesson("Lower limb", tuple(LessonItem(sid, caption, n) for n, (sid, caption) in enumerate(items, 1)), Path("l.txt"))


# ---- change notices -------------------------------------------------------------------------------


def test_an_event_calls_its_listeners_in_the_order_they_connected_with_the_emitted_arguments() -> None:
    event = Event()
    calls: list = []
    first = event.connect(lambda *a: calls.append(("first", a)))
    event.connect(lambda *a: calls.append(("second", a)))
    assert len(event) == 2
    event.emit(1, "two")
    assert calls == [("first", (1, "two")), ("second", (1, "two"))]
    event.disconnect(first)
    assert len(event) == 1
    event.emit()
    assert calls[-1] == ("second", ())
    assert len(calls) == 3


def test_a_listener_that_disconnects_itself_while_called_does_not_stop_the_others() -> None:
    event = Event()
    calls: list[str] = []

    def once() -> None:
        calls.append("once")
        event.disconnect(once)

    event.connect(once)
    event.connect(lambda: calls.append("always"))
    event.emit()
    event.emit()
    assert calls == ["once", "always", "always"]


# ---- the selection and its history -----------------------------------------------------------------


def test_a_selection_tells_the_views_what_is_selected_what_it_lights_and_what_was_before(session: Session, pack: Pack) -> None:
    assert session.selected is None and session.trace is None
    changes = record(session.selection.changed)
    history = record(session.selection.history_changed)
    session.select("l4")
    session.select("sartorius")
    assert [(c.current, c.previous, c.move) for c in changes] == [("l4", None, "select"), ("sartorius", "l4", "select")]
    assert changes[1].trace == trace(pack, "sartorius")
    assert session.selected == "sartorius" and session.trace == trace(pack, "sartorius")
    assert len(history) == 2


def test_selecting_what_is_already_selected_changes_nothing_and_adds_no_history(session: Session) -> None:
    session.select("l4")
    changes = record(session.selection.changed)
    history = record(session.selection.history_changed)
    session.select("l4")
    assert changes == [] and history == []
    session.selection.back()
    assert session.selected is None
    assert not session.selection.can_go_back()


def test_an_unknown_structure_cannot_be_selected(session: Session) -> None:
    with pytest.raises(KeyError, match="no_such_nerve"):
        session.select("no_such_nerve")
    assert session.selected is None
    assert not session.selection.can_go_back()


def test_clearing_lights_nothing_and_back_brings_the_selection_back(session: Session, pack: Pack) -> None:
    session.select("l5")
    changes = record(session.selection.changed)
    session.selection.clear()
    assert session.selected is None and session.trace is None
    assert (changes[-1].current, changes[-1].previous, changes[-1].trace) == (None, "l5", None)
    session.selection.back()
    assert session.selected == "l5" and session.trace == trace(pack, "l5")
    assert changes[-1].move == "back"


def test_back_and_forward_walk_the_history_and_a_new_selection_drops_what_lay_ahead(session: Session) -> None:
    selection = session.selection
    assert not selection.can_go_back() and not selection.can_go_forward()
    for sid in ("l4", "l5", "s1"):
        selection.select(sid)
    changes = record(selection.changed)
    history = record(selection.history_changed)
    selection.back()
    selection.back()
    assert selection.current == "l4"
    assert selection.can_go_back() and selection.can_go_forward()
    selection.forward()
    assert selection.current == "l5"
    assert [(c.current, c.previous, c.move) for c in changes] == [("l5", "s1", "back"), ("l4", "l5", "back"), ("l5", "l4", "forward")]
    assert len(history) == 3
    selection.select("sartorius")
    assert not selection.can_go_forward()
    selection.forward()  # nothing ahead: nothing happens
    assert selection.current == "sartorius"
    selection.back()
    assert selection.current == "l5"
    selection.back()  # going forward kept l4 behind l5
    assert selection.current == "l4"
    selection.back()
    assert selection.current is None
    assert not selection.can_go_back()
    before = len(changes)
    selection.back()  # nothing behind: nothing happens
    assert selection.current is None and len(changes) == before


def test_a_pathway_is_traced_once_and_reused(session: Session) -> None:
    session.select("l4")
    first = session.trace
    session.select("l5")
    session.selection.back()
    assert session.trace is first


def test_hiding_variants_retraces_the_selection_without_them_and_tells_the_views(session: Session, pack: Pack) -> None:
    session.select("l4")
    changes = record(session.selection.changed)
    session.set_layers(show_variants=False)
    assert "accessory_obturator_nerve" in trace(pack, "l4").structures
    assert "accessory_obturator_nerve" not in session.trace.structures
    assert session.trace == trace(without_variants(pack), "l4")
    assert [(c.current, c.previous, c.move) for c in changes] == [("l4", "l4", "select")]
    assert changes[0].trace == session.trace
    session.set_layers(show_variants=True)
    assert session.trace == trace(pack, "l4")


def test_hiding_variants_with_nothing_selected_tells_the_selection_views_nothing(session: Session) -> None:
    changes = record(session.selection.changed)
    session.set_layers(show_variants=False)
    assert changes == []
    session.select("t12")
    assert "subcostal_contribution" not in session.trace.structures


def test_a_hidden_variant_selected_by_name_is_traced_in_the_whole_pack(session: Session, pack: Pack) -> None:
    session.set_layers(show_variants=False)
    session.select("accessory_obturator_nerve")
    assert session.trace == trace(pack, "accessory_obturator_nerve")


# ---- the step-through ------------------------------------------------------------------------------


def test_a_click_shows_the_whole_pathway_and_its_caption_says_what_is_lit(session: Session) -> None:
    views = record(session.steps.changed)
    session.select("gluteus_medius")
    view = views[-1]
    assert len(views) == 1
    assert view.index == view.plan.last == 4
    assert view.at_end and view.caption is None
    assert view.shown == session.trace
    assert view.hop_text == "hop 4 / 4"
    assert view.lesson_caption == "" and view.lesson_position == ""
    assert status_caption(session) == "Gluteus medius: segments L4, L5, S1 — 2 nerves and branches, 1 muscle, 0 skin territories lit"


def test_in_presentation_a_new_selection_starts_with_nothing_revealed(session: Session) -> None:
    session.steps.start_hidden = True
    session.select("gluteus_medius")
    view = session.steps.view()
    assert view.index == 0
    assert view.hop_text == "start"
    assert not view.at_end
    assert view.shown.structures == frozenset({"gluteus_medius"})
    assert status_caption(session) == "<b>gluteus medius</b> <span style='color:gray'>(start; PageDown for more)</span>"


def test_next_and_back_move_one_stop_and_stop_at_either_end(session: Session) -> None:
    session.steps.start_hidden = True
    session.select("gluteus_medius")
    views = record(session.steps.changed)
    steps = session.steps
    steps.next()
    assert steps.index == 1 and views[-1].hop_text == "hop 0 / 4"
    assert status_caption(session) == (
        "<b>L4, L5, S1</b> → <i>…</i> → <i>gluteus medius</i> <span style='color:gray'>(hop 0 / 4; PageDown for more)</span>"
    )
    steps.next()
    assert steps.index == 2
    assert status_caption(session) == (
        "L4, L5, S1 → <b>lumbosacral trunk + S1 posterior division</b> → <i>…</i> → <i>gluteus medius</i>"
        " <span style='color:gray'>(hop 1 / 4; PageDown for more)</span>"
    )
    steps.back()
    assert steps.index == 1
    steps.back()
    assert steps.index == 0 and views[-1].hop_text == "start"
    steps.last()
    assert steps.index == 4 and views[-1].at_end
    # the whole pathway shown: the status line says what is lit, as after a click
    assert status_caption(session) == "Gluteus medius: segments L4, L5, S1 — 2 nerves and branches, 1 muscle, 0 skin territories lit"
    count = len(views)
    steps.next()  # past the end, with no lesson: nothing happens
    assert steps.index == 4 and len(views) == count
    steps.first()
    assert steps.index == 0
    count = len(views)
    steps.back()  # before the start: nothing happens
    assert steps.index == 0 and len(views) == count
    steps.go_to(2)
    steps.restart()
    assert steps.index == 0 and views[-1].index == 0


def test_go_to_keeps_within_the_pathway_and_always_tells_the_views(session: Session) -> None:
    session.select("gluteus_medius")
    views = record(session.steps.changed)
    session.steps.go_to(99)
    assert session.steps.index == 4
    session.steps.go_to(-5)
    assert session.steps.index == 0
    session.steps.go_to(0)
    assert len(views) == 3
    assert [v.index for v in views] == [4, 0, 0]


def test_with_nothing_selected_the_step_keys_do_nothing(session: Session) -> None:
    views = record(session.steps.changed)
    steps = session.steps
    assert steps.view().index == 0 and steps.item == -1 and steps.lesson is None
    for move in (steps.next, steps.back, steps.first, steps.last, steps.restart):
        move()
    steps.go_to(3)
    assert views == []
    view = steps.view()
    assert view.plan is None and view.stop is None and view.shown is None and view.caption is None
    assert view.hop_text == "" and view.at_end
    assert status_caption(session) == PROMPT


def test_clearing_the_selection_leaves_no_step(session: Session) -> None:
    session.select("l4")
    session.steps.go_to(2)
    views = record(session.steps.changed)
    session.selection.clear()
    assert session.steps.plan is None and session.steps.index == 0
    assert views[-1].plan is None and views[-1].index == 0


def test_a_caption_counts_what_the_chain_does_not_name(session: Session) -> None:
    session.steps.start_hidden = True
    session.select("l4")
    session.steps.go_to(2)
    assert status_caption(session) == (
        "L4 → lumbosacral trunk → <b>lumbosacral trunk posterior division</b> + 8 more"
        " <span style='color:gray'>(hop 2 / 6; PageDown for more)</span>"
    )


def test_stepping_back_in_the_window_reads_out_the_chain_until_the_whole_pathway_is_shown_again(session: Session) -> None:
    session.select("common_fibular_nerve")
    assert session.steps.view().caption is None
    session.steps.back()
    view = session.steps.view()
    assert view.index == 6 and view.caption is not None
    assert status_caption(session).endswith("<span style='color:gray'>(hop 5 / 6; PageDown for more)</span>")
    session.steps.next()
    assert session.steps.view().caption is None
    assert status_caption(session).startswith("Common fibular nerve: segments L4, L5, S1, S2 — ")


def test_a_selection_can_be_opened_at_a_chosen_stop_once(session: Session) -> None:
    steps = session.steps
    steps.go_to_when_selected(2)
    session.select("gluteus_medius")
    assert steps.index == 2
    session.select("l4")  # the next selection starts where selections start
    assert steps.index == steps.plan.last
    steps.go_to_when_selected(-1)
    steps.start_hidden = True
    session.select("sartorius")
    assert steps.index == steps.plan.last
    steps.go_to_when_selected(50)
    session.select("gluteus_medius")
    assert steps.index == 4
    steps.go_to_when_selected(0)
    session.select("l5")
    assert steps.index == 0


def test_a_pathways_stops_are_worked_out_once_and_reused(session: Session) -> None:
    session.select("l4")
    plan = session.steps.plan
    session.select("l5")
    session.selection.back()
    assert session.steps.plan is plan


def test_a_retraced_selection_gets_a_plan_of_its_new_pathway(session: Session, pack: Pack) -> None:
    session.select("t12")
    before = session.steps.plan
    session.set_layers(show_variants=False)
    assert session.steps.plan is not before
    assert session.steps.plan.trace is session.trace
    assert "subcostal_contribution" not in session.steps.view().shown.structures
    session.select("l1")
    session.selection.back()
    assert session.steps.plan.trace is session.trace


# ---- lessons -------------------------------------------------------------------------------------


def test_opening_a_lesson_selects_its_first_item_with_nothing_revealed(session: Session) -> None:
    opened = record(session.steps.lesson_changed)
    # when told a lesson opened, the views see no item chosen yet, and the position "1 / n"
    told: list = []
    session.steps.lesson_changed.connect(lambda: told.append((session.steps.item, session.steps.view().lesson_position)))
    session.steps.open_lesson(lesson_of(("gluteus_medius", "Trendelenburg & <gait>"), ("l4", ""), ("sartorius", "tailor")))
    steps = session.steps
    assert opened == [()] and told == [(-1, "1 / 3")]
    assert session.selected == "gluteus_medius" and steps.item == 0 and steps.index == 0
    view = steps.view()
    assert view.lesson_position == "1 / 3"
    assert view.lesson_caption == "Trendelenburg & <gait>"
    assert view.caption is not None
    assert status_caption(session) == (
        "Trendelenburg &amp; &lt;gait&gt; — <b>gluteus medius</b> <span style='color:gray'>(start; PageDown for more)</span>"
    )


def test_in_a_lesson_next_past_a_pathways_end_opens_the_next_item_and_back_returns_to_the_previous_ones_end(session: Session) -> None:
    steps = session.steps
    steps.open_lesson(lesson_of(("gluteus_medius", "one"), ("sartorius", "two")))
    steps.last()
    assert steps.view().caption is not None  # in a lesson the chain is read out to the end
    assert status_caption(session).startswith("one — ")
    steps.next()
    assert session.selected == "sartorius" and steps.item == 1 and steps.index == 0
    assert steps.view().lesson_position == "2 / 2"
    steps.last()
    steps.next()  # the last item's end: nothing further
    assert session.selected == "sartorius" and steps.index == steps.plan.last
    steps.first()
    steps.back()
    assert session.selected == "gluteus_medius" and steps.item == 0 and steps.index == steps.plan.last == 4
    steps.first()
    steps.back()  # the first item's start: nothing before
    assert session.selected == "gluteus_medius" and steps.index == 0 and steps.item == 0


def test_a_stop_that_reveals_two_hops_at_once_marks_what_it_reveals_as_newest(session: Session) -> None:
    # gluteus medius's last stop reveals the superior gluteal nerve (hop 3) and the muscle (hop 4)
    # together; the muscle has been shown from the start, so the nerve is what is new
    session.steps.open_lesson(lesson_of(("gluteus_medius", "one")))
    session.steps.last()
    assert status_caption(session) == (
        "one — L4, L5, S1 → lumbosacral trunk + S1 posterior division → lumbosacral trunk posterior division"
        " → <b>superior gluteal</b> → gluteus medius <span style='color:gray'>(hop 4 / 4; PageDown for more)</span>"
    )


def test_a_lesson_item_already_selected_is_stepped_not_reselected(session: Session) -> None:
    steps = session.steps
    steps.open_lesson(lesson_of(("gluteus_medius", "one"), ("gluteus_medius", "again")))
    steps.last()
    changes = record(session.selection.changed)
    steps.next()
    assert changes == []
    assert steps.item == 1 and steps.index == 0
    assert steps.view().lesson_caption == "again"
    steps.back()
    assert steps.item == 0 and steps.index == 4
    assert changes == []


def test_a_lesson_caption_is_shown_only_while_its_item_is_selected(session: Session) -> None:
    steps = session.steps
    steps.open_lesson(lesson_of(("gluteus_medius", "one"), ("sartorius", "two")))
    session.select("l4")
    view = steps.view()
    assert view.lesson_caption == "" and view.lesson_position == "1 / 2"


def test_closing_a_lesson_forgets_its_place_and_tells_the_views(session: Session) -> None:
    steps = session.steps
    steps.open_lesson(lesson_of(("gluteus_medius", "one"), ("sartorius", "two")))
    steps.last()
    steps.next()
    closed = record(steps.lesson_changed)
    views = record(steps.changed)
    steps.close_lesson()
    assert closed == [()] and steps.lesson is None and steps.item == -1
    assert len(views) == 1 and views[0].lesson_position == "" and views[0].lesson_caption == ""
    steps.last()
    steps.next()
    assert session.selected == "sartorius"


def test_a_lesson_reopened_starts_at_its_first_item(session: Session) -> None:
    steps = session.steps
    lesson = lesson_of(("gluteus_medius", "one"), ("sartorius", "two"))
    steps.open_lesson(lesson)
    steps.last()
    steps.next()
    steps.open_lesson(lesson)
    assert steps.item == 0 and session.selected == "gluteus_medius" and steps.index == 0


# ---- modes ---------------------------------------------------------------------------------------


def test_only_the_four_modes_can_be_registered(session: Session) -> None:
    assert MODE_NAMES == ("study", "lesion", "localise", "present")
    with pytest.raises(ValueError, match=r"unknown mode 'quiz'; the modes are study, lesion, localise, present"):
        session.modes.register("quiz", lambda: FakeMode("quiz"))
    with pytest.raises(KeyError, match=r"no mode 'study' is registered"):
        session.modes.mode("study")


def test_a_mode_is_built_the_first_time_it_is_used_and_only_once(session: Session) -> None:
    study = FakeMode("study")
    builds = with_modes(session, study=study)
    assert session.modes.built("study") is None and builds["study"] == 0
    assert session.modes.enter("study")
    assert session.modes.built("study") is study and session.modes.mode("study") is study
    session.modes.leave()
    session.modes.enter("study")
    assert builds["study"] == 1


def test_entering_a_mode_makes_it_the_one_active_mode(session: Session) -> None:
    study, lesion = FakeMode("study"), FakeMode("lesion")
    with_modes(session, study=study, lesion=lesion)
    changes = record(session.modes.changed)
    about = record(session.modes.about_to_enter)
    assert session.modes.current is None
    assert session.modes.enter("study") is True
    assert session.modes.active == "study" and session.modes.current is study
    assert session.modes.enter("study") is True  # already in it: nothing more
    assert session.modes.enter("lesion") is True
    assert study.calls == ["enter", "leave"] and lesion.calls == ["enter"]
    assert changes == [ModeChange(None, "study"), ModeChange("study", "lesion")]
    assert about == ["study"]  # the window keeps its frame once, when the first mode comes in
    session.modes.leave()
    assert changes[-1] == ModeChange("lesion", None)
    assert session.modes.active is None and session.modes.current is None
    session.modes.leave()  # no mode: nothing happens
    assert len(changes) == 3


def test_a_mode_that_cannot_start_says_why_and_leaves_the_window_as_it_was(session: Session) -> None:
    study = FakeMode("study")
    lesion = FakeMode("lesion", reason="The lesion file cannot be used: line 3")
    with_modes(session, study=study, lesion=lesion)
    refused = record(session.modes.refused)
    changes = record(session.modes.changed)
    assert session.modes.enter("lesion") is False
    assert refused == ["The lesion file cannot be used: line 3"]
    assert session.modes.active is None and lesion.calls == [] and changes == []
    session.modes.enter("study")
    assert session.modes.enter("lesion") is False
    assert session.modes.active == "study" and study.calls == ["enter"]


def test_toggling_a_mode_enters_it_or_leaves_it(session: Session) -> None:
    with_modes(session, study=FakeMode("study"), present=FakeMode("present"))
    session.modes.toggle("study")
    assert session.modes.active == "study"
    session.modes.toggle("present")
    assert session.modes.active == "present"
    session.modes.toggle("present")
    assert session.modes.active is None


def test_leaving_the_last_mode_puts_back_the_selection_and_the_step(session: Session) -> None:
    with_modes(session, study=FakeMode("study"), lesion=FakeMode("lesion"))
    session.select("gluteus_medius")
    session.steps.go_to(2)
    session.modes.enter("study")
    session.select("l4")
    session.steps.go_to(1)
    session.modes.enter("lesion")
    session.select("sartorius")
    session.modes.leave()
    assert session.selected == "gluteus_medius" and session.steps.index == 2


def test_leaving_a_mode_puts_back_the_step_when_the_selection_did_not_change(session: Session) -> None:
    with_modes(session, study=FakeMode("study"))
    session.select("gluteus_medius")
    session.steps.go_to(1)
    session.modes.enter("study")
    session.steps.go_to(3)
    session.modes.leave()
    assert session.selected == "gluteus_medius" and session.steps.index == 1


def test_leaving_a_mode_entered_with_nothing_selected_clears_the_selection(session: Session) -> None:
    with_modes(session, study=FakeMode("study"))
    session.modes.enter("study")
    session.select("l4")
    session.modes.leave()
    assert session.selected is None and session.steps.plan is None


def test_a_mode_that_leaves_through_the_host_from_its_own_leave_is_left_once(session: Session) -> None:
    study = FakeMode("study")
    with_modes(session, study=study)
    study.on_leave = session.modes.leave
    changes = record(session.modes.changed)
    session.modes.enter("study")
    session.modes.leave()
    assert study.calls == ["enter", "leave"]
    assert changes == [ModeChange(None, "study"), ModeChange("study", None)]


def test_a_click_goes_to_the_active_mode_first(session: Session) -> None:
    study = FakeMode("study", takes_clicks=True)
    lesion = FakeMode("lesion", takes_clicks=False)
    with_modes(session, study=study, lesion=lesion)
    session.pick("l4")  # no mode: an ordinary selection
    assert session.selected == "l4"
    session.modes.enter("study")
    session.pick("sartorius")
    assert study.picked == ["sartorius"] and session.selected == "l4"
    session.modes.enter("lesion")
    session.pick("sartorius")
    assert lesion.picked == ["sartorius"] and session.selected == "sartorius"
    session.pick(None)  # empty space clears
    assert session.selected is None


# ---- the status line -------------------------------------------------------------------------------


def test_the_status_line_says_what_a_selection_lights_in_words(pack: Pack) -> None:
    assert lit_summary(pack, None, None) == PROMPT == "Click a root, nerve or muscle to trace it segment by segment."
    assert lit_summary(pack, "l4", None) == PROMPT
    assert lit_summary(pack, "t12", trace(pack, "t12")) == (
        "T12: segments T12 — 3 nerves and branches, 6 muscles, 1 skin territory, 1 dermatome lit"
    )
    assert lit_summary(pack, "external_oblique", trace(pack, "external_oblique")) == (
        "External oblique: segments T12 — 1 nerve or branch, 1 muscle, 0 skin territories lit"
    )
    assert lit_summary(pack, "common_fibular_nerve", trace(pack, "common_fibular_nerve")) == (
        "Common fibular nerve: segments L4, L5, S1, S2 — 10 nerves and branches, 10 muscles, 5 skin territories lit"
    )


def test_the_active_modes_own_line_takes_the_status_line_and_an_empty_one_gives_it_back(session: Session) -> None:
    study = FakeMode("study", line="Name the lit muscle")
    lesion = FakeMode("lesion", line="")
    with_modes(session, study=study, lesion=lesion)
    session.select("sartorius")
    session.modes.enter("study")
    assert status_caption(session) == "Name the lit muscle"
    session.modes.enter("lesion")
    assert status_caption(session) == "Sartorius: segments L2, L3 — 2 nerves and branches, 1 muscle, 0 skin territories lit"


def test_a_step_caption_marks_the_newest_hop_bold_and_those_ahead_italic(session: Session) -> None:
    session.steps.start_hidden = True
    session.select("l4")
    session.steps.go_to(1)
    assert step_caption(session.steps.view()) == (
        "L4 → <b>lumbosacral trunk</b> + 3 more <span style='color:gray'>(hop 1 / 6; PageDown for more)</span>"
    )


# ---- the View toggles and the canvas -------------------------------------------------------------------


def test_a_view_toggle_is_told_once_and_only_when_it_changes(session: Session, pack: Pack) -> None:
    layers = record(session.layers_changed)
    context = record(session.context_changed)
    assert session.layers == Layers(show_variants=True, show_divisions=False)
    session.set_layers(show_divisions=True)
    assert session.layers == Layers(True, True)
    session.set_layers(show_divisions=True, show_variants=True)
    assert layers == [Layers(True, True)] and len(context) == 1
    session.select("l4")
    traced = session.trace
    session.set_layers(show_divisions=False)
    assert session.trace is traced  # the divisions layer does not re-trace
    session.set_layers(show_variants=False)
    assert session.layers == Layers(False, False)
    assert layers[-1] == Layers(False, False)
    assert session.trace == trace(without_variants(pack), "l4")


def test_the_canvas_is_told_once_per_change_of_what_it_shows(session: Session, pack: Pack) -> None:
    shown = record(session.canvas_changed)
    session.select("gluteus_medius")
    assert shown == [CanvasSpec(session.trace)]
    session.steps.go_to(4)  # the same stop again: the canvas is not told twice
    session.refresh_canvas()
    assert len(shown) == 1
    session.steps.go_to(0)
    assert shown[-1].trace.structures == frozenset({"gluteus_medius"})
    assert shown[-1].overlay == "" and not shown[-1].labels_hidden
    assert len(shown) == 2


def test_a_mode_decides_what_the_canvas_shows_while_it_is_active(session: Session) -> None:
    with_modes(session, study=FakeMode("study"))
    session.select("sartorius")
    shown = record(session.canvas_changed)
    session.modes.enter("study")
    assert session.canvas() == CanvasSpec(session.trace, overlay="study", labels_hidden=True)
    assert shown == [CanvasSpec(session.trace, overlay="study", labels_hidden=True)]
    session.modes.leave()
    assert shown[-1] == CanvasSpec(session.trace)


def test_the_actions_are_told_to_look_again_on_every_move_step_toggle_and_mode(session: Session) -> None:
    with_modes(session, study=FakeMode("study"))
    context = record(session.context_changed)
    session.select("gluteus_medius")  # history and step
    assert len(context) == 2
    session.steps.go_to(1)
    assert len(context) == 3
    session.set_layers(show_divisions=True)
    assert len(context) == 4
    session.modes.enter("study")
    assert len(context) == 5
