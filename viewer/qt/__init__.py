"""The Qt side: the only package that imports PySide6.

The Qt-free modules the window uses are imported here, before any PySide6 module: once
PySide6 is loaded, its import hook reads the source of every module imported after it,
which costs start-up time for nothing.
"""

import viewer.model.facts
import viewer.model.loader
import viewer.model.names
import viewer.model.settings
import viewer.model.tracing  # noqa: F401
