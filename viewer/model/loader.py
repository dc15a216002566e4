"""Loading and validating a pack: the data file and the schematic SVG together.

Every problem names the file and the line (or the SVG element id) and says why; all
problems found are reported at once so an author can fix a pack in one pass.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from viewer.model import checked_cache
from viewer.model.errors import PackError, Problem, line_locator
from viewer.model.pack import Link, Pack
from viewer.model.passed_cache import has_passed, remember_passed
from viewer.model.records import FORMAT, NERVE_KINDS, TARGET_KINDS, Kind, PackFile, Structure
from viewer.model.svgids import CheckedSvg, read_svg
from viewer.model.text import lone_surrogate_escape, lone_surrogate_reason

if TYPE_CHECKING:
    pass

MAX_DATA_BYTES = 8 * 1024 * 1024
#: Deeper JSON than this is refused (the format itself is at most six levels deep).
MAX_JSON_DEPTH = 64
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
#: SVG ids with these prefixes are decoration (layers, legend, titles), not structures.
DECORATION_PREFIXES = ("layer-", "deco-", "legend-")
#: Fact fields a pack may use, in the order the fact panel shows them.
FACT_FIELDS = (
    "origin",
    "division",
    "course",
    "exit",
    "branches",
    "motor",
    "sensory",
    "territory",
    "nerve",
    "attachments",
    "action",
    "test",
    "reflex",
    "key_muscle",
    "dermatome",
    "key_sensory_point",
    "dermatome_overlap",
    "reaches",
    "clinical",
)
DISPUTE_FIELDS = ("segments", "nerve", "latin", "course", "territory", "action", "prevalence", "reflex")
#: How many independent sources a nerve's root value needs.
MIN_ROOT_SOURCES = 2
#: Whether validation also applies the source policy (docs/sources.md): no never-cited
#: source, an authoritative source for every root value, segmental supply and clinical
#: fact, one key per URL, canonical URLs. On only while the bundled pack passes it.
ENFORCE_SOURCE_POLICY = True


def load_pack(data_path: Path, svg_path: Path | None = None, skin_svg_path: Path | None = None) -> Pack:
    """Load and validate a pack, data file, schematic and skin map; raise PackError listing every problem.

    The schematic defaults to the one beside the data file (`svg/<stem>.svg`), the skin map
    to the one beside the schematic (`<schematic stem>-skin.svg`), if that file exists.
    """
    pack = load_data(data_path, svg_path, skin_svg_path)
    if svg_path is None:
        _check_inside(pack.svg_path, Path(data_path).parent, "the pack's folder", "name the schematic with --svg")
    if skin_svg_path is None and pack.skin_svg_path is not None:
        # Found beside the schematic: it must lie in the schematic's folder (the pack's
        # `svg/`, or the folder of a schematic named with --svg).
        if svg_path is None:
            _check_inside(pack.skin_svg_path, Path(data_path).parent, "the pack's folder", "name the skin map with --skin-svg")
        else:
            _check_inside(pack.skin_svg_path, pack.svg_path.parent, "the schematic's folder", "name the skin map with --skin-svg")
    checked = read_svg(pack.svg_path)  # raises PackError for unreadable or hostile files
    problems = list(_check_svg(pack, checked.ids))
    skin_problems, skin = _check_skin_svg(pack)
    problems += skin_problems
    if problems:
        raise PackError(problems)
    return dataclasses.replace(pack, svg_data=checked.data, skin_svg_data=skin.data if skin else b"")


def _check_inside(path: Path, folder: Path, where: str, advice: str) -> None:
    """A file found by its place (not named by the user) must lie in `folder`: a shared pack
    whose `svg/` holds a link to a file elsewhere is refused before that file is read."""
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        inside = False
    if not inside:
        raise PackError([Problem(path, f"is a link to a file outside {where}; {advice}")])


def load_data(data_path: Path, svg_path: Path | None = None, skin_svg_path: Path | None = None) -> Pack:
    """Load and validate the data file alone (neither SVG is read)."""
    data_path = Path(data_path)
    data = read_json_bytes(data_path)
    verdict = _verdict_kind()
    if checked_cache.recall(verdict, _VERDICT_MAKERS, data) == _PASSED:
        # These exact bytes passed every check below before, under this code (see
        # checked_cache): only the typed decode, which cannot fail on them, runs again.
        record = msgspec.json.decode(data, type=PackFile)
    else:
        record = _checked_record(data_path, data)
        checked_cache.remember(verdict, _VERDICT_MAKERS, data, _PASSED)
    svg = Path(svg_path) if svg_path else default_svg_for(data_path)
    if skin_svg_path:
        skin: Path | None = Path(skin_svg_path)
    else:
        beside = default_skin_svg_for(svg)
        skin = beside if beside.exists() else None
    return _build(record, data_path, svg, skin)


#: The modules whose code decides whether a data file passes (see `load_data`).
_VERDICT_MAKERS = ("viewer.model.loader", "viewer.model.records", "viewer.model.text", "viewer.model.source_policy")
_PASSED = b"passed"


def _verdict_kind() -> str:
    """The name of the remembered verdict: a pack that passed without the source policy has not passed with it."""
    return f"pack passed, source policy {'enforced' if ENFORCE_SOURCE_POLICY else 'off'}"


def _checked_record(data_path: Path, data: bytes) -> PackFile:
    """Every check of a data file's bytes: text, schema, the rules, the source policy; raise PackError naming the place."""
    text = checked_text(data_path, data)
    try:
        # The fast path: one typed decode in C. The schema is shallow and closed, so deep
        # nesting and unknown keys fail here at once; the slow path below explains why.
        record = msgspec.json.decode(data, type=PackFile)
    except (msgspec.DecodeError, msgspec.ValidationError):
        record = _explain(data_path, text)

    problems = list(_check_data(record, data_path, text))
    if not problems and ENFORCE_SOURCE_POLICY and not has_passed(data):
        # The source policy is judged on a pack that is otherwise sound: its notes would
        # only bury the errors that stop a broken pack from loading at all. Bytes that
        # passed it before (see passed_cache) are not judged again.
        from viewer.model.source_policy import policy_problems

        problems = list(policy_problems(record, data_path, text))
        if not problems:
            remember_passed(data)
    if problems:
        raise PackError(problems)
    return record


