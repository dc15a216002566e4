"""How the loader reads a data file before it checks the pack: the file's size as read, JSON
nested too deep for the parser, numbers at the edge of what Python converts, keys missing or
misspelt, and cycles found in time however many paths a pack has. Each test calls the loader
itself and compares the whole problem, file and line included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_loader_mutants import _small_pack

from viewer.model.errors import PackError
from viewer.model.loader import MAX_DATA_BYTES, MAX_NUMBER_DIGITS, load_data, parse_json, read_json_text
from viewer.model.passed_cache import has_passed


def problems(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_data(path)
    return [str(p) for p in caught.value.problems]


def test_a_data_file_that_grows_after_its_size_check_is_refused_as_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grows.json"
    path.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: b"{" + b" " * MAX_DATA_BYTES + b"}")
    with pytest.raises(PackError) as caught:
        read_json_text(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: file is more than {MAX_DATA_BYTES} bytes"]


@pytest.mark.parametrize("depth", [500, 900])
def test_json_nested_too_deep_for_the_checks_is_named_at_its_line(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{\n"format": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    assert problems(path) == [f"{path}:2: nested more than 64 deep"]


def test_a_number_of_the_most_digits_python_converts_is_read(tmp_path: Path) -> None:
    text = '{"n": ' + "9" * MAX_NUMBER_DIGITS + "}"
    assert parse_json(tmp_path / "x.json", text) == {"n": int("9" * MAX_NUMBER_DIGITS)}


def test_a_number_one_digit_longer_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text('\n{\n"n":\n-' + "9" * (MAX_NUMBER_DIGITS + 1) + "}", encoding="utf-8")
    assert problems(path) == [f"{path}:4: a number with {MAX_NUMBER_DIGITS + 1} digits; a number may have at most {MAX_NUMBER_DIGITS}"]


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_a_missing_key_is_named_at_its_structure(tmp_path: Path) -> None:
    data = _small_pack()
    del data["structures"][1]["name"]
    path = write(tmp_path, data)
    line = path.read_text(encoding="utf-8").splitlines().index('   "id": "l5",')  # the record opens the line above
    assert problems(path) == [f"{path}:{line}: missing key 'name'"]


def test_a_top_level_key_missing_is_named(tmp_path: Path) -> None:
    data = _small_pack()
    del data["format"]
    path = write(tmp_path, data)
    assert problems(path) == [f"{path}:1: missing key 'format'"]


def test_a_wrong_type_deep_in_a_record_is_named_by_its_path_and_line(tmp_path: Path) -> None:
    data = _small_pack()
    data["structures"][0]["segments"] = "L4"
    path = write(tmp_path, data)
    line = 1 + path.read_text(encoding="utf-8").splitlines().index('   "segments": "L4",')
    assert problems(path) == [f"{path}:{line}: structures.0.segments: expected `array`, got `str`"]


def test_a_file_that_is_not_an_object_says_what_it_holds(tmp_path: Path) -> None:
    for text, what in (("[1]", "an array"), ('"x"', "a string"), ("3.5", "a number"), ("true", "true or false"), ("null", "null")):
        path = tmp_path / "other.json"
        path.write_text("\n" + text, encoding="utf-8")
        assert problems(path) == [f"{path}:2: the file holds {what}; a pack's data is a JSON object"]


def test_a_sound_pack_is_remembered_as_passed_and_a_broken_one_is_not(tmp_path: Path) -> None:
    path = write(tmp_path, _small_pack())
    load_data(path)
    assert has_passed(path.read_bytes())
    broken = _small_pack()
    broken["sources"]["statpearls"]["url"] = "https://www.quizlet.com/lumbar"
    path = write(tmp_path, broken)
    with pytest.raises(PackError):
        load_data(path)
    assert not has_passed(path.read_bytes())


def test_a_pack_with_many_paths_between_two_structures_is_checked_at_once(tmp_path: Path) -> None:
    """Thirty diamonds in a row: 2^30 paths from the root to the last muscle, each node visited once."""
    data = _small_pack()
    ids = [s["id"] for s in data["structures"]]
    nerve = next(s for s in data["structures"] if s["kind"] == "nerve")
    root = nerve["segments"][0].lower()
    sources = ["statpearls", "radiopaedia"]
    last = root
    for k in range(30):
        left, right, join = f"left_{k}", f"right_{k}", f"join_{k}"
        for sid in (left, right, join):
            record = {"id": sid, "kind": "branch", "name": sid.replace("_", " "), "segments": [nerve["segments"][0]]}
            data["structures"].append({**record, "segment_sources": sources})
        data["connections"] += [{"from": a, "to": b} for a, b in ((last, left), (last, right), (left, join), (right, join))]
        last = join
    assert root in ids
    pack = load_data(write(tmp_path, data))
    assert "join_29" in pack.structures
