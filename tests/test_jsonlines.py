"""Finding the line of a value in a JSON file, for the messages that name it."""

from __future__ import annotations

from viewer.model.jsonlines import JsonLines, line_starts, parse_error_path

TEXT = """{
  "title": "x",
  "structures": [
    {
      "id": "a",
      "kind": "nerve",
      "facts": [{"field": "f", "sources": ["s"]}],
      "sources": ["k"]
    },
    {"id": "b", "sources": []}
  ],
  "sources": {"k": {"title": "t"}}
}
"""


def test_an_object_is_found_at_the_line_of_its_opening_brace() -> None:
    lines = JsonLines(TEXT)
    assert lines.line_of(lines.root) == 1
    assert lines.line_of(lines.root["structures"][0]) == 4
    assert lines.line_of(lines.root["structures"][1]) == 10
    assert lines.line_of(lines.root["structures"]) is None  # a list is not an object
    assert lines.line_of({"not": "from this text"}) is None


def test_a_key_is_found_in_its_own_object_not_in_one_nested_inside_it() -> None:
    lines = JsonLines(TEXT)
    root, a, b = lines.root, lines.root["structures"][0], lines.root["structures"][1]
    assert lines.line_of_key(root, "sources") == 12
    assert lines.line_of_key(a, "sources") == 8
    assert lines.line_of_key(a, "sources") == 8  # asked again: the same answer
    assert lines.line_of_key(b, "sources") == 10
    assert lines.line_of_key(a["facts"][0], "sources") == 7
    assert lines.line_of_key(a, "missing") == 4  # not written: the object's own line
    assert lines.line_of_key(["a list"], "sources") is None


def test_a_path_leads_to_the_line_of_the_deepest_object_or_key_on_it() -> None:
    lines = JsonLines(TEXT)
    assert lines.line_of_path([]) == 1
    assert lines.line_of_path(["title"]) == 2
    assert lines.line_of_path(["structures"]) == 3
    assert lines.line_of_path(["structures", 0]) == 4
    assert lines.line_of_path(["structures", 0, "kind"]) == 6
    assert lines.line_of_path(["structures", 1]) == 10
    assert lines.line_of_path(["structures", 5]) == 3  # no such entry: as deep as the path goes
    assert lines.line_of_path(["title", "deeper"]) == 2
    assert lines.line_of_path(["structures", 0, "facts", 0, "sources", 0]) == 7
    assert lines.line_of_path(["structures", 0], key="sources") == 8
    assert lines.line_of_path(["structures", 0, "facts"], key="sources") == 8  # a list: the key of its object
    assert lines.line_of_path(["sources", "k"], key="title") == 12


def test_two_objects_on_one_line_and_keys_at_the_very_start() -> None:
    lines = JsonLines('{"a": {"b": 1}, "b": 2}')
    assert lines.line_of_key(lines.root, "b") == 1
    assert lines.line_of_key(lines.root["a"], "b") == 1
    text = '[\n{"x": 1},\n{"x": 2,\n "y": 3}]'
    many = JsonLines(text)
    assert [many.line_of(o) for o in many.root] == [2, 3]
    assert many.line_of_key(many.root[1], "y") == 4
    assert many.line_of_key(many.root[1], "x") == 3


def test_lines_end_at_newlines_only_and_error_paths_become_steps() -> None:
    assert line_starts("a\nbc\n\x0cd") == [0, 2, 5]
    assert parse_error_path("$.structures[3].kind") == ["structures", 3, "kind"]
    assert parse_error_path("$") == []
