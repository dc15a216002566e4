#!/usr/bin/env python3
"""Set up and run Plexus Viewer from a checkout with nothing but python3.

    python3 dev.py run [ARGS…]    # the app (any plexus-viewer arguments pass through)
    python3 dev.py test [ARGS…]   # the test suite (arguments pass to pytest)
    python3 dev.py mutate [MODULE…] [-- MUTANT_PATTERN…]
                                  # mutation score of the Qt-free core, per module
                                  # (e.g. `mutate model/names`; see docs/testing.md)
    python3 dev.py mutate --changed [--since REF] [--budget SECONDS]
                                  # the check CI runs: the core modules the newest commit
                                  # (or everything since REF) changed, within a time budget

The first call makes a virtual environment in .venv and installs the project with its
test dependencies into it; later calls reinstall only when pyproject.toml changes.
Nothing else is installed and nothing needs root: the packaging tests run the desktop
entry and AppStream validators where they are installed and are skipped where they are
not (`.ci/run` installs them and makes those tests required).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import venv
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def _python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    python = _python()
    if not python.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != _wanted_stamp():
        print("Installing Plexus Viewer and its dependencies into .venv …", flush=True)
        quiet = ["-q"] if os.environ.get("CI") else []
        subprocess.run([str(python), "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", *quiet, "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(_wanted_stamp())
    return python


MUTMUT = "mutmut==3.8.1"
MUTANTS = ROOT / "mutants"
EQUIVALENT = ROOT / "tests" / "mutmut-equivalent.txt"
# mutmut's exit codes, as it files them (mutmut/stats.py): a failing test, a pytest internal error,
# the type check, and a timeout (a mutant that makes the tests hang is noticed as surely as one they fail).
KILLED_CODES = {1, 3, 37, 36, 24, -24, 152, 255}


def _mutation_config() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]


def _module_selection(module: str) -> list[str]:
    config = _mutation_config()
    return list(config.get("tests_by_module", {}).get(module, config["pytest_add_cli_args_test_selection"]))


def _core_modules() -> list[str]:
    found = []
    for package in ("model", "session"):
        for path in sorted((ROOT / "viewer" / package).glob("*.py")):
            if path.name != "__init__.py":
                found.append(f"{package}/{path.stem}")
    return found


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def _module_workdir(module: str) -> Path:
    """A copy of the project whose mutmut configuration mutates one module against its own tests.

    mutmut keeps one configuration (and one cache) per folder, so each module gets its own folder
    under mutants/: a second module's test selection then never invalidates the first's results.
    Copies keep their files' times, so mutmut re-mutates only what changed since the last run.
    """
    work = MUTANTS / module.replace("/", ".")
    work.mkdir(parents=True, exist_ok=True)
    for folder in ("viewer", "tests", "assets"):
        shutil.rmtree(work / folder, ignore_errors=True)  # nothing deleted here lingers there
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    kept = text.split("\n[tool.mutmut]", 1)[0]  # the mutmut tables are the file's last; they are rewritten here
    config = _mutation_config()
    kept += (
        "\n[tool.mutmut]\n"
        f'source_paths = ["viewer"]\n'
        f'only_mutate = ["viewer/{module}.py"]\n'
        f"also_copy = {_toml_list(config.get('also_copy', []))}\n"
        f"pytest_add_cli_args = {_toml_list(config.get('pytest_add_cli_args', []))}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list(_module_selection(module))}\n"
        f"timeout_multiplier = {float(config.get('timeout_multiplier', 15.0))}\n"
    )
    target = work / "pyproject.toml"
    if not target.exists() or target.read_text("utf-8") != kept:
        target.write_text(kept, "utf-8")
    # mutmut re-tests a mutant only when its function changes, not when the tests do: new tests
    # would never get to kill an old survivor. So a change to the tests starts the module afresh.
    digest = hashlib.sha256(kept.encode())
    for path in sorted((ROOT / "tests").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path != EQUIVALENT:
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    stamp = work / "tests.sha256"
    if not stamp.exists() or stamp.read_text() != digest.hexdigest():
        shutil.rmtree(work / "mutants", ignore_errors=True)
        stamp.write_text(digest.hexdigest())
    return work


def _equivalent_mutants() -> dict[str, str]:
    """Mutants that cannot change behaviour, with the reason each is so (tests/mutmut-equivalent.txt)."""
    found: dict[str, str] = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, why = line.partition(" ")
                found[name] = why.strip()
    return found


def _score(module: str) -> tuple[int, int, int, int, list[str]]:
    """(mutants run, killed, not run, equivalent, survivors) from a module's last runs."""
    meta = _module_workdir_path(module) / "mutants" / "viewer" / f"{module}.py.meta"
    if not meta.exists():
        return 0, 0, 0, 0, []
    codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})
    equivalent = _equivalent_mutants()
    counted = {name: code for name, code in codes.items() if name not in equivalent and code is not None}
    killed = sum(1 for code in counted.values() if code in KILLED_CODES)
    not_run = sum(1 for name, code in codes.items() if name not in equivalent and code is None)
    excluded = sum(1 for name in codes if name in equivalent)
    survivors = sorted(name for name, code in counted.items() if code not in KILLED_CODES)
    return len(counted), killed, not_run, excluded, survivors


