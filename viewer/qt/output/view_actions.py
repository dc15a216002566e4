"""Getting the current view out of the window: export (PNG at a chosen size, SVG, PDF), print, copy.

Every output is drawn from a scene of its own with the window's selection, palette and
(optionally) theme, so the view on screen is never disturbed; files are written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from viewer.model.storage import write_atomically
from viewer.qt.canvas.scene import SchematicScene
from viewer.qt.output.export import FORMATS, export_scene, fitted_target, paint_scene, render_file, render_image
from viewer.themes import LIGHT

if TYPE_CHECKING:
    from viewer.qt.shell.window import MainWindow

SIZE_PRESETS = ((1920, 1080, "1920 × 1080 (Full HD)"), (3840, 2160, "3840 × 2160 (4K)"))


@dataclass(frozen=True)
class ExportChoice:
    suffix: str  # .png, .svg or .pdf
    size: tuple[int, int]
    visible_only: bool
    light: bool


class ExportDialog(QDialog):
    """Format, size, area and colours of an export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export view")
        self.setObjectName("export_options")
        self.format = QComboBox(self)
        for suffix, title in FORMATS.items():
            self.format.addItem(f"{title} ({suffix})", suffix)
        self.size = QComboBox(self)
        for w, h, title in SIZE_PRESETS:
            self.size.addItem(title, (w, h))
        self.size.addItem("Custom…", None)
        self.width_box, self.height_box = QSpinBox(self), QSpinBox(self)
        for box, value, name in ((self.width_box, 2560, "Width in pixels"), (self.height_box, 1440, "Height in pixels")):
            box.setRange(16, 16384)
            box.setValue(value)
            box.setSuffix(" px")
            box.setAccessibleName(name)
        custom = QHBoxLayout()
        custom.addWidget(self.width_box)
        custom.addWidget(QLabel("×", self))
        custom.addWidget(self.height_box)
        self.area = QComboBox(self)
        self.area.addItem("The whole schematic", False)
        self.area.addItem("The part visible in the window", True)
        self.colours = QComboBox(self)
        self.colours.addItem("Light (best for print and documents)", True)
        self.colours.addItem("As on screen", False)
        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Size:", self.size)
        form.addRow("", custom)
        form.addRow("&Area:", self.area)
        form.addRow("&Colours:", self.colours)
        self.size_note = QLabel(self)
        self.size_note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.size_note)
        layout.addWidget(buttons)
        self.size.currentIndexChanged.connect(self._sync)
        self.format.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        custom = self.size.currentData() is None
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        vector = self.format.currentData() != ".png"
        self.size_note.setText(
            "SVG and PDF are drawings that stay sharp at any zoom; the size sets their shape and page size."
            if vector
            else "The image has exactly this many pixels; the schematic is fitted into it, centred."
        )

    def choice(self) -> ExportChoice:
        size = self.size.currentData() or (self.width_box.value(), self.height_box.value())
        return ExportChoice(self.format.currentData(), tuple(size), bool(self.area.currentData()), bool(self.colours.currentData()))  # type: ignore[arg-type]


def _scene_for(window: MainWindow, light: bool) -> SchematicScene:
    return export_scene(
        window.pack, window.selection.current, LIGHT if light else window.scene.theme, window.scene.palette, window.scene.geometry
    )


def visible_part(window: MainWindow) -> QRectF:
    canvas = window.canvas
    return canvas.mapToScene(canvas.viewport().rect()).boundingRect().intersected(window.scene.sceneRect())


def _title(window: MainWindow) -> str:
    sid = window.selection.current
    return f"{window.pack.title}: {window.pack.structures[sid].name}" if sid else window.pack.title


def export_view(window: MainWindow) -> Path | None:
    """Ask how and where, then write the view; the path written, or None if the user cancelled."""
    dialog = ExportDialog(window)
    if not window.dialogs.run(dialog):
        return None
    choice = dialog.choice()
    stem = window.selection.current or "plexus"
    filters = ";;".join(f"{title} (*{suffix})" for suffix, title in FORMATS.items() if suffix == choice.suffix)
    path = window.dialogs.save_file_name(window, "Export view", f"{stem}{choice.suffix}", filters)
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != choice.suffix:
        target = target.with_name(target.name + choice.suffix)
    source = visible_part(window) if choice.visible_only else None
    try:
        data = render_file(_scene_for(window, choice.light), choice.suffix, choice.size, source, _title(window))
        write_atomically(target, data, keep_backup=False, shared=True)
    except OSError as exc:
        window.dialogs.warn(window, f"Could not write {target}: {exc.strerror or exc}")
        return None
    window.statusBar().showMessage(f"Exported to {target}", 8000)
    return target


def print_view(window: MainWindow) -> bool:
    """Print the whole schematic with the selection lit, in light colours, through the system's print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(_title(window))
    if not window.dialogs.print_setup(window, printer):
        return False
    scene = _scene_for(window, light=True)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    painter = QPainter()
    if not painter.begin(printer):
        window.dialogs.warn(window, "The printer could not be started.")
        return False
    source = scene.sceneRect()
    target = fitted_target(source, page.width(), page.height())
    paint_scene(scene, painter, target, source)
    painter.end()
    window.statusBar().showMessage("Sent to the printer.", 5000)
    return True


def copy_view(window: MainWindow) -> None:
    """Put the view as seen (visible part, current colours) on the clipboard, at twice the window's pixels."""
    viewport = window.canvas.viewport()
    scale = max(2.0, window.devicePixelRatioF())
    image = render_image(
        _scene_for(window, light=False), (round(viewport.width() * scale), round(viewport.height() * scale)), visible_part(window)
    )
    QGuiApplication.clipboard().setImage(image)
    window.statusBar().showMessage("The view is on the clipboard.", 5000)
