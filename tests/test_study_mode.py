"""Study mode in the window: answering on the canvas, typing, ticking, and the record kept."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from viewer.model.review import load_progress, progress_path
from viewer.qt.output.export import render_image


def click(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    canvas = window.canvas
    pos = canvas.view_pos_of(structure_id)
    assert canvas.viewport().rect().contains(pos), f"{structure_id} is off screen at {pos}"
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def ink_in(window, structure_id: str) -> int:  # type: ignore[no-untyped-def]
    """Dark label pixels inside a structure's box, in a fitted render of the scene."""
    rect = window.scene.sceneRect()
    image = render_image(window.scene, (round(rect.width()), round(rect.height())))  # one pixel per diagram unit
    box: QRectF = window.scene.geometry.boxes[structure_id].adjusted(4, 4, -4, -4)
    dark = 0
    for x in range(int(box.left()), int(box.right())):
        for y in range(int(box.top()), int(box.bottom())):
            if QColor(image.pixel(x, y)).lightness() < 100:
                dark += 1
    return dark


def test_identify_by_clicking_on_the_canvas(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    assert ink_in(w, "inferior_gluteal_nerve") > 30  # labelled before studying
    w.selection.select("femoral_nerve")
    w.study.start(items=["identify:gluteus_maximus", "identify:piriformis"])
    assert w.study.active and w.study.dock.isVisible()
    assert not w.fact_dock.isVisible() and not w.list_dock.isVisible() and not w.search.isEnabled()
    assert w.selection.current is None
    assert w.study.panel.prompt.text() == "Click the nerve that supplies gluteus maximus."
    assert ink_in(w, "inferior_gluteal_nerve") == 0  # labels hidden while studying
    assert ink_in(w, "l5") > 10  # the roots keep theirs

    with qtbot.waitSignal(w.study.answered) as answered:
        click(qtbot, w, "inferior_gluteal_nerve")
    assert answered.args[0].correct
    assert "Right" in w.study.panel.feedback_text() and "Inferior gluteal nerve" in w.study.panel.feedback_text()
    assert ("inferior_gluteal_nerve", "#1a7f37") in w.study.marks.rings
    assert "inferior_gluteal_nerve" in w.scene.lit.structures
    assert w.selection.current is None  # a study click answers, it does not select
    record = load_progress().progress.items["identify:gluteus_maximus"]
    assert (record.asked, record.right, record.box) == (1, 1, 1)

    qtbot.keyClick(w.study.panel.next, Qt.Key.Key_Return)  # Enter moves on
    assert w.study.panel.prompt.text() == "Click the nerve that supplies piriformis."
    assert w.scene.lit is None and not w.study.marks.rings
    click(qtbot, w, "superior_gluteal_nerve")
    text = w.study.panel.feedback_text()
    assert "Not quite" in text and "Nerve to piriformis" in text
    assert ("superior_gluteal_nerve", "#c62828") in w.study.marks.rings
    assert ("nerve_to_piriformis", "#1a7f37") in w.study.marks.rings
    click(qtbot, w, "nerve_to_piriformis")  # a second try does not change the grade
    record = load_progress().progress.items["identify:piriformis"]
    assert (record.asked, record.wrong, record.box) == (1, 1, 0)

    with qtbot.waitSignal(w.study.finished) as finished:
        w.study.panel.next.click()
    summary = finished.args[0]
    assert (summary.asked, summary.right, summary.wrong, summary.weakest) == (2, 1, 1, ("identify:piriformis",))
    assert "2 asked · 1 right · 1 wrong" in w.study.panel.summary.text() and "piriformis" in w.study.panel.summary.text()
    assert load_progress().progress.sessions == 1

    w.trigger("study_stop")
    assert not w.study.active and not w.study.dock.isVisible()
    assert w.fact_dock.isVisible() and w.list_dock.isVisible() and w.search.isEnabled()
    assert w.session.selected == "femoral_nerve"  # the window as it was before studying
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert ink_in(w, "inferior_gluteal_nerve") > 30
    click(qtbot, w, "l4")
    assert w.selection.current == "l4"  # clicks select again


def test_name_it_by_typing(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["name:common_fibular_nerve", "innervation:fibularis_longus"])
    assert ("common_fibular_nerve", "#1d4ed8") in w.study.marks.rings  # the structure to name is ringed
    assert w.study.panel.text.hasFocus() or w.study.panel.text.isEnabled()
    qtbot.keyClicks(w.study.panel.text, "comon peroneal nerve")
    qtbot.keyClick(w.study.panel.text, Qt.Key.Key_Return)
    assert "Right" in w.study.panel.feedback_text()
    w.study.panel.next.click()
    qtbot.keyClicks(w.study.panel.text, "deep peroneal")
    qtbot.keyClick(w.study.panel.text, Qt.Key.Key_Return)
    text = w.study.panel.feedback_text()
    assert "Not quite" in text and "Superficial fibular nerve" in text
    items = load_progress().progress.items
    assert items["name:common_fibular_nerve"].right == 1 and items["innervation:fibularis_longus"].wrong == 1


def test_segments_by_ticking_with_a_dispute_noted(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["segments:tibialis_anterior"])
    panel = w.study.panel
    assert panel.answers.currentIndex() == 1
    for seg in ("L4", "L5", "S1"):
        panel.boxes[seg].click()
    panel.check_segments.click()
    text = panel.feedback_text()
    assert "Accepted" in text and "Radiopaedia" in text and "L4, L5" in text
    assert load_progress().progress.items["segments:tibialis_anterior"].right == 1
    assert w.scene.lit is not None and w.scene.lit.lit_segments(w.pack) == ("L4", "L5")


def test_trace_it_yourself_hop_by_hop(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["trace:l5:tibialis_anterior"])
    assert ("tibialis_anterior", "#1d4ed8") in w.study.marks.rings  # the goal is shown
    click(qtbot, w, "lumbosacral_trunk")
    assert "Right" in w.study.panel.hint.text()
    click(qtbot, w, "femoral_nerve")
    assert "Not quite" in w.study.panel.hint.text()
    assert ("femoral_nerve", "#c62828") in w.study.marks.rings
    assert ("lumbosacral_trunk_posterior_division", "#1d4ed8") in w.study.marks.rings  # the right next hop
    for hop in ("lumbosacral_trunk_posterior_division", "common_fibular_nerve", "deep_fibular_nerve"):
        click(qtbot, w, hop)
        assert w.scene.lit is not None and hop in w.scene.lit.structures
    with qtbot.waitSignal(w.study.answered) as answered:
        click(qtbot, w, "tibialis_anterior")
    assert not answered.args[0].correct and "1 wrong hop" in w.study.panel.feedback_text()
    assert load_progress().progress.items["trace:l5:tibialis_anterior"].wrong == 1


def test_reset_progress_asks_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["identify:gluteus_maximus"])
    click(qtbot, w, "inferior_gluteal_nerve")
    assert load_progress().progress.items
    w.trigger("study_reset")  # without a person to say yes, nothing is lost
    assert load_progress().progress.items
    w.study.confirm = lambda title, text: True
    w.trigger("study_reset")
    assert load_progress().progress.items == {}


