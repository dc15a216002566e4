"""Lesson playlists: the file format, its errors, and walking a lesson with the clicker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from viewer.assets import default_data_path
from viewer.model.lesson import MAX_BYTES, LessonError, read_lesson


def write(tmp_path: Path, text: str | bytes, name: str = "lesson.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def problems(path: Path, pack) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(LessonError) as caught:
        read_lesson(path, pack)
    return [str(p) for p in caught.value.problems]


def test_the_format(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "\ufeff# Lower limb lecture 3\n\nL5 | L5: the foot-drop root\n"
        "  common peroneal nerve|Where the nerve winds round the fibular neck\n"
        "# a note to self\nm. gluteus medius\n",
    )
    lesson = read_lesson(path, pack)
    assert lesson.title == "Lower limb lecture 3"
    assert [(i.structure_id, i.caption, i.line) for i in lesson.items] == [
        ("l5", "L5: the foot-drop root", 3),
        ("common_fibular_nerve", "Where the nerve winds round the fibular neck", 4),
        ("gluteus_medius", "", 6),
    ]


def test_errors_name_the_file_and_the_line(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "L5\n\nglutues maximus | the hip extensor\n| no name\n")
    found = problems(path, pack)
    assert found[0].startswith(f"{path}:3: no structure called 'glutues maximus'; did you mean: Gluteus maximus")
    assert found[1] == f"{path}:4: no structure named before the '|'"


def test_empty_binary_foreign_and_huge_files(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    assert "has no items" in problems(write(tmp_path, "# only a title\n\n", "empty.txt"), pack)[0]
    latin1 = problems(write(tmp_path, "L5\ngluteus m\xe9dius\n".encode("latin-1"), "latin1.txt"), pack)
    assert latin1 == [f"{tmp_path / 'latin1.txt'}:2: not UTF-8 text (byte 0xe9); save the lesson as UTF-8"]
    assert "binary" in problems(write(tmp_path, b"L5\n\x00\x01", "bin.txt"), pack)[0]
    huge = problems(write(tmp_path, "L5\n" * (MAX_BYTES // 3 + 10), "huge.txt"), pack)
    assert "too big" in huge[0]
    assert "cannot read" in problems(tmp_path / "missing.txt", pack)[0]
    assert "folder" in problems(tmp_path, pack)[0]
    many = problems(write(tmp_path, "nonsense\n" * 200, "many.txt"), pack)
    assert len(many) == 21 and many[-1].endswith("stopped reading after this many problems")


def test_the_shipped_lesson_loads(pack) -> None:  # type: ignore[no-untyped-def]
    path = default_data_path().parent / "lessons" / "lower-limb-walkthrough.txt"
    lesson = read_lesson(path, pack)
    assert len(lesson.items) >= 8 and lesson.title.startswith("Lower limb")
    assert all(item.caption for item in lesson.items)


@pytest.mark.parametrize(
    ("lesson", "written_for"), [("lower-limb-walkthrough.txt", "lumbosacral"), ("upper-limb-walkthrough.txt", "brachial")]
)
def test_each_shipped_lesson_loads_on_its_own_pack_only(lesson: str, written_for: str) -> None:
    from bundled_packs import PACKS, bundled

    path = default_data_path().parent / "lessons" / lesson
    for name in PACKS:
        if name == written_for:
            loaded = read_lesson(path, bundled(name))
            assert len(loaded.items) >= 8 and all(item.caption for item in loaded.items)
        else:
            with pytest.raises(LessonError):
                read_lesson(path, bundled(name))


def test_cli_lesson_errors_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from viewer.cli import main

    path = write(tmp_path, "L5\nglutues maximus\n")
    assert main(["--lesson", str(path)]) == 2
    assert f"{path}:2: no structure called 'glutues maximus'" in capsys.readouterr().err


def test_pagedown_runs_through_a_lesson_and_pageup_comes_back(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "# Two pathways\ngluteus medius | Trendelenburg\nCo1 | The coccygeal plexus\n")
    window.presentation.open_lesson(path)
    steps = window.steps
    assert window.selection.current == "gluteus_medius" and steps.index == 0
    assert window.scene.lit.structures == {"gluteus_medius"}
    window.activateWindow()
    window.canvas.setFocus()
    qtbot.waitUntil(window.canvas.hasFocus, timeout=3000)
    qtbot.keyClick(window.canvas, Qt.Key.Key_F5)
    assert window.presentation.overlay.frame.lesson_caption == "Trendelenburg"
    assert "item 1 / 2" in window.presentation.overlay.frame.position
    for _ in range(steps.plan.last):
        qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)
    assert window.selection.current == "gluteus_medius" and steps.index == steps.plan.last
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageDown)  # past the end: the next item, nothing revealed
    assert window.selection.current == "co1" and window.scene.lit.structures == {"co1"}
    assert window.presentation.overlay.frame.lesson_caption == "The coccygeal plexus"
    qtbot.keyClick(window.canvas, Qt.Key.Key_PageUp)  # before the start: the previous item's end
    assert window.selection.current == "gluteus_medius" and steps.index == steps.plan.last
    assert window.presentation.overlay.frame.lesson_caption == "Trendelenburg"


def test_a_bad_lesson_in_the_window_is_reported_not_raised(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "L5\nglutues maximus\n")
    assert window.presentation.open_lesson(path) is None
    assert f"{path}:2: no structure called 'glutues maximus'" in window.presentation.last_problem
    assert window.steps.lesson is None
