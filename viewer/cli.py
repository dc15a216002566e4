"""The command line: the window, and subcommands that work without a display.

Exit codes: 0 success; 1 a pack or file is invalid; 2 a usage error or a name that
resolves to nothing or to several structures; 70 an internal error (a bug: one line
names the log file that holds the details).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from viewer import __version__
from viewer.exit_status import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, resolve_or_fail

__all__ = ["EXIT_INTERNAL", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main", "resolve_or_fail"]


def _pack_options(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    # On a subcommand the options must not reset what was given before the subcommand.
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--pack",
        default=default,
        metavar="NAME",
        help="a bundled pack by name, e.g. lumbosacral or brachial (`plexus-viewer packs` lists them; default: lumbosacral"
        + ("" if sub else "; the window opens the pack it showed last")
        + ")",
    )
    parser.add_argument(
        "--data", type=Path, default=default, metavar="FILE", help="the pack's data file, instead of a bundled pack (FILE.json)"
    )
    parser.add_argument(
        "--svg", type=Path, default=default, metavar="FILE", help="the pack's schematic SVG (default: the one beside the data file)"
    )
    parser.add_argument(
        "--skin-svg",
        type=Path,
        default=default,
        metavar="FILE",
        help="the pack's skin map SVG (default: <schematic>-skin.svg beside the schematic, if there is one)",
    )


EPILOG = """\
examples:
  plexus-viewer                               open the window
  plexus-viewer --select "gluteus medius"     open with gluteus medius traced
  plexus-viewer --pack brachial               open the bundled brachial plexus pack
  plexus-viewer --data my.json --svg my.svg   open a pack of your own
  plexus-viewer packs                         the bundled packs, with their titles
  plexus-viewer trace L4                      what selecting L4 lights, as text
  plexus-viewer info "peroneal nerve" --json  the facts of a structure, with sources
  plexus-viewer list --kind muscle            every muscle
  plexus-viewer validate --data my.json       check a pack before sharing it
  plexus-viewer export --select L4 -o l4.pdf  the schematic with L4 lit (.png, .svg, .pdf)

