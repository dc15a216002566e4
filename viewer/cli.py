"""The command line: the window, and subcommands that work without a display.

Exit codes: 0 success; 1 a pack or file is invalid; 2 a usage error or a name that
resolves to nothing or to several structures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from viewer import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in what the user asked for; the message is shown as one line."""


def _pack_options(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    # On a subcommand the options must not reset what was given before the subcommand.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--data", type=Path, default=default, metavar="FILE", help="the pack's data file (default: the bundled lumbosacral pack)"
    )
    parser.add_argument(
        "--svg", type=Path, default=default, metavar="FILE", help="the pack's schematic SVG (default: the one beside the data file)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plexus-viewer",
        description="Study the lumbosacral plexus: trace any root, nerve or muscle segment by segment.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--select", metavar="NAME", help="open with NAME selected (id, name, Latin name or synonym)")
    _pack_options(parser, sub=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("trace", help="the pathway that selecting NAME lights")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    _pack_options(p)

    p = sub.add_parser("info", help="the facts of NAME, with their sources")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    _pack_options(p)

    p = sub.add_parser("list", help="every structure")
    p.add_argument("--kind", choices=[k.value for k in _kinds()], help="only structures of this kind")
    p.add_argument("--json", action="store_true", help="print JSON")
    _pack_options(p)

    p = sub.add_parser("validate", help="check a pack; exit 0 if clean, else one line per problem and exit 1")
    _pack_options(p)

    p = sub.add_parser("export", help="write the schematic with a selection lit to a PNG file")
    p.add_argument("--select", metavar="NAME", help="the structure to light")
    p.add_argument("--size", default="1920x1080", metavar="WxH", help="image size in pixels (default 1920x1080)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")
    _pack_options(p)

    p = sub.add_parser("bench", help="measure start-up, highlight, memory and tracing against a bare PySide6 window")
    p.add_argument("--quick", action="store_true", help="one run of each, few clicks: a smoke test, not a measurement")
    p.add_argument("--runs", type=int, metavar="N", help="fresh processes per start-up measurement (default 9)")
    _pack_options(p)
    return parser


def _kinds() -> list[Any]:
    from viewer.model.records import Kind

    return list(Kind)


def main(argv: list[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # The plain start, as a desktop launcher makes it, has nothing to parse: building
        # the parser would cost the first paint ~10 ms.
        from viewer.qt.app import run_window

        return run_window(None, None, None)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from viewer.qt.app import run_window

            return run_window(args.select, args.data, args.svg)
        handler = {"trace": _trace, "info": _info, "list": _list, "validate": _validate, "export": _export, "bench": _bench}[args.command]
        return handler(args)
    except UsageError as exc:
        print(f"plexus-viewer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Invalid as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK


class _Invalid(Exception):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines


def _load(args: argparse.Namespace) -> Any:
    from viewer.assets import default_data_path, default_svg_path
    from viewer.model.errors import PackError
    from viewer.model.loader import load_pack

    data = args.data or default_data_path()
    svg = args.svg or (default_svg_path() if args.data is None else None)
    try:
        return load_pack(data, svg)
    except PackError as exc:
        raise _Invalid([str(p) for p in exc.problems]) from None


def resolve_or_fail(pack: Any, name: str) -> str:
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


def _print_json(value: Any) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=2))


def _trace(args: argparse.Namespace) -> int:
    from viewer.model.records import Kind
    from viewer.model.tracing import trace

    pack = _load(args)
    sid = resolve_or_fail(pack, args.name)
    t = trace(pack, sid)
    s = pack.structures[sid]

    def refs(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": pack.structures[i].name} for i in ids]

    record: dict[str, Any] = {
        "selected": {"id": s.id, "name": s.name, "kind": s.kind.value},
        "roots": list(t.lit_segments(pack)),
        "divisions": refs(t.lit_of_kind(pack, Kind.DIVISION)),
        "nerves": refs(t.lit_nerves(pack)),
        "muscles": refs(t.lit_of_kind(pack, Kind.MUSCLE)),
        "skin": refs(t.lit_of_kind(pack, Kind.SKIN)),
    }
    if args.json:
        _print_json(record)
        return EXIT_OK
    print(f"{s.name} ({s.kind.value})")
    print(f"  roots:     {', '.join(record['roots']) or '—'}")
    for key in ("divisions", "nerves", "muscles", "skin"):
        names = [r["name"] for r in record[key]]
        print(f"  {key + ':':<10} {len(names)}")
        for n in names:
            print(f"    {n}")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    from viewer.model.facts import info_record

    pack = _load(args)
    record = info_record(pack, resolve_or_fail(pack, args.name))
    if args.json:
        _print_json(record)
        return EXIT_OK
    print(f"{record['name']} — {record['kind']}{' (inconstant)' if record['inconstant'] else ''}")
    if record["latin"]:
        print(f"  Latin: {record['latin']}")
    if record["synonyms"]:
        print(f"  Also called: {', '.join(record['synonyms'])}")
    print(f"  Segments: {', '.join(record['roots'])}")
    if record["nerves"]:
        print(f"  Nerves: {', '.join(n['name'] for n in record['nerves'])}")
    if record["supplies"]:
        print(f"  Supplies: {', '.join(m['name'] for m in record['supplies'])}")
    keys = [s["key"] for s in record["sources"]]
    for fact in record["facts"]:
        marks = "".join(f"[{keys.index(k) + 1}]" for k in fact["sources"])
        print(f"  {fact['title']}: {fact['text']} {marks}")
    for dispute in record["disputes"]:
        print(f"  Disputed ({dispute['field']}):")
        for alt in dispute["values"]:
            print(f"    {alt['value']} — {'; '.join(s['title'] for s in alt['sources'])}")
    print("  Sources:")
    for n, src in enumerate(record["sources"], 1):
        print(f"    [{n}] {src['title']}" + (f" <{src['url']}>" if src["url"] else ""))
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    pack = _load(args)
    rows = [
        {"id": s.id, "name": s.name, "kind": s.kind.value}
        for s in pack.structures.values()
        if args.kind is None or s.kind.value == args.kind
    ]
    if args.json:
        _print_json(rows)
    else:
        width = max((len(r["id"]) for r in rows), default=0)
        for r in rows:
            print(f"{r['id']:<{width}}  {r['kind']:<8}  {r['name']}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    pack = _load(args)
    print(f"{pack.data_path}: ok — {len(pack.structures)} structures, {len(pack.links)} connections, schematic {pack.svg_path.name}")
    return EXIT_OK


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (16 <= w <= 16384 and 16 <= h <= 16384):
        raise UsageError(f"--size {text!r}: each side must be 16 to 16384 pixels")
    return w, h


def _export(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    if args.output.suffix.lower() != ".png":
        raise UsageError(f"{args.output}: only .png is written so far")
    pack = _load(args)
    sid = resolve_or_fail(pack, args.select) if args.select else None
    from viewer.qt.export import export_png

    try:
        export_png(pack, sid, size, args.output)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    print(f"{args.output}: {size[0]}×{size[1]} PNG" + (f", {pack.structures[sid].name} lit" if sid else ""))
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    pack = _load(args)  # an invalid pack is reported like any other command's
    from viewer.bench import run

    return run(pack.data_path, pack.svg_path, quick=args.quick, runs=args.runs)
