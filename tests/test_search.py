"""The find field forgives: suggestions while typing, misspellings, choices to click or arrow to,
and what is found is selected and brought into view — real key events to the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt


def typed(qtbot, window, text: str):  # type: ignore[no-untyped-def]
    """Focus the find field (Ctrl+F) and type `text`; returns the suggestions object once it lists something."""
    qtbot.waitUntil(lambda: window.search_suggestions is not None, timeout=5000)
    window.trigger("search")
    qtbot.waitUntil(window.search.hasFocus, timeout=3000)
    for char in text:  # each key where the keyboard goes: the list, once it has opened, passes it on
        popup = window.search_suggestions.completer.popup()
        qtbot.keyClicks(popup if popup.isVisible() else window.search, char)
    assert window.search.text().endswith(text)
    return window.search_suggestions


def keys(qtbot, window, *keys: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Key presses where the user's keyboard goes: the popup when it is open, else the field."""
    for key in keys:
        popup = window.search_suggestions.completer.popup()
        target = popup if popup.isVisible() else window.search
        qtbot.keyClick(target, key)


def test_a_misspelling_is_suggested_while_typing_and_enter_selects_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "glutues medius")
    qtbot.waitUntil(found.shown, timeout=3000)
    assert found.rows()[0] == "Gluteus medius"
    assert found.enter_takes() == "gluteus_medius"  # shown as what Enter will take
    assert window.session.selected is None  # nothing chosen before Enter
    keys(qtbot, window, Qt.Key.Key_Return)
    assert window.session.selected == "gluteus_medius"
    assert not found.shown()
    assert window.search.text() == "Gluteus medius"


def test_names_before_latin_entries_and_the_matched_name_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "obturator")
    qtbot.waitUntil(found.shown, timeout=3000)
    rows = found.rows()
    assert rows[0] == "Obturator nerve"
    latin = [i for i, row in enumerate(rows) if "Latin:" in row]
    assert all(i > rows.index("Obturator nerve") for i in latin)
    window.search.clear()
    found = typed(qtbot, window, "peroneal")
    qtbot.waitUntil(found.shown, timeout=3000)
    assert found.rows()[0] == "Common fibular nerve — synonym: peroneal nerve"


def test_arrows_and_enter_pick_another_suggestion(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "gluteus")
    qtbot.waitUntil(found.shown, timeout=3000)
    second = found.ids()[1]
    assert second != found.ids()[0]
    keys(qtbot, window, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert window.session.selected == second
    assert window.selection.can_go_back() and len(window.selection._back) == 1  # one selection, not two


def test_a_suggestion_can_be_clicked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "sural")
    qtbot.waitUntil(found.shown, timeout=3000)
    popup = found.completer.popup()
    row = found.rows().index("Medial sural cutaneous nerve")
    rect = popup.visualRect(popup.model().index(row, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.selected == "medial_sural_cutaneous_nerve"


def test_a_word_that_only_resembles_names_offers_choices_and_selects_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "femur")
    keys(qtbot, window, Qt.Key.Key_Return)
    assert window.session.selected is None
    qtbot.waitUntil(found.shown, timeout=3000)
    assert found.rows()[0] == "Femoral nerve"
    assert found.enter_takes() is None  # a guess, not shown as Enter's choice
    assert "Did you mean" in window.statusBar().currentMessage()
    keys(qtbot, window, Qt.Key.Key_Down, Qt.Key.Key_Return)  # the choice is one arrow away
    assert window.session.selected == "femoral_nerve"


def test_a_word_like_no_name_selects_nothing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "zzqx")
    keys(qtbot, window, Qt.Key.Key_Return)
    assert window.session.selected is None and not found.shown()
    assert "No structure called" in window.statusBar().currentMessage()


def test_what_is_found_is_brought_into_view(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.canvas
    geometry = window.scene.geometry
    far = geometry.boxes["l1"]
    view.zoom_to(far.adjusted(-30, -30, 30, 30))  # zoomed in on T12–L1, far from the foot
    target = geometry.boxes["abductor_hallucis"]
    visible = lambda: view.mapToScene(view.viewport().rect()).boundingRect()  # noqa: E731
    assert not visible().intersects(target)
    typed(qtbot, window, "abductor halucis")
    keys(qtbot, window, Qt.Key.Key_Return)
    assert window.session.selected == "abductor_hallucis"
    assert visible().contains(target.center())
    assert view.viewport().rect().contains(view.mapFromScene(target.center()))


def test_a_name_several_structures_share_leaves_the_choice_to_the_user(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    found = typed(qtbot, window, "quadriceps")
    keys(qtbot, window, Qt.Key.Key_Return)
    assert window.session.selected is None
    qtbot.waitUntil(found.shown, timeout=3000)
    assert {"rectus_femoris", "vastus_lateralis", "vastus_intermedius", "vastus_medialis"} <= set(found.ids())
    assert found.rows()[0] == "Rectus femoris — synonym: quadriceps" and found.enter_takes() is None
