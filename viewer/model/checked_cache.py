"""What was made from a file's exact bytes, remembered in the user's cache: checked files and what is drawn from them.

The SVG safety check reads every element and writes a clean copy for the renderer; the
label layer then reads that copy three times more (the drawing without its text, the
smallest text size, the labels it may show); the loader checks the data file's text, its
rules and its sources. For the bundled pack that is about 25 ms of the way to the first
frame, and for a pack ten times its size about 200 ms. Each result is kept under a key made of
the BLAKE2b digest of the exact input bytes, the code that made it and the viewer's version: the
next start with the same bytes reads the result instead of making it again. Bytes not seen
before, changed by one byte, or met by a changed check are checked afresh, and a file the
check refuses is never remembered (it is refused again, with its line, on every start).

An entry is a file named by its key, written in one step (a rename), private to the user: a magic line, the key, the digest
of the payload, then the payload. Past `MAX_ENTRIES` or `MAX_BYTES` the entries least
recently used are removed. An entry that holds anything else (cut short, bit rot,
another key) is refused and the result made again; a cache that cannot be read or written
is not used. The cache guards against a damaged file, not against someone who can write the
user's own files (who could as well change the pack or the viewer itself).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from viewer.model.passed_cache import sha256_hasher, user_cache_dir

#: The first line of every entry: a reader refuses a file that does not start with it.
_MAGIC = b"plexus-viewer checked\n"
#: The folder under the user's cache folder.
FOLDER = "checked"
#: The most entries and bytes kept: a lecturer editing a pack leaves an entry per version,
#: and the least recently used go first (the bundled packs need 9 entries, ~0.8 MB).
MAX_ENTRIES = 200
MAX_BYTES = 64 * 1024 * 1024


@lru_cache(maxsize=16)
def _code(makers: str | tuple[str, ...]) -> bytes:
    """The source of the modules that make a result, with the viewer's version: a changed maker remakes every entry."""
    from importlib.util import find_spec

    from viewer import __version__

    sources = [__version__.encode()]
    for module in (makers,) if isinstance(makers, str) else makers:
        spec = find_spec(module)
        try:
            sources.append(Path(spec.origin).read_bytes() if spec and spec.origin else b"")
        except OSError:
            sources.append(b"")
    return b"\0".join(sources)


def _hash(data: bytes) -> str:
    """BLAKE2b of `data` (CPython's own, as strong as SHA-256 and about twice as fast here; no OpenSSL to load)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        h = sha256_hasher()
        h.update(data)
        return str(h.hexdigest())
    return str(blake2b(data, digest_size=32).hexdigest())


@lru_cache(maxsize=8)
def _data_digest(data: bytes) -> str:
    # One digest per input, however many results are made from it (bytes keep their hash, so
    # finding it again costs one comparison).
    return _hash(data)


def digest_of(data: bytes) -> str:
    """The digest of `data` (remembered for the last few inputs): to key a result made from it and more."""
    return _data_digest(data)


def key(kind: str, maker: str | tuple[str, ...], data: bytes) -> str:
    """The key of the result `kind` made by module `maker` (or modules) from `data`."""
    return _hash(kind.encode() + b"\0" + _code(maker) + b"\0" + _data_digest(data).encode())


def entry_path(entry_key: str) -> Path:
    return user_cache_dir() / FOLDER / entry_key


def recall(kind: str, maker: str | tuple[str, ...], data: bytes) -> bytes | None:
    """The payload remembered for `data`, or None when there is no sound entry."""
    entry_key = key(kind, maker, data)
    path = entry_path(entry_key)
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    head = _MAGIC + entry_key.encode() + b"\n"
    if not stored.startswith(head):
        return None
    digest, newline, payload = stored[len(head) :].partition(b"\n")
    if not newline or digest != _hash(payload).encode():
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to go when the cache is pruned
    return payload


def remember(kind: str, maker: str | tuple[str, ...], data: bytes, payload: bytes) -> None:
    """Keep `payload` as the result `kind` of `data`; a cache that cannot be written is left alone."""
    entry_key = key(kind, maker, data)
    entry = _MAGIC + entry_key.encode() + b"\n" + _hash(payload).encode() + b"\n" + payload
    with contextlib.suppress(OSError):
        _write(entry_path(entry_key), entry)
        prune(entry_path(entry_key).parent)


def _write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (a rename), readable by the user alone.

    Not forced to the disk, as settings are (that cost ~3 ms an entry, seven entries on a
    pack's first start): an entry a crash leaves cut short or empty is refused when read, and
    made again.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()  # what a failed write left (after a rename there is nothing)


def prune(folder: Path) -> None:
    """Remove the least recently used entries of `folder` past `MAX_ENTRIES` or `MAX_BYTES`."""
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            stat = path.stat()
            entries.append((stat.st_mtime_ns, stat.st_size, path))
    entries.sort(reverse=True)  # the most recently used first
    kept = total = 0
    for _used, size, path in entries:
        kept, total = kept + 1, total + size
        if kept > MAX_ENTRIES or total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()


def made_from(kind: str, maker: str | tuple[str, ...], data: bytes, make: Callable[[bytes], bytes]) -> bytes:
    """The result `kind` of `data`: remembered, or made by `make` and remembered."""
    payload = recall(kind, maker, data)
    if payload is None:
        payload = make(data)
        remember(kind, maker, data, payload)
    return payload