def _explain(data_path: Path, text: str) -> PackFile:
    """Find the line and reason of a data file the fast decode refused; raise PackError."""
    raw = parse_json(data_path, text)
    require_object(data_path, text, raw)
    try:
        return msgspec.convert(raw, PackFile)
    except msgspec.ValidationError as exc:
        try:
            problem = schema_problem(data_path, text, str(exc))
        except RecursionError:
            problem = _too_deep(data_path, text)
        raise PackError([problem]) from None


_JSON_SPECIAL = re.compile(r'[\[\]{}"\\]')


def _too_deep(path: Path, text: str, scan_limit: int = 1_000_000) -> Problem:
    """A problem for JSON nested beyond MAX_JSON_DEPTH, at the line where it first goes deeper."""
    depth = 0
    in_string = False
    escaped_at = -1  # the offset of a character a backslash escapes
    for n, match in enumerate(_JSON_SPECIAL.finditer(text)):
        if n > scan_limit:
            break
        char = match.group()
        if in_string:
            if match.start() == escaped_at:
                continue
            if char == "\\":
                escaped_at = match.end()
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return Problem(path, f"nested more than {MAX_JSON_DEPTH} deep", line=text.count("\n", 0, match.start()) + 1)
        elif char in "]}":
            depth -= 1
    return Problem(path, f"nested more than {MAX_JSON_DEPTH} deep")


def default_svg_for(data_path: Path) -> Path:
    """The schematic that sits beside a data file: `svg/<stem>.svg`."""
    return data_path.parent / "svg" / f"{data_path.stem}.svg"


def default_skin_svg_for(svg_path: Path) -> Path:
    """The skin map that sits beside a schematic: `<stem>-skin.svg` in the same folder."""
    return svg_path.with_name(f"{svg_path.stem}-skin.svg")


def read_json_text(path: Path) -> tuple[bytes, str]:
    """A JSON file's bytes and its text, checked as text (see `read_json_bytes`, `checked_text`)."""
    data = read_json_bytes(path)
    return data, checked_text(path, data)


