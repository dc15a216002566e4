"""Shared fixtures: the real pack, and one window fixture for the Qt tests."""

from __future__ import annotations

import os
import shutil

# Not setdefault: an empty QT_QPA_PLATFORM survives it and Qt then looks for xcb.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PLEXUS_VIEWER_NO_DIALOGS"] = "1"

from collections.abc import Iterator
from pathlib import Path

import pytest

from viewer.assets import assets_dir, bundled_packs, default_data_path
from viewer.model.loader import load_pack
from viewer.model.pack import Pack


def bundled_data_paths() -> list[Path]:
    """The data file of every bundled pack, the default first (as the Packs menu lists them)."""
    return [files.data_path for files in bundled_packs()]


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
    folder = tmp_path
    source = default_data_path()
    (folder / "svg").mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / source.name)
    for svg in (source.parent / "svg").glob(f"{source.stem}*.svg"):
        shutil.copy(svg, folder / "svg" / svg.name)
    for extra in source.parent.glob(f"{source.stem}.*.json"):
        shutil.copy(extra, folder / extra.name)
    return folder / source.name


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack(default_data_path())


#: The bundled packs, by name: the tests not about one pack's anatomy run on each.
BUNDLED_PACKS = tuple(files.id for files in bundled_packs())


@pytest.fixture(scope="session", params=BUNDLED_PACKS)
def bundled_pack(request: pytest.FixtureRequest) -> Pack:
    """Each bundled pack in turn."""
    return load_pack(assets_dir() / f"{request.param}.json")


@pytest.fixture
def bundled_window(qtbot, bundled_pack: Pack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on each bundled pack in turn, as `window` builds it."""
    from viewer.qt.shell.window import MainWindow

    w = MainWindow(bundled_pack)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.scene.geometry is not None, timeout=5000)
    yield w
    w.close()


@pytest.fixture
def window(qtbot, pack: Pack) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window on the real pack, shown, with its hit-test index built."""
    from viewer.qt.shell.window import MainWindow

    w = MainWindow(pack)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.scene.geometry is not None, timeout=5000)
    yield w
    w.close()