def test_a_corrupt_progress_file_is_reported_when_studying(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{ not json")
    window.trigger("study_start")
    notice = window.study.panel.notice
    assert notice.isVisible() and "could not be read" in notice.text() and "corrupt-" in notice.text()
    assert list(path.parent.glob("progress.json.corrupt-*"))
    assert len(window.study.session.items) == 10


def test_keyboard_only_session(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.activateWindow()
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_F8)
    assert w.study.active
    w.study.start(items=["identify:gluteus_maximus"])
    panel = w.study.panel
    qtbot.waitUntil(panel.text.hasFocus)
    qtbot.keyClicks(panel.text, "inferior gluteal")  # an identify question can be answered by name
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    assert "Right" in panel.feedback_text()
    assert panel.feedback.hasFocus()  # the grade is read out first
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Tab)
    assert panel.next.hasFocus() and panel.next.text() == "Finish"
    qtbot.keyClick(panel.next, Qt.Key.Key_Return)
    assert panel.summary.isVisible()
    qtbot.keyClick(w.canvas, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert not w.study.active


def test_worksheet_from_the_window(qtbot, window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    window.selection.select("common_fibular_nerve")
    window.trigger("worksheet")
    assert target.read_bytes().startswith(b"%PDF-")
    assert "numbered structures written to" in window.statusBar().currentMessage()


def test_choosing_one_kind_of_question(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.trigger("study_start")
    combo = w.study.panel.kinds
    combo.setCurrentIndex(combo.findData("segments"))
    combo.activated.emit(combo.currentIndex())
    assert len(w.study.session.items) == 10 and all(i.startswith("segments:") for i in w.study.session.items)
    assert w.study.panel.answers.currentIndex() == 1