def _module_workdir_path(module: str) -> Path:
    return MUTANTS / module.replace("/", ".")


def _mutate_changed_args(python: Path, args: list[str]) -> int:
    since, budget = None, 300.0
    rest = [a for a in args if a != "--changed"]
    while rest:
        flag = rest.pop(0)
        if flag in ("--since", "--budget") and rest:
            value = rest.pop(0)
            if flag == "--since":
                since = value
            else:
                budget = float(value)
        else:
            print(f"dev.py mutate --changed: unexpected {flag!r} (use --since REF, --budget SECONDS)", file=sys.stderr)
            return 2
    return mutate_changed(python, since, budget)


def _print_table(modules: list[str]) -> None:
    print()
    print("| module | mutants run | killed | % | not run (sampled) | equivalent (excluded) |")
    print("|---|---|---|---|---|---|")
    for module in modules:
        total, killed, not_run, excluded, _ = _score(module)
        percent = f"{100 * killed / total:.0f}%" if total else "not run"
        print(f"| `{module}.py` | {total} | {killed} | {percent} | {not_run} | {excluded} |")


#: The address space a mutation run may take (its mutants run in forks of it). A mutant that
#: makes a loop endless while it appends (svgids' `_Collector.start`, its root's parent made
#: +1) grew by 1 GB every few seconds, past the machine's memory before its timeout: capped,
#: it fails at once with MemoryError and is counted killed. A test run takes under 2 GB.
MUTANT_ADDRESS_SPACE = 8 * 1024**3


def _memory_cap():  # type: ignore[no-untyped-def]
    """A `preexec_fn` that caps the child's address space (None where the platform has no such limit)."""
    try:
        import resource
    except ImportError:
        return None

    def cap() -> None:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (MUTANT_ADDRESS_SPACE, MUTANT_ADDRESS_SPACE))

    return cap


