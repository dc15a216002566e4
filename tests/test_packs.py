"""Packs by name: the bundled registry, `--pack` on every command, `packs`, and switching packs in the window."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

import viewer.assets
from viewer.assets import DEFAULT_PACK, assets_dir, bundled_pack, bundled_packs, remembered_pack
from viewer.cli import main
from viewer.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from viewer.model.loader import load_pack
from viewer.model.review import load_progress, progress_path
from viewer.model.settings import Settings, load_settings, save_settings

BUNDLED = [p.id for p in bundled_packs()]
SPARE_NAME = "Spareville nerve"


def pack_files_in(folder: Path) -> set[str]:
    """What a folder holds that names a pack: `NAME.json` beside `svg/NAME.svg`, lesion files aside."""
    return {p.stem for p in folder.glob("*.json") if "." not in p.stem and (folder / "svg" / f"{p.stem}.svg").is_file()}


def copy_pack(source: Path, folder: Path, name: str, title: str) -> Path:
    """The pack at `source` (data file) copied into `folder` as pack `name`: title changed, the femoral nerve renamed."""
    (folder / "svg").mkdir(parents=True, exist_ok=True)
    data = json.loads(source.read_text(encoding="utf-8"))
    data["title"] = title
    for structure in data["structures"]:
        if structure["id"] == "femoral_nerve":
            structure["name"] = SPARE_NAME
            structure.pop("synonyms", None)
    (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    svg = source.parent / "svg"
    shutil.copy(svg / f"{source.stem}.svg", folder / "svg" / f"{name}.svg")
    shutil.copy(svg / f"{source.stem}-skin.svg", folder / "svg" / f"{name}-skin.svg")
    lesions = source.parent / f"{source.stem}.lesions.json"
    if lesions.is_file():
        shutil.copy(lesions, folder / f"{name}.lesions.json")
    return folder / f"{name}.json"


@pytest.fixture
def assets_with_spare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled assets copied, with a second pack `spare` ("Spare plexus") and a lesson only it can open."""
    folder = tmp_path / "assets"
    shutil.copytree(assets_dir(), folder)
    copy_pack(assets_dir() / f"{DEFAULT_PACK}.json", folder, "spare", "Spare plexus")
    (folder / "lessons" / "spare-only.txt").write_text(f"# Only in the spare pack\n{SPARE_NAME} | renamed\nL4\n", encoding="utf-8")
    monkeypatch.setattr(viewer.assets, "_candidates", lambda: [folder])
    return folder


