"""The Qt layer: the only part of the viewer that imports PySide6."""