def mutate(python: Path, args: list[str]) -> int:
    """Run mutmut per core module (niced, one worker) and print mutants / killed / % per module."""
    if subprocess.call([str(python), "-c", "import mutmut"], stderr=subprocess.DEVNULL) != 0:
        print(f"Installing {MUTMUT} into .venv …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", MUTMUT], check=True)
    if "--changed" in args:
        return _mutate_changed_args(python, args)
    patterns: list[str] = []
    if "--" in args:
        args, patterns = args[: args.index("--")], args[args.index("--") + 1 :]
    table_only = "--table" in args
    modules = [a.removeprefix("viewer/").removesuffix(".py") for a in args if a != "--table"] or _core_modules()
    unknown = [m for m in modules if m not in _core_modules()]
    if unknown:
        print(f"dev.py mutate: not a core module: {', '.join(unknown)} (choose from {', '.join(_core_modules())})", file=sys.stderr)
        return 2
    mutmut = [str(python), "-m", "mutmut"]
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    status = 0
    for module in modules if not table_only else []:
        work = _module_workdir(module)
        print(f"== viewer/{module}.py against {' '.join(_module_selection(module))}", flush=True)
        dotted = "viewer." + module.replace("/", ".")
        names = [p if p.startswith(dotted) else f"{dotted}.{p}" for p in patterns]
        status |= subprocess.call([*nice, *mutmut, "run", "--max-children", "1", *names], cwd=work, preexec_fn=_memory_cap())
    _print_table(modules)
    if len(modules) == 1:
        survivors = _score(modules[0])[4]
        if survivors:
            where = _module_workdir_path(modules[0]).relative_to(ROOT)
            print(f"\n{len(survivors)} not killed (see one with: cd {where} && ../../.venv/bin/mutmut show NAME):")
            for name in survivors:
                print("   ", name)
    return status


# ---- the CI check: the core modules a change touches, within a time budget ---------------------------

#: The check fails when a module kills fewer than this share of the mutants it ran.
PASS_SCORE = 0.90
#: The seed of the sample, so that a run can be repeated exactly.
SAMPLE_SEED = 18
#: The first batch of a module is this small: it measures how fast its mutants run.
FIRST_BATCH = 8


def changed_core_modules(paths: Iterable[str], root: Path = ROOT) -> list[str]:
    """The core modules among changed files ("viewer/model/names.py" -> "model/names"), in the core's order.

    Files that no longer exist (deleted by the change) and package `__init__` files are left out.
    """
    wanted = set()
    for path in paths:
        parts = Path(path).parts
        core = len(parts) == 3 and parts[0] == "viewer" and parts[1] in ("model", "session")
        if core and parts[2].endswith(".py") and parts[2] != "__init__.py" and (root / path).is_file():
            wanted.add(f"{parts[1]}/{parts[2][:-3]}")
    return sorted(wanted, key=lambda m: (not m.startswith("model/"), m))


def _git(args: list[str], cwd: Path) -> str | None:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def changed_files(since: str | None, cwd: Path = ROOT) -> tuple[list[str] | None, str]:
    """The files changed by the newest commit, or since the merge-base of HEAD and `since`.

    Returns (None, why) when there is nothing to compare with: a single-commit or shallow clone,
    or a `since` that is unknown here or shares no history with HEAD.
    """
    if since is None:
        if _git(["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"], cwd) is None:
            return None, "the newest commit has no parent here (a single-commit or shallow clone)"
        base, what = "HEAD~1", "the newest commit"
    else:
        found = _git(["merge-base", since, "HEAD"], cwd)
        if not found:
            return None, f"no common history with {since} here (unknown, or a shallow clone)"
        base, what = found.strip(), f"the changes since {since}"
    listed = _git(["diff", "--name-only", base, "HEAD"], cwd)
    if listed is None:
        return None, f"git could not compare {what} here"
    return [line for line in listed.splitlines() if line], what


def _function_of(mutant: str) -> str:
    return mutant.partition("__mutmut_")[0]


def spread_order(mutants: Iterable[str], seed: int = SAMPLE_SEED) -> list[str]:
    """The mutants in an order whose every prefix is an even sample across functions.

    Each function's mutants are shuffled (with a fixed seed) and dealt out in turn, one from each
    function, the functions themselves in a shuffled order: the first n of the result hold as many
    of each function's mutants as they can, give or take one. The same input always gives the same
    order, so a sampled run can be repeated.
    """
    rng = random.Random(seed)
    by_function: dict[str, list[str]] = {}
    for name in sorted(set(mutants)):
        by_function.setdefault(_function_of(name), []).append(name)
    functions = sorted(by_function)
    rng.shuffle(functions)
    for function in functions:
        rng.shuffle(by_function[function])
    order: list[str] = []
    queues = [by_function[f] for f in functions]
    while any(queues):
        for queue in queues:
            if queue:
                order.append(queue.pop(0))
    return order