# ---- the registry and the command line -----------------------------------------------
def test_the_registry_lists_exactly_the_bundled_packs_default_first() -> None:
    assert BUNDLED[0] == DEFAULT_PACK == "lumbosacral"
    assert set(BUNDLED) == pack_files_in(assets_dir())
    assert BUNDLED[1:] == sorted(BUNDLED[1:])
    # every data file in assets is a pack or a pack's lesion file: none is left out for lack of its schematic
    stems = {p.name.split(".")[0] for p in assets_dir().glob("*.json")}
    assert stems == set(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_each_bundled_pack_loads_and_validates_by_name(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = bundled_pack(name)
    pack = load_pack(found.data_path)
    assert (found.title, found.structures) == (pack.title, len(pack.structures))
    assert found.skin_svg_path == pack.skin_svg_path
    assert main(["validate", "--pack", name]) == EXIT_OK
    assert f"{name}.json: ok — {len(pack.structures)} structures" in capsys.readouterr().out


def test_packs_prints_every_bundled_pack_as_a_table_and_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs", "--json"]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"id": p.id, "title": load_pack(p.data_path).title, "structures": p.structures} for p in bundled_packs()]
    assert rows[0] == {"id": "lumbosacral", "title": "Lumbosacral plexus", "structures": 187}
    assert main(["packs"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["lumbosacral", "Lumbosacral", "plexus", "187", "structures", "(default)"]
    assert len(lines) == len(BUNDLED) + 1 and "--pack NAME" in lines[-1]


def test_packs_lists_a_pack_added_to_the_assets(assets_with_spare: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["packs", "--json"]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [DEFAULT_PACK, *sorted([*BUNDLED[1:], "spare"])]
    assert {"id": "spare", "title": "Spare plexus", "structures": 187} in rows


COMMANDS = [
    ["trace", "femoral_nerve", "--json"],
    ["info", "femoral_nerve", "--json"],
    ["list", "--kind", "nerve", "--json"],
    ["lesion", "femoral_nerve", "--json"],
    ["validate"],
    ["export", "--select", "femoral_nerve", "--size", "320x200", "-o", "OUT.png"],
    ["worksheet", "--select", "femoral_nerve", "-o", "OUT.pdf"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_pack_names_the_pack_of_every_command(
    command: list[str], assets_with_spare: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    assert main([*args, "--pack", "spare"]) == EXIT_OK
    out = capsys.readouterr().out
    if args[0] in ("trace", "info", "list", "lesion"):
        assert SPARE_NAME in out
    elif args[0] == "validate":
        assert "spare.json: ok" in out and "spare.lesions.json: ok" in out
    else:
        assert (tmp_path / f"out{Path(args[-1]).suffix}").stat().st_size > 1000
    # without --pack, the default pack: its femoral nerve has its own name
    assert main(args) == EXIT_OK
    assert SPARE_NAME not in capsys.readouterr().out


@pytest.mark.parametrize("command", [*COMMANDS, ["bench", "--quick"]], ids=lambda c: c[0])
def test_an_unknown_pack_is_one_line_naming_the_packs_there_are(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--pack", "cervical"]) == EXIT_USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line == (
        f"plexus-viewer: no bundled pack called 'cervical'; the packs are: {', '.join(BUNDLED)} (`plexus-viewer packs` lists them)"
    )


def test_pack_before_the_command_and_for_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--pack", "lumbosacral", "trace", "L4", "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["roots"] == ["L4"]
    assert main(["--pack", "cervical"]) == EXIT_USAGE  # the window is not opened for a pack there is not
    assert "no bundled pack called 'cervical'" in capsys.readouterr().err


@pytest.mark.parametrize("files", [["--data", "x.json"], ["--svg", "x.svg"], ["--skin-svg", "x-skin.svg"]])
def test_pack_with_a_packs_files_is_a_usage_error(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", "L4", "--pack", "lumbosacral", *files]) == EXIT_USAGE
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"plexus-viewer: --pack names a bundled pack and {files[0]} a pack's files: give one or the other"
    assert main(["--pack", "lumbosacral", *files]) == EXIT_USAGE


def test_the_help_speaks_of_packs_not_of_one_plexus(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "--pack NAME" in text and "plexus-viewer packs" in text
    assert "study the lumbosacral plexus" not in text
    with pytest.raises(SystemExit):
        main(["trace", "--help"])
    assert "--pack NAME" in capsys.readouterr().out


def test_listing_the_packs_reads_no_data_file(assets_with_spare: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[Path] = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    packs = bundled_packs()
    assert [p.id for p in packs] == [DEFAULT_PACK, *sorted([*BUNDLED[1:], "spare"])] and read == []
    spare = next(p for p in packs if p.id == "spare")
    assert spare.title == "Spare plexus" and read == [assets_with_spare / "spare.json"]
    assert spare.structures == 187 and len(read) == 1  # read once, with the title


def test_a_remembered_pack_that_is_gone_gives_the_default_with_a_notice(assets_with_spare: Path) -> None:
    assert remembered_pack(None) == (remembered_pack(DEFAULT_PACK)[0], None)
    assert remembered_pack("spare")[0].data_path == assets_with_spare / "spare.json"
    for gone in ("cervical", str(assets_with_spare / "nowhere" / "own.json")):
        files, notice = remembered_pack(gone)
        assert files.id == DEFAULT_PACK
        assert notice == f"The pack last opened, {gone}, is no longer there; the lumbosacral pack is open instead."


# ---- the window ----------------------------------------------------------------------
class FakeDialogs:
    """Answers the window's dialogs without blocking: a folder to open, and what was shown."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder_to_open = folder
        self.shown: list[object] = []

    def run(self, dialog: object) -> bool:
        self.shown.append(dialog)
        return True

    def folder(self, parent: object, title: str, start: str) -> str:
        return str(self.folder_to_open) if self.folder_to_open else ""


def follow(w, opened: list[object]) -> None:  # type: ignore[no-untyped-def]
    """Keep `w`, and every window that takes its place, in `opened`."""
    opened.append(w)
    w.replaced.connect(lambda new: follow(new, opened))


def open_window(qtbot, pack, opened: list[object]):  # type: ignore[no-untyped-def]
    """A shown window on `pack`, its hit-test index built (closed after the test, with those that replace it)."""
    from viewer.qt.shell.window import MainWindow

    w = MainWindow(pack)
    follow(w, opened)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.scene.geometry is not None, timeout=5000)
    return w


@pytest.fixture
def windows(qtbot) -> Iterator[list[object]]:  # type: ignore[no-untyped-def]
    """The windows a test opens, and those that take their places; closed after it."""
    opened: list[object] = []
    yield opened
    for w in opened:
        if shiboken6.isValid(w):
            w.close()  # type: ignore[attr-defined]
            w.deleteLater()  # type: ignore[attr-defined]


def choose_from_menu(qtbot, window, menu, action) -> None:  # type: ignore[no-untyped-def]
    """Open `menu` from the menu bar with a click and click `action` in it, as a user does."""
    bar = window.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def click(qtbot, window, structure_id: str) -> None:  # type: ignore[no-untyped-def]
    pos: QPoint = window.canvas.view_pos_of(structure_id)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def replacement(qtbot, window):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.replaced_by is not None)
    new = window.replaced_by
    qtbot.waitExposed(new)
    qtbot.waitUntil(lambda: new.scene.geometry is not None, timeout=5000)
    return new


def test_the_packs_menu_switches_cleanly_and_is_remembered(qtbot, assets_with_spare: Path, windows) -> None:  # type: ignore[no-untyped-def]
    from viewer.qt.shell.window import MainWindow

    w = open_window(qtbot, load_pack(assets_with_spare / "lumbosacral.json"), windows)
    menu = w.packs_menu
    entries = [a.objectName() for a in menu.actions()]
    names = [DEFAULT_PACK, *sorted([*BUNDLED[1:], "spare"])]
    assert entries == [*(f"pack_{n}" for n in names), "", "open_pack"]  # a separator, then Open pack…
    assert w.actions_by_id["pack_lumbosacral"].isChecked() and not w.actions_by_id["pack_spare"].isChecked()
    click(qtbot, w, "femoral_nerve")
    click(qtbot, w, "l4")
    assert w.actions_by_id["back"].isEnabled()
    w.session.modes.enter("lesion")
    assert w.session.modes.active == "lesion"
    w.setGeometry(60, 70, 1300, 850)
    qtbot.waitUntil(lambda: w.geometry().width() == 1300)
    frame = w.geometry()
    w.resizeDocks([w.list_dock], [290], Qt.Orientation.Horizontal)  # as a user drags the panel wider
    qtbot.waitUntil(lambda: abs(w.list_dock.width() - 290) <= 4)

    choose_from_menu(qtbot, w, menu, w.actions_by_id["pack_spare"])
    # the titles were read when the menu opened
    assert w.actions_by_id["pack_lumbosacral"].text() == "Lumbosacral plexus (187 structures)"
    assert w.actions_by_id["pack_spare"].text() == "Spare plexus (187 structures)"
    new = replacement(qtbot, w)
    qtbot.waitUntil(lambda: not shiboken6.isValid(w))  # the window it replaced is gone
    assert new.pack.title == "Spare plexus" and new.windowTitle() == "Spare plexus — Plexus Viewer"
    assert new.geometry() == frame
    qtbot.waitUntil(lambda: abs(new.list_dock.width() - 290) <= 4)  # the panels keep their widths
    assert new.session.modes.active is None and new.selection.current is None and new.scene.lit is None
    assert not new.actions_by_id["back"].isEnabled()
    assert new.actions_by_id["pack_spare"].isChecked() and not new.actions_by_id["pack_lumbosacral"].isChecked()
    assert new.canvas.accessibleName() == "Schematic of the spare plexus"
    assert "Spare plexus" in new.fact_panel.toPlainText() and "T12–Co1" in new.fact_panel.toPlainText()
    assert load_settings()[0].pack == "spare"
    assert new.statusBar().currentMessage() == "Opened Spare plexus: 187 structures."
    new.dialogs = FakeDialogs()
    new.trigger("about")
    (about,) = new.dialogs.shown
    assert "The spare plexus as a schematic you can trace" in about.text.toPlainText()
    assert "lumbosacral" not in about.text.toPlainText().split("Licence")[0].lower()

    # the new pack's own structures: the list, the panel and what is lit
    qtbot.waitUntil(lambda: "femoral_nerve" in new.structure_list.items)
    assert new.structure_list.items["femoral_nerve"].text(0) == SPARE_NAME
    click(qtbot, new, "femoral_nerve")
    assert new.selection.current == "femoral_nerve"
    assert "femoral_nerve" in new.scene.lit.structures and new.scene.lit.lit_segments(new.pack) == ("L2", "L3", "L4")
    assert new.fact_panel.toPlainText().startswith(SPARE_NAME)
    assert new.skin_map is not None and new.skin_map.scene is not None
    new.session.modes.enter("lesion")
    assert new.lesion_mode.book.path == assets_with_spare / "spare.lesions.json"
    new.session.modes.leave()

    # a restart on the same settings opens the spare pack
    from viewer.qt.shell.application import files_to_open

    data, svg, skin, remember, notice = files_to_open(None, None, None, None)
    assert (data, notice, remember) == (assets_with_spare / "spare.json", None, False)
    again = open_window(qtbot, load_pack(data, svg, skin), windows)
    assert isinstance(again, MainWindow) and again.windowTitle() == "Spare plexus — Plexus Viewer"
    assert again.actions_by_id["pack_spare"].isChecked()

    # choosing the pack already open changes nothing
    choose_from_menu(qtbot, again, again.packs_menu, again.actions_by_id["pack_spare"])
    assert again.replaced_by is None and again.actions_by_id["pack_spare"].isChecked()


def test_a_remembered_pack_that_is_gone_opens_the_default_once_with_a_notice(assets_with_spare: Path) -> None:
    from viewer.qt.shell.application import files_to_open

    save_settings(Settings(pack="cervical"))
    data, _svg, _skin, remember, notice = files_to_open(None, None, None, None)
    assert data == assets_with_spare / "lumbosacral.json" and remember
    assert notice == "The pack last opened, cervical, is no longer there; the lumbosacral pack is open instead."
    # --pack and --data open what they name; only --pack is remembered
    assert files_to_open("spare", None, None, None)[3] is True
    assert files_to_open(None, Path("own.json"), None, None)[:4] == (Path("own.json"), None, None, False)


def test_open_pack_opens_a_folder_and_a_refused_one_leaves_the_pack_open(qtbot, assets_with_spare: Path, tmp_path: Path, windows) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, load_pack(assets_with_spare / "lumbosacral.json"), windows)
    # a refused pack: the refusal dialog, and the current pack stays
    broken = tmp_path / "broken"
    copy_pack(assets_dir() / "lumbosacral.json", broken, "mine", "My plexus")
    (broken / "mine.json").write_text('{"format": "plexus-pack/1", "title": "Broken"', encoding="utf-8")
    for folder in (broken, tmp_path / "empty"):
        (tmp_path / "empty").mkdir(exist_ok=True)
        fake = FakeDialogs(folder)
        w.dialogs = fake
        w.trigger("open_pack")
        (box,) = fake.shown
        assert isinstance(box, QMessageBox) and box.text() == "This pack cannot be opened."
        assert (str(folder) + ("/mine.json" if folder == broken else ": holds no pack")) in box.informativeText()
        assert w.replaced_by is None and w.isVisible() and w.pack.title == "Lumbosacral plexus"
        assert "The pack was not opened" in w.statusBar().currentMessage()
    assert load_settings()[0].pack is None

    # a good folder: its pack opens in the window's place, and is remembered by where it is
    good = tmp_path / "good"
    copy_pack(assets_dir() / "lumbosacral.json", good, "mine", "My plexus")
    w.dialogs = FakeDialogs(good)
    w.trigger("open_pack")
    new = replacement(qtbot, w)
    assert new.windowTitle() == "My plexus — Plexus Viewer" and new.pack_id is None
    assert not any(new.actions_by_id[f"pack_{name}"].isChecked() for name in [*BUNDLED, "spare"])  # no bundled pack is open
    assert load_settings()[0].pack == str((good / "mine.json").resolve())
    from viewer.qt.shell.application import files_to_open

    assert files_to_open(None, None, None, None)[0] == (good / "mine.json").resolve()


def test_study_progress_is_kept_per_pack(qtbot, assets_with_spare: Path, windows) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, load_pack(assets_with_spare / "lumbosacral.json"), windows)
    w.study.start(items=["identify:gluteus_maximus"])
    click(qtbot, w, "inferior_gluteal_nerve")
    assert list(load_progress(progress_path()).progress.items) == ["identify:gluteus_maximus"]
    w.trigger("pack_spare")
    new = replacement(qtbot, w)
    new.study.start(items=["identify:piriformis"])
    assert new.study.store.path == progress_path("spare") != progress_path()
    click(qtbot, new, "nerve_to_piriformis")
    assert list(load_progress(progress_path("spare")).progress.items) == ["identify:piriformis"]
    assert list(load_progress(progress_path()).progress.items) == ["identify:gluteus_maximus"]


def test_the_bundled_lessons_menu_offers_only_the_lessons_of_the_pack(qtbot, assets_with_spare: Path, windows) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, load_pack(assets_with_spare / "lumbosacral.json"), windows)
    w.fill_bundled_lessons()
    offered = {a.objectName() for a in w.lessons_menu.actions()}
    assert "lesson_lower-limb-walkthrough" in offered and "lesson_spare-only" not in offered
    assert not any(name.startswith("lesson_upper-limb") for name in offered)  # the brachial pack's
    w.trigger("pack_spare")
    new = replacement(qtbot, w)
    new.fill_bundled_lessons()
    offered = {a.objectName(): a for a in new.lessons_menu.actions()}
    assert {"lesson_lower-limb-walkthrough", "lesson_spare-only"} <= set(offered)
    offered["lesson_spare-only"].trigger()
    assert new.steps.lesson is not None and new.steps.lesson.title == "Only in the spare pack"
    assert new.selection.current == "femoral_nerve"


def test_a_window_on_a_pack_of_ones_own_checks_no_bundled_pack(qtbot, pack_copy: Path, windows) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, load_pack(pack_copy), windows)
    assert w.pack_id is None
    assert [w.actions_by_id[f"pack_{name}"].isChecked() for name in BUNDLED] == [False] * len(BUNDLED)
    assert load_pack(pack_copy).title == w.pack.title


def test_an_invalid_pack_still_exits_as_invalid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["validate", "--data", str(bad)]) == EXIT_INVALID


def test_choosing_the_pack_to_open_leaves_a_bad_settings_file_for_the_window_to_report(assets_with_spare: Path) -> None:
    from viewer.model.settings import settings_path
    from viewer.qt.shell.application import files_to_open

    save_settings(Settings(pack="spare"))
    save_settings(Settings(pack="spare", font_scale=1.5))  # the first is kept as the backup
    settings_path().write_bytes(b'{"theme": ')
    data, _svg, _skin, remember, notice = files_to_open(None, None, None, None)
    assert data == assets_with_spare / "spare.json" and not remember and notice is None  # from the backup
    assert settings_path().read_bytes() == b'{"theme": '  # untouched: the window sets it aside and says so
    assert not list(settings_path().parent.glob("*.corrupt-*"))


def start_window(qtbot, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Start the app as `plexus-viewer ARGS` does, up to its event loop: (exit status, [window title, status message])."""
    from PySide6.QtWidgets import QApplication

    from viewer.qt.shell.window import MainWindow

    seen: list[str] = []

    def exec_(_app: QApplication) -> int:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.waitExposed(window)
        seen.extend([window.windowTitle(), window.statusBar().currentMessage()])
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    return main(list(args)), seen


def test_the_window_opens_the_pack_it_showed_last(qtbot, assets_with_spare: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert start_window(qtbot, monkeypatch) == (EXIT_OK, ["Lumbosacral plexus — Plexus Viewer", ""])
    assert load_settings()[0].pack is None  # the plain start remembers nothing new
    assert start_window(qtbot, monkeypatch, "--pack", "spare")[1][0] == "Spare plexus — Plexus Viewer"
    assert load_settings()[0].pack == "spare"
    assert start_window(qtbot, monkeypatch)[1][0] == "Spare plexus — Plexus Viewer"
    # --data opens a pack once, without changing the one remembered
    data = assets_with_spare / "lumbosacral.json"
    assert start_window(qtbot, monkeypatch, "--data", str(data))[1][0] == "Lumbosacral plexus — Plexus Viewer"
    assert start_window(qtbot, monkeypatch)[1][0] == "Spare plexus — Plexus Viewer"
    # the remembered pack is removed: the default, with a one-line notice, once
    (assets_with_spare / "spare.json").unlink()
    viewer.assets._BUNDLED.clear()
    status, (title, message) = start_window(qtbot, monkeypatch)
    assert (status, title) == (EXIT_OK, "Lumbosacral plexus — Plexus Viewer")
    assert message == "The pack last opened, spare, is no longer there; the lumbosacral pack is open instead."
    assert load_settings()[0].pack == "lumbosacral"
    assert start_window(qtbot, monkeypatch)[1] == ["Lumbosacral plexus — Plexus Viewer", ""]
