"""About Plexus Viewer: version, licences, the toolkit, and where the anatomy comes from."""

from __future__ import annotations

from collections import Counter
from html import escape
from urllib.parse import urlparse

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from viewer import APP_ID, APP_NAME, __version__
from viewer.model.labels import pack_in_a_sentence
from viewer.model.pack import Pack
from viewer.qt.panels.document import DocumentView

PROJECT_LICENCE = "GPL-3.0-or-later"
PROJECT_LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"


def about_html(pack: Pack) -> str:
    """The About text: what the app is, its licence, the toolkit's licence, the pack's sources."""
    sources = list(pack.sources.values())
    linked = [s for s in sources if s.url]
    hosts = Counter((urlparse(s.url).hostname or "").removeprefix("www.") for s in linked)
    top = ", ".join(f"{escape(h)} ({n})" for h, n in hosts.most_common(6))
    items = "".join(
        f'<li><a href="{escape(s.url)}">{escape(s.title)}</a></li>' if s.url else f"<li>{escape(s.title)}</li>"
        for s in sorted(sources, key=lambda s: s.title.casefold())
    )
    return f"""
<h2>{APP_NAME} {__version__}</h2>
<p>The {escape(pack_in_a_sentence(pack.title))} as a schematic you can trace segment by segment.<br>
Application id: <code>{APP_ID}</code></p>
<h3>Licence</h3>
<p>{APP_NAME} is free software under the <a href="{PROJECT_LICENCE_URL}">GNU General Public License,
version 3 or later</a> ({PROJECT_LICENCE}). It comes with no warranty, and it is a study aid,
not a clinical tool.</p>
<p>Built with Qt {escape(qVersion())} and Qt for Python (PySide6 {escape(PySide6.__version__)}), used under the
<a href="{LGPL_URL}">GNU Lesser General Public License, version 3</a> (LGPL-3.0). Qt is a trademark of The Qt Company.</p>
<h3>The anatomy and its sources</h3>
<p>The pack <b>{escape(pack.title)}</b> has {len(pack.structures)} structures and {len(pack.links)} connections
and cites <b>{len(sources)} sources</b> ({len(linked)} with a public link; most cited: {top}).
Every fact is written in the app's own words — paraphrased, never copied — and cited to the
references that give it; where references disagree, each alternative is shown with its sources.
The references keep their own copyrights and licences (for example, Wikipedia's text is
CC BY-SA 4.0, and Gray's <i>Anatomy of the Human Body</i>, 20th edition of 1918, is in the public domain);
the schematic is drawn from the data by the app's own tool.</p>
<h3>All sources</h3>
<ol>{items}</ol>
"""


class AboutDialog(QDialog):
    def __init__(self, pack: Pack, icon: QIcon | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setObjectName("about")
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        if icon is not None and not icon.isNull():
            logo = QLabel(self)
            logo.setPixmap(icon.pixmap(64, 64))
            logo.setAccessibleName(f"{APP_NAME} icon")
            layout.addWidget(logo)
        self.text = DocumentView(f"About {APP_NAME}", self)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html(pack))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
