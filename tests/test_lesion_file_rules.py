"""Every rule of the lesion-file check: the exact problem it reports and the line it names.

A small lesion file (one site, one reflex, one case, the overlap) is built from the real one,
broken one way at a time, and the whole list of problems compared: nothing missing, nothing
extra, each at its own line.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from viewer.assets import default_data_path
from viewer.model.errors import PackError
from viewer.model.lesion import load_lesions
from viewer.model.pack import Pack

SITE = "common_fibular_at_fibular_neck"
REFLEX = "patellar_reflex"
PACK_SOURCE = "isncsci_2019"  # a source of the pack, not of the lesion file

Data = dict[str, Any]


def _small_file() -> Data:
    real = json.loads(default_data_path().with_name("lumbosacral.lesions.json").read_text("utf-8"))
    return {
        "format": real["format"],
        "title": "Rules",
        "sources": {**real["sources"], "own_note": {"title": "A note of our own", "url": None}},
        "overlap": real["overlap"],
        "reflexes": [next(r for r in real["reflexes"] if r["id"] == REFLEX)],
        "sites": [next(s for s in real["sites"] if s["id"] == SITE)],
        "cases": [{"id": "foot_drop", "lesion": "l5", "mimic": SITE, "complaint": "A foot drop."}],
    }


BASE = _small_file()


def _write(tmp_path: Path, data: Data) -> tuple[Path, str]:
    path = tmp_path / "rules.lesions.json"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, "utf-8")
    return path, text


def line_of(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first `needle` at or after the first `after`."""
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def site_line(text: str, site_id: str = SITE) -> int:
    return line_of(text, f'"id": "{site_id}"') - 1  # the line of the site's opening brace


def problems(pack: Pack, tmp_path: Path, data: Data) -> tuple[str, list[tuple[int | None, str]]]:
    path, text = _write(tmp_path, data)
    with pytest.raises(PackError) as err:
        load_lesions(pack, path)
    assert all(p.path == path for p in err.value.problems)
    return text, [(p.line, p.reason) for p in err.value.problems]


def test_the_small_file_is_valid(pack: Pack, tmp_path: Path) -> None:
    path, _ = _write(tmp_path, BASE)
    book = load_lesions(pack, path)
    assert list(book.sites) == [SITE] and [r.id for r in book.reflexes] == [REFLEX] and [c.id for c in book.cases] == ["foot_drop"]
    assert book.overlap is not None and book.overlap.structures == ("lumbosacral_trunk",)
    assert book.source(pack, "own_note").title == "A note of our own"
    assert book.source(pack, PACK_SOURCE) == pack.sources[PACK_SOURCE]


Edit = Callable[[Data], None]
Expect = Callable[[str], list[tuple[int | None, str]]]


def _set(*steps: str | int, value: Any) -> Edit:
    def edit(data: Data) -> None:
        target: Any = data
        for step in steps[:-1]:
            target = target[step]
        target[steps[-1]] = value

    return edit


