#!/usr/bin/env python3
"""Set up and run Plexus Viewer from a checkout with nothing but python3.

    python3 dev.py run [ARGS…]    # the app (any plexus-viewer arguments pass through)
    python3 dev.py test [ARGS…]   # the test suite (arguments pass to pytest)
    python3 dev.py mutate [MODULE…] [-- MUTANT_PATTERN…]
                                  # mutation score of the Qt-free core, per module
                                  # (e.g. `mutate model/names`; see docs/testing.md)

The first call makes a virtual environment in .venv and installs the project with its
test dependencies into it; later calls reinstall only when pyproject.toml changes.
Nothing else is installed and nothing needs root: the packaging tests run the desktop
entry and AppStream validators where they are installed and are skipped where they are
not (`.ci/run` installs them and makes those tests required).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
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


def _print_table(modules: list[str]) -> None:
    print()
    print("| module | mutants run | killed | % | not run (sampled) | equivalent (excluded) |")
    print("|---|---|---|---|---|---|")
    for module in modules:
        total, killed, not_run, excluded, _ = _score(module)
        percent = f"{100 * killed / total:.0f}%" if total else "not run"
        print(f"| `{module}.py` | {total} | {killed} | {percent} | {not_run} | {excluded} |")


def mutate(python: Path, args: list[str]) -> int:
    """Run mutmut per core module (niced, one worker) and print mutants / killed / % per module."""
    if subprocess.call([str(python), "-c", "import mutmut"], stderr=subprocess.DEVNULL) != 0:
        print(f"Installing {MUTMUT} into .venv …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", MUTMUT], check=True)
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
        status |= subprocess.call([*nice, *mutmut, "run", "--max-children", "1", *names], cwd=work)
    _print_table(modules)
    if len(modules) == 1:
        survivors = _score(modules[0])[4]
        if survivors:
            where = _module_workdir_path(modules[0]).relative_to(ROOT)
            print(f"\n{len(survivors)} not killed (see one with: cd {where} && ../../.venv/bin/mutmut show NAME):")
            for name in survivors:
                print("   ", name)
    return status


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
