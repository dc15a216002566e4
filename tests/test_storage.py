"""User files: atomic replacement with a backup, and corrupt files set aside, never lost."""

from __future__ import annotations

from pathlib import Path

from viewer.model.settings import Settings, Theme, load_settings, save_settings, settings_path
from viewer.model.storage import backup_path, read_user_file, write_atomically


def test_settings_live_in_the_isolated_config_folder(tmp_path: Path) -> None:
    assert settings_path().is_relative_to(tmp_path)


def test_write_keeps_the_previous_contents_as_backup(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert backup_path(target).read_bytes() == b"one"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json", "file.json.bak"]


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme=Theme.DARK, font_scale=1.5), path)
    loaded, message = load_settings(path)
    assert (loaded.theme, loaded.font_scale, message) == (Theme.DARK, 1.5, None)


def test_missing_settings_are_defaults_without_a_message(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == (Settings(), None)


def test_corrupt_settings_are_set_aside_and_the_backup_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(theme=Theme.DARK), path)
    save_settings(Settings(theme=Theme.LIGHT), path)
    path.write_bytes(b'{"theme": "dark", ')
    loaded, message = load_settings(path)
    assert loaded.theme is Theme.DARK  # the backup's value
    assert message is not None and "settings.json" in message and "restored from settings.json.bak" in message
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"theme": "dark", '


def test_foreign_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "purple"}')
    loaded, message = load_settings(path)
    assert loaded == Settings()
    assert message is not None and message.startswith(str(path)) and "using defaults" in message
    assert not path.exists()  # set aside, not deleted and not overwritten
    assert any(".corrupt-" in p.name for p in tmp_path.iterdir())


def test_font_scale_out_of_range_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"font_scale": 40}')
    loaded, message = load_settings(path)
    assert loaded.font_scale == 1.0 and message is not None and "font_scale" in message


def test_unreadable_user_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "dir.json"
    folder.mkdir()
    found = read_user_file(folder, lambda b: b)
    assert found.value is None and found.message is not None and str(folder) in found.message