NAME is an id, an English or Latin name or a synonym, in any case ("peroneal" finds
the fibular nerves). Exit status: 0 success, 1 an invalid pack or file, 2 a usage error
or a name that matches nothing or several structures, 70 an internal error (the message
names a log file with the details).
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plexus-viewer",
        description=(
            "Plexus Viewer: study a nerve plexus, from a bundled pack (the lumbosacral plexus by\n"
            "default; `plexus-viewer packs` lists the others) or one of your own. Click a root,\n"
            "nerve or muscle and its pathway lights up segment by segment, with sourced facts\n"
            "beside it. Without a COMMAND the window opens; the commands print or write files\n"
            "and need no display."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--select", metavar="NAME", help="open with NAME selected (id, name, Latin name or synonym)")
    parser.add_argument("--present", action="store_true", help="start in presentation mode (full screen; F5 or Escape leaves)")
    parser.add_argument("--screen", type=int, metavar="N", help="the screen presentation mode fills (0 is the first; implies --present)")
    parser.add_argument("--lesson", type=Path, metavar="FILE", help="open a lesson: one structure per line, optional '| caption'")
    _pack_options(parser, sub=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("packs", help="the bundled packs: name, title and number of structures")
    p.add_argument("--json", action="store_true", help='print JSON: [{"id", "title", "structures"}]')

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

    p = sub.add_parser("lesion", help="what a lesion of NAME (root, trunk, nerve or named site) paralyses, weakens and numbs")
    p.add_argument("name", metavar="NAME", nargs="?", help="a root, trunk or nerve, or a lesion site (see --list)")
    p.add_argument("--list", action="store_true", help="list the named lesion sites")
    p.add_argument("--json", action="store_true", help="print JSON")
    _pack_options(p)

    p = sub.add_parser("validate", help="check a pack; exit 0 if clean, else one line per problem and exit 1")
    _pack_options(p)

    p = sub.add_parser(
        "export",
        help="write the schematic with a selection lit to a PNG, SVG or PDF file",
        description="Write the whole schematic, with NAME's pathway lit, to FILE; the suffix (.png, .svg or .pdf) picks the format.",
        epilog="example: plexus-viewer export --select L4 --theme dark --size 3840x2160 -o l4.png",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--select", metavar="NAME", help="the structure to light")
    p.add_argument(
        "--size",
        default="1920x1080",
        metavar="WxH",
        help="PNG: the image size in pixels; SVG and PDF: the box the drawing is fitted into (default 1920x1080)",
    )
    p.add_argument("--present", action="store_true", help="the presentation look: framed pathway, large labels, caption bar (PNG)")
    p.add_argument("--step", type=int, metavar="K", help="with --present: reveal the pathway up to hop K (0 = the roots)")
    p.add_argument(
        "--theme",
        choices=list(EXPORT_THEMES),
        help="colours (default light, best for print); with --present, dark or light high contrast (default: the setting)",
    )
    p.add_argument("--palette", choices=list(_palettes()), default="okabe-ito", help="root colours (default okabe-ito)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.pdf")
    _pack_options(p)

    p = sub.add_parser(
        "worksheet",
        help="write the schematic with numbered blank labels and its answer key (PDF: 2 pages; PNG: FILE.png and FILE-key.png)",
    )
    p.add_argument("--select", metavar="NAME", help="number only what tracing NAME lights, and show that part of the diagram")
    p.add_argument("--number", choices=["nerves", "muscles", "all"], default="nerves", help="what gets numbers (default: nerves)")
    p.add_argument("--page", choices=["a4", "a3", "letter"], default="a4", help="PDF page size (default: a4)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.png")
    _pack_options(p)

    p = sub.add_parser("bench", help="measure start-up, clicks, zoom and pan frames, memory and tracing against their floors")
    p.add_argument("--quick", action="store_true", help="one run of each, few clicks: a smoke test, not a measurement")
    p.add_argument("--runs", type=int, metavar="N", help="fresh processes per start-up measurement (default 9)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object instead of the table")
    p.add_argument(
        "--scale",
        type=_scale_factors,
        metavar="N,N,…",
        help="factors of the generated packs to measure, 1 first (default 1,3,10; 1,3 with --quick; 'none' for none)",
    )
    _pack_options(p)
    return parser


def _scale_factors(text: str) -> tuple[int, ...]:
    if text.strip().lower() == "none":
        return ()
    try:
        factors = tuple(int(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected whole numbers separated by commas, e.g. 1,3,10") from None
    if not factors or any(not 1 <= f <= 15 for f in factors):
        raise argparse.ArgumentTypeError(f"{text!r}: each factor must be 1 to 15 (a data file holds at most 8 MiB)")
    return factors


EXPORT_THEMES = {"light": "light", "dark": "dark", "high-contrast": "high-contrast-dark", "high-contrast-light": "high-contrast-light"}


def _palettes() -> list[str]:
    from viewer.palette import PALETTES

    return list(PALETTES)


def _kinds() -> list[Any]:
    from viewer.model.records import Kind

    return list(Kind)


def main(argv: list[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # The plain start, as a desktop launcher makes it, has nothing to parse: building
        # the parser would cost the first paint ~10 ms.
        with _collector_paused():
            from viewer.qt.shell.application import run_window

            return run_window(None, None, None)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            with _collector_paused():
                from viewer.qt.shell.application import run_window

                _pack_files(args)  # --pack with --data, or a pack there is not, is a usage error before Qt starts
                return run_window(
                    args.select,
                    args.data,
                    args.svg,
                    args.skin_svg,
                    present=args.present,
                    screen=args.screen,
                    lesson=args.lesson,
                    pack=args.pack,
                )
        handler = {
            "packs": _packs,
            "trace": _trace,
            "info": _info,
            "list": _list,
            "validate": _validate,
            "export": _export,
            "lesion": _lesion,
            "worksheet": _worksheet,
            "bench": _bench,
        }[args.command]
        return handler(args)
    except UsageError as exc:
        _say(f"plexus-viewer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _Invalid as exc:
        for line in exc.lines:
            _say(line, file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, the details in a log file, a status of its own
        return report_internal_error(exc)


def report_internal_error(exc: BaseException) -> int:
    """Say in one line on stderr that `exc` happened and where its traceback was logged; return EXIT_INTERNAL."""
    from viewer.crash import internal_error_line, write_log

    print(internal_error_line(exc, write_log(exc)), file=sys.stderr)
    return EXIT_INTERNAL


def _say(text: object = "", *, file: Any = None) -> None:
    """Print one line of output, with anything a terminal would obey written as an escape.

    Every line the commands print passes through here: names, facts and messages come
    from pack files, and a pack must not be able to steer the terminal it is shown on.
    """
    from viewer.model.text import printable

    print(printable(str(text)), file=file or sys.stdout)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while the window opens (it resumes at the first frame, or on leaving).

    Opening the window allocates many long-lived objects (Qt's enums among them) and
    frees almost nothing; the collections they would trigger cost the start ~3%.
    """
    import gc

    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Invalid(Exception):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines


def _pack_files(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    """The data file, schematic and skin map the options name: --pack's bundled files, or --data/--svg/--skin-svg.

    (None, None, None) when neither is given: the caller's default pack.
    """
    name = getattr(args, "pack", None)
    data, svg, skin_svg = getattr(args, "data", None), getattr(args, "svg", None), getattr(args, "skin_svg", None)
    if name is None:
        return data, svg, skin_svg
    given = [option for option, value in (("--data", data), ("--svg", svg), ("--skin-svg", skin_svg)) if value is not None]
    if given:
        raise UsageError(f"--pack names a bundled pack and {' and '.join(given)} a pack's files: give one or the other")
    from viewer.exit_status import bundled_pack_or_fail

    found = bundled_pack_or_fail(name)
    return found.data_path, found.svg_path, found.skin_svg_path


def _load(args: argparse.Namespace) -> Any:
    from viewer.assets import default_data_path, default_svg_path
    from viewer.model.errors import PackError
    from viewer.model.loader import load_pack

    data, svg, skin_svg = _pack_files(args)
    svg = svg or (default_svg_path() if data is None else None)
    data = data or default_data_path()
    try:
        return load_pack(data, svg, skin_svg)
    except PackError as exc:
        raise _Invalid([str(p) for p in exc.problems]) from None


def _packs(args: argparse.Namespace) -> int:
    from viewer.assets import DEFAULT_PACK, bundled_packs

    packs = bundled_packs()
    if args.json:
        _print_json([{"id": p.id, "title": p.title, "structures": p.structures} for p in packs])
        return EXIT_OK
    width = max((len(p.id) for p in packs), default=0)
    title_width = max((len(p.title) for p in packs), default=0)
    for p in packs:
        default = "  (default)" if p.id == DEFAULT_PACK else ""
        _say(f"{p.id:<{width}}  {p.title:<{title_width}}  {p.structures:>4} structures{default}")
    _say("Open one with --pack NAME, in the window or with any command.")
    return EXIT_OK


def _print_json(value: Any) -> None:
    import json

    from viewer.model.text import printable_json

    # JSON escapes C0 controls itself, not DEL, C1 controls, separators or bidi overrides.
    print(printable_json(json.dumps(value, ensure_ascii=False, indent=2)))


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
        "skin": refs(t.lit_of_kind(pack, Kind.DERMATOME) + t.lit_of_kind(pack, Kind.SKIN)),
    }
    if args.json:
        _print_json(record)
        return EXIT_OK
    _say(f"{s.name} ({s.kind.value})")
    _say(f"  roots:     {', '.join(record['roots']) or '—'}")
    for key in ("divisions", "nerves", "muscles", "skin"):
        names = [r["name"] for r in record[key]]
        _say(f"  {key + ':':<10} {len(names)}")
        for n in names:
            _say(f"    {n}")
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    from viewer.model.facts import info_record

    pack = _load(args)
    record = info_record(pack, resolve_or_fail(pack, args.name))
    if args.json:
        _print_json(record)
        return EXIT_OK
    _say(f"{record['name']} — {record['kind']}{' (inconstant)' if record['inconstant'] else ''}")
    if record["latin"]:
        _say(f"  Latin: {record['latin']}")
    if record["synonyms"]:
        _say(f"  Also called: {', '.join(record['synonyms'])}")
    _say(f"  Segments: {', '.join(record['roots'])}")
    if record["nerves"]:
        _say(f"  Nerves: {', '.join(n['name'] for n in record['nerves'])}")
    if record["supplies"]:
        _say(f"  Supplies: {', '.join(m['name'] for m in record['supplies'])}")
    keys = [s["key"] for s in record["sources"]]
    for fact in record["facts"]:
        marks = "".join(f"[{keys.index(k) + 1}]" for k in fact["sources"])
        _say(f"  {fact['title']}: {fact['text']} {marks}")
    for dispute in record["disputes"]:
        _say(f"  Disputed ({dispute['field']}):")
        for alt in dispute["values"]:
            _say(f"    {alt['value']} — {'; '.join(s['title'] for s in alt['sources'])}")
    _say("  Sources:")
    for n, src in enumerate(record["sources"], 1):
        _say(f"    [{n}] {src['title']}" + (f" <{src['url']}>" if src["url"] else ""))
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
            _say(f"{r['id']:<{width}}  {r['kind']:<8}  {r['name']}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    pack = _load(args)
    skin = f", skin map {pack.skin_svg_path.name}" if pack.skin_svg_path else ""
    _say(f"{pack.data_path}: ok — {len(pack.structures)} structures, {len(pack.links)} connections, schematic {pack.svg_path.name}{skin}")
    book = _load_lesions(pack)
    if book.path is not None:
        _say(f"{book.path}: ok — {len(book.sites)} lesion sites, {len(book.reflexes)} reflexes, {len(book.cases)} localisation cases")
    return EXIT_OK


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (16 <= w <= 16384 and 16 <= h <= 16384):
        raise UsageError(f"--size {text!r}: each side must be 16 to 16384 pixels")
    return w, h


EXPORT_SUFFIXES = (".png", ".svg", ".pdf")


def _export(args: argparse.Namespace) -> int:
    size = parse_size(args.size)
    suffix = args.output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UsageError(f"{args.output}: the name must end in .png, .svg or .pdf")
    if args.step is not None and not args.present:
        raise UsageError("--step goes with --present")
    if args.present:
        if suffix != ".png":
            raise UsageError(f"{args.output}: the presentation look is written as .png")
        if args.theme not in (None, "dark", "light"):
            raise UsageError(f"--theme {args.theme}: with --present, dark or light (both high contrast)")
        return _export_present(args, size)
    pack = _load(args)
    sid = resolve_or_fail(pack, args.select) if args.select else None
    from viewer.palette import PALETTES
    from viewer.qt.output.export import export_file
    from viewer.themes import THEMES

    try:
        export_file(pack, sid, size, args.output, THEMES[EXPORT_THEMES[args.theme or "light"]], PALETTES[args.palette])
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    what = f"{size[0]}×{size[1]} PNG" if suffix == ".png" else f"{suffix[1:].upper()} drawing"
    _say(f"{args.output}: {what}" + (f", {pack.structures[sid].name} lit" if sid else ""))
    return EXIT_OK


def _load_lesions(pack: Any) -> Any:
    from viewer.model.errors import PackError
    from viewer.model.lesion import load_lesions

    try:
        return load_lesions(pack)
    except PackError as exc:
        raise _Invalid([str(p) for p in exc.problems]) from None


def resolve_lesion_or_fail(pack: Any, book: Any, name: str) -> str:
    """The lesion id `name` names (a site or a root, trunk or nerve), or a UsageError."""
    from viewer.model.lesion import lesion_name, resolve_lesion

    found = resolve_lesion(pack, book, name)
    if found.match:
        return str(found.match)
    if found.not_lesionable:
        s = pack.structures[found.not_lesionable]
        raise UsageError(
            f"{s.name} is a {s.kind.value}; a lesion is of a root, trunk or nerve (`plexus-viewer lesion --list` shows named sites)"
        )
    shown = ", ".join(f"{lesion_name(pack, book, c)} ({c})" for c in found.candidates)
    if found.ambiguous:
        raise UsageError(f"{name!r} is ambiguous; did you mean: {shown}?")
    if shown:
        raise UsageError(f"no lesion site or nerve called {name!r}; did you mean: {shown}?")
    raise UsageError(f"no lesion site or nerve called {name!r}; `plexus-viewer lesion --list` shows the named sites")


def _lesion(args: argparse.Namespace) -> int:
    from viewer.model.lesion import lesion_report, simulate

    pack = _load(args)
    book = _load_lesions(pack)
    if args.list:
        rows = [{"id": s.id, "name": s.name, "nerve": s.nerve, "level": s.level} for s in book.sites.values()]
        if args.json:
            _print_json(rows)
        else:
            width = max((len(r["id"]) for r in rows), default=0)
            for r in rows:
                _say(f"{r['id']:<{width}}  {r['name']}")
            _say(f"Any root ({pack.segments[len(pack.segments) // 2]}), trunk or nerve can also be lesioned by name.")
        return EXIT_OK
    if not args.name:
        raise UsageError("lesion: give a NAME (a root, trunk, nerve or site) or --list")
    lesion_id = resolve_lesion_or_fail(pack, book, args.name)
    report = lesion_report(pack, book, simulate(pack, book, lesion_id))
    if args.json:
        _print_json(report.as_json())
        return EXIT_OK
    result = report.lesion
    _say(f"Lesion: {result.name}" + (f" — {report.level}" if report.level else ""))
    if report.spares:
        _say(f"  Given off above the level (spared): {', '.join(s.name for s in report.spares)}")
    effects = report.result
    for rows, title in (
        (effects.paralysed, "Paralysed"),
        (effects.weak, "Weak"),
        (effects.numb, "Numb"),
        (effects.reduced_sensation, "Reduced sensation"),
    ):
        _say(f"  {title}: {len(rows) or 'none'}")
        for e in rows:
            severe = " (severe)" if e.severe else ""
            _say(f"    {e.name}{severe} ({e.loss_text})" + (f" — {e.caveat}" if e.caveat else ""))
    if effects.possibly_affected:
        _say(f"  Unaffected as drawn, but: {len(effects.possibly_affected)}")
        for e in effects.possibly_affected:
            _say(f"    {e.name} — {e.caveat}")
    _say("  Reflexes:" + ("" if report.reflexes else " none affected"))
    for r in report.reflexes:
        _say(f"    {r.name} ({r.span}): {r.change}")
    for v in report.variable:
        _say(f"  Variable: {v.name} — {v.note}")
    if report.description:
        _say(f"  {report.description}")
    if report.sources:
        _say("  Sources:")
        for n, src in enumerate(report.sources, 1):
            _say(f"    [{n}] {src.title}" + (f" <{src.url}>" if src.url else ""))
    return EXIT_OK


def _worksheet(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".pdf", ".png"):
        raise UsageError(f"{args.output}: a worksheet is written as .pdf or .png")
    if not args.output.parent.is_dir():
        raise UsageError(f"{args.output}: the folder {args.output.parent} does not exist")
    pack = _load(args)
    sid = resolve_or_fail(pack, args.select) if args.select else None
    from viewer.model.worksheet import Numbering
    from viewer.qt.output.worksheet import export_worksheet

    try:
        sheet, written = export_worksheet(pack, args.output, select=sid, numbering=Numbering(args.number), page=args.page)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    if not sheet.entries:
        _say(f"plexus-viewer: note: nothing of kind {args.number!r} is lit by {args.select!r}; the sheet has no numbers", file=sys.stderr)
    files = " and ".join(str(p) for p in written)
    _say(f"{files}: worksheet with {len(sheet.entries)} numbered structures and its answer key")
    return EXIT_OK


def _export_present(args: argparse.Namespace, size: tuple[int, int]) -> int:
    """`export --present`: the presentation look, as the hall sees it, at hop --step."""
    if args.step is not None and args.step < 0:
        raise UsageError(f"--step {args.step}: steps count hops from the roots, 0 and up")
    pack = _load(args)
    sid = resolve_or_fail(pack, args.select) if args.select else None
    theme = args.theme
    if theme is None:
        from viewer.model.settings import load_settings

        theme = load_settings()[0].present_theme.value
    from viewer.qt.output.slides import export_presentation_png

    try:
        export_presentation_png(pack, sid, size, args.output, step=args.step, theme=theme)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
    what = f", {pack.structures[sid].name} lit" + (f" to hop {args.step}" if args.step is not None else "") if sid else ""
    _say(f"{args.output}: {size[0]}×{size[1]} PNG, presentation look ({theme}){what}")
    return EXIT_OK


def _bench(args: argparse.Namespace) -> int:
    pack = _load(args)  # an invalid pack is reported like any other command's
    from viewer.bench import run

    return run(pack.data_path, pack.svg_path, quick=args.quick, runs=args.runs, as_json=args.json, scale=args.scale)
