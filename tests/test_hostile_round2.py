"""Hostile input, round two: what a renderer's malicious corpus and a fuzzer found.

The refusals themselves are cases of tests/test_hostile.py (each checked through the
loader, `validate` and the window). This file holds what does not fit that shape: valid
packs that used to crash (deep chains, names printed raw), the time a huge report takes,
exports that must not draw anything from outside the pack, the status an unexpected
error exits with, lesson line numbers, and the file mode of exports.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from viewer.assets import default_data_path, default_svg_path

SECRET = "TOP-SECRET-7f3a9c token outside the pack"
#: How long a case may take beyond a clean `validate` of the real pack, measured in the same test.
TIME_LIMIT = 2.0


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PLEXUS_VIEWER_NO_DIALOGS"] = "1"
    env.update(extra)
    return env


def run_viewer(*args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "viewer", *args], capture_output=True, text=True, encoding="utf-8", timeout=120, env=child_env(**env)
    )
    return result, time.perf_counter() - start


def clean_validate_seconds() -> float:
    times = []
    for _ in range(2):
        result, seconds = run_viewer("validate", "--data", str(default_data_path()), "--svg", str(default_svg_path()))
        assert result.returncode == 0, result.stderr
        times.append(seconds)
    return min(times)


def copy_pack(folder: Path) -> tuple[Path, Path]:
    """A copy of the real pack in `folder`; returns its data file and schematic."""
    (folder / "svg").mkdir(parents=True)
    data, svg = folder / "lumbosacral.json", folder / "svg" / "lumbosacral.svg"
    shutil.copy(default_data_path(), data)
    shutil.copy(default_svg_path(), svg)
    shutil.copy(default_svg_path().with_name("lumbosacral-skin.svg"), svg.with_name("lumbosacral-skin.svg"))
    return data, svg


# ---- 3. recursion: a long chain of connections ---------------------------------------


def chain_pack(folder: Path, length: int, *, cycle: bool = False) -> Path:
    """A valid pack whose one root runs through `length` nerves in a row to one muscle."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "svg").mkdir(exist_ok=True)
    # Papers by DOI: authoritative under the source policy the loader enforces.
    sources = {
        "a": {"title": "Source A", "url": "https://doi.org/10.1000/a"},
        "b": {"title": "Source B", "url": "https://doi.org/10.1000/b"},
    }
    structures = [{"id": "l4", "kind": "segment", "name": "L4", "segments": ["L4"], "segment_sources": ["a", "b"]}]
    nerves = [f"n{i}" for i in range(length)]
    structures += [
        {"id": n, "kind": "nerve", "name": f"Nerve {i}", "segments": ["L4"], "segment_sources": ["a", "b"]} for i, n in enumerate(nerves)
    ]
    structures.append({"id": "m", "kind": "muscle", "name": "Muscle", "segments": ["L4"], "segment_sources": ["a"]})
    chain = ["l4", *nerves, "m"]
    connections = [{"from": a, "to": b} for a, b in itertools.pairwise(chain)]
    if cycle:
        connections.append({"from": nerves[-1], "to": nerves[0]})
    data = folder / "chain.json"
    record = {"format": "plexus-pack/1", "title": "Chain", "segments": ["L4"], "sources": sources}
    record |= {"structures": structures, "connections": connections}
    data.write_text(json.dumps(record, indent=1), encoding="utf-8")
    ids = [s["id"] for s in structures] + [f"{c['from']}__{c['to']}__l4" for c in connections]
    body = "\n".join(f'<rect id="{i}" width="1" height="1"/>' for i in ids)
    (folder / "svg" / "chain.svg").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n{body}\n</svg>\n',
        encoding="utf-8",
    )
    return data


def test_validate_passes_a_chain_of_3000_connections(tmp_path: Path) -> None:
    data = chain_pack(tmp_path / "chain", 3000)
    result, _seconds = run_viewer("validate", "--data", str(data))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "3001 connections" in result.stdout


