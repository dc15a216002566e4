"""What a screen reader gets: Qt's accessibility interface of the real window, read as a reader reads it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QDialogButtonBox, QWidget

Text = QAccessible.Text


def spoken_name(widget: QWidget) -> str:
    """The name a reader speaks for `widget` (for a label: its visible text unless a fixed name hides it)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None and iface.isValid()
    return iface.text(Text.Name)


def plain(widget: QWidget) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(widget.text())  # type: ignore[attr-defined]
    return doc.toPlainText()


# ---- 1. the study question, feedback, summary and the status caption are heard -------------
def test_study_question_feedback_and_summary_expose_their_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["name:gluteus_maximus"])
    panel = w.study.panel
    assert spoken_name(panel.prompt) == panel.prompt.text() != ""
    panel.text.setText("gluteus maximus")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    assert panel.feedback.isVisible()
    heard = spoken_name(panel.feedback)
    assert heard.startswith("✓ Right") and "Gluteus maximus" in heard
    # After grading the reader is taken to the feedback, then Enter moves on.
    qtbot.waitUntil(lambda: panel.feedback.hasFocus())
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
    assert panel.summary.isVisible()
    assert "1 asked · 1 right · 0 wrong" in spoken_name(panel.summary)


def test_status_caption_exposes_what_is_lit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l4")
    assert spoken_name(w.caption) == plain(w.caption)
    assert spoken_name(w.caption).startswith("L4: segments L4")


# ---- 6. Enter in Preferences closes it -------------------------------------------------------
def test_close_is_the_default_button_in_preferences(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.preferences import PreferencesDialog

    w = window
    w.appearance.update(font_scale=1.25)
    dialog = PreferencesDialog(w.appearance, w)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    assert not restore.isDefault() and not restore.autoDefault()
    assert close.isDefault()
    qtbot.keyClick(dialog.theme, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert w.appearance.settings.font_scale == 1.25  # nothing was reset
