"""Shared fixtures: the real pack, and one window fixture for the Qt tests."""

from __future__ import annotations

import os

# Not setdefault: an empty QT_QPA_PLATFORM survives it and Qt then looks for xcb.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PLEXUS_VIEWER_NO_DIALOGS"] = "1"

from collections.abc import Iterator
from pathlib import Path

import pytest
from bundled_packs import PACKS, bundled, copy_pack

from viewer.assets import DEFAULT_PACK, default_data_path
from viewer.model.loader import load_pack
from viewer.model.pack import Pack


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the real user's settings, data or cache."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # The cache (packs that passed the source policy) apart, so that a test's own folder
    # holds only what the test writes there.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled pack (data, schematic, skin map, lesion file); returns its data file."""
    return copy_pack(DEFAULT_PACK, tmp_path)


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(default_data_path())


@pytest.fixture(scope="session", params=PACKS)
def bundled_pack(request: pytest.FixtureRequest) -> Pack:
    """Each bundled pack in turn (the tests not about one pack's anatomy run on each)."""
    return bundled(request.param)


def _shown_window(qtbot, pack: Pack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on `pack`, shown, with its hit-test index built; closed after the test."""
    from viewer.qt.shell.window import MainWindow

    w = MainWindow(pack)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.scene.geometry is not None, timeout=5000)
    yield w
    w.close()


@pytest.fixture
def bundled_window(qtbot, bundled_pack: Pack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on each bundled pack in turn, as `window` builds it."""
    yield from _shown_window(qtbot, bundled_pack)


@pytest.fixture
def window(qtbot, pack: Pack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on the real pack, shown, with its hit-test index built."""
    yield from _shown_window(qtbot, pack)
