"""Presentation mode: the window as a lecture-hall display, driven by a presenter clicker.

F5 fills the chosen screen with the canvas alone: menu bar, toolbars, status bar and
docks hidden (which of them were showing is remembered, with the window's geometry and
maximised state, and restored exactly on leaving), a high-contrast theme, thicker lit
strands, the pathway framed and labelled for the back row, and a caption bar of what
is lit (see `viewer.qt.modes.hall_painter`). Escape leaves it. In the normal window Escape still
clears the selection; in presentation Escape only leaves, so a lecturer who presses it
by mistake loses nothing.

The clicker keys act when the canvas has the focus (as it always does in presentation),
so they never steal arrows or letters from the search field or the structure list:
PageDown/Right/Down/Space next hop, PageUp/Left/Up previous hop, Home/End nothing or
everything, B or `.` a black screen, W a white one (any key or click brings the picture
back), S a spotlight that follows the pointer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QScreen,
    QTransform,
)
from PySide6.QtWidgets import QAbstractScrollArea, QDockWidget, QFrame, QMenu, QToolBar, QWidget

from viewer import APP_NAME
from viewer.model.settings import PresentTheme
from viewer.model.tracing import Trace
from viewer.session import CanvasSpec
from viewer.themes import CanvasTheme

if TYPE_CHECKING:
    from PySide6.QtCore import QVariantAnimation

    from viewer.model.lesson import Lesson
    from viewer.qt.modes.hall_painter import HallFrame
    from viewer.qt.shell.window import MainWindow
    from viewer.session import StepView

#: How long the view takes to glide from one pathway to the next.
GLIDE_MS = 450
#: Actions whose keys belong to the canvas (plain letters and arrows would otherwise be
#: taken from the search field and the structure list).
CANVAS_ACTIONS = ("step_next", "step_back", "step_first", "step_last", "blank_black", "blank_white", "spotlight")


def screen_names() -> list[str]:
    """The screens as a user would pick them: "0: DP-1 (3840×2160)"."""
    return [
        f"{i}: {s.name() or 'screen'} ({s.geometry().width()}×{s.geometry().height()})" for i, s in enumerate(QGuiApplication.screens())
    ]


class HallOverlay(QWidget):
    """Labels, caption and prompt drawn over the canvas's viewport in presentation mode."""

    def __init__(self, mode: PresentationMode) -> None:
        from viewer.qt.modes.hall_painter import HallFrame, HallPainter

        super().__init__(mode.window.canvas)
        self.mode = mode
        self.painter = HallPainter(mode.window.pack, mode.window.scene)
        self.frame = HallFrame(None)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleDescription("Presentation caption")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.painter.paint(painter, self.frame, self.mode.window.canvas.viewportTransform(), self.width(), self.height())
        painter.end()