def module_share(seconds_left: float, modules_left: int) -> float:
    """A module's share of the budget: an even part of what is left among the modules still to run
    (itself included). What a module does not use is left to the ones after it."""
    return max(seconds_left, 0.0) / max(modules_left, 1)


def fit_batch(costs: list[float], seconds_left: float, overhead: float) -> int:
    """How many of the next mutants (their estimated `costs`, in order) fit in `seconds_left`,
    after the `overhead` a run of mutmut pays whatever it runs."""
    spent, count = overhead, 0
    for cost in costs:
        if spent + cost > seconds_left:
            break
        spent += cost
        count += 1
    return count


#: What one `mutmut run` costs beyond its mutants: starting up, checking the copy, the forced-fail run.
RUN_OVERHEAD = 6.0
#: What one mutant costs beyond its tests: forking a worker and reporting back.
MUTANT_OVERHEAD = 0.1


def mutant_costs(mutants: list[str], stats: dict) -> tuple[list[float], float]:
    """Each mutant's estimated seconds, and the overhead of a run of all of them, from mutmut's stats.

    A mutant runs the tests that reach its function; a run first runs all of its mutants' tests once,
    unmutated (the clean run).
    """
    durations = stats.get("duration_by_test", {})
    tests_of = stats.get("tests_by_mangled_function_name", {})
    costs, clean = [], set()
    for name in mutants:
        tests = tests_of.get(_function_of(name), [])
        clean.update(tests)
        costs.append(MUTANT_OVERHEAD + sum(durations.get(test, 0.0) for test in tests))
    return costs, RUN_OVERHEAD + sum(durations.get(test, 0.0) for test in clean)


def next_batch(order: list[str], done: int, seconds_left: float, stats: dict | None, slowdown: float) -> int:
    """How many of a module's mutants, from `order[done:]`, to run next with `seconds_left` of its share.

    Before mutmut has timed the module's tests (`stats` None) a small first batch is run to get them;
    after that, as many as its stats say fit, each estimate multiplied by `slowdown` (how much longer
    the batches so far took than estimated, at least 1).
    """
    left = order[done:]
    if not left or seconds_left <= 0:
        return 0
    if stats is None:
        return min(len(left), FIRST_BATCH)
    costs, _ = mutant_costs(left, stats)
    count = len(left)
    while count:
        # the clean run depends on which mutants go: shrink until the batch with its overhead fits
        _, overhead = mutant_costs(left[:count], stats)
        fitted = fit_batch([c * slowdown for c in costs[:count]], seconds_left, overhead * slowdown)
        if fitted >= count:
            return count
        count = fitted
    return 0