@pytest.mark.parametrize("seed", ["0", "1", "2"])
def test_trace_follows_a_chain_of_3000_connections(tmp_path: Path, seed: str) -> None:
    data = chain_pack(tmp_path / "chain", 3000)
    result, _seconds = run_viewer("trace", "l4", "--json", "--data", str(data), PYTHONHASHSEED=seed)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(json.loads(result.stdout)["nerves"]) == 3000


def test_the_tracer_gives_the_hops_of_a_long_chain_in_process(tmp_path: Path) -> None:
    from viewer.model.loader import load_pack
    from viewer.model.tracing import trace

    pack = load_pack(chain_pack(tmp_path / "chain", 5000))
    t = trace(pack, "m")
    assert t.hops["m"] == 5001 and t.hops["l4"] == 0


def test_a_long_cycle_is_named_at_the_connection_that_closes_it(tmp_path: Path) -> None:
    data = chain_pack(tmp_path / "chain", 3000, cycle=True)
    result, _seconds = run_viewer("validate", "--data", str(data))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "connections form a cycle" in line]
    assert len(lines) == 1
    text = data.read_text(encoding="utf-8")
    closing = text.rindex('"from": "n2999"') - 1
    line = text.count("\n", 0, text.rindex("{", 0, closing)) + 1
    assert lines[0].startswith(f"{data}:{line}: connections form a cycle: n0 → n1 → ")


# ---- 5. and 7. what the commands print: never a crash, never a raw control character -------


def test_a_lone_surrogate_in_a_name_is_refused_by_every_command(tmp_path: Path) -> None:
    data, _svg = copy_pack(tmp_path / "pack")
    text = data.read_text(encoding="utf-8").replace('"name": "Gluteus medius"', '"name": "Gluteus \\udc00medius"', 1)
    data.write_text(text, encoding="utf-8")
    output = tmp_path / "out.png"
    for command in (["validate"], ["list"], ["info", "gluteus_medius"], ["trace", "L5"], ["export", "-o", str(output)]):
        result, _seconds = run_viewer(*command, "--data", str(data))
        assert result.returncode == 1, (command, result.stderr[-2000:])
        assert "Traceback" not in result.stderr and result.stdout == ""
        assert "half of a UTF-16 pair" in result.stderr
    assert not output.exists()


def test_names_with_control_characters_are_printed_escaped(tmp_path: Path) -> None:
    data, _svg = copy_pack(tmp_path / "pack")
    raw = json.loads(data.read_text(encoding="utf-8"))
    muscle = next(s for s in raw["structures"] if s["id"] == "gluteus_medius")
    muscle["name"] = "Gluteus medius\x1b[2K\r\x1b]0;owned\x07ok\u202e"
    muscle["latin"] = "Musculus\x08\x08\x08 gluteus\u2028medius"
    data.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    for command in (["list"], ["info", "gluteus_medius"], ["trace", "gluteus_medius"], ["lesion", "superior_gluteal_nerve"]):
        result, _seconds = run_viewer(*command, "--data", str(data))
        assert result.returncode == 0, (command, result.stderr[-2000:])
        shown = result.stdout + result.stderr
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]", shown), (command, shown)
        assert "Gluteus medius\\x1b[2K\\r\\x1b]0;owned\\x07ok\\u202e" in shown, command


def test_the_printing_helper_escapes_what_a_terminal_would_obey() -> None:
    from viewer.model.text import printable

    assert printable("plain — text ü") == "plain — text ü"
    assert printable("a\x1b[31mb\r\n\t\x7f\x9b\u2028\u202e\ud800") == "a\\x1b[31mb\\r\\n\\t\\x7f\\x9b\\u2028\\u202e\\ud800"


# ---- 6. a huge report is found in linear time ------------------------------------------


