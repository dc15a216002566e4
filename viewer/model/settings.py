"""The user's settings: one versioned record, stored so that a bad file costs nothing.

A corrupt, foreign or newer-format file is set aside and the defaults (or the backup)
are used; a value out of range is refused as a whole file, never half-applied.
"""

from __future__ import annotations

import enum
from pathlib import Path

import msgspec

from viewer.model.storage import (
    DecodeError,
    UserFile,
    backup_path,
    decode_versioned,
    read_user_file,
    user_config_dir,
    write_atomically,
)

SETTINGS_FORMAT = "plexus-settings/1"


class Theme(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


class LabelLanguage(enum.StrEnum):
    ENGLISH = "english"
    LATIN = "latin"
    BOTH = "both"


class PresentTheme(enum.StrEnum):
    DARK = "dark"
    LIGHT = "light"


class WindowGeometry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The main window's last frame, in screen coordinates; clamped to the screens on restore."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Everything the preferences dialog and the presentation mode remember."""

    format: str = SETTINGS_FORMAT
    #: Window theme: follow the system's light/dark, or a fixed one.
    theme: Theme = Theme.SYSTEM
    #: Labels in the panel and list: English names, Latin names or both.
    label_language: LabelLanguage = LabelLanguage.ENGLISH
    #: Multiplies every font in the window (0.75–2.5).
    font_scale: float = 1.0
    #: The root palette's name (see viewer.palette.PALETTES).
    palette: str = "okabe-ito"
    #: Which screen presentation mode fills (index into the screens; None = the window's own).
    present_screen: int | None = None
    present_theme: PresentTheme = PresentTheme.DARK
    #: Whether the skin map, the divisions layer and inconstant structures are shown.
    show_variants: bool = True
    show_divisions: bool = False
    #: Whether a structure selected from the list, search or history is framed on the canvas.
    auto_frame: bool = True
    geometry: WindowGeometry | None = None
    #: The pack the window showed last: a bundled pack's name ("brachial"), or the data file of
    #: a pack opened from a folder (an absolute path); None for the default pack.
    pack: str | None = None


FONT_SCALE_RANGE = (0.75, 2.5)


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def decode_settings(data: bytes) -> Settings:
    """Parse a settings file; DecodeError names the place of the first problem."""
    value = decode_versioned(data, Settings, "settings", SETTINGS_FORMAT)
    low, high = FONT_SCALE_RANGE
    if not low <= value.font_scale <= high:
        raise DecodeError(f"font_scale {value.font_scale} is outside {low}–{high}")
    return value


def encode_settings(settings: Settings) -> bytes:
    return msgspec.json.format(msgspec.json.encode(settings), indent=2) + b"\n"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The stored settings (defaults if none or unreadable) and a message if something was wrong."""
    found: UserFile[Settings] = read_user_file(path or settings_path(), decode_settings)
    return (found.value or Settings()), found.message


def peek_settings(path: Path | None = None) -> Settings | None:
    """The stored settings (or their backup) if they can be read, else None, touching nothing.

    For a look before the window opens (which pack to open): `load_settings` sets a bad
    file aside, and the window's own load must still find it, to say so.
    """
    path = path or settings_path()
    for candidate in (path, backup_path(path)):
        try:
            return decode_settings(candidate.read_bytes())
        except (OSError, DecodeError):
            continue
    return None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    write_atomically(path or settings_path(), encode_settings(settings))
