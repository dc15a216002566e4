"""What the command line and the window both answer with: exit statuses, and a name resolved or refused.

Scripts can rely on the statuses: 0 done, 1 an invalid pack or data file, 2 a mistake in
what was asked (an unknown or ambiguous name, a bad option), 3 no window could open, 70 an
internal error (a bug, not the user's input: one line names the log with the details).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from viewer.assets import PackFiles
    from viewer.model.pack import Pack

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
#: The window cannot start (no display, a broken Qt platform plugin, a crash while opening).
EXIT_NO_WINDOW = 3
#: A bug, not the user's input (EX_SOFTWARE in sysexits.h); one line names the log with the details.
EXIT_INTERNAL = 70


class UsageError(Exception):
    """A mistake in what the user asked for; the message is shown as one line."""


def resolve_or_fail(pack: Pack, name: str) -> str:
    """The id `name` names, or a UsageError offering candidates."""
    from viewer.model.names import NameIndex

    found = NameIndex(pack).resolve(name)
    if found.match:
        return found.match
    shown = ", ".join(f"{pack.structures[c].name} ({c})" for c in found.candidates)
    if found.ambiguous:
        raise UsageError(f"{name!r} is ambiguous; did you mean: {shown}?")
    if shown:
        raise UsageError(f"no structure called {name!r}; did you mean: {shown}?")
    raise UsageError(f"no structure called {name!r}; `plexus-viewer list` shows every name")


def bundled_pack_or_fail(name: str) -> PackFiles:
    """The bundled pack called `name`, or a UsageError naming the packs there are."""
    from viewer.assets import UnknownPack, bundled_pack

    try:
        return bundled_pack(name)
    except UnknownPack as exc:
        raise UsageError(str(exc)) from None