def test_120000_problems_are_reported_within_the_time_of_a_clean_validate(tmp_path: Path) -> None:
    data, _svg = copy_pack(tmp_path / "pack")
    raw = json.loads(data.read_text(encoding="utf-8"))
    # Each bad structure costs three problems: its id, no source, nothing runs into it.
    raw["structures"] += [{"id": f"Bad{i}", "kind": "muscle", "name": "x", "segments": ["L4"]} for i in range(40_000)]
    data.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    assert data.stat().st_size > 4_000_000
    result, seconds = run_viewer("validate", "--data", str(data))
    clean = clean_validate_seconds()
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) >= 120_000 and "Traceback" not in result.stderr
    assert lines[-1].startswith(f"{data}:")
    last_bad = data.read_text(encoding="utf-8").count("\n", 0, data.read_text(encoding="utf-8").rindex('"id": "Bad39999"')) + 1
    assert f"{data}:{last_bad - 1}: Bad39999: nothing runs into it" in lines or any(
        line.startswith(f"{data}:{last_bad - 1}: Bad39999") for line in lines
    )
    assert seconds <= clean + TIME_LIMIT, f"{seconds:.2f} s against {clean:.2f} s for the clean pack"


def test_json_lines_index_line_starts_once() -> None:
    from viewer.model.jsonlines import JsonLines

    text = '{\n "a": {\n  "b": 1\n },\n "c": [\n  {"d": 2}\n ]\n}'
    lines = JsonLines(text)
    assert lines.line_of_path(["a"]) == 2
    assert lines.line_of_path(["a"], key="b") == 3
    assert lines.line_of_path(["c", 0]) == 6
    assert lines.line_at(0) == 1 and lines.line_at(len(text)) == 8


# ---- 8. a schematic named with --svg, with its plain skin map beside it ----------------


def test_a_schematic_named_with_svg_may_have_its_skin_map_beside_it(tmp_path: Path) -> None:
    data, svg = copy_pack(tmp_path / "pack")
    elsewhere = tmp_path / "drawings"
    elsewhere.mkdir()
    shutil.move(svg, elsewhere / svg.name)
    shutil.move(svg.with_name("lumbosacral-skin.svg"), elsewhere / "lumbosacral-skin.svg")
    result, _seconds = run_viewer("validate", "--data", str(data), "--svg", str(elsewhere / svg.name))
    assert result.returncode == 0, result.stderr
    assert "skin map lumbosacral-skin.svg" in result.stdout


def test_a_skin_map_linked_out_of_the_named_schematics_folder_is_refused(tmp_path: Path) -> None:
    data, svg = copy_pack(tmp_path / "pack")
    elsewhere = tmp_path / "drawings"
    elsewhere.mkdir()
    shutil.move(svg, elsewhere / svg.name)
    skin = elsewhere / "lumbosacral-skin.svg"
    skin.symlink_to(svg.with_name("lumbosacral-skin.svg"))
    result, _seconds = run_viewer("validate", "--data", str(data), "--svg", str(elsewhere / svg.name))
    assert result.returncode == 1
    assert result.stderr == f"{skin}: is a link to a file outside the schematic's folder; name the skin map with --skin-svg\n"


# ---- 9. lesson line numbers count newlines only -----------------------------------------


