"""Packs whose exact bytes have already passed the source policy, remembered in the user's cache.

Judging a pack against the source policy (`source_policy.policy_problems`) is the dearest
check on the way to the first frame. A pack that passed it is remembered by the SHA-256 of
its exact bytes together with the policy's own code: the next start with the same bytes and
the same policy skips that one check. Everything else the loader checks (the schema, the
links, the SVGs) runs every time, and a pack not remembered, changed by one byte, or
checked by another version of the policy is judged afresh.

An entry is a small file named by the digest and holding it; written atomically, it is
refused (and judged afresh) when it holds anything else, and a cache that cannot be read
or written simply is not used.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from viewer.model.storage import APP_DIR_NAME

#: What an entry holds besides its digest: a reader refuses anything not exactly this.
_MAGIC = b"plexus-viewer source policy passed\n"


def user_cache_dir() -> Path:
    """~/.cache/plexus-viewer, %LOCALAPPDATA%\\plexus-viewer\\cache, ~/Library/Caches/plexus-viewer."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_DIR_NAME / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_DIR_NAME
    value = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(value) if os.path.isabs(value) else home / ".cache") / APP_DIR_NAME


def _policy_code() -> bytes:
    """The policy's source: a changed policy judges every pack afresh."""
    from importlib.util import find_spec

    spec = find_spec("viewer.model.source_policy")
    try:
        return Path(spec.origin).read_bytes() if spec and spec.origin else b""
    except OSError:
        return b""


def sha256_hasher():  # type: ignore[no-untyped-def]
    # CPython's own SHA-256: `hashlib` would load OpenSSL, 3.7 MiB and 2 ms on the way to the first frame.
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            from hashlib import sha256
    return sha256()


def digest(data: bytes) -> str:
    """The key of an entry: SHA-256 of the policy's code and the pack's exact bytes."""
    h = sha256_hasher()
    h.update(_policy_code())
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


def _entry(key: str) -> Path:
    return user_cache_dir() / "passed-packs" / key


def has_passed(data: bytes) -> bool:
    """Whether these exact bytes passed the source policy before (a sound entry says so)."""
    key = digest(data)
    try:
        return _entry(key).read_bytes() == _MAGIC + key.encode()
    except OSError:
        return False


def remember_passed(data: bytes) -> None:
    """Record that these exact bytes passed; a cache that cannot be written is left alone."""
    from viewer.model.storage import write_atomically

    key = digest(data)
    with contextlib.suppress(OSError):
        write_atomically(_entry(key), _MAGIC + key.encode(), keep_backup=False)