def read_json_bytes(path: Path) -> bytes:
    """A JSON file's bytes, refused when missing, unreadable or too large."""
    try:
        size = path.stat().st_size
        if size > MAX_DATA_BYTES:
            raise PackError([Problem(path, f"file is {size} bytes; a data file may be at most {MAX_DATA_BYTES}")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise PackError([Problem(path, "no such file")]) from None
    except IsADirectoryError:
        raise PackError([Problem(path, "is a folder, not a data file")]) from None
    except OSError as exc:
        raise PackError([Problem(path, f"cannot be read: {exc.strerror}")]) from None
    if len(data) > MAX_DATA_BYTES:  # grew between stat and read
        raise PackError([Problem(path, f"file is more than {MAX_DATA_BYTES} bytes")])
    return data


def checked_text(path: Path, data: bytes) -> str:
    """`data` as text: refused when it is not UTF-8, empty, or escapes half a character."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PackError([Problem(path, f"not UTF-8 text (byte {exc.start})", line=line)]) from None
    if not text.strip():
        raise PackError([Problem(path, "empty file; a pack's data is a JSON object", line=1)])
    lone = lone_surrogate_escape(text)
    if lone is not None:
        raise PackError([Problem(path, lone_surrogate_reason(text, lone), line=text.count("\n", 0, lone) + 1)])
    return text


#: Python refuses to turn longer digit strings into numbers (a guard against slow conversion).
MAX_NUMBER_DIGITS = 4300
_LONG_NUMBER = re.compile(rf"-?\d{{{MAX_NUMBER_DIGITS + 1},}}")


class _TooLong(Exception):
    pass


def _bounded_int(digits: str) -> int:
    if len(digits) > MAX_NUMBER_DIGITS:
        raise _TooLong
    return int(digits)


def parse_json(path: Path, text: str) -> object:
    """Parse JSON `text` read from `path` (slowly, in Python); raise PackError naming the place.

    Every way the parse can fail ends here as a problem with a line: bad syntax, a file that
    ends early, nesting too deep for the parser, a number too long to convert.
    """
    try:
        return json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise PackError([_too_deep(path, text)]) from None
    except _TooLong:
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        size = len(found.group().lstrip("-")) if found else MAX_NUMBER_DIGITS + 1
        raise PackError([Problem(path, f"a number with {size} digits; a number may have at most {MAX_NUMBER_DIGITS}", line=line)]) from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise PackError(
                [Problem(path, f"not valid JSON: the file ends too early; is it truncated? ({exc.msg})", line=exc.lineno)]
            ) from None
        raise PackError([Problem(path, f"not valid JSON: {exc.msg}", line=exc.lineno)]) from None


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false", type(None): "null"}


def require_object(path: Path, text: str, raw: object, whole: str = "a pack's data") -> None:
    """Refuse a JSON file whose top level is not an object, at the line where its value starts."""
    if not isinstance(raw, dict):
        start = len(text) - len(text.lstrip())
        what = _JSON_KINDS[type(raw)]  # json.loads makes nothing else
        raise PackError([Problem(path, f"the file holds {what}; {whole} is a JSON object", line=text.count("\n", 0, start) + 1)])


def schema_problem(path: Path, text: str, message: str) -> Problem:
    from viewer.model.jsonlines import JsonLines, parse_error_path

    reason, _, where = message.partition(" - at `")
    steps = parse_error_path(where)  # the closing backtick is no step
    unknown = re.match(r"Object contains unknown field `(.+)`", reason)
    missing = re.match(r"Object missing required field `(.+)`", reason)
    lines = JsonLines(text)
    if unknown:
        key = unknown.group(1)
        return Problem(path, f"unknown key {key!r}", line=lines.line_of_path(steps, key=key))
    if missing:
        return Problem(path, f"missing key {missing.group(1)!r}", line=lines.line_of_path(steps))
    field = ".".join(str(s) for s in steps) or "file"
    return Problem(path, f"{field}: {reason[0].lower() + reason[1:]}", line=lines.line_of_path(steps))


def _check_data(record: PackFile, path: Path, text: str) -> Iterator[Problem]:
    at = line_locator(text)

    if record.format != FORMAT:
        yield Problem(path, f"format is {record.format!r}; this viewer reads {FORMAT!r}", line=at(key="format"))
    known_segments = set(record.segments)
    by_id: dict[str, Structure] = {}
    for i, s in enumerate(record.structures):
        if not ID_PATTERN.match(s.id):
            yield Problem(path, f"id {s.id!r} is not snake_case", line=at("structures", i))
        if s.id in by_id:
            yield Problem(path, f"duplicate id {s.id!r}", line=at("structures", i))
        by_id[s.id] = s
        unknown = [g for g in s.segments if g not in known_segments]
        if unknown:
            yield Problem(path, f"{s.id}: unknown segment {', '.join(unknown)}", line=at("structures", i, key="segments"))
        elif list(s.segments) != [g for g in record.segments if g in s.segments]:
            yield Problem(path, f"{s.id}: segments out of order or repeated", line=at("structures", i, key="segments"))
        if not s.segments:
            yield Problem(path, f"{s.id}: no segments", line=at("structures", i, key="segments"))
        if s.kind is Kind.SEGMENT and (len(s.segments) != 1 or s.name != s.segments[0]):
            yield Problem(path, f"{s.id}: a segment carries exactly itself", line=at("structures", i))
        cited = list(s.segment_sources)
        for j, fact in enumerate(s.facts):
            if fact.field not in FACT_FIELDS:
                yield Problem(path, f"{s.id}: unknown fact field {fact.field!r}", line=at("structures", i, "facts", j))
            if not fact.sources:
                yield Problem(path, f"{s.id}: fact {fact.field!r} has no source", line=at("structures", i, "facts", j))
            cited.extend(fact.sources)
        for j, dispute in enumerate(s.disputes):
            if dispute.field not in DISPUTE_FIELDS:
                yield Problem(path, f"{s.id}: unknown dispute field {dispute.field!r}", line=at("structures", i, "disputes", j))
            if len(dispute.values) < 2:
                yield Problem(path, f"{s.id}: a dispute needs two or more values", line=at("structures", i, "disputes", j))
            for alt in dispute.values:
                if not alt.sources:
                    yield Problem(path, f"{s.id}: disputed value {alt.value!r} has no source", line=at("structures", i, "disputes", j))
                cited.extend(alt.sources)
        for key in dict.fromkeys(cited):
            if key not in record.sources:
                yield Problem(path, f"{s.id}: unknown source {key!r}", line=at("structures", i))
        if not cited:
            yield Problem(path, f"{s.id}: no source for any value", line=at("structures", i))
        if s.kind in NERVE_KINDS and not s.parts and len(set(s.segment_sources)) < MIN_ROOT_SOURCES:
            yield Problem(
                path,
                f"{s.id}: root value needs {MIN_ROOT_SOURCES} independent sources, has {len(set(s.segment_sources))}",
                line=at("structures", i, key="segment_sources"),
            )

    for i, s in enumerate(record.structures):
        for part in s.parts:
            if part not in by_id:
                yield Problem(path, f"{s.id}: unknown part {part!r}", line=at("structures", i, key="parts"))
        if s.parts and all(p in by_id for p in s.parts):
            union = {g for p in s.parts for g in by_id[p].segments}
            if union != set(s.segments):
                yield Problem(path, f"{s.id}: segments must be those of its parts together", line=at("structures", i, key="segments"))

    arriving: dict[str, set[str]] = {}
    edges: dict[str, list[tuple[str, int]]] = {}
    for i, c in enumerate(record.connections):
        ok = True
        for end in (c.source, c.target):
            if end not in by_id:
                yield Problem(path, f"connection names unknown structure {end!r}", line=at("connections", i))
                ok = False
        if not ok:
            continue
        src, dst = by_id[c.source], by_id[c.target]
        carried = _carried(c.segments, src, dst)
        if c.segments is not None:
            unknown = [g for g in c.segments if g not in known_segments]
            if unknown:
                yield Problem(path, f"{c.source} → {c.target}: unknown segment {', '.join(unknown)}", line=at("connections", i))
                continue
        if not carried:
            yield Problem(path, f"{c.source} → {c.target}: carries no segment", line=at("connections", i))
        beyond_source = [g for g in carried if g not in src.segments]
        if beyond_source:
            yield Problem(
                path,
                f"{c.source} → {c.target}: carries {', '.join(beyond_source)}, which {c.source} does not carry",
                line=at("connections", i),
            )
        beyond_target = [g for g in carried if g not in dst.segments]
        if beyond_target:
            yield Problem(
                path,
                f"{c.source} → {c.target}: carries {', '.join(beyond_target)}, which {c.target} does not list",
                line=at("connections", i),
            )
        if dst.kind is Kind.SEGMENT:
            yield Problem(path, f"{c.source} → {c.target}: nothing may run into a segment", line=at("connections", i))
        if src.kind in TARGET_KINDS:
            yield Problem(path, f"{c.source} → {c.target}: a {src.kind.value} passes nothing on", line=at("connections", i))
        if src.parts or dst.parts:
            yield Problem(
                path, f"{c.source} → {c.target}: connect the parts of a composite nerve, not the whole", line=at("connections", i)
            )
        arriving.setdefault(c.target, set()).update(carried)
        edges.setdefault(c.source, []).append((c.target, i))

    for i, s in enumerate(record.structures):
        if s.kind is Kind.SEGMENT or s.parts:
            continue
        got = arriving.get(s.id, set())
        if not got:
            yield Problem(path, f"{s.id}: nothing runs into it", line=at("structures", i))
            continue
        missing = [g for g in s.segments if g not in got]
        if missing:
            yield Problem(path, f"{s.id}: lists {', '.join(missing)} but no connection brings it", line=at("structures", i, key="segments"))

    found = _find_cycle(edges)
    if found:
        cycle, closing = found
        yield Problem(path, f"connections form a cycle: {' → '.join(cycle)}", line=at("connections", closing))

    for key, source in record.sources.items():
        if not source.title.strip():
            yield Problem(path, f"source {key!r} has no title", line=at("sources", key))


def _carried(explicit: tuple[str, ...] | None, src: Structure, dst: Structure) -> tuple[str, ...]:
    if explicit is not None:
        return explicit
    return tuple(g for g in dst.segments if g in src.segments)


def _find_cycle(edges: dict[str, list[tuple[str, int]]]) -> tuple[list[str], int] | None:
    """A cycle of connections, as the structures it runs through and the index of the
    connection that closes it; None if there is none.

    A depth-first search with its own stack (a pack's chain may be longer than Python's
    recursion limit).
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in edges:
        if root in state:
            continue
        state[root] = 1
        path = [root]
        stack = [iter(edges[root])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            nxt, index = step
            mark = state.get(nxt)
            if mark == 1:
                return [*path[path.index(nxt) :], nxt], index
            if mark is None:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(edges.get(nxt, ())))
    return None


def _build(record: PackFile, data_path: Path, svg_path: Path, skin_svg_path: Path | None) -> Pack:
    by_id = {s.id: s for s in record.structures}
    links = []
    for i, c in enumerate(record.connections):
        if c.source in by_id and c.target in by_id:
            carried = _carried(c.segments, by_id[c.source], by_id[c.target])
            ordered = tuple(g for g in record.segments if g in carried)
            links.append(Link(i, c.source, c.target, ordered, c.inconstant))
    return Pack.build(
        title=record.title,
        segments=record.segments,
        sources=record.sources,
        structures=record.structures,
        links=links,
        data_path=data_path,
        svg_path=svg_path,
        skin_svg_path=skin_svg_path,
    )


def _check_svg(pack: Pack, ids: dict[str, int]) -> Iterator[Problem]:
    path = pack.svg_path
    expected = pack.drawable_ids()
    for element_id, line in ids.items():
        if element_id in expected or element_id.startswith(DECORATION_PREFIXES):
            continue
        yield Problem(path, f"element id {element_id!r} names no structure or strand", line=line)
    for missing in sorted(expected - ids.keys()):
        yield Problem(path, f"no element with id {missing!r}", element=missing)


def _check_skin_svg(pack: Pack) -> tuple[list[Problem], CheckedSvg | None]:
    """The skin map holds one region per skin territory and dermatome, and nothing else.

    A pack without dermatomes may have no skin map; dermatomes are drawn only there, so a
    pack that has them needs one.
    """
    path = pack.skin_svg_path
    expected = pack.skin_map_ids()
    if path is None:
        dermatomes = [s.id for s in pack.of_kind(Kind.DERMATOME)]
        if not dermatomes:
            return [], None
        where = default_skin_svg_for(pack.svg_path)
        problem = f"{len(dermatomes)} dermatomes are drawn only in a skin map, and there is none (expected {where})"
        return [Problem(pack.data_path, problem)], None
    problems = []
    checked = read_svg(path)  # raises PackError for unreadable or hostile files
    ids = checked.ids
    for element_id, line in ids.items():
        if element_id in expected or element_id.startswith(DECORATION_PREFIXES):
            continue
        problems.append(Problem(path, f"element id {element_id!r} names no skin territory or dermatome", line=line))
    for missing in sorted(expected - ids.keys()):
        problems.append(Problem(path, f"no region with id {missing!r}", element=missing))
    return problems, checked
