"""The user's settings applied to the running app: theme, fonts, palette, labels, window frame.

`Appearance` holds the Settings record, saves every change atomically and announces it;
the window and its views listen and restyle themselves. "Follow the system" reads Qt's
colour scheme and follows it live when the desktop switches between light and dark.
"""

from __future__ import annotations

import msgspec
from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from viewer.model.settings import Settings, Theme, WindowGeometry, load_settings, save_settings, settings_path
from viewer.model.window_geometry import Rect, clamp_geometry
from viewer.themes import DARK, HIGH_CONTRAST_DARK, LIGHT, CanvasTheme


class Appearance(QObject):
    """The settings in force; `changed(Settings)` fires after each change is applied and saved."""

    changed = Signal(object)  # Settings

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings, self.load_message = load_settings()
        self.save_message: str | None = None
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme)

    def update(self, **changes: object) -> None:
        """Change some settings, store them, and tell every listener."""
        # Start from the file as stored now: other parts of the app (presentation mode)
        # keep their own settings in it, and a change here must not undo theirs.
        stored, problem = load_settings()
        base = stored if problem is None and settings_path().exists() else self.settings
        # Through the record's own decoder, so values from widgets (plain strings) become
        # the record's enums and nothing invalid is ever stored.
        new = msgspec.convert(msgspec.to_builtins(msgspec.structs.replace(base, **changes)), Settings)
        if new == self.settings and base == self.settings:
            return
        visible = msgspec.structs.replace(new, geometry=None) != msgspec.structs.replace(self.settings, geometry=None)
        self.settings = new
        self.save()
        if visible:
            self.changed.emit(new)

    def save(self) -> None:
        try:
            save_settings(self.settings)
            self.save_message = None
        except OSError as exc:
            self.save_message = f"Settings could not be saved: {exc.strerror or exc}"

    def system_is_dark(self) -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def canvas_theme(self) -> CanvasTheme:
        theme = self.settings.theme
        if theme is Theme.HIGH_CONTRAST:
            return HIGH_CONTRAST_DARK
        if theme is Theme.DARK or (theme is Theme.SYSTEM and self.system_is_dark()):
            return DARK
        return LIGHT

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self.settings.theme is Theme.SYSTEM:
            self.changed.emit(self.settings)


# ---- the window's colours and fonts ---------------------------------------------------
#: The application's own font and palette, as they were before any theme changed them.
_BASE_FONT: QFont | None = None
_BASE_PALETTE: QPalette | None = None
#: The platform's style, read when a theme first leaves it for Fusion.
_NATIVE_STYLE: str | None = None


def apply_to_application(app: QApplication, theme: CanvasTheme, font_scale: float) -> None:
    """Colour the widgets to match the canvas theme and scale the font.

    Dark and high-contrast palettes are drawn with Fusion, which honours every palette
    role on every platform; the light theme keeps the platform's own style and palette.
    The style is not asked for until a theme leaves it: at start-up in the light theme
    nothing here touches it (PySide6 builds its large enumerations on first use, ~5 ms).
    """
    global _BASE_FONT, _BASE_PALETTE, _NATIVE_STYLE
    if _BASE_FONT is None or _BASE_PALETTE is None:
        _BASE_FONT = QFont(app.font())
        _BASE_PALETTE = QPalette(app.palette())
    if theme.dark or theme.high_contrast:
        if _NATIVE_STYLE is None:
            _NATIVE_STYLE = app.style().name()
        if app.style().name().lower() != "fusion":
            app.setStyle("fusion")
        palette = window_palette(theme)
    else:
        if _NATIVE_STYLE is not None and app.style().name().lower() != _NATIVE_STYLE.lower():
            app.setStyle(_NATIVE_STYLE)
        palette = _BASE_PALETTE
    # Each change re-polishes every widget: make only the changes there are (at start-up,
    # in the light theme at the normal size, none).
    if palette != app.palette():
        app.setPalette(palette)
    font = QFont(_BASE_FONT)
    if _BASE_FONT.pointSizeF() > 0:
        font.setPointSizeF(_BASE_FONT.pointSizeF() * font_scale)
    else:
        font.setPixelSize(round(_BASE_FONT.pixelSize() * font_scale))
    if font != app.font():
        app.setFont(font)


def window_palette(theme: CanvasTheme) -> QPalette:
    """The widgets' palette for a dark or high-contrast canvas theme."""
    if theme.high_contrast:
        base, text, mid, accent, link = "#000000", "#ffffff", "#000000", "#ffff00", "#00ffff"
        window, button, disabled, highlighted_text = "#000000", "#000000", "#bdbdbd", "#000000"
    else:
        base, text, mid, accent, link = "#1b1f24", "#e8ecf1", "#2b3138", "#3d8fd6", "#8cc4ff"
        window, button, disabled, highlighted_text = "#23282e", "#2b3138", "#8a939e", "#ffffff"
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: mid,
        QPalette.ColorRole.ToolTipBase: base,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: accent,
        QPalette.ColorRole.HighlightedText: highlighted_text,
        QPalette.ColorRole.Link: link,
        QPalette.ColorRole.LinkVisited: link,
        QPalette.ColorRole.Light: "#ffffff" if theme.high_contrast else "#3a424b",
        QPalette.ColorRole.Midlight: "#ffffff" if theme.high_contrast else "#323940",
        QPalette.ColorRole.Mid: "#ffffff" if theme.high_contrast else "#20252b",
        QPalette.ColorRole.Dark: "#ffffff" if theme.high_contrast else "#111417",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        p.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


# ---- the window's frame -----------------------------------------------------------------
def geometry_of(window: QWidget) -> WindowGeometry:
    frame = window.normalGeometry() if window.isMaximized() or window.isFullScreen() else window.geometry()
    return WindowGeometry(x=frame.x(), y=frame.y(), width=frame.width(), height=frame.height(), maximized=window.isMaximized())


def restore_geometry(window: QWidget, saved: WindowGeometry | None) -> bool:
    """Put the window where it was, clamped to the screens present; False when the default is kept."""
    if saved is None:
        return False
    screens = [s.availableGeometry() for s in QGuiApplication.screens()]
    clamped = clamp_geometry(saved, [Rect(r.x(), r.y(), r.width(), r.height()) for r in screens])
    if clamped is None:
        return False
    window.setGeometry(QRect(clamped.x, clamped.y, clamped.width, clamped.height))
    if clamped.maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True
