"""The brachial pack in the real window: lesion mode, localise-the-lesion and the upper-limb lesson, driven as a user drives them."""

from __future__ import annotations

import pytest
from bundled_packs import bundled, data_path
from PySide6.QtCore import Qt
from test_lesion_mode import click_list_item, overlay_words

from viewer.model.lesion import Status
from viewer.model.lesson import read_lesson
from viewer.model.pack import Pack
from viewer.model.records import Kind

LESSON = data_path("brachial").parent / "lessons" / "upper-limb-walkthrough.txt"


@pytest.fixture
def pack() -> Pack:
    """The bundled brachial pack (the `window` fixture opens the window on it)."""
    return bundled("brachial")


def test_erbs_palsy_in_lesion_mode(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("lesion_mode")
    panel = w.lesion_mode.panel
    qtbot.waitUntil(lambda: panel.isVisible())
    # The filter's example is the pack's own: a cervical root and the first brachial sites.
    assert panel.filter.placeholderText() == "Filter: C7, upper trunk, lower trunk…"
    qtbot.keyClicks(panel.filter, "erb")
    visible = [panel.choices.item(r).text().strip() for r in range(panel.choices.count()) if not panel.choices.item(r).isHidden()]
    assert "Upper trunk (Erb's palsy)" in visible
    click_list_item(qtbot, panel.choices, "Upper trunk (Erb's palsy)")
    qtbot.waitUntil(lambda: w.lesion_mode.result is not None)
    shown = w.lesion_mode.overlay.shown
    assert {shown[m] for m in ("deltoid", "supraspinatus", "biceps_brachii", "brachioradialis")} == {Status.PARALYSED}
    assert "rhomboid_major" not in shown and "serratus_anterior" not in shown
    assert shown["skin_upper_lateral_arm"] is Status.NUMB
    assert w.lesion_mode.overlay.cut_structure == "upper_trunk"
    assert {"PARALYSED", "NUMB", "✂ CUT"} <= overlay_words(w)
    text = w.lesion_mode.panel.summary.toPlainText()
    assert "Upper trunk (Erb's palsy)" in text and "waiter's tip" in text
    assert "Biceps reflex (C5–C6): absent" in text and "Moore" in text


def test_a_cervical_root_clicked_on_the_diagram_weakens_and_says_why(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("lesion_mode")
    qtbot.mouseClick(w.canvas.viewport(), Qt.MouseButton.LeftButton, pos=w.canvas.view_pos_of("c7"))
    qtbot.waitUntil(lambda: w.lesion_mode.result is not None and w.lesion_mode.result.lesion.id == "c7")
    shown = w.lesion_mode.overlay.shown
    assert shown["triceps_brachii"] is Status.WEAK and Status.PARALYSED not in shown.values()
    text = w.lesion_mode.panel.summary.toPlainText()
    assert "never paralyses or anaesthetises" in text and "Triceps reflex (C7–C8): reduced" in text


def test_localise_carpal_tunnel_against_the_elbow(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    mode = w.localise_mode
    cases = w.lesion_mode.book.cases
    mode.order = [i for i, c in enumerate(cases) if c.lesion == "median_in_carpal_tunnel"]
    mode.order += [i for i in range(len(cases)) if i not in mode.order]
    w.trigger("localise")
    panel = mode.panel
    qtbot.waitUntil(lambda: panel.isVisible())
    assert mode.current_case.lesion == "median_in_carpal_tunnel"
    findings = panel.findings.toPlainText()
    assert "Tingling in the thumb, index and middle fingers." in findings and "Abductor pollicis brevis" in findings
    click_list_item(qtbot, panel.options, "Median nerve at the elbow")
    qtbot.mouseClick(panel.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mode.grade is not None)
    assert not mode.grade.correct
    feedback = panel.feedback.toPlainText()
    assert "Pronator teres" in feedback and "Skin: palm, thumb side (palmar median)" in feedback
    assert {"pronator_teres", "skin_thenar_palm"} <= mode.overlay.key_findings


def test_the_upper_limb_lesson_runs_from_the_roots_to_the_hand(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    pack = bundled("brachial")
    lesson = read_lesson(LESSON, pack)
    assert lesson.title == "Upper limb walkthrough: from the roots to the hand"
    assert all(item.caption for item in lesson.items)
    kinds = [pack.structures[item.structure_id].kind for item in lesson.items]
    # Roots, then trunks, then cords, then nerves, then muscles: each group after the one before.
    rank = {Kind.SEGMENT: 0, Kind.TRUNK: 1, Kind.CORD: 2, Kind.NERVE: 3, Kind.BRANCH: 3, Kind.MUSCLE: 4}
    assert [rank[k] for k in kinds] == sorted(rank[k] for k in kinds)
    named = {item.structure_id for item in lesson.items}
    terminal = {"musculocutaneous_nerve", "axillary_nerve", "radial_nerve", "median_nerve", "ulnar_nerve"}
    assert terminal | {"upper_trunk", "middle_trunk", "lower_trunk", "lateral_cord", "posterior_cord", "medial_cord"} <= named
    w = window
    w.presentation.open_lesson(LESSON)
    assert w.selection.current == "c5"
    w.activateWindow()
    w.canvas.setFocus()
    qtbot.waitUntil(w.canvas.hasFocus, timeout=3000)
    qtbot.keyClick(w.canvas, Qt.Key.Key_F5)
    assert w.presentation.overlay.frame.lesson_caption == "C5: shoulder abduction and elbow flexion; the biceps jerk"
    assert f"item 1 / {len(lesson.items)}" in w.presentation.overlay.frame.position
    for _ in range(w.steps.plan.last + 1):
        qtbot.keyClick(w.canvas, Qt.Key.Key_PageDown)
    assert w.selection.current == "c6" and "C6:" in w.presentation.overlay.frame.lesson_caption