class BlankScreen(QWidget):
    """A black or white screen over the whole window; any key or click takes it away."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Blank screen")
        self.colour = ""
        self.hide()

    def blank(self, colour: str) -> None:
        self.colour = colour
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor(colour))
        self.setPalette(palette)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def unblank(self) -> None:
        if self.isVisible():
            self.hide()
            self.colour = ""
            canvas = getattr(self.parentWidget(), "canvas", None)
            if canvas is not None:
                canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut fires under a blank screen: the key only brings the picture back
            return True
        if kind in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.unblank()
            return True
        return super().event(event)


class Spotlight(QWidget):
    """Dims the canvas except for a soft-edged circle that follows the pointer."""

    def __init__(self, canvas: QAbstractScrollArea) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.centre = QPointF(-1e6, -1e6)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        canvas.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.isVisible() and event.type() == QEvent.Type.MouseMove:
            self.centre = event.position()  # type: ignore[attr-defined]
            self.update()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QRadialGradient

        radius = max(self.height() * 0.14, 60.0)
        gradient = QRadialGradient(self.centre, radius)
        dim = QColor(0, 0, 0, 175)
        gradient.setColorAt(0.0, QColor(0, 0, 0, 0))
        gradient.setColorAt(0.78, QColor(0, 0, 0, 0))
        gradient.setColorAt(1.0, dim)
        painter = QPainter(self)
        painter.fillRect(self.rect(), gradient)
        painter.end()


@dataclass
class _Saved:
    """The window as it was before presentation mode, to put back exactly."""

    geometry: QRect
    state: Qt.WindowState
    shown: list[tuple[QWidget, bool]]
    theme: CanvasTheme
    transform: QTransform
    scroll: tuple[int, int]
    auto_fit: bool
    scrollbars: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy]
    frame: QFrame.Shape
    strokes: tuple[float, float]


class PresentationMode(QObject):
    """Presentation mode (the session's "present") and the clicker keys of one main window."""

    name = "present"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._screen_index: int | None = None
        self.theme_name = PresentTheme.DARK
        self._saved: _Saved | None = None
        self._framed: str | None = None
        self._whole: Trace | None = None
        #: The last problem reported (tests read it when dialogs are off).
        self.last_problem = ""
        # The overlay, the blank screen, the spotlight and the glide are built when first
        # used (see below): the window opens without them.
        self._glide_ends: tuple[tuple[float, QPointF], tuple[float, QPointF]] = ((1.0, QPointF()), (1.0, QPointF()))
        canvas = window.canvas
        window.steps.changed.connect(self._on_step)
        for action_id, action in window.actions_by_id.items():
            if action_id in CANVAS_ACTIONS:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                canvas.addAction(action)
            else:
                # keep the window's shortcuts alive while the menu bar and toolbar are hidden
                window.addAction(action)
        self._add_theme_menu()

    @cached_property
    def overlay(self) -> HallOverlay:
        """The hall's labels and caption over the canvas; with it, the canvas is watched for resizes and scrolls."""
        canvas = self.window.canvas
        self._viewport = canvas.viewport()
        self._viewport.installEventFilter(self)
        canvas.horizontalScrollBar().valueChanged.connect(self._scrolled)
        canvas.verticalScrollBar().valueChanged.connect(self._scrolled)
        return HallOverlay(self)

    @cached_property
    def blank(self) -> BlankScreen:
        return BlankScreen(self.window)

    @cached_property
    def spotlight(self) -> Spotlight:
        return Spotlight(self.window.canvas)

    @cached_property
    def _glide(self) -> QVariantAnimation:
        from PySide6.QtCore import QEasingCurve, QVariantAnimation

        glide = QVariantAnimation(self)
        glide.setDuration(GLIDE_MS)
        glide.setStartValue(0.0)
        glide.setEndValue(1.0)
        glide.setEasingCurve(QEasingCurve.Type.InOutCubic)
        glide.valueChanged.connect(self._glide_step)
        return glide

    def _scrolled(self) -> None:
        if self.active:
            self.overlay.update()

    # ---- presentation mode ---------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.session.modes.active == self.name

    def toggle(self) -> None:
        self.session.modes.toggle(self.name)

    def unavailable(self) -> str:
        return ""

    def canvas_spec(self, shown: Trace | None) -> CanvasSpec:
        return CanvasSpec(shown, overlay=self.name)

    def caption(self) -> str:
        return ""  # the status bar is hidden; the hall's caption bar reads out the chain

    def pick(self, structure_id: str | None) -> bool:
        return False  # a click traces, as in the window; the hall then sees it built up hop by hop

    def chosen_screen(self, index: int | None = None) -> QScreen:
        """Screen `index`, else the one in the settings, else the window's own."""
        screens = QGuiApplication.screens()
        if index is None:
            settings = self.window.appearance.settings
            index = settings.present_screen
        if index is not None and 0 <= index < len(screens):
            return screens[index]
        return self.window.screen()

    def enter(self, screen_index: int | None = None) -> None:
        """Fill screen `screen_index` (default: the setting, else the window's screen) with the canvas."""
        if not self.active:
            self._screen_index = screen_index
            self.session.modes.enter(self.name)  # which calls back here, now active
            return
        if self._saved is not None:
            return
        screen_index, self._screen_index = self._screen_index, None
        w = self.window
        canvas = w.canvas
        settings = self.window.appearance.settings
        self.theme_name = settings.present_theme
        chrome: list[QWidget] = [w.menuBar(), w.statusBar(), *w.findChildren(QToolBar), *w.findChildren(QDockWidget)]
        self._saved = _Saved(
            geometry=w.normalGeometry() if w.isMaximized() else w.geometry(),
            state=w.windowState(),
            shown=[(widget, not widget.isHidden()) for widget in chrome],
            theme=w.scene.theme,
            transform=canvas.transform(),
            scroll=(canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()),
            auto_fit=canvas._auto_fit,
            scrollbars=(canvas.horizontalScrollBarPolicy(), canvas.verticalScrollBarPolicy()),
            frame=canvas.frameShape(),
            strokes=(w.scene.lit_width, w.scene.min_lit_pixels),
        )
        from viewer.qt.modes.presentation_framing import PRESENT_LIT_WIDTH, PRESENT_MIN_LIT_FRACTION, present_theme

        canvas.ensure_geometry()  # the labels need the boxes now, not after the next paint
        for widget in chrome:
            widget.hide()
        screen = self.chosen_screen(screen_index)
        canvas.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas.setFrameShape(QFrame.Shape.NoFrame)
        # room to frame any part of the schematic anywhere on the screen
        canvas._room_pinned = True
        canvas.setSceneRect(w.scene.sceneRect().adjusted(-20000, -20000, 20000, 20000))
        canvas._auto_fit = False
        # The hall labels name what is lit: the drawing's own names and tags would sit under them.
        w.scene.set_diagram_text(False)
        w.scene.set_theme(present_theme(self.theme_name))
        w.scene.lit_width = PRESENT_LIT_WIDTH
        w.scene.min_lit_pixels = max(3.0, PRESENT_MIN_LIT_FRACTION * screen.geometry().height())
        handle = w.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        # without a window manager showFullScreen keeps the old size: take the screen's first
        w.setGeometry(screen.geometry())
        w.showFullScreen()
        self.overlay.setGeometry(canvas.viewport().geometry())
        self.overlay.show()
        self.overlay.raise_()
        self.spotlight.setGeometry(canvas.viewport().geometry())
        w.steps.start_hidden = True
        self._framed = None
        canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        if w.steps.plan is not None:
            w.steps.restart()
        else:
            self._on_step(w.steps.view())

    def leave(self) -> None:
        """Back to the window exactly as it was (the session puts back the selection and the step)."""
        if self.active:
            self.session.modes.leave()  # which calls back here, no longer active
            return
        if self._saved is None:
            return
        w = self.window
        canvas = w.canvas
        saved = self._saved
        self._glide.stop()
        if self.built("blank"):
            self.blank.unblank()
        if self.built("spotlight"):
            self.spotlight.hide()
        self.overlay.hide()
        w.steps.start_hidden = False
        w.showNormal()
        for widget, shown in saved.shown:
            widget.setVisible(shown)
        # exactly where it was a moment ago (no clamping: it fitted then)
        w.setGeometry(saved.geometry)
        if saved.state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        w.scene.lit_width, w.scene.min_lit_pixels = saved.strokes
        w.scene.set_theme(saved.theme)
        w.scene.set_diagram_text(True)
        canvas._room_pinned = False
        canvas.setFrameShape(saved.frame)
        canvas.setHorizontalScrollBarPolicy(saved.scrollbars[0])
        canvas.setVerticalScrollBarPolicy(saved.scrollbars[1])
        if saved.auto_fit:
            canvas.fit()
        else:
            canvas._auto_fit = False
            canvas.setTransform(saved.transform)
            canvas.leave_room()
            canvas.horizontalScrollBar().setValue(saved.scroll[0])
            canvas.verticalScrollBar().setValue(saved.scroll[1])
            w.scene.set_device_scale(saved.transform.m11() * canvas.devicePixelRatioF())
        self._saved = None

    # ---- framing and the overlay ------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The viewport, not the canvas: when the canvas is resized its viewport is laid out only after.
        if event.type() == QEvent.Type.Resize and watched is self._viewport and self.active:
            viewport = self._viewport.geometry()
            self.overlay.setGeometry(viewport)
            self.spotlight.setGeometry(viewport)
            self._framed = None
            # Framed once the view has handled the resize (its resize anchor would move the picture after).
            QTimer.singleShot(0, lambda: self._on_step(self.window.steps.view()))
        return False

    def _on_step(self, view: StepView) -> None:
        """Frame and label what the step shows, for the hall (the canvas lights it from the session)."""
        if not self.active or self._saved is None:
            return
        w = self.window
        from viewer.qt.modes.presentation_framing import frame_for

        frame = frame_for(w.pack, view, self._title())
        whole = view.plan.trace if view.plan else None
        key = (whole.selected if whole else "") + f"|{frame.lesson_caption}|{bool(frame.position)}"
        if key != self._framed:
            self._frame(frame, whole, animate=self._framed is not None)
            self._framed = key
        self.overlay.frame = frame
        self.overlay.update()
        # The caption bar is painted: its words are the overlay's name too, so a reader finds them (each hop is also announced).
        said = [frame.lesson_caption, frame.caption.text if frame.caption else "", frame.position]
        if frame.shown is None and not frame.lesson_caption:
            said = [frame.title, frame.prompt]
        self.overlay.setAccessibleName(". ".join(" ".join(t.split()) for t in said if t.strip()))

    def _title(self) -> str:
        lesson = self.window.steps.lesson
        return lesson.title if lesson else self.window.pack.title

    def _frame(self, frame: HallFrame, whole: Trace | None, *, animate: bool = False) -> None:
        """Zoom the canvas to `whole` (the entire pathway, so it keeps still while it is revealed).

        Moving from one pathway to another glides there, so the hall sees where it went.
        """
        canvas = self.window.canvas
        viewport = canvas.viewport()
        width, height = viewport.width(), viewport.height()
        if width < 10 or height < 10:
            return
        transform = self.overlay.painter.frame_transform(frame, whole, width, height)
        inverse, _ok = transform.inverted()
        target = (transform.m11(), inverse.map(QPointF(width / 2, height / 2)))
        self._glide.stop()
        if not animate:
            self._show_at(*target)
            return
        start = (canvas.transform().m11(), canvas.mapToScene(viewport.rect().center()))
        self._glide_ends = (start, target)
        self._glide.start()

    def _glide_step(self, value: object) -> None:
        (s0, c0), (s1, c1) = self._glide_ends
        t = float(value)  # type: ignore[arg-type]
        scale = s0 * (s1 / s0) ** t  # zooming feels even when the scale changes geometrically
        self._show_at(scale, c0 + (c1 - c0) * t)

    def _show_at(self, scale: float, centre: QPointF) -> None:
        canvas = self.window.canvas
        canvas.setTransform(QTransform.fromScale(scale, scale))
        canvas.centerOn(centre)
        self.window.scene.set_device_scale(scale * canvas.devicePixelRatioF())
        self.overlay.update()

    # ---- clicker keys -----------------------------------------------------------
    def blank_screen(self, colour: str) -> None:
        """Blank the window to `colour` ("black" or "white"); pressing the same key again brings it back."""
        if self.blank.isVisible():
            self.blank.unblank()
        else:
            self.blank.blank(colour)

    def toggle_spotlight(self) -> None:
        canvas = self.window.canvas
        if self.spotlight.isVisible():
            self.spotlight.hide()
            return
        self.spotlight.setGeometry(canvas.viewport().geometry())
        self.spotlight.centre = QPointF(canvas.viewport().mapFromGlobal(canvas.cursor().pos()))
        self.spotlight.show()
        self.spotlight.raise_()

    # ---- lessons ------------------------------------------------------------------
    def open_lesson_dialog(self) -> None:
        from viewer.assets import default_data_path

        examples = default_data_path().parent / "lessons"  # the bundled example lessons
        start = str(self.window.steps.lesson.path.parent) if self.window.steps.lesson else str(examples if examples.is_dir() else "")
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", start, "Lesson (*.txt);;All files (*)")
        if path:
            self.open_lesson(Path(path))

    def open_lesson(self, path: Path) -> Lesson | None:
        """Open the lesson at `path` and show its first item; problems are reported, not raised."""
        from viewer.model.lesson import LessonError, read_lesson

        try:
            lesson = read_lesson(path, self.window.pack, self.window.names)
        except LessonError as exc:
            self.report_problem("This lesson cannot be opened.", [str(p) for p in exc.problems])
            return None
        self.window.steps.open_lesson(lesson)
        return lesson

    def report_problem(self, title: str, lines: list[str]) -> None:
        self.last_problem = "\n".join(lines)
        self.window.statusBar().showMessage(lines[0] if lines else title, 15000)
        if os.environ.get("PLEXUS_VIEWER_NO_DIALOGS"):
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, title, parent=self.window)
        box.setInformativeText("\n".join(lines[:12]) + ("\n…" if len(lines) > 12 else ""))
        box.exec()

    # ---- the presentation theme ----------------------------------------------------
    def _add_theme_menu(self) -> None:
        present = self.window.actions_by_id.get("present")
        menu = next((m for m in (present.associatedObjects() if present else ()) if isinstance(m, QMenu)), None)
        if menu is None:
            return
        submenu = menu.addMenu("Presentation &theme")
        group = QActionGroup(submenu)
        settings = self.window.appearance.settings
        for value, title in ((PresentTheme.DARK, "&Dark (white on black)"), (PresentTheme.LIGHT, "&Light (black on white)")):
            action = QAction(title, submenu)
            action.setObjectName(f"present_theme_{value.value}")
            action.setCheckable(True)
            action.setChecked(settings.present_theme == value)
            action.triggered.connect(lambda _checked=False, value=value: self.set_theme(value))
            group.addAction(action)
            submenu.addAction(action)
            self.window.actions_by_id[action.objectName()] = action
        self._add_screen_menu(menu)

    def _add_screen_menu(self, menu: QMenu) -> None:
        submenu = menu.addMenu("Presentation &screen")
        group = QActionGroup(submenu)
        settings = self.window.appearance.settings
        choices: list[tuple[int | None, str]] = [(None, "The window's &own screen")]
        choices += [(i, name) for i, name in enumerate(screen_names())]
        for index, title in choices:
            action = QAction(title, submenu)
            action.setObjectName("present_screen_window" if index is None else f"present_screen_{index}")
            action.setCheckable(True)
            action.setChecked(settings.present_screen == index)
            action.triggered.connect(lambda _checked=False, index=index: self.set_screen(index))
            group.addAction(action)
            submenu.addAction(action)
            self.window.actions_by_id[action.objectName()] = action

    def built(self, name: str) -> bool:
        """Whether the part `name` (overlay, blank, spotlight) has been built yet."""
        return name in self.__dict__

    def set_screen(self, index: int | None) -> None:
        """Remember which screen presentation mode fills (None: the window's own)."""
        self._save_setting(present_screen=index)

    def _save_setting(self, **changes: object) -> None:
        # Through the window's one owner of the settings, which stores them atomically.
        self.window.appearance.update(**changes)

    def set_theme(self, value: PresentTheme) -> None:
        """Remember the presentation theme (and apply it now if presenting)."""
        self._save_setting(present_theme=value)
        self.theme_name = value
        if self.active:
            from viewer.qt.modes.presentation_framing import present_theme

            self.window.scene.set_theme(present_theme(value))
            self.overlay.update()