def _list_mutants(python: Path, module: str) -> list[str]:
    """Every mutant mutmut makes of a module, by name (without running anything)."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from mutmut.mutation.file_mutation import mutate_file_contents\n"
        "from mutmut.utils.format_utils import get_mutant_name\n"
        "path = Path(sys.argv[1])\n"
        "made = mutate_file_contents(str(path), path.read_text('utf-8'), None, set())\n"
        "print(json.dumps([get_mutant_name(path, name) for name in made.mutant_names]))\n"
    )
    out = subprocess.run([str(python), "-c", script, f"viewer/{module}.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _mutmut_stats(work: Path) -> dict | None:
    path = work / "mutants" / "mutmut-stats.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _exit_codes(module: str) -> dict[str, int | None]:
    meta = _module_workdir_path(module) / "mutants" / "viewer" / f"{module}.py.meta"
    if not meta.exists():
        return {}
    return json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {})


def mutate_changed(python: Path, since: str | None, budget: float) -> int:
    """Mutation-test the core modules the newest commit (or everything since `since`) changed, within `budget` seconds."""
    started = time.monotonic()
    paths, what = changed_files(since)
    if paths is None:
        print(f"mutation check: nothing to compare ({what}); nothing to run.")
        return 0
    modules = changed_core_modules(paths)
    if not modules:
        print(f"mutation check: {what} changed no module of the Qt-free core; nothing to run.")
        return 0
    print(f"mutation check: {what} changed {', '.join(modules)}; budget {budget:.0f} s, sample seed {SAMPLE_SEED}", flush=True)
    equivalent = _equivalent_mutants()
    nice = ["nice", "-n", "10"] if shutil.which("nice") else []
    rows: list[tuple[str, int, int, int]] = []
    failed = False
    for position, module in enumerate(modules):
        work = _module_workdir(module)
        order = spread_order(name for name in _list_mutants(python, module) if name not in equivalent)
        ran: list[str] = []
        slowdown = 1.0
        module_end = time.monotonic() + module_share(budget - (time.monotonic() - started), len(modules) - position)
        while True:
            seconds_left = module_end - time.monotonic()
            stats = _mutmut_stats(work) if ran else None
            count = next_batch(order, len(ran), seconds_left, stats, slowdown)
            if count == 0:
                break
            batch = order[len(ran) : len(ran) + count]
            expected = None
            if stats is not None:
                costs, overhead = mutant_costs(batch, stats)
                expected = overhead + sum(costs)
            began = time.monotonic()
            # The budget is an estimate from the batches so far; a batch that runs far past it is stopped.
            limit = max(60.0, 3 * seconds_left)
            try:
                subprocess.run(
                    [*nice, str(python), "-m", "mutmut", "run", "--max-children", "1", *batch],
                    cwd=work,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=limit,
                    preexec_fn=_memory_cap(),
                )
            except subprocess.TimeoutExpired:
                print(f"    {module}: a batch ran past {limit:.0f} s and was stopped", flush=True)
                ran.extend(batch)
                break
            ran.extend(batch)
            if expected:
                slowdown = max(slowdown, (time.monotonic() - began) / expected)
        codes = _exit_codes(module)
        done = [name for name in ran if codes.get(name) is not None]
        killed = sum(1 for name in done if codes[name] in KILLED_CODES)
        rows.append((module, len(order), len(done), killed))
        if ran and not done:
            failed = True
            print(f"    {module}: mutmut recorded no result; run `python3 dev.py mutate {module}` to see why")
        if done and killed < PASS_SCORE * len(done):
            failed = True
            for name in sorted(name for name in done if codes[name] not in KILLED_CODES):
                print(f"    not killed: {name}")
    print()
    print("| module | mutants | run | killed | % |")
    print("|---|---|---|---|---|")
    for module, total, run, killed in rows:
        percent = f"{100 * killed / run:.0f}%" if run else "none run"
        print(f"| `{module}.py` | {total} | {run} | {killed} | {percent} |")
    print(f"\nmutation check: {time.monotonic() - started:.0f} s", end="")
    if failed:
        print(f"; FAILED: a module killed fewer than {PASS_SCORE:.0%} of the mutants run")
        return 1
    print(f"; every module killed at least {PASS_SCORE:.0%} of the mutants run")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup", "mutate"}:
        print(__doc__.strip())
        return 2
    command, rest = argv[0], argv[1:]
    try:
        python = ensure_environment()
    except subprocess.CalledProcessError as exc:
        print(f"dev.py: installing failed (exit {exc.returncode}); see the messages above.", file=sys.stderr)
        return 1
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(python), "-m", "viewer", *rest], cwd=ROOT)
    if command == "mutate":
        return mutate(python, rest)
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
