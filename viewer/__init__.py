"""Plexus Viewer: the lumbosacral plexus as a schematic you can trace segment by segment."""

__version__ = "0.1.0"
APP_ID = "org.plexusviewer.PlexusViewer"
APP_NAME = "Plexus Viewer"
