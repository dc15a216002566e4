"""The preferences dialog: theme, label language, font scale and root palette, applied as they change."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from viewer.model.settings import FONT_SCALE_RANGE, LabelLanguage, Settings, Theme
from viewer.palette import PALETTES, Palette
from viewer.qt.shell.appearance import Appearance

THEME_TITLES = {
    Theme.SYSTEM: "Follow the system (light or dark)",
    Theme.LIGHT: "Light",
    Theme.DARK: "Dark",
    Theme.HIGH_CONTRAST: "High contrast",
}
LANGUAGE_TITLES = {
    LabelLanguage.ENGLISH: "English",
    LabelLanguage.LATIN: "Latin (Terminologia Anatomica)",
    LabelLanguage.BOTH: "English and Latin",
}


def palette_icon(palette: Palette, height: int = 16) -> QIcon:
    """A strip of the palette's six colours, for the palette chooser."""
    pixmap = QPixmap(height * 6, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    for i, colour in enumerate(palette.colours):
        painter.fillRect(i * height, 0, height, height, QColor(colour))
    painter.end()
    return QIcon(pixmap)


class PreferencesDialog(QDialog):
    """Every control writes straight to the Appearance, so the window changes as the user chooses."""

    def __init__(self, appearance: Appearance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.appearance = appearance
        self.setWindowTitle("Preferences")
        self.setObjectName("preferences")
        self.setMinimumWidth(480)
        s = appearance.settings

        self.theme = QComboBox(self)
        for theme, title in THEME_TITLES.items():
            self.theme.addItem(title, theme)
        self.theme.setAccessibleName("Theme")
        self.language = QComboBox(self)
        for language, title in LANGUAGE_TITLES.items():
            self.language.addItem(title, language)
        self.language.setAccessibleName("Label language")
        self.font_scale = QSpinBox(self)
        low, high = FONT_SCALE_RANGE
        self.font_scale.setRange(round(low * 100), round(high * 100))
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setAccessibleName("Font scale, percent")
        self.palette = QComboBox(self)
        for palette in PALETTES.values():
            self.palette.addItem(palette_icon(palette), palette.title, palette.name)
        self.palette.setAccessibleName("Root colours")
        self.palette.setIconSize(palette_icon(next(iter(PALETTES.values()))).availableSizes()[0])

        form = QFormLayout()
        form.addRow("&Theme:", self.theme)
        form.addRow("&Labels:", self.language)
        form.addRow("&Font size:", self.font_scale)
        form.addRow("Root &colours:", self.palette)
        note = QLabel(
            "Every palette is safe for the common colour-vision deficiencies; each segment also keeps "
            "its dash pattern and a tag with its name, so colour is never the only cue.",
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        # Enter closes; it never resets every setting.
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setAutoDefault(False)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._show(s)

        self.theme.currentIndexChanged.connect(lambda _i: self.appearance.update(theme=self.theme.currentData()))
        self.language.currentIndexChanged.connect(lambda _i: self.appearance.update(label_language=self.language.currentData()))
        self.font_scale.valueChanged.connect(lambda v: self.appearance.update(font_scale=v / 100))
        self.palette.currentIndexChanged.connect(lambda _i: self.appearance.update(palette=self.palette.currentData()))
        # Larger type needs a larger dialog: re-fit after each change, once the new fonts are in.
        appearance.changed.connect(lambda _settings: QTimer.singleShot(0, self.fit))
        self.fit()

    def fit(self) -> None:
        """Grow to what the contents need at the current font size (never clipping a label)."""
        layout = self.layout()
        layout.invalidate()
        layout.activate()
        wanted = self.sizeHint()
        width = max(self.width(), wanted.width(), self.minimumWidth())
        self.resize(width, max(self.height(), layout.heightForWidth(width) if layout.hasHeightForWidth() else wanted.height()))

    def _show(self, s: Settings) -> None:
        self.theme.setCurrentIndex(self.theme.findData(s.theme))
        self.language.setCurrentIndex(self.language.findData(s.label_language))
        self.font_scale.setValue(round(s.font_scale * 100))
        index = self.palette.findData(s.palette)
        self.palette.setCurrentIndex(max(index, 0))

    def restore_defaults(self) -> None:
        defaults = Settings()
        for control in (self.theme, self.language, self.font_scale, self.palette):
            control.blockSignals(True)
        try:
            self._show(defaults)
        finally:
            for control in (self.theme, self.language, self.font_scale, self.palette):
                control.blockSignals(False)
        self.appearance.update(
            theme=defaults.theme, label_language=defaults.label_language, font_scale=defaults.font_scale, palette=defaults.palette
        )
