#!/usr/bin/env python3
"""Render the app icon's PNG sizes from its SVG and copy the SVG where the app finds it.

    python packaging/make_icons.py

Writes packaging/icons/hicolor/<N>x<N>/apps/org.plexusviewer.PlexusViewer.png for the
sizes desktops ask for, and assets/icons/org.plexusviewer.PlexusViewer.svg (the window
icon, found through viewer.assets like every other asset). The outputs are committed;
run this again after editing the SVG (a test checks they are in step).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from viewer import APP_ID  # noqa: E402

SIZES = (16, 32, 48, 64, 128, 256)
SOURCE = ROOT / "packaging" / "icons" / f"{APP_ID}.svg"


def png_path(size: int) -> Path:
    return ROOT / "packaging" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def main() -> int:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"{SOURCE}: not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = png_path(size)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out)):
            print(f"{out}: could not write", file=sys.stderr)
            return 1
        print(f"{out.relative_to(ROOT)}: {size}×{size}")
    target = ROOT / "assets" / "icons" / SOURCE.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, target)
    print(f"{target.relative_to(ROOT)}: copied")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