RULES: dict[str, tuple[Edit, Expect]] = {
    "wrong format": (
        _set("format", value="plexus-lesions/9"),
        lambda t: [(line_of(t, '"format"'), "format is 'plexus-lesions/9'; this viewer reads 'plexus-lesions/1'")],
    ),
    "a source without a title": (
        _set("sources", "own_note", "title", value="  "),
        lambda t: [(line_of(t, '"own_note": {'), "source 'own_note' has no title")],
    ),
    "a pack source redefined": (
        _set("sources", PACK_SOURCE, value={"title": "Elsewhere", "url": "https://example.org/else"}),
        lambda t: [(line_of(t, f'"{PACK_SOURCE}": {{'), f"source {PACK_SOURCE!r} is already a source of the pack")],
    ),
    "an overlap structure that is a muscle or unknown": (
        _set("overlap", "structures", value=["lumbosacral_trunk", "tibialis_anterior", "no_such_trunk"]),
        lambda t: [
            (line_of(t, '"structures": ['), "overlap: 'tibialis_anterior' is not a root, trunk or nerve of the pack"),
            (line_of(t, '"structures": ['), "overlap: 'no_such_trunk' is not a root, trunk or nerve of the pack"),
        ],
    ),
    "an overlap without a source": (
        _set("overlap", "sources", value=[]),
        lambda t: [(line_of(t, '"overlap": {'), "overlap: no source")],
    ),
    "an overlap with an unknown source": (
        _set("overlap", "sources", value=["nowhere_2099"]),
        lambda t: [(line_of(t, '"overlap": {'), "overlap: unknown source 'nowhere_2099'")],
    ),
    "a site id not in snake_case": (
        lambda d: (_set("sites", 0, "id", value="Fibular-Neck")(d), _set("cases", 0, "mimic", value="common_fibular_nerve")(d)),
        lambda t: [(site_line(t, "Fibular-Neck"), "id 'Fibular-Neck' is not snake_case")],
    ),
    "a site id that is a structure's": (
        lambda d: (_set("sites", 0, "id", value="sciatic_nerve")(d), _set("cases", 0, "mimic", value="sciatic_nerve")(d)),
        lambda t: [(site_line(t, "sciatic_nerve"), "duplicate id 'sciatic_nerve' (ids of sites and structures must differ)")],
    ),
    "two sites with one id": (
        lambda d: d["sites"].append(copy.deepcopy(d["sites"][0])),
        lambda t: [
            (
                line_of(t, f'"id": "{SITE}"', after='"description": "The commonest') - 1,
                f"duplicate id {SITE!r} (ids of sites and structures must differ)",
            )
        ],
    ),
    "a site on a muscle (its other faults unreported)": (
        lambda d: (_set("sites", 0, "nerve", value="tibialis_anterior")(d), _set("sites", 0, "spares", value=["nowhere"])(d)),
        lambda t: [
            (
                line_of(t, '"nerve": "tibialis_anterior"'),
                f"{SITE}: nerve 'tibialis_anterior' is not a root, trunk, nerve or branch of the pack",
            )
        ],
    ),
    "a site also cutting something unknown": (
        lambda d: (_set("sites", 0, "also", value=["nowhere", "l5"])(d), _set("sites", 0, "spares", value=["nowhere"])(d)),
        lambda t: [(line_of(t, '"also": ['), f"{SITE}: also 'nowhere' is not another root, trunk or nerve of the pack")],
    ),
    "a site also cutting its own nerve": (
        _set("sites", 0, "also", value=["common_fibular_nerve"]),
        lambda t: [(line_of(t, '"also": ['), f"{SITE}: also 'common_fibular_nerve' is not another root, trunk or nerve of the pack")],
    ),
    "a spared branch the nerve does not give off": (
        _set("sites", 0, "spares", value=["biceps_femoris_short_head", "tibialis_posterior"]),
        lambda t: [(line_of(t, '"spares": ['), f"{SITE}: common_fibular_nerve gives off no 'tibialis_posterior' to spare")],
    ),
    "a variable branch the nerve does not give off": (
        _set("sites", 0, "variable", 0, "target", value="tibialis_posterior"),
        lambda t: [(line_of(t, '"target": "tibialis_posterior"') - 1, f"{SITE}: common_fibular_nerve gives off no 'tibialis_posterior'")],
    ),
    "a branch both spared and variable": (
        _set("sites", 0, "variable", 0, "target", value="biceps_femoris_short_head"),
        lambda t: [
            (line_of(t, '"target": "biceps_femoris_short_head"') - 1, f"{SITE}: 'biceps_femoris_short_head' is both spared and variable")
        ],
    ),
    "a variable branch without a source": (
        _set("sites", 0, "variable", 0, "sources", value=[]),
        lambda t: [
            (
                line_of(t, '"target": "lateral_sural_cutaneous_nerve"') - 1,
                f"{SITE}: variable branch 'lateral_sural_cutaneous_nerve' has no source",
            )
        ],
    ),
    "a variable branch with an unknown source": (
        _set("sites", 0, "variable", 0, "sources", value=["nowhere_2099"]),
        lambda t: [(line_of(t, '"target": "lateral_sural_cutaneous_nerve"') - 1, f"{SITE}: unknown source 'nowhere_2099'")],
    ),
    "a site with one source given twice": (
        _set("sites", 0, "sources", value=["katirji_1994_high_sciatic", "katirji_1994_high_sciatic"]),
        lambda t: [(line_of(t, '"sources": [', after='"description": "The commonest'), f"{SITE}: needs 2 independent sources, has 1")],
    ),
    "a site with an unknown source": (
        _set("sites", 0, "sources", value=["katirji_1994_high_sciatic", "own_note", PACK_SOURCE, "nowhere_2099"]),
        lambda t: [(line_of(t, '"sources": [', after='"description": "The commonest'), f"{SITE}: unknown source 'nowhere_2099'")],
    ),
    "a reflex with a site's id": (
        _set("reflexes", 0, "id", value=SITE),
        lambda t: [(line_of(t, f'"id": "{SITE}"') - 1, f"duplicate id {SITE!r}")],
    ),
    "a reflex with an unknown segment": (
        _set("reflexes", 0, "segments", value=["L3", "L9", "X1"]),
        lambda t: [(line_of(t, '"segments": ['), "patellar_reflex: unknown or missing segments L9, X1")],
    ),
    "a reflex without segments": (
        lambda d: (_set("reflexes", 0, "segments", value=[])(d), _set("reflexes", 0, "muscles", value=["rectus_femoris"])(d)),
        lambda t: [
            (line_of(t, '"segments": ['), "patellar_reflex: unknown or missing segments "),
            (line_of(t, '"muscles": ['), "patellar_reflex: rectus_femoris receives none of "),
        ],
    ),
    "a reflex without muscles": (
        _set("reflexes", 0, "muscles", value=[]),
        lambda t: [(line_of(t, f'"id": "{REFLEX}"') - 1, "patellar_reflex: names no muscle")],
    ),
    "a reflex through a nerve or an unknown muscle": (
        _set("reflexes", 0, "muscles", value=["rectus_femoris", "femoral_nerve", "no_such_muscle"]),
        lambda t: [
            (line_of(t, '"muscles": ['), "patellar_reflex: 'femoral_nerve' is not a muscle of the pack"),
            (line_of(t, '"muscles": ['), "patellar_reflex: 'no_such_muscle' is not a muscle of the pack"),
        ],
    ),
    "a reflex through a muscle none of its segments reach": (
        _set("reflexes", 0, "muscles", value=["rectus_femoris", "gastrocnemius"]),
        lambda t: [(line_of(t, '"muscles": ['), "patellar_reflex: gastrocnemius receives none of L2, L3, L4")],
    ),
    "a reflex without a source": (
        _set("reflexes", 0, "sources", value=[]),
        lambda t: [(line_of(t, f'"id": "{REFLEX}"') - 1, "patellar_reflex: no source")],
    ),
    "a reflex with an unknown source": (
        _set("reflexes", 0, "sources", value=["own_note", "nowhere_2099"]),
        lambda t: [(line_of(t, f'"id": "{REFLEX}"') - 1, "patellar_reflex: unknown source 'nowhere_2099'")],
    ),
    "a case whose lesion is a muscle and whose mimic is unknown": (
        lambda d: (_set("cases", 0, "lesion", value="tibialis_anterior")(d), _set("cases", 0, "mimic", value="fibular_neck")(d)),
        lambda t: [
            (
                line_of(t, '"lesion": "tibialis_anterior"'),
                "foot_drop: lesion 'tibialis_anterior' is neither a site nor a root, trunk or nerve",
            ),
            (line_of(t, '"mimic": "fibular_neck"'), "foot_drop: mimic 'fibular_neck' is neither a site nor a root, trunk or nerve"),
        ],
    ),
    "a case that is its own mimic": (
        _set("cases", 0, "lesion", value=SITE),
        lambda t: [(line_of(t, '"id": "foot_drop"') - 1, "foot_drop: the lesion and its mimic are the same")],
    ),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_lesion_file_rule_reports_its_problem_at_its_line(pack: Pack, tmp_path: Path, rule: str) -> None:
    edit, expect = RULES[rule]
    data = copy.deepcopy(BASE)
    edit(data)
    text, found = problems(pack, tmp_path, data)
    assert found == expect(text)


def test_a_case_may_name_a_site_a_root_or_a_nerve(pack: Pack, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["cases"] = [
        {"id": "a", "lesion": SITE, "mimic": "l5", "complaint": "c"},
        {"id": "b", "lesion": "sciatic_nerve", "mimic": "lumbosacral_trunk", "complaint": "c"},
    ]
    path, _ = _write(tmp_path, data)
    assert [(c.lesion, c.mimic) for c in load_lesions(pack, path).cases] == [(SITE, "l5"), ("sciatic_nerve", "lumbosacral_trunk")]


def test_a_pack_without_a_lesion_file_has_no_sites_reflexes_or_cases(pack_copy: Path) -> None:
    from viewer.model.loader import load_pack

    pack_copy.with_name("lumbosacral.lesions.json").unlink()
    pack = load_pack(pack_copy)
    book = load_lesions(pack)
    assert (book.path, dict(book.sites), book.reflexes, book.cases, dict(book.sources), book.overlap) == (None, {}, (), (), {}, None)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('\n\n["a", "list"]\n', 3, "the file holds an array; a lesion file is a JSON object"),
        ('{\n  "format": "plexus-lesions/1",\n  "title": }\n', 3, "not valid JSON: Expecting value"),
        ('{\n  "format": "plexus-lesions/1",\n  "title": "t",\n  "sites": [{"id": 3}]\n}\n', 4, "sites.0.id: expected `str`, got `int`"),
    ],
)
def test_a_lesion_file_that_is_not_one_names_its_path_line_and_fault(pack: Pack, tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "broken.lesions.json"
    path.write_text(text, "utf-8")
    with pytest.raises(PackError) as err:
        load_lesions(pack, path)
    assert [(p.path, p.line, p.reason) for p in err.value.problems] == [(path, line, reason)]


def test_every_site_and_reflex_is_checked_after_a_faulty_one(pack: Pack, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    first, second, third = (copy.deepcopy(data["sites"][0]) for _ in range(3))
    first["nerve"] = "tibialis_anterior"
    second.update(id="second_site", also=["nowhere", "elsewhere"])
    third.update(id="third_site", spares=["tibialis_posterior"])
    data["sites"] = [first, second, third]
    data["reflexes"].append(copy.deepcopy(data["reflexes"][0]))
    text, found = problems(pack, tmp_path, data)
    assert found == [
        (
            line_of(text, '"nerve": "tibialis_anterior"'),
            f"{SITE}: nerve 'tibialis_anterior' is not a root, trunk, nerve or branch of the pack",
        ),
        (line_of(text, '"also": ['), "second_site: also 'nowhere, elsewhere' is not another root, trunk or nerve of the pack"),
        (
            line_of(text, '"spares": [', after='"id": "third_site"'),
            "third_site: common_fibular_nerve gives off no 'tibialis_posterior' to spare",
        ),
        (text[: text.rindex(f'"id": "{REFLEX}"')].count("\n"), f"duplicate id {REFLEX!r}"),
    ]


def test_a_site_may_spare_what_a_structure_it_also_cuts_gives_off(pack: Pack, tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    branch = next(link.target for link in pack.outgoing["tibial_nerve"])
    data["sites"][0].update(also=["tibial_nerve"], spares=["biceps_femoris_short_head", branch])
    path, _ = _write(tmp_path, data)
    assert load_lesions(pack, path).sites[SITE].spares == ("biceps_femoris_short_head", branch)