def test_lesson_line_numbers_count_only_newlines(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    from viewer.model.lesson import LessonError, read_lesson

    path = tmp_path / "lesson.txt"
    separators = "\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029"
    text = "# Title\r\n" + "".join(f"L5 | caption{c}with a separator\n" for c in separators) + "no such thing\n"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(LessonError) as caught:
        read_lesson(path, pack)
    [problem] = caught.value.problems
    assert problem.line == 2 + len(separators)
    path.write_text(text.replace("no such thing\n", "gluteus medius\n"), encoding="utf-8", newline="")
    lesson = read_lesson(path, pack)
    assert [item.line for item in lesson.items] == list(range(2, 3 + len(separators)))


# ---- 10. exports follow the umask; an unexpected error has its own status ------------------


def test_exports_are_written_with_the_umask_and_user_data_stays_private(tmp_path: Path) -> None:
    from viewer.model.storage import write_atomically

    previous = os.umask(0o022)
    try:
        result, _seconds = run_viewer("export", "--size", "64x64", "-o", str(tmp_path / "out.png"))
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE((tmp_path / "out.png").stat().st_mode) == 0o644
        os.umask(0o027)
        result, _seconds = run_viewer("export", "--size", "64x64", "-o", str(tmp_path / "out.svg"))
        assert stat.S_IMODE((tmp_path / "out.svg").stat().st_mode) == 0o640
        write_atomically(tmp_path / "progress.json", b"{}")
        assert stat.S_IMODE((tmp_path / "progress.json").stat().st_mode) == 0o600
    finally:
        os.umask(previous)


FAIL_ON_LOAD = """
import sys
import viewer.model.loader as loader
def broken(*args, **kwargs):
    raise RuntimeError("a bug \\x1b[2K in the loader")
loader.load_pack = broken
from viewer.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_unexpected_error_exits_70_with_one_line_and_a_log(tmp_path: Path) -> None:
    env = child_env(XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    result = subprocess.run([sys.executable, "-c", FAIL_ON_LOAD, "validate"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 70, result.stderr
    [line] = result.stderr.splitlines()
    found = re.fullmatch(r"plexus-viewer: internal error: RuntimeError: a bug \\x1b\[2K in the loader; the details are in (\S+)", line)
    assert found, line
    log = Path(found.group(1))
    assert log.is_relative_to(tmp_path / "state")
    assert "Traceback" in log.read_text(encoding="utf-8") and "def broken" not in result.stderr


def test_the_window_reports_an_unexpected_error_at_start_with_status_70(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import viewer.model.loader as loader
    from viewer.qt.shell.application import run_window

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    shown: list[str] = []
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("PLEXUS_VIEWER_NO_DIALOGS")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text() + "\n" + box.informativeText()) or 0)
    monkeypatch.setattr(loader, "load_pack", broken)
    assert run_window(None, None, None) == 70
    [text] = shown
    assert "RecursionError" in text and str(tmp_path / "state") in text


# ---- the accepted-input test: what passes the check draws nothing from outside the pack ----


SECRET_COLOUR = (255, 0, 255)

ACCEPTED_OR_REFUSED = {
    "xlink prefix rebound on the image": '<image xmlns:xlink="urn:not-xlink" x="0" y="0" width="2497" height="2544" xlink:href="{path}"/>',
    "xlink prefix rebound on a group": (
        '<g xmlns:xlink="urn:not-xlink"><image x="0" y="0" width="2497" height="2544" xlink:href="{path}"/></g>'
    ),
    "href in another namespace": '<image xmlns:q="urn:q" x="0" y="0" width="2497" height="2544" q:href="{path}"/>',
    "svg prefix on the image": (
        '<svg:image xmlns:svg="http://www.w3.org/2000/svg" x="0" y="0" width="2497" height="2544" href="#deco-background"/>'
    ),
    "image in a foreign namespace": (
        '<q:image xmlns:q="urn:q" xmlns:xlink="http://www.w3.org/1999/xlink" x="0" y="0" width="2497" height="2544" src="{uri}"/>'
    ),
    "xml:base beside an image": '<g xml:base="{folder}/"><image x="0" y="0" width="2497" height="2544" href="#deco-background"/></g>',
    "metadata in foreign namespaces": (
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description about="{uri}"/></rdf:RDF>'
        '</metadata><sodipodi:namedview xmlns:sodipodi="urn:sodipodi" pagecolor="#ff00ff" inkscape:x="1" xmlns:inkscape="urn:i"/>'
    ),
    "a use of the background": '<use href="#deco-background" x="5" y="5"/>',
    "a gradient on a chain": (
        '<defs><linearGradient id="deco-g0"><stop offset="0" stop-color="#00ff00"/></linearGradient>'
        '<linearGradient id="deco-g1" href="#deco-g0"/></defs><rect width="2" height="2" fill="url(#deco-g1)"/>'
    ),
}


def secret_pixels(image_path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(image_path)).convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    r, g, b = SECRET_COLOUR
    return data.count(bytes([b, g, r, 0xFF]))


@pytest.fixture(scope="module")
def secret_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PySide6.QtGui import QColor, QImage

    from viewer.qt.qapp import ensure_application

    ensure_application(offscreen=True)
    folder = tmp_path_factory.mktemp("outside")
    path = folder / "secret.png"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(*SECRET_COLOUR))
    assert image.save(str(path))
    return path


@pytest.mark.parametrize("fragment", list(ACCEPTED_OR_REFUSED))
def test_an_accepted_schematic_draws_nothing_from_outside_the_pack(tmp_path: Path, secret_png: Path, fragment: str) -> None:
    data, svg = copy_pack(tmp_path / "pack")
    (tmp_path / "pack" / "secret.png").write_bytes(secret_png.read_bytes())  # beside the pack's data, too
    text = svg.read_text(encoding="utf-8")
    # QtSvg opens an image named by a plain path (not by a file: URI).
    piece = ACCEPTED_OR_REFUSED[fragment].format(path=secret_png, uri=secret_png.as_uri(), folder=secret_png.parent.as_uri())
    # At the end of the drawing, over everything: whatever it draws shows.
    svg.write_text(text.replace("</svg>", piece + "\n</svg>"), encoding="utf-8")
    checked, _seconds = run_viewer("validate", "--data", str(data))
    if checked.returncode != 0:
        assert checked.returncode == 1 and "Traceback" not in checked.stderr
        assert checked.stderr.startswith(f"{svg}:"), checked.stderr
        return  # refused: nothing is drawn
    output = tmp_path / "out.png"
    command = [sys.executable, "-m", "viewer", "export", "--size", "640x652", "--data", str(data), "-o", str(output)]
    trace_log = tmp_path / "opens.log"
    strace = shutil.which("strace")
    if strace and _strace_works(strace):
        command = [strace, "-f", "-qq", "-e", "trace=open,openat,openat2,stat,newfstatat,statx", "-o", str(trace_log), *command]
    result = subprocess.run(command, capture_output=True, text=True, env=child_env(), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert secret_pixels(output) == 0, f"{fragment}: the file from outside the pack was drawn"
    if trace_log.exists():
        opened = trace_log.read_text(encoding="utf-8", errors="replace")
        assert "secret.png" not in opened, f"{fragment}: the file from outside the pack was opened"


_STRACE_OK: dict[str, bool] = {}


def _strace_works(strace: str) -> bool:
    if strace not in _STRACE_OK:
        try:
            probe = subprocess.run([strace, "-f", "-qq", "-o", os.devnull, "true"], capture_output=True, timeout=20)
            _STRACE_OK[strace] = probe.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            _STRACE_OK[strace] = False
    return _STRACE_OK[strace]


def test_the_drawn_schematic_holds_only_what_the_check_accepted(tmp_path: Path) -> None:
    from viewer.model.svgids import read_svg

    svg = tmp_path / "a.svg"
    svg.write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:inkscape="urn:i" inkscape:version="1" viewBox="0 0 9 9">\n<!-- a comment -->\n'
        '<svg:g xmlns:svg="http://www.w3.org/2000/svg" id="deco-a" q:x="1" xmlns:q="urn:q" xml:space="preserve">'
        '<use xlink:href="#deco-b"/><q:thing><rect id="deco-hidden"/></q:thing></svg:g>\n'
        '<rect id="deco-b" width="1" height="1" style="fill:url(#deco-grad)"/><text>a &amp; b &lt; c</text>'
        '<linearGradient id="deco-grad"><stop offset="0" stop-color="red"/></linearGradient>\n</svg>\n',
        encoding="utf-8",
    )
    checked = read_svg(svg)
    text = checked.data.decode("utf-8")
    assert set(checked.ids) == {"deco-a", "deco-b", "deco-grad"}
    assert "inkscape" not in text and "q:" not in text and "urn:" not in text and "comment" not in text
    assert "svg:" not in text and "deco-hidden" not in text
    assert '<g id="deco-a" xml:space="preserve"><use xlink:href="#deco-b"/></g>' in text
    assert "a &amp; b &lt; c" in text
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')


def test_the_bundled_schematics_are_redrawn_unchanged_by_the_check() -> None:
    from viewer.model.svgids import read_svg

    for path in (default_svg_path(), default_svg_path().with_name("lumbosacral-skin.svg")):
        original = path.read_text(encoding="utf-8")
        redrawn = read_svg(path).data.decode("utf-8")
        strip = re.compile(r'\s+xmlns:xlink="[^"]*"')
        assert strip.sub("", redrawn).strip() == original.strip(), path
