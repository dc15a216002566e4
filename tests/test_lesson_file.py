"""A lesson file as a lecturer writes it: what it opens as, and every way it can be refused,
each with its exact message and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.model.lesson import MAX_ITEMS, Lesson, LessonError, LessonItem, parse_lesson, read_lesson
from viewer.model.pack import Pack


def problems(path: Path, pack: Pack) -> list[str]:
    with pytest.raises(LessonError) as caught:
        read_lesson(path, pack)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def write(tmp_path: Path, text: str | bytes, name: str = "week-3_lecture.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_lesson_opens_with_its_title_its_items_their_captions_and_lines(tmp_path: Path, pack: Pack) -> None:
    text = "\ufeff\n# Lower limb, lecture 3\r\n# more notes\nL5 | the foot-drop root\r\n\n  common fibular nerve  |  at the neck \n"
    path = write(tmp_path, text + "gluteus medius\n# a note\n")
    assert read_lesson(path, pack) == Lesson(
        "Lower limb, lecture 3",
        (
            LessonItem("l5", "the foot-drop root", 4),
            LessonItem("common_fibular_nerve", "at the neck", 6),
            LessonItem("gluteus_medius", "", 7),
        ),
        path,
    )


def test_a_lesson_without_a_title_is_called_after_its_file(tmp_path: Path, pack: Pack) -> None:
    path = write(tmp_path, "L4\n# not a title: it comes after an item\nL5\n")
    lesson = read_lesson(path, pack)
    assert lesson.title == "week 3 lecture"
    assert [i.structure_id for i in lesson.items] == ["l4", "l5"]
    assert read_lesson(write(tmp_path, "#\n# Real title\nL4\n", "b.txt"), pack).title == "Real title"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("L5\nxqzv | x\n", "week-3_lecture.txt:2: no structure called 'xqzv'; `plexus-viewer list` shows every name"),
        ("femoal nerve\n", "week-3_lecture.txt:1: no structure called 'femoal nerve'; did you mean: Femoral nerve"),
        (" | a caption alone\n", "week-3_lecture.txt:1: no structure named before the '|'"),
        ("L4\n" + "x" * 501 + "\n", "week-3_lecture.txt:2: line is longer than 500 characters"),
        ("\n\n", "week-3_lecture.txt: has no items: write one structure per line, e.g. 'L5 | the foot-drop root'"),
        ("L4\nL5\x00\n", "week-3_lecture.txt:2: is a binary file, not a lesson"),
    ],
)
def test_each_problem_is_named_with_its_file_and_line(tmp_path: Path, pack: Pack, text: str, found: str) -> None:
    path = write(tmp_path, text)
    [problem] = problems(path, pack)
    assert problem.startswith(f"{tmp_path}/{found}")


def test_an_ambiguous_name_offers_every_structure_it_could_be(tmp_path: Path, pack: Pack) -> None:
    [problem] = problems(write(tmp_path, "quadriceps\n"), pack)
    assert problem == (
        f"{tmp_path}/week-3_lecture.txt:1: 'quadriceps' names several structures; did you mean:"
        " Rectus femoris, Vastus lateralis, Vastus intermedius, Vastus medialis?"
    )


def test_a_file_that_is_not_utf8_is_refused_at_the_line_of_the_first_bad_byte(tmp_path: Path, pack: Pack) -> None:
    [problem] = problems(write(tmp_path, b"L4\nL5 | caf\xe9\n"), pack)
    assert problem == f"{tmp_path}/week-3_lecture.txt:2: not UTF-8 text (byte 0xe9); save the lesson as UTF-8"


def test_reading_stops_after_twenty_problems(tmp_path: Path, pack: Pack) -> None:
    found = problems(write(tmp_path, "".join(f"nothing {n}\n" for n in range(30))), pack)
    assert len(found) == 21
    assert found[-1] == f"{tmp_path}/week-3_lecture.txt:20: stopped reading after this many problems"
    assert found[19].startswith(f"{tmp_path}/week-3_lecture.txt:20: no structure called 'nothing 19'")


def test_a_lesson_of_more_than_500_items_is_refused_at_the_first_too_many(tmp_path: Path, pack: Pack) -> None:
    [problem] = problems(write(tmp_path, "L4\n" * (MAX_ITEMS + 5)), pack)
    assert problem == f"{tmp_path}/week-3_lecture.txt:{MAX_ITEMS + 1}: more than 500 items; split the lesson"
    assert len(read_lesson(write(tmp_path, "L4\n" * MAX_ITEMS, "full.txt"), pack).items) == MAX_ITEMS


def test_a_file_too_big_a_folder_or_a_missing_file_is_refused_in_one_line(tmp_path: Path, pack: Pack) -> None:
    big = write(tmp_path, "L4\n" * 90_000)
    assert problems(big, pack) == [f"{big}: 270,000 bytes is too big for a lesson (the limit is 256 KiB)"]
    with pytest.raises(LessonError, match=r": 262,145 bytes is too big for a lesson \(the limit is 256 KiB\)$"):
        parse_lesson(b"x" * (256 * 1024 + 1), tmp_path / "x.txt", pack)
    assert read_lesson(write(tmp_path, "L4\n" + " " * (256 * 1024 - 3), "edge.txt"), pack).items[0].structure_id == "l4"
    assert problems(tmp_path, pack) == [f"{tmp_path}: is a folder, not a lesson file"]
    assert problems(tmp_path / "gone.txt", pack) == [f"{tmp_path}/gone.txt: cannot read: No such file or directory"]
    assert read_lesson(str(write(tmp_path, "L4\n", "s.txt")), pack).path == tmp_path / "s.txt"  # type: ignore[arg-type]


def test_the_edges_a_title_a_line_of_exactly_500_a_second_nul_and_bytes_given_directly(tmp_path: Path, pack: Pack) -> None:
    assert read_lesson(write(tmp_path, "#X-ray anatomy\nL4\n", "t.txt"), pack).title == "X-ray anatomy"
    # a line of 500 characters is still read (an unknown name, not a long line)
    [problem] = problems(write(tmp_path, "x" * 500 + "\n", "long.txt"), pack)
    assert "line is longer" not in problem
    [problem] = problems(write(tmp_path, "L4\x00\nL5\nS1\x00\n", "nul.txt"), pack)
    assert problem == f"{tmp_path}/nul.txt:1: is a binary file, not a lesson"
    with pytest.raises(LessonError) as caught:
        parse_lesson(b"x" * (256 * 1024 + 1), tmp_path / "given.txt", pack)
    assert caught.value.problems[0].path == tmp_path / "given.txt"
