"""How a problem with a pack file is written: the file, the place, the reason, one a line."""

from __future__ import annotations

from pathlib import Path

from viewer.model.errors import PackError, Problem


def test_a_problem_names_its_file_then_its_line_or_element_then_why() -> None:
    path = Path("/packs/lumbosacral.json")
    assert str(Problem(path, "unknown structure 'x'", line=12)) == "/packs/lumbosacral.json:12: unknown structure 'x'"
    assert str(Problem(path, "no such element", element="femoral_nerve")) == "/packs/lumbosacral.json:#femoral_nerve: no such element"
    assert str(Problem(path, "no such element", line=3, element="femoral_nerve")) == "/packs/lumbosacral.json:3: no such element"
    assert str(Problem(path, "is empty")) == "/packs/lumbosacral.json: is empty"


def test_a_pack_error_lists_every_problem_one_a_line() -> None:
    problems = [Problem(Path("a.json"), "first", line=1), Problem(Path("b.svg"), "second", element="x")]
    error = PackError(problems)
    assert error.problems == problems
    assert str(error) == "a.json:1: first\nb.svg:#x: second"
