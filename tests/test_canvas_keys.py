"""The drawing by keyboard: with the canvas focused the arrows walk between connected structures,
each move ringed and heard, and Enter selects; while presenting the arrows still step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import QApplication

from viewer.qt.canvas.overlay_kit import Z
from viewer.qt.canvas.view import canvas_name


def focus_canvas(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas, timeout=3000)


def keys(qtbot, window, *names: str) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        qtbot.keyClick(window.canvas, getattr(Qt.Key, f"Key_{name}"))


def spoken_name(widget) -> str:  # type: ignore[no-untyped-def]
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(QAccessible.Text.Name)


def ringed(window) -> str | None:  # type: ignore[no-untyped-def]
    """The structure the focus ring is drawn round, by the box it encloses (None: no ring shown)."""
    item = window.scene.focus_ring
    if item is None or item.scene() is None or not item.isVisible():
        return None
    assert item.zValue() == Z.FOCUS
    centre = item.boundingRect().center()
    boxes = window.scene.geometry.boxes
    inside = [sid for sid, box in boxes.items() if item.boundingRect().contains(box)]
    return min(inside, key=lambda sid: (boxes[sid].center() - centre).manhattanLength()) if inside else None


def test_arrows_walk_the_route_ringed_and_named_without_selecting(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    focus_canvas(qtbot, w)
    assert ringed(w) is None and spoken_name(w.canvas) == canvas_name(w.pack.title) == "Schematic of the lumbosacral plexus"
    described = QAccessible.queryAccessibleInterface(w.canvas).text(QAccessible.Text.Description)
    assert "Arrow keys walk from structure to structure" in described
    keys(qtbot, w, "Down")  # the first arrow starts at the first root
    assert ringed(w) == "t12"
    assert w.announcer.said[-1] == "T12, root, 1 of 12"
    keys(qtbot, w, "Right", "Right", "Right", "Right")
    assert ringed(w) == "l4" and w.announcer.said[-1] == "L4, root, 5 of 12"
    assert spoken_name(w.canvas) == "Schematic: L4, root, 5 of 12"
    keys(qtbot, w, "Down")
    down = w.session.route.focus.current
    assert down in {link.target for link in w.pack.outgoing["l4"]} and ringed(w) == down
    assert w.announcer.said[-1].startswith("L4 anterior division") and ", division, 1 of " in w.announcer.said[-1]
    keys(qtbot, w, "Right", "Down")
    assert ringed(w) == "femoral_nerve" and w.announcer.said[-1] == "Femoral nerve, nerve, 1 of 1"
    keys(qtbot, w, "Up")
    assert ringed(w) == "l4_posterior_division"
    keys(qtbot, w, "Left")
    assert ringed(w) == "l4_anterior_division"
    # Walking selects nothing, lights nothing and leaves the facts alone.
    assert w.selection.current is None and w.scene.lit is None
    assert "Femoral" not in w.fact_panel.toPlainText()
    keys(qtbot, w, "Right", "Down", "Return")
    assert w.selection.current == "femoral_nerve"
    assert w.fact_panel.toPlainText().startswith("Femoral nerve")
    assert w.scene.lit is not None and w.scene.lit.selected == "femoral_nerve"


def test_the_ends_of_the_route_are_heard(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Left", "Left")
    assert ringed(w) == "t12" and w.announcer.said[-1] == "First of its row."
    keys(qtbot, w, "Up")
    assert w.announcer.said[-1] == "Nothing further back: a root."


def test_space_selects_what_the_arrows_reached_and_steps_otherwise(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("gluteus_medius")
    focus_canvas(qtbot, w)
    qtbot.keyClick(w.canvas, Qt.Key.Key_Home)
    assert w.scene.lit.structures == {"gluteus_medius"}
    keys(qtbot, w, "Space")  # the selection came from elsewhere: Space is still the step key
    assert "hop 0 / 4" in w.caption.text()
    keys(qtbot, w, "Up", "Space")  # now the arrows have a structure: Space selects it
    parent = w.session.route.focus.current
    assert parent == w.session.route.parents("gluteus_medius")[0]
    assert w.selection.current == parent


def test_a_click_moves_the_keyboard_focus_there(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.canvas.ensure_geometry()
    qtbot.mouseClick(w.canvas.viewport(), Qt.MouseButton.LeftButton, pos=w.canvas.view_pos_of("l5"))
    assert w.selection.current == "l5"
    focus_canvas(qtbot, w)
    assert ringed(w) is None  # the selection's own ring shows where it is
    keys(qtbot, w, "Left")
    assert ringed(w) == "l4" and w.selection.current == "l5"


def test_the_ring_shows_only_while_the_canvas_has_the_focus_in_the_highlight_colour(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down")
    assert ringed(w) == "t12"
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight)
    assert w.scene.focus_ring.pen().color() == w.canvas.palette().color(QPalette.ColorRole.Highlight) == highlight
    w.search.setFocus()
    qtbot.waitUntil(w.search.hasFocus, timeout=3000)
    assert ringed(w) is None
    focus_canvas(qtbot, w)
    assert ringed(w) == "t12"


def test_a_structure_out_of_view_is_brought_into_view(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.canvas.frame(w.canvas.ensure_geometry().boxes["t12"])
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down", *["Right"] * 11)
    assert w.session.route.focus.current == w.session.route.roots[-1]
    shown = w.canvas.mapToScene(w.canvas.viewport().rect()).boundingRect()
    assert shown.contains(w.scene.focus_ring.boundingRect().center())


@pytest.mark.parametrize("where", ["search", "tree"])
def test_in_the_search_field_and_the_list_the_arrows_are_theirs(qtbot, window, where) -> None:  # type: ignore[no-untyped-def]
    w = window
    widget = w.search if where == "search" else w.structure_list.tree
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=3000)
    if where == "search":
        qtbot.keyClicks(widget, "l4")
        qtbot.keyClick(widget, Qt.Key.Key_Left)
        assert widget.cursorPosition() == 1
    else:
        before = widget.currentIndex()
        qtbot.keyClick(widget, Qt.Key.Key_Down)
        assert widget.currentIndex() != before  # (the list selects what it moves to; the route only follows)
    focus = w.session.route.focus
    assert (focus is None or focus.move == "follow") and ringed(w) is None


def test_while_presenting_the_arrows_step(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l5")
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Left")
    assert ringed(w) == "l4"
    qtbot.keyClick(w.canvas, Qt.Key.Key_F5)
    assert ringed(w) is None  # the hall sees no focus ring
    assert spoken_name(w.canvas) == canvas_name(w.pack.title) == "Schematic of the lumbosacral plexus"
    assert w.presentation.active
    hop = w.steps.view().hop_text
    keys(qtbot, w, "Right")
    assert w.steps.view().hop_text != hop and "hop 1 /" in w.steps.view().hop_text
    keys(qtbot, w, "Down")
    assert "hop 2 /" in w.steps.view().hop_text
    keys(qtbot, w, "Left")
    assert "hop 1 /" in w.steps.view().hop_text
    assert ringed(w) is None and w.selection.current == "l5"
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)  # leaving, the walk is where it was
    assert not w.presentation.active
    assert ringed(w) == "l4"


def test_in_study_the_walk_hides_the_names(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["identify:gluteus_maximus"])
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down", "Right")
    assert w.announcer.said[-1] == "A root, 2 of 12"
    assert spoken_name(w.canvas) == "Schematic: A root, 2 of 12"


def test_in_study_the_walk_says_which_structure_is_the_ringed_one_without_naming_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["name:femoral_nerve", "name:piriformis"])
    assert w.study.question.subject == "femoral_nerve"
    focus_canvas(qtbot, w)
    w.session.route.focus_on("lateral_femoral_cutaneous_nerve")  # its sibling, as if walked there
    keys(qtbot, w, "Right")
    assert ringed(w) == "femoral_nerve"
    assert w.announcer.said[-1] == "A nerve, 2 of 2, ringed"
    assert spoken_name(w.canvas) == "Schematic: A nerve, 2 of 2, ringed"
    keys(qtbot, w, "Left")
    assert w.announcer.said[-1] == "A nerve, 1 of 2"
    # Once graded the ring is the answer's, named on the drawing: the walk no longer calls it "ringed".
    w.study.panel.text.setText("no idea")
    qtbot.keyClick(w.study.panel.text, Qt.Key.Key_Return)
    qtbot.waitUntil(w.study.panel.feedback.hasFocus)
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Left", "Right")
    assert w.announcer.said[-1] == "A nerve, 2 of 2"
    # The next question rings another structure; the femoral nerve is no longer it.
    qtbot.keyClick(w.study.panel.feedback, Qt.Key.Key_Return)
    assert w.study.question.subject == "piriformis"
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Left", "Right")
    assert w.announcer.said[-1] == "A nerve, 2 of 2"


def test_the_ringed_muscle_question_gives_a_reader_a_clue_not_the_answer(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["name:gluteus_maximus", "name:piriformis", "name:femoral_nerve"])
    panel = w.study.panel
    asked = []
    for _ in range(3):
        q = w.study.question
        subject = w.pack.structures[q.subject]
        described = panel.prompt.accessibleDescription()
        field = QAccessible.queryAccessibleInterface(panel.text).text(QAccessible.Text.Description)
        assert described.startswith("Question. The ") and " ringed on the diagram: " in described
        assert q.prompt in field and described.removeprefix("Question. ") in field
        for name in filter(None, (subject.name, subject.latin, *subject.synonyms)):
            assert name.lower() not in described.lower(), f"the clue gives away {name}"
        asked.append((q.subject, described))
        panel.text.setText("no idea")
        qtbot.keyClick(panel.text, Qt.Key.Key_Return)
        qtbot.waitUntil(panel.feedback.hasFocus)
        qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
    clues = dict(asked)
    assert "supplied by the inferior gluteal nerve" in clues["gluteus_maximus"] and "gluteal region" in clues["gluteus_maximus"]
    # The nerve to piriformis would tell the answer: it is left out, the rest stays.
    assert "nerve to piriformis" not in clues["piriformis"] and "segments S1, S2" in clues["piriformis"]
    assert "L2 posterior division" in clues["femoral_nerve"] and "iliacus" in clues["femoral_nerve"]


def test_the_presentation_caption_is_exposed_not_only_painted(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l5")
    focus_canvas(qtbot, w)
    qtbot.keyClick(w.canvas, Qt.Key.Key_F5)
    keys(qtbot, w, "PageDown")
    frame = w.presentation.overlay.frame
    assert frame.caption is not None and "→" in frame.caption.text
    name = spoken_name(w.presentation.overlay)
    assert " ".join(frame.caption.text.split()) in name and frame.position in name
    assert w.announcer.said[-1].startswith("L5 → ")  # and each hop is heard


def test_the_canvas_exposes_the_focused_structure_as_its_child(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    canvas = QAccessible.queryAccessibleInterface(w.canvas)
    bare = canvas.childCount()
    focus_canvas(qtbot, w)
    assert canvas.childCount() == bare  # nothing reached by the arrows yet
    keys(qtbot, w, "Down", "Right", "Right", "Right", "Right")
    assert canvas.childCount() == bare + 1
    child = canvas.focusChild()
    assert child is not None and child.text(QAccessible.Text.Name) == "L4, root, 5 of 12"
    assert child.role() == QAccessible.Role.Graphic and child.state().focused
    assert canvas.indexOfChild(child) == bare and canvas.child(bare).text(QAccessible.Text.Name) == "L4, root, 5 of 12"
    assert child.parent().text(QAccessible.Text.Name) == "Schematic: L4, root, 5 of 12"
    # Where it is on screen: round L4's box as the reader's magnifier would find it.
    box = w.canvas.mapFromScene(w.scene.geometry.boxes["l4"]).boundingRect()
    centre = w.canvas.viewport().mapToGlobal(box.center())
    assert child.rect().contains(centre)
    keys(qtbot, w, "Down")
    assert child.text(QAccessible.Text.Name).startswith("L4 anterior division")
    w.search.setFocus()
    qtbot.waitUntil(w.search.hasFocus, timeout=3000)
    assert not child.state().focused


def test_the_ring_takes_a_new_themes_highlight_colour(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down")
    before = w.scene.focus_ring.pen().color()
    w.appearance.update(theme="high-contrast")
    qtbot.waitUntil(lambda: w.scene.focus_ring.pen().color() != before, timeout=3000)
    assert w.scene.focus_ring.pen().color() == QApplication.palette().color(QPalette.ColorRole.Highlight)
    assert ringed(w) == "t12"


def test_hiding_variants_takes_the_ring_off_a_hidden_one(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down", "Right", "Right", "Right", "Down")  # L3, then its anterior division
    keys(qtbot, w, "Down", "Right")
    assert ringed(w) == "accessory_obturator_nerve"
    w.trigger("show_variants")  # off
    assert not w.session.layers.show_variants
    assert ringed(w) is None and w.session.route.focus is None
    assert spoken_name(w.canvas) == canvas_name(w.pack.title) == "Schematic of the lumbosacral plexus"
    keys(qtbot, w, "Down")
    assert ringed(w) == "t12"


def test_in_lesion_mode_enter_cuts_where_the_arrows_are(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.session.modes.enter("lesion")
    focus_canvas(qtbot, w)
    keys(qtbot, w, "Down", "Right", "Right", "Right", "Right", "Right")
    assert ringed(w) == "l5"
    keys(qtbot, w, "Return")
    assert w.lesion_mode.caption().startswith("Lesion: L5")
