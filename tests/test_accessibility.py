"""What a screen reader gets: Qt's accessibility interface of the real window, read as a reader reads it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from viewer.model.records import Kind

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


# ---- 2. outcomes away from the focus are announced -------------------------------------------
@pytest.fixture
def heard(monkeypatch):  # type: ignore[no-untyped-def]
    """Every announcement event the window posts to the platform's accessibility bridge, as (politeness, message)."""
    from viewer.qt.shell import announcer

    events: list[tuple[str, str]] = []
    real = QAccessible.updateAccessibility

    class Spy:
        AnnouncementPoliteness = QAccessible.AnnouncementPoliteness

        @staticmethod
        def updateAccessibility(event):  # type: ignore[no-untyped-def]
            assert event.type() == QAccessible.Event.Announcement
            events.append((event.politeness().name, event.message()))
            real(event)

    monkeypatch.setattr(announcer, "QAccessible", Spy)
    return events


def messages(events: list[tuple[str, str]]) -> list[str]:
    return [m for _, m in events]


def test_selection_history_and_escape_are_announced(qtbot, window, heard) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.search.setFocus()
    qtbot.keyClicks(w.search, "L4")
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert messages(heard)[-1].startswith("L4: segments L4 — ") and messages(heard)[-1].endswith(" lit")
    w.selection.select("femoral_nerve")
    assert messages(heard)[-1].startswith("Femoral nerve: segments L2, L3, L4")
    w.trigger("back")
    assert messages(heard)[-1].startswith("Back: L4: segments L4")
    w.trigger("forward")
    assert messages(heard)[-1].startswith("Forward: Femoral nerve")
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Escape)
    assert messages(heard)[-1] == "Nothing selected."


def test_a_failed_search_is_announced(qtbot, window, heard) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.search.setFocus()
    qtbot.keyClicks(w.search, "zzzz")
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert messages(heard)[-1] == "No structure called “zzzz”."


def test_lesion_results_and_grades_are_announced(qtbot, window, heard) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.lesion_mode.set_lesion("common_fibular_nerve")
    assert any(m.startswith("Lesion: Common fibular nerve — ") and "paralysed" in m for m in messages(heard))
    w.lesion_mode.set_lesion("l5")
    assert messages(heard)[-1].startswith("Lesion: L5 — ")
    w.session.modes.leave()
    assert messages(heard)[-1] == "Left lesion mode."

    w.study.start(items=["name:gluteus_maximus", "name:piriformis"])
    panel = w.study.panel
    panel.text.setText("gluteus medius")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    politeness, said = heard[-1]
    assert said.startswith("Wrong.") and "The answer: Gluteus maximus" in said
    assert politeness == "Assertive"


def test_step_through_hops_are_announced(qtbot, window, heard) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l4")
    w.canvas.setFocus()
    qtbot.keyClick(w.canvas, Qt.Key.Key_Home)
    assert messages(heard)[-1].startswith("L4, hop 0 / ")
    qtbot.keyClick(w.canvas, Qt.Key.Key_PageDown)
    assert "hop 1 / " in messages(heard)[-1] and messages(heard)[-1].startswith("L4")


# ---- 3. the text panels read as documents ------------------------------------------------------
def document_panels(w) -> dict[str, QWidget]:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.about import AboutDialog

    w.lesion_mode.set_lesion("l5")
    lesion_summary = w.lesion_mode.panel.summary
    w.session.modes.enter("localise")
    localise = w.localise_mode.panel
    about = AboutDialog(w.pack, None, w)
    return {
        "facts": w.fact_panel,
        "pathway": w.pathway_text,
        "lesion": lesion_summary,
        "findings": localise.findings,
        "grade": localise.feedback,
        "about": about.text,
    }


