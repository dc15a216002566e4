"""Reads the running app through AT-SPI, as Orca does: the tree, the texts, the announcements, the keyboard.

Run by tests/test_atspi.py with the system Python (python3-pyatspi) inside `dbus-run-session`,
with DISPLAY set to an Xvfb server:  reader.py TEXTS_JSON -- APP_COMMAND...
It starts the app, waits for it on the accessibility bus, checks (the texts, a search, the
arrow keys on the drawing, the fact sheet's links, a study session), prints one line per
problem and exits 1 if there was any, else prints "ok".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyatspi
from gi.repository import GLib

APP_NAME = "app.py"
problems: list[str] = []
announced: list[str] = []
context = GLib.MainContext.default()


def pump(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        while context.iteration(False):
            pass
        time.sleep(0.02)


def wait_for(what: str, test, seconds: float = 10.0):  # type: ignore[no-untyped-def]
    end = time.time() + seconds
    while time.time() < end:
        found = test()
        if found:
            return found
        pump(0.1)
    problems.append(f"timed out waiting for {what}")
    return None


focus: list = []


def on_event(event) -> None:  # type: ignore[no-untyped-def]
    kind = event.type.lower()
    if kind.startswith("object:announcement"):
        announced.append(str(event.any_data))
    elif kind.startswith("object:state-changed:focused") and event.detail1:
        focus.append(event.source)  # what a reader would now speak


def the_app():  # type: ignore[no-untyped-def]
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == APP_NAME:
            return app
    return None


def walk(node, out: list) -> list:  # type: ignore[no-untyped-def]
    out.append(node)
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            walk(child, out)
    return out


def showing(node) -> bool:  # type: ignore[no-untyped-def]
    return node.getState().contains(pyatspi.STATE_SHOWING)


def text_of(node) -> str:  # type: ignore[no-untyped-def]
    try:
        text = node.queryText()
    except NotImplementedError:
        return ""
    return text.getText(0, -1)


def heard(node) -> str:  # type: ignore[no-untyped-def]
    """What a reader can get from a node: its name and its text."""
    return f"{node.name}\n{text_of(node)}"


def key(sym: int) -> None:
    pyatspi.Registry.generateKeyboardEvent(sym, None, pyatspi.KEY_SYM)
    pump(0.3)


def type_text(text: str) -> None:
    for char in text:  # one key at a time (Xvfb has no input method for whole strings)
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)
    pump(0.3)


RETURN, TAB, SPACE, F8 = 0xFF0D, 0xFF09, 0x20, 0xFFC5
LEFT, UP, RIGHT, DOWN = 0xFF51, 0xFF52, 0xFF53, 0xFF54


def focused(_window=None):  # type: ignore[no-untyped-def]
    """The object that last took the focus, as the focus events said."""
    return focus[-1] if focus else None


def main() -> int:
    texts_file = sys.argv[1]
    command = sys.argv[sys.argv.index("--") + 1 :]
    pyatspi.Registry.registerEventListener(on_event, "object:announcement", "object:state-changed:focused")
    app_process = subprocess.Popen(command)
    try:
        app = wait_for("the app on the accessibility bus", the_app, 30)
        if app is None:
            return report()
        window = wait_for("its window", lambda: app.getChildAtIndex(0) if app.childCount else None)
        wait_for("the visible texts", lambda: _exists(texts_file), 20)
        pump(0.5)

        # 1. Every visible text is exposed, as a name or through the Text interface.
        exposed = "\n".join(heard(n) for n in walk(window, []) if showing(n))
        for text in json.loads(Path(texts_file).read_text()):
            if text not in exposed:
                problems.append(f"visible text not exposed: {text!r}")

        # The structure list's rows say their level and group (Qt's tree rows carry no level attribute).
        tree = next((n for n in walk(window, []) if n.name == "Structures" and n.getRoleName().startswith("tree")), None)
        rows = {n.name: n for n in (tree.getChildAtIndex(i) for i in range(tree.childCount if tree else 0)) if n is not None}
        for name, said in (("Segments", "Group, level 1: "), ("T12", "Level 2, in Segments: ")):
            if name not in rows or not rows[name].description.startswith(said):
                problems.append(f"the row {name!r} does not say {said!r}: {rows[name].description if name in rows else None!r}")

        # 2. A search by keyboard selects, and the selection is announced.
        search = next((n for n in walk(window, []) if n.name == "Find a structure"), None)
        if search is None:
            problems.append("no 'Find a structure' field")
            return report()
        search.queryComponent().grabFocus()
        wait_for("focus in the search field", lambda: search.getState().contains(pyatspi.STATE_FOCUSED))
        type_text("femoral nerve")
        key(RETURN)
        if not wait_for("an announcement of the selection", lambda: any(a.startswith("Femoral nerve: segments") for a in announced)):
            problems.append(f"announced: {announced[-3:]}")

        # 3. The arrows walk the drawing: each structure heard and named on the canvas; Enter selects it.
        canvas = next((n for n in walk(window, []) if n.name.startswith("Schematic")), None)
        if canvas is None:
            problems.append("no canvas named 'Schematic…'")
            return report()
        canvas.queryComponent().grabFocus()
        wait_for("focus on the canvas", lambda: canvas.getState().contains(pyatspi.STATE_FOCUSED))
        before = len(announced)
        key(LEFT)  # from the femoral nerve just selected to its sibling
        walked = "Lateral femoral cutaneous nerve, nerve, 1 of 2"
        if not wait_for("the walk announced", lambda: walked in announced[before:]):
            problems.append(f"after Left on the canvas, announced: {announced[before:]}")
        if not wait_for("the canvas naming the focused structure", lambda: canvas.name == f"Schematic: {walked}"):
            problems.append(f"the canvas is named {canvas.name!r}")
        # The structure is the canvas's focused child: the reader's focus moved onto it.
        node = wait_for("the focus on the structure", lambda: focus[-1] if focus and focus[-1].name == walked else None)
        if node is None:
            problems.append(f"the focus is on {focused().name if focused() else None!r}, not on the structure")
        elif node.parent is None or not node.parent.name.startswith("Schematic"):
            problems.append("the focused structure is not a child of the canvas")
        key(RETURN)
        if not wait_for("Enter selecting it", lambda: any(a.startswith("Lateral femoral cutaneous nerve: segments") for a in announced)):
            problems.append(f"after Enter on the canvas, announced: {announced[before:]}")

        # 4. The fact sheet's links are links: found with the link role, and followed with their action.
        facts = _find(window, lambda n: n.description.startswith("Facts of the selected structure"))
        links = [n for n in walk(facts, []) if n.getRoleName() == "link"] if facts is not None else []
        structure_links = [n for n in links if not n.description.startswith("Opens http")]
        if not structure_links:
            problems.append(f"no link in the fact sheet has the link role ({len(links)} links)")
        else:
            link = structure_links[-1]
            name = link.name  # (the sheet, and its links, change once it is followed)
            # The caret reaching the link moves the reader's focus onto it.
            facts.queryComponent().grabFocus()
            wait_for("focus in the fact sheet", lambda: facts.getState().contains(pyatspi.STATE_FOCUSED))
            sheet = facts.queryText()
            at = sheet.getText(0, -1).rfind(name)
            sheet.setCaretOffset(max(at - 1, 0))
            pump(0.3)
            key(RIGHT)
            if not wait_for("the focus on the link", lambda: focus[-1] if focus and focus[-1].name == name else None):
                problems.append(f"the caret on the link {name!r} did not move the focus there ({focused().name if focused() else None!r})")
            elif focus[-1].getRoleName() != "link":
                problems.append(f"the focus went to a {focus[-1].getRoleName()}, not a link")
            actions = link.queryAction()
            names = [actions.getName(i) for i in range(actions.nActions)]
            before = len(announced)
            if "Press" not in names:
                problems.append(f"the link {name!r} has the actions {names}, not Press")
            else:
                actions.doAction(names.index("Press"))
                if not name or not wait_for("the link followed", lambda: any(a.startswith(f"{name}: ") for a in announced[before:])):
                    problems.append(f"after pressing the link {name!r}, announced: {announced[before:]}")

        # 5. A keyboard-only study session: start, answer, hear the grade, go on.
        key(F8)
        counter = wait_for("a question", lambda: _find(window, lambda n: n.name.startswith("QUESTION 1 OF")))
        if counter is None:
            return report()
        # The question follows the counter in the panel, as it does on screen.
        after = counter.parent.getChildAtIndex(counter.getIndexInParent() + 1)
        question = after if after is not None and after.getRoleName() == "label" and after.name.endswith(("?", ".")) else None
        if question is None:
            problems.append("the question is not exposed as a label's text")
        before = len(announced)
        node = wait_for("the focus on the answer", lambda: focused(window))
        if node is not None and node.getRoleName() == "text":
            type_text("femoral nerve")
            key(RETURN)
        graded = lambda: any(a.startswith(("Right.", "Wrong.")) for a in announced[before:])  # noqa: E731
        for _ in range(30):  # ticking or tracing: Tab on to "Show answer" and press it
            if graded():
                break
            node = focused(window)
            if node is not None and node.name == "Show answer":
                key(SPACE)
                break
            key(TAB)
        if not wait_for("the grade announced", graded):
            problems.append(f"announced: {announced[before:]}")
        feedback = wait_for("the focus on the feedback", lambda: focused(window))
        if feedback is None or not feedback.name.startswith(("✓", "✗")):
            problems.append(f"after grading the focus is on {feedback.name if feedback else None!r}, not the feedback")
        key(RETURN)  # Enter on the feedback goes on
        if not wait_for("the next question", lambda: _find(window, lambda n: n.name.startswith("QUESTION 2 OF"))):
            problems.append("Enter after the grade did not move on")
        return report()
    finally:
        app_process.terminate()
        app_process.wait(10)


def _exists(path: str) -> bool:
    file = Path(path)
    return file.exists() and file.stat().st_size > 0


def _find(window, test):  # type: ignore[no-untyped-def]
    return next((n for n in walk(window, []) if showing(n) and test(n)), None)


def report() -> int:
    for problem in problems:
        print(problem)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
