"""Plexus Viewer: a nerve plexus (the lumbosacral, the brachial, or a pack of your own) as a schematic you can trace segment by segment."""

__version__ = "0.1.0"
APP_ID = "org.plexusviewer.PlexusViewer"
APP_NAME = "Plexus Viewer"
