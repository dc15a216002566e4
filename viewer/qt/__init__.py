"""The Qt side: the only package that imports PySide6.

The modules the window uses that need no Qt are imported here, before any PySide6
module: once PySide6 is loaded, its import hook reads the source of every module that
imports something (to look for the word "PySide6"), which costs start-up time and memory
for nothing.
"""

import html  # noqa: F401 (the fact panel's: html.entities is 75 kB of source to read)

import viewer.model.facts
import viewer.model.loader
import viewer.model.names
import viewer.model.settings
import viewer.model.tracing  # noqa: F401
