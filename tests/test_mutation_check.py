"""The mutation check CI runs (`python3 dev.py mutate --changed`): which core modules a change
touches, how the time budget is shared and sampled, and when the check fails. No mutant is run here:
mutmut's runs are replaced by a fake that records what it was asked to run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_dev():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dev = _load_dev()


# ---- which modules ------------------------------------------------------------------------------


def test_only_existing_modules_of_the_qt_free_core_are_checked_models_first() -> None:
    paths = [
        "viewer/session/steps.py",
        "viewer/qt/canvas/scene.py",
        "viewer/model/names.py",
        "viewer/model/__init__.py",
        "viewer/model/gone.py",  # deleted by the change
        "viewer/model/names.txt",
        "docs/testing.md",
        "tests/test_names.py",
        "viewer/model/sub/deeper.py",
        "viewer/session/caption.py",
        "viewer/model/names.py",
    ]
    assert dev.changed_core_modules(paths) == ["model/names", "session/caption", "session/steps"]
    assert dev.changed_core_modules([]) == []


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    _git(repo, "add", path)
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", f"change {path}")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q", "-b", "main")
    _commit(tmp_path, "viewer/model/names.py", "a = 1\n")
    return tmp_path


def test_a_single_commit_clone_has_nothing_to_compare(repo: Path) -> None:
    files, why = dev.changed_files(None, repo)
    assert files is None
    assert why == "the newest commit has no parent here (a single-commit or shallow clone)"


def test_the_newest_commit_s_files_are_the_change(repo: Path) -> None:
    _commit(repo, "viewer/session/steps.py", "b = 1\n")
    _commit(repo, "viewer/model/lesson.py", "c = 1\n")
    assert dev.changed_files(None, repo) == (["viewer/model/lesson.py"], "the newest commit")


def test_since_a_ref_the_change_is_everything_since_the_merge_base(repo: Path) -> None:
    _git(repo, "checkout", "-q", "-b", "work")
    _commit(repo, "viewer/session/steps.py", "b = 1\n")
    _commit(repo, "viewer/model/lesson.py", "c = 1\n")
    _git(repo, "checkout", "-q", "main")
    _commit(repo, "viewer/model/study.py", "d = 1\n")  # on main after the branch: not part of the change
    _git(repo, "checkout", "-q", "work")
    files, what = dev.changed_files("main", repo)
    assert sorted(files) == ["viewer/model/lesson.py", "viewer/session/steps.py"]
    assert what == "the changes since main"
    files, why = dev.changed_files("no-such-branch", repo)
    assert files is None and why == "no common history with no-such-branch here (unknown, or a shallow clone)"


# ---- sampling and the budget ------------------------------------------------------------------------


def _mutants(sizes: dict[str, int]) -> list[str]:
    return [f"viewer.model.m.x_{name}__mutmut_{i}" for name, size in sizes.items() for i in range(1, size + 1)]


def test_every_prefix_of_the_order_samples_the_functions_evenly() -> None:
    mutants = _mutants({"big": 40, "mid": 9, "small": 2, "one": 1})
    order = dev.spread_order(mutants)
    assert sorted(order) == sorted(mutants)
    sizes = Counter(dev._function_of(m) for m in mutants)
    for n in range(1, len(order) + 1):
        taken = Counter(dev._function_of(m) for m in order[:n])
        # a function not yet exhausted has at least as many as any other, less one
        most = max(taken.values())
        for function, size in sizes.items():
            assert taken[function] == size or taken[function] >= most - 1, (n, function)
    assert set(Counter(dev._function_of(m) for m in order[:4]).values()) == {1}
    assert Counter(dev._function_of(m).rpartition("_")[2] for m in order[:7]) == {"big": 2, "mid": 2, "small": 2, "one": 1}


def test_the_sample_is_the_same_on_every_run_and_a_different_seed_gives_another() -> None:
    mutants = _mutants({"a": 30, "b": 30, "c": 30})
    assert dev.spread_order(mutants) == dev.spread_order(list(reversed(mutants)))
    assert dev.spread_order(mutants)[:10] != dev.spread_order(mutants, seed=dev.SAMPLE_SEED + 1)[:10]


def test_each_module_gets_an_even_share_of_what_is_left() -> None:
    assert dev.module_share(300, 3) == 100
    assert dev.module_share(300, 1) == 300
    assert dev.module_share(-5, 2) == 0


def test_a_batch_holds_as_many_mutants_as_fit_after_the_runs_overhead() -> None:
    assert dev.fit_batch([1.0] * 10, 20, 6) == 10
    assert dev.fit_batch([1.0] * 10, 10, 6) == 4
    assert dev.fit_batch([3.0, 1.0, 1.0], 8, 6) == 0  # the next one does not fit: none are skipped over
    assert dev.fit_batch([1.0], 5, 6) == 0


def _stats(durations: dict[str, float], functions: dict[str, list[str]]) -> dict:
    return {"duration_by_test": durations, "tests_by_mangled_function_name": functions}


def test_a_mutant_costs_its_functions_tests_and_a_run_costs_their_clean_run_once() -> None:
    stats = _stats({"t1": 0.5, "t2": 2.0, "t3": 9.0}, {"viewer.model.m.x_f": ["t1", "t2"], "viewer.model.m.x_g": ["t2"]})
    names = ["viewer.model.m.x_f__mutmut_1", "viewer.model.m.x_g__mutmut_1", "viewer.model.m.x_g__mutmut_2", "viewer.model.m.x_h__mutmut_1"]
    costs, overhead = dev.mutant_costs(names, stats)
    assert costs == pytest.approx([2.5 + dev.MUTANT_OVERHEAD, 2.0 + dev.MUTANT_OVERHEAD, 2.0 + dev.MUTANT_OVERHEAD, dev.MUTANT_OVERHEAD])
    assert overhead == pytest.approx(dev.RUN_OVERHEAD + 2.5)


def test_the_first_batch_is_small_and_times_the_tests_then_the_stats_size_the_next() -> None:
    order = [f"viewer.model.m.x_f__mutmut_{i}" for i in range(1, 101)]
    assert dev.next_batch(order, 0, 120, None, 1.0) == dev.FIRST_BATCH == 8
    assert dev.next_batch(order[:5], 0, 120, None, 1.0) == 5
    stats = _stats({"t": 0.9}, {"viewer.model.m.x_f": ["t"]})
    # a run: overhead 6 + the clean test 0.9; each mutant 0.9 + 0.1
    assert dev.next_batch(order, 8, 26.9, stats, 1.0) == 20
    assert dev.next_batch(order, 8, 500, stats, 1.0) == 92
    assert dev.next_batch(order, 8, 2 * 26.9, stats, 2.0) == 20  # twice as slow as estimated: half as many
    assert dev.next_batch(order, 8, 6.5, stats, 1.0) == 0
    assert dev.next_batch(order, 100, 500, stats, 1.0) == 0
    assert dev.next_batch(order, 8, 0, None, 1.0) == 0


# ---- the whole check, with mutmut replaced ----------------------------------------------------------------


class FakeMutmut:
    """Stands in for `mutmut run` on a fake clock: every function has one test of `seconds`, so a run
    takes exactly what the stats predict; each mutant is killed unless listed as a survivor."""

    def __init__(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mutants: dict[str, list[str]], survivors: set[str], seconds: float
    ) -> None:
        self.now = 0.0
        self.codes: dict[str, dict[str, int | None]] = {m: dict.fromkeys(names) for m, names in mutants.items()}
        self.batches: list[list[str]] = []
        self.survivors = survivors
        self.seconds = seconds
        self.work = tmp_path
        (tmp_path / "mutants").mkdir(exist_ok=True)
        (tmp_path / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        monkeypatch.setattr(dev.time, "monotonic", lambda: self.now)
        monkeypatch.setattr(dev, "_list_mutants", lambda _python, module: list(mutants[module]))
        monkeypatch.setattr(dev, "_module_workdir", lambda module: tmp_path)
        monkeypatch.setattr(dev, "_exit_codes", lambda module: self.codes[module])
        monkeypatch.setattr(dev.subprocess, "run", self.run)

    def run(self, command: list[str], **_kwargs: object) -> None:
        batch = [a for a in command if "__mutmut_" in a]
        self.batches.append(batch)
        functions = {dev._function_of(n) for n in batch}
        stats = {"duration_by_test": {f: self.seconds for f in functions}, "tests_by_mangled_function_name": {f: [f] for f in functions}}
        (self.work / "mutants" / "mutmut-stats.json").write_text(json.dumps(stats))
        costs, overhead = dev.mutant_costs(batch, stats)
        self.now += overhead + sum(costs)
        for name in batch:
            module = name.split(".")[1] + "/" + name.split(".")[2]
            self.codes[module][name] = 0 if name in self.survivors else 1


def _changed(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    monkeypatch.setattr(dev, "changed_files", lambda since: ([f"viewer/{m}.py" for m in modules], "the newest commit"))


def test_nothing_to_compare_is_said_in_one_line_and_passes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        dev, "changed_files", lambda since: (None, "the newest commit has no parent here (a single-commit or shallow clone)")
    )
    assert dev.mutate_changed(Path("python"), None, 300) == 0
    assert capsys.readouterr().out == (
        "mutation check: nothing to compare (the newest commit has no parent here (a single-commit or shallow clone)); nothing to run.\n"
    )


def test_a_change_outside_the_core_runs_nothing_and_passes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(dev, "changed_files", lambda since: (["viewer/qt/canvas/scene.py", "docs/testing.md"], "the newest commit"))
    assert dev.mutate_changed(Path("python"), None, 300) == 0
    assert capsys.readouterr().out == "mutation check: the newest commit changed no module of the Qt-free core; nothing to run.\n"


def test_a_module_killing_nine_in_ten_passes_and_fewer_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [f"viewer.model.names.x_f__mutmut_{i}" for i in range(1, 21)]
    _changed(monkeypatch, "model/names")
    FakeMutmut(monkeypatch, tmp_path, {"model/names": names}, set(names[:2]), seconds=0.1)
    assert dev.mutate_changed(Path("python"), None, 300) == 0
    out = capsys.readouterr().out
    assert "| `model/names.py` | 20 | 20 | 18 | 90% |" in out
    assert "every module killed at least 90% of the mutants run" in out

    FakeMutmut(monkeypatch, tmp_path, {"model/names": names}, set(names[:3]), seconds=0.1)
    assert dev.mutate_changed(Path("python"), None, 300) == 1
    out = capsys.readouterr().out
    assert "| `model/names.py` | 20 | 20 | 17 | 85% |" in out
    assert "FAILED: a module killed fewer than 90% of the mutants run" in out
    for name in names[:3]:
        assert f"    not killed: {name}" in out


def test_over_budget_the_modules_share_the_time_and_each_runs_an_even_sample(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesion = [f"viewer.model.lesion.x_{f}__mutmut_{i}" for f in ("check", "simulate", "describe") for i in range(1, 201)]
    names = [f"viewer.model.names.x_search__mutmut_{i}" for i in range(1, 11)]
    _changed(monkeypatch, "model/lesion", "model/names")
    monkeypatch.setattr(dev, "_equivalent_mutants", lambda: {})  # made-up names: none of the repository's list applies
    fake = FakeMutmut(monkeypatch, tmp_path, {"model/lesion": lesion, "model/names": names}, set(), seconds=0.9)
    assert dev.mutate_changed(Path("python"), None, 100) == 0
    ran_lesion = [n for batch in fake.batches for n in batch if ".lesion." in n]
    ran_names = [n for batch in fake.batches for n in batch if ".names." in n]
    assert fake.now <= 100
    # the lesion model's half, 50 s: 8 mutants (a run's 6 s, three tests' 2.7 s, 8 s), then 24 more in the 33.3 s left
    assert [len(b) for b in fake.batches] == [8, 24, 8, 2]
    assert len(ran_lesion) == 32
    assert len(ran_names) == 10  # the rest of the budget: all of it fits
    per_function = Counter(dev._function_of(n) for n in ran_lesion)
    assert max(per_function.values()) - min(per_function.values()) <= 1 and len(per_function) == 3
    assert "| `model/lesion.py` | 600 | 32 | 32 | 100% |" in capsys.readouterr().out


def test_mutants_listed_as_equivalent_are_not_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    names = [f"viewer.model.names.x_f__mutmut_{i}" for i in range(1, 6)]
    _changed(monkeypatch, "model/names")
    monkeypatch.setattr(dev, "_equivalent_mutants", lambda: {names[0]: "the same"})
    fake = FakeMutmut(monkeypatch, tmp_path, {"model/names": names}, set(), seconds=0.1)
    assert dev.mutate_changed(Path("python"), None, 300) == 0
    assert sorted(n for batch in fake.batches for n in batch) == sorted(names[1:])


def test_a_module_mutmut_recorded_nothing_for_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [f"viewer.model.names.x_f__mutmut_{i}" for i in range(1, 6)]
    _changed(monkeypatch, "model/names")
    fake = FakeMutmut(monkeypatch, tmp_path, {"model/names": names}, set(), seconds=0.1)
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kw: fake.batches.append(command))
    assert dev.mutate_changed(Path("python"), None, 300) == 1
    assert "model/names: mutmut recorded no result; run `python3 dev.py mutate model/names` to see why" in capsys.readouterr().out