def test_text_panels_expose_their_whole_text_with_no_name_in_its_place(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("femoral_nerve")
    for what, panel in document_panels(w).items():
        iface = QAccessible.queryAccessibleInterface(panel)
        assert panel.accessibleName() == "", f"{what}: a fixed name {panel.accessibleName()!r} replaces the text"
        assert panel.accessibleDescription(), f"{what}: says nothing of what it holds"
        text = iface.textInterface()
        assert text is not None, what
        whole = text.text(0, text.characterCount())
        assert whole.strip() and whole.strip().splitlines()[0] in panel.toPlainText(), what


def test_text_panels_have_a_caret_and_tab_leaves_them(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("femoral_nerve")
    w.activateWindow()
    panel = w.fact_panel
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    text = QAccessible.queryAccessibleInterface(panel).textInterface()
    start = text.cursorPosition()
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    qtbot.keyClick(panel, Qt.Key.Key_Down)
    assert text.cursorPosition() > start  # arrowing down moves a caret a reader follows
    qtbot.keyClick(panel, Qt.Key.Key_Tab)
    assert not panel.hasFocus()  # Tab leaves the sheet rather than walking its links
    for what, panel in document_panels(w).items():
        panel.window().show()
        panel.window().activateWindow()
        panel.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(panel.hasFocus)
        qtbot.keyClick(panel, Qt.Key.Key_Tab)
        assert not panel.hasFocus(), f"{what}: Tab stays in the panel"
        assert panel.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard, what


def links_of(panel: QWidget) -> list:  # type: ignore[type-arg]
    """The objects with the link role a reader finds inside a text panel (at any depth)."""
    found, todo = [], [QAccessible.queryAccessibleInterface(panel)]
    while todo:
        node = todo.pop(0)
        for i in range(node.childCount()):
            child = node.child(i)
            if child is None:
                continue
            if child.role() == QAccessible.Role.Link:
                found.append(child)
            todo.append(child)
    return found


def anchors_of(panel) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, href) of every link drawn in the panel, in order."""
    out: list[tuple[str, str]] = []
    block = panel.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href:
                if out and out[-1][1] == href and fragment.position() == out[-1][2]:
                    out[-1] = (out[-1][0] + fragment.text(), href, fragment.position() + fragment.length())
                else:
                    out.append((fragment.text(), href, fragment.position() + fragment.length()))
            it += 1
        block = block.next()
    return [(text, href) for text, href, _end in out]


def test_text_panel_links_have_the_link_role_and_can_be_followed(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("femoral_nerve")
    for what, panel in document_panels(w).items():
        drawn = anchors_of(panel)
        links = links_of(panel)
        assert [link.text(Text.Name) for link in links] == [text for text, _href in drawn], what
        for link, (_text, href) in zip(links, drawn, strict=True):
            assert link.actionInterface() is not None and "Press" in link.actionInterface().actionNames(), what
            assert link.text(Text.Description), f"{what}: a link says nothing of where it goes"
            if not href.startswith("http"):
                assert not link.rect().isEmpty() or panel.visibleRegion().isEmpty(), what
    facts = links_of(w.fact_panel)
    assert any(link.text(Text.Name) == "Saphenous nerve" for link in facts)
    saphenous = next(link for link in facts if link.text(Text.Name) == "Saphenous nerve")
    saphenous.actionInterface().doAction("Press")  # a reader follows the link
    assert w.selection.current == "saphenous_nerve"


def test_a_link_the_caret_reaches_takes_the_readers_focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("femoral_nerve")
    w.activateWindow()
    panel = w.fact_panel
    panel.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(panel.hasFocus)
    links = links_of(panel)
    first = links[0]
    assert not [link for link in links if link.state().focused]
    cursor = panel.textCursor()
    cursor.setPosition(panel.links()[0].start - 5)  # the caret read down to just before the first link
    panel.setTextCursor(cursor)
    assert not panel.link_at_caret()
    for _ in range(5):
        qtbot.keyClick(panel, Qt.Key.Key_Right)
        if panel.link_at_caret():
            break
    assert panel.link_at_caret() == "structure:l2_posterior_division"
    on = [link for link in links_of(panel) if link.state().focused]
    assert [link.text(Text.Name) for link in on] == [first.text(Text.Name)] == ["L2 posterior division (lumbar plexus)"]
    assert QAccessible.queryAccessibleInterface(panel.viewport()).focusChild() is on[0]


def tree_rows(tree) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each row of the structure tree as a reader gets it: its name and its description."""
    iface = QAccessible.queryAccessibleInterface(tree)
    rows = {}
    for i in range(iface.childCount()):
        cell = iface.child(i)
        if cell is not None and cell.role() == QAccessible.Role.TreeItem:
            rows[cell.text(Text.Name)] = cell.text(Text.Description)
    return rows


def test_structure_list_rows_say_their_level_and_group(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    tree = w.structure_list.tree
    w.structure_list.populate()
    rows = tree_rows(tree)
    segments = len(w.pack.of_kind(Kind.SEGMENT))
    assert rows["Segments"] == f"Group, level 1: {segments} structures"
    assert rows["T12"] == "Level 2, in Segments: segment, segments T12"
    assert rows["Gluteus medius"] == "Level 2, in Muscles: muscle, segments L4, L5, S1"
    w.structure_list.filter.setText("anterior crural")  # the filter leaves one nerve: the group says so
    rows = tree_rows(tree)
    assert rows["Nerves and branches"] == "Group, level 1: 1 structure"
    assert rows["Femoral nerve"] == "Level 2, in Nerves and branches: nerve, segments L2, L3, L4"
    w.structure_list.filter.setText("genitofemoral")
    assert tree_rows(tree)["Nerves and branches"] == "Group, level 1: 3 structures"


# ---- 4. no hidden tab stops --------------------------------------------------------------------
def tab_walk(qtbot, w, start: QWidget, steps: int = 40) -> list[QWidget]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    w.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    stops = []
    for _ in range(steps):
        focus = QApplication.focusWidget()
        stops.append(focus)
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    return stops


def unseen(stops: list[QWidget]) -> list[str]:
    return [f"{type(s).__name__} {s.accessibleName() or s.objectName()!r}" for s in stops if s.visibleRegion().isEmpty()]


def test_tab_never_stops_on_what_cannot_be_seen(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    stops = tab_walk(qtbot, w, w.search)
    assert unseen(stops) == []
    assert {w.search, w.structure_list.tree, w.canvas, w.fact_panel} <= set(stops)
    w.pathway_dock.raise_()  # the pathway's tab in front: now it is a stop, and the facts are not
    qtbot.waitUntil(lambda: not w.pathway_text.visibleRegion().isEmpty())
    stops = tab_walk(qtbot, w, w.search)
    assert unseen(stops) == [] and w.pathway_text in stops


def test_tab_in_study_stays_on_the_study_panel_and_the_canvas(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.study.start(items=["segments:gluteus_maximus"])
    first = next(iter(w.study.panel.boxes.values()))
    stops = tab_walk(qtbot, w, first)
    assert unseen(stops) == []
    assert w.canvas in stops and w.study.panel.kinds in stops


# ---- 5. the focus can be seen ------------------------------------------------------------------
def edge_pixels(widget: QWidget) -> set[int]:
    image = widget.grab().toImage()
    w, h = image.width(), image.height()
    return {image.pixel(x, 1) for x in range(4, w - 4, 7)} | {image.pixel(1, y) for y in range(4, h - 4, 7)}


def test_canvas_and_fact_panel_show_the_focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    w = window
    w.activateWindow()
    highlight = QApplication.palette().color(QPalette.ColorRole.Highlight).rgb()
    for widget in (w.canvas, w.fact_panel):
        w.search.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(w.search.hasFocus)
        assert highlight not in edge_pixels(widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        assert highlight in edge_pixels(widget), f"{type(widget).__name__} shows no focus"


def test_the_first_segment_box_shows_the_focus(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.activateWindow()
    w.study.start(items=["segments:gluteus_maximus"])
    boxes = list(w.study.panel.boxes.values())
    qtbot.waitUntil(boxes[0].hasFocus)
    focused = boxes[0].grab().toImage()
    boxes[1].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(boxes[1].hasFocus)
    assert boxes[0].grab().toImage() != focused  # the focus rectangle was drawn around T12


# ---- 8. every text colour meets 4.5:1 on its background, in every theme ----------------------------
WINDOW_THEMES = ("light", "dark", "high-contrast")


def luminance(colour: str) -> float:
    from PySide6.QtGui import QColor

    c = QColor(colour)
    assert c.isValid(), colour

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def css_rules(css: str) -> dict[str, dict[str, str]]:
    """The stylesheet cascaded: selector -> property -> the last value given."""
    import re

    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(decls)
    return rules


def failing_pairs(css: str, base: str, text: str, where: str) -> list[str]:
    """Every colour the sheet sets, against the background it sits on (its own, or the panel's)."""
    bad = []
    for selector, decls in css_rules(css).items():
        fg = decls.get("color", text)
        bg = decls.get("background", base)
        if "color" not in decls and "background" not in decls:
            continue
        ratio = contrast(fg, bg)
        if ratio < 4.5:
            bad.append(f"{where} {selector}: {fg} on {bg} = {ratio:.1f}:1")
    return bad


def palette_of(window, theme: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    window.appearance.update(theme=theme)
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).name(), palette.color(QPalette.ColorRole.Text).name()


def test_panel_colours_meet_4_5_to_1_in_every_theme(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    import re

    from viewer.qt.modes.lesion import panel_css
    from viewer.qt.modes.localise import grade_html
    from viewer.qt.panels.fact_panel import css_for, dispute_background

    w = window
    w.lesion_mode.set_lesion("l5")
    w.session.modes.enter("localise")
    localise = w.localise_mode
    case = localise.current_case
    grades = [localise.localiser.grade(case, case.lesion), localise.localiser.grade(case, case.mimic)]
    bad: list[str] = []
    for name in WINDOW_THEMES:
        base, text = palette_of(w, name)
        theme = w.appearance.canvas_theme()
        bad += failing_pairs(css_for(theme), base, text, f"{name} facts")
        bad += failing_pairs(f".dispute {{ background: {dispute_background(theme)} }}", base, text, f"{name} facts")
        bad += failing_pairs(panel_css(theme), base, text, f"{name} lesion/localise")
        for grade in grades:
            for colour in re.findall(r"color:(#[0-9a-fA-F]{6})", grade_html(grade, theme)):
                if contrast(colour, base) < 4.5:
                    bad.append(f"{name} localise grade {colour} on {base} = {contrast(colour, base):.1f}:1")
    assert bad == []


def test_study_texts_meet_4_5_to_1_in_every_theme(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    bad: list[str] = []
    for name in WINDOW_THEMES:
        palette_of(w, name)
        w.study.start(items=["name:gluteus_maximus", "name:piriformis"])
        panel = w.study.panel
        window_bg = panel.palette().color(panel.backgroundRole()).name()
        for label in (panel.counter, panel.hint, panel.score, panel.prompt):
            fg = label.palette().color(label.foregroundRole()).name()
            sheet = css_rules(f"x {{ {label.styleSheet()} }}").get("x", {})
            fg = sheet.get("color", fg)
            if contrast(fg, window_bg) < 4.5:
                bad.append(f"{name} study {label.objectName() or label.text()[:20]!r}: {fg} on {window_bg}")
        for answer in ("gluteus maximus", "gluteus medius"):
            panel.text.setText(answer)
            qtbot.keyClick(panel.text, Qt.Key.Key_Return)
            sheet = css_rules(panel.feedback.styleSheet())
            decls = {k: v for rule in sheet.values() for k, v in rule.items()}
            fg = decls.get("color", panel.feedback.palette().color(panel.feedback.foregroundRole()).name())
            bg = decls["background"]
            if contrast(fg, bg) < 4.5:
                bad.append(f"{name} study feedback: {fg} on {bg} = {contrast(fg, bg):.1f}:1")
            import re

            for colour in re.findall(r"color:(#[0-9a-fA-F]{6})", panel.feedback.text()):
                if contrast(colour, bg) < 4.5:
                    bad.append(f"{name} study feedback note: {colour} on {bg} = {contrast(colour, bg):.1f}:1")
            qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
        w.study.stop()
    assert bad == []


def test_text_contrast_measured_from_the_rendered_pixels_in_every_theme(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The same colours, measured on screen: each text widget of the real window is drawn, and the ink
    of its text (the glyph pixel that stands out most) is measured against the background most of it has."""
    from tests.pixel_contrast import document_runs, ink_contrast

    w = window
    w.resize(1366, 768)
    disputed = next(s.id for s in w.pack.structures.values() if s.disputes)
    measured: list[tuple[str, float]] = []

    def runs(where: str, panel) -> None:  # type: ignore[no-untyped-def]
        settle(qtbot)
        found = document_runs(panel)
        assert found, f"{where}: nothing drawn"
        for what, image, rect in found:
            measured.append((f"{where} {what}", ink_contrast(image, rect)[0]))

    def label(where: str, widget) -> None:  # type: ignore[no-untyped-def]
        settle(qtbot)
        assert widget.isVisible() and not widget.visibleRegion().isEmpty(), where
        measured.append((where, ink_contrast(widget.grab().toImage())[0]))

    for name in WINDOW_THEMES:
        w.appearance.update(theme=name)
        # The fact panel (sources, a dispute), the pathway text, the status caption and a status message.
        for sid in ("femoral_nerve", disputed):
            w.selection.select(sid)
            runs(f"{name} facts of {sid}:", w.fact_panel)
        w.pathway_dock.raise_()
        runs(f"{name} pathway:", w.pathway_text)
        label(f"{name} status caption", w.caption)
        w.statusBar().showMessage("No structure called “x”.", 60000)
        label(f"{name} status message", w.statusBar())
        w.statusBar().clearMessage()
        # The drawing's labels: all with nothing selected; with a selection, the lit ones (the rest
        # are faint on purpose), except in high contrast, where every label stays legible.
        high_contrast = name.startswith("high-contrast")
        for selected in (None, "femoral_nerve"):
            w.selection.select(selected)
            settle(qtbot)
            lit = w.selection.trace.structures if w.selection.trace is not None else None
            image = w.canvas.viewport().grab().toImage()
            transform = w.canvas.viewportTransform()
            shown = [item for item in w.scene.labels.shown() if lit is None or high_contrast or item.candidate.key in lit]
            assert len(shown) > 3, (name, selected)
            for item in shown:
                rect = item.deviceTransform(transform).mapRect(item.rect).toAlignedRect().intersected(image.rect())
                if rect.width() > 4 and rect.height() > 4:
                    measured.append((f"{name} canvas label {item.candidate.text!r} ({selected})", ink_contrast(image, rect)[0]))
        # Lesion and localise panels.
        w.lesion_mode.set_lesion("l5")
        runs(f"{name} lesion summary:", w.lesion_mode.panel.summary)
        w.session.modes.enter("localise")
        localise = w.localise_mode
        runs(f"{name} localise findings:", localise.panel.findings)
        for answer in (localise.current_case.lesion, localise.current_case.mimic):
            localise.panel.choose(answer)
            localise.check()
            runs(f"{name} localise grade:", localise.panel.feedback)
            localise.show_case(localise.index)  # the same case again, to answer it the other way
        w.session.modes.leave()
        # Study: the counter, question, hint and score, and the grade right and wrong.
        w.study.start(items=["name:gluteus_maximus", "name:gluteus_medius"])
        panel = w.study.panel
        for answer in ("gluteus maximus", "gluteus minimus"):
            for part in ("counter", "prompt", "hint", "score"):
                label(f"{name} study {part}", getattr(panel, part))
            panel.text.setText(answer)
            qtbot.keyClick(panel.text, Qt.Key.Key_Return)
            label(f"{name} study grade after {answer!r}", panel.feedback)
            qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)
        w.study.stop()
    low = [f"{where}: {ratio:.2f}:1" for where, ratio in measured if ratio < 4.5]
    assert low == []
    assert len(measured) > 3 * 60


# ---- 10. the small things a reader trips over ------------------------------------------------------
def test_leaving_lesion_mode_clears_its_status_line(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.lesion_mode.set_lesion("l5")
    w.selection.select("gluteus_medius")
    assert w.statusBar().currentMessage().startswith("Gluteus medius: weak after a lesion of L5")
    assert spoken_name(w.caption).startswith("Lesion: L5")
    w.trigger("lesion_mode")
    assert not w.lesion_mode.active
    assert w.statusBar().currentMessage() == ""
    assert not spoken_name(w.caption).startswith("Lesion")


def test_the_lesion_list_counts_only_the_sites_shown(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.lesion_mode.set_lesion("l5")
    panel = w.lesion_mode.panel
    everything = QAccessible.queryAccessibleInterface(panel.choices).childCount()
    heading = panel.choices.item(0)
    assert heading.font().pointSizeF() == panel.choices.font().pointSizeF()  # it follows the font scale
    qtbot.keyClicks(panel.filter, "fibular neck")
    shown = [panel.choices.item(r) for r in range(panel.choices.count()) if not panel.choices.item(r).isHidden()]
    assert 1 < len(shown) < 5  # a heading and its site(s)
    assert QAccessible.queryAccessibleInterface(panel.choices).childCount() == len(shown) < everything
    qtbot.keyClick(panel.filter, Qt.Key.Key_Return)
    assert w.lesion_mode.result.lesion.id == "common_fibular_at_fibular_neck"
    panel.filter.clear()
    assert QAccessible.queryAccessibleInterface(panel.choices).childCount() == everything
    assert panel.choices.currentItem().data(Qt.ItemDataRole.UserRole) == "common_fibular_at_fibular_neck"


def test_escape_in_the_search_field_clears_the_text_not_the_trace(qtbot, window, heard) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.selection.select("l4")
    w.activateWindow()
    w.search.setFocus()
    qtbot.waitUntil(w.search.hasFocus)
    qtbot.keyClicks(w.search, "fem")
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)
    assert w.search.text() == "" and w.selection.current == "l4"  # the typing went, the trace stayed
    qtbot.keyClick(w.search, Qt.Key.Key_Escape)  # a second Escape, in an empty field, clears as elsewhere
    assert w.selection.current is None
    assert messages(heard)[-1] == "Nothing selected."


def test_a_font_change_never_draws_the_status_message_over_the_caption(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.preferences import PreferencesDialog

    w = window
    w.resize(1366, 768)
    bar = w.statusBar()
    dialog = PreferencesDialog(w.appearance, w)
    qtbot.addWidget(dialog)
    dialog.show()
    for mode in (None, "study", "lesion", "localise"):
        if mode is not None:
            w.session.modes.enter(mode)
        bar.showMessage("A message for the status bar", 60000)  # as lesion mode says a muscle's state
        for percent in (200, 100, 75, 250, 100):
            dialog.font_scale.setValue(percent)  # live, from Preferences
            settle(qtbot)
            # The message is painted across the bar: the caption must not show beneath it.
            assert not w.caption.isVisible(), f"{mode} at {percent}%: the message is drawn over the caption"
        bar.clearMessage()
        settle(qtbot)
        assert w.caption.isVisible(), mode
        caption = w.caption.geometry()
        assert bar.rect().contains(caption) and caption.height() >= w.caption.sizeHint().height(), mode
        if mode is not None:
            w.session.modes.leave()


# ---- 9. layouts hold at 200% ---------------------------------------------------------------------
def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels narrower or shorter than their text needs."""
    from PySide6.QtWidgets import QLabel

    bad = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            need_w, need_h = 0, label.heightForWidth(label.width())
        else:
            need_w, need_h = label.sizeHint().width(), label.sizeHint().height()
        if label.width() < need_w or label.height() < need_h:
            bad.append(f"{label.text()[:30]!r}: {label.width()}x{label.height()} < {need_w}x{need_h}")
    return bad


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def test_preferences_hold_at_200_percent_and_re_lay_out_live(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.preferences import PreferencesDialog

    w = window
    w.appearance.update(theme="high-contrast", font_scale=2.0)
    dialog = PreferencesDialog(w.appearance, w)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot)
    assert clipped_labels(dialog) == []
    dialog.font_scale.setValue(100)
    settle(qtbot)
    dialog.font_scale.setValue(250)  # the dialog grows with the type, as the user turns it up
    qtbot.waitUntil(lambda: clipped_labels(dialog) == [], timeout=2000)


def test_study_panel_holds_at_200_percent(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    w = window
    w.appearance.update(theme="high-contrast", font_scale=2.0)
    w.resize(1366, 768)
    w.study.start(items=["name:gluteus_maximus"])
    panel = w.study.panel
    panel.text.setText("gluteus medius")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    settle(qtbot)
    assert clipped_labels(w.study.dock) == []
    big = panel.prompt.font().pointSizeF()
    base = panel.font().pointSizeF()
    assert big > base  # the question is larger than the body text at any scale
    assert "pt" not in panel.feedback.text()  # no fixed point size, which would not follow the scale


@pytest.mark.parametrize("scale", [0.75, 2.5])
def test_study_lesion_and_preferences_hold_from_75_to_250_percent(qtbot, window, scale) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.preferences import PreferencesDialog

    w = window
    w.resize(1366, 768)
    w.appearance.update(theme="high-contrast", font_scale=scale)
    w.study.start(items=["name:gluteus_maximus", "segments:gluteus_medius"])
    panel = w.study.panel
    settle(qtbot)
    assert clipped_labels(w.study.dock) == [], "study, asked"
    panel.text.setText("gluteus medius")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)
    settle(qtbot)
    assert clipped_labels(w.study.dock) == [], "study, graded"
    qtbot.keyClick(panel.feedback, Qt.Key.Key_Return)  # the segments question: its boxes and their labels
    settle(qtbot)
    assert clipped_labels(w.study.dock) == [], "study, segments"
    w.study.stop()
    w.lesion_mode.set_lesion("l5")
    w.session.modes.enter("lesion")
    settle(qtbot)
    assert clipped_labels(w.lesion_mode.dock) == [], "lesion"
    w.session.modes.leave()
    dialog = PreferencesDialog(w.appearance, w)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: clipped_labels(dialog) == [], timeout=2000)
