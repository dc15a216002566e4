"""Every rule of the pack's data check: the exact problem it reports and the line it names.

A small pack (three roots, a trunk, two nerves bound in one sheath, two muscles) is written out,
broken one way at a time and loaded, and the whole list of problems compared: nothing missing,
nothing extra, each at its own line. The loader is called by each test itself, never through a
shared fixture.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from viewer.model.errors import PackError
from viewer.model.loader import load_data

Data = dict[str, Any]


def _segment(name: str) -> Data:
    return {"id": name.lower(), "kind": "segment", "name": name, "segments": [name], "segment_sources": ["statpearls"]}


def _small_pack() -> Data:
    both = ["statpearls", "radiopaedia"]
    return {
        "format": "plexus-pack/1",
        "title": "A small plexus",
        "segments": ["L4", "L5", "S1"],
        "sources": {
            "statpearls": {"title": "StatPearls: The lumbar plexus", "url": "https://www.ncbi.nlm.nih.gov/books/NBK1/"},
            "radiopaedia": {"title": "Radiopaedia: Lumbar plexus", "url": "https://radiopaedia.org/articles/lumbar-plexus"},
        },
        "structures": [
            _segment("L4"),
            _segment("L5"),
            _segment("S1"),
            {"id": "lumbosacral_trunk", "kind": "trunk", "name": "Lumbosacral trunk", "segments": ["L4", "L5"], "segment_sources": both},
            {
                "id": "tibial_nerve",
                "kind": "nerve",
                "name": "Tibial nerve",
                "segments": ["L4", "L5", "S1"],
                "segment_sources": both,
                "facts": [{"field": "motor", "text": "The calf.", "sources": ["statpearls"]}],
            },
            {"id": "fibular_nerve", "kind": "nerve", "name": "Fibular nerve", "segments": ["L4", "L5"], "segment_sources": both},
            {
                "id": "sciatic_nerve",
                "kind": "nerve",
                "name": "Sciatic nerve",
                "segments": ["L4", "L5", "S1"],
                "segment_sources": ["statpearls"],
                "parts": ["tibial_nerve", "fibular_nerve"],
            },
            {
                "id": "soleus",
                "kind": "muscle",
                "name": "Soleus",
                "segments": ["L5", "S1"],
                "segment_sources": ["statpearls"],
                "disputes": [
                    {
                        "field": "segments",
                        "values": [{"value": "L5, S1", "sources": ["statpearls"]}, {"value": "S1, S2", "sources": ["radiopaedia"]}],
                    }
                ],
            },
            {
                "id": "tibialis_anterior",
                "kind": "muscle",
                "name": "Tibialis anterior",
                "segments": ["L4", "L5"],
                "segment_sources": ["statpearls"],
            },
        ],
        "connections": [
            {"from": "l4", "to": "lumbosacral_trunk"},
            {"from": "l5", "to": "lumbosacral_trunk"},
            {"from": "lumbosacral_trunk", "to": "tibial_nerve"},
            {"from": "s1", "to": "tibial_nerve"},
            {"from": "lumbosacral_trunk", "to": "fibular_nerve"},
            {"from": "tibial_nerve", "to": "soleus"},
            {"from": "fibular_nerve", "to": "tibialis_anterior"},
        ],
    }


BASE = _small_pack()


def _structure(data: Data, sid: str) -> Data:
    return next(s for s in data["structures"] if s["id"] == sid)


def _connection(data: Data, source: str, target: str) -> Data:
    return next(c for c in data["connections"] if (c["from"], c["to"]) == (source, target))


def _write(tmp_path: Path, data: Data) -> tuple[Path, str]:
    path = tmp_path / "small.json"
    text = json.dumps(data, indent=1, ensure_ascii=False)
    path.write_text(text, "utf-8")
    return path, text


def _line(text: str, needle: str, after: int = 0) -> int:
    """The 1-based line of the first `needle` on or after line `after`."""
    lines = text.splitlines()
    return next(n for n in range(max(after, 1), len(lines) + 1) if needle in lines[n - 1])


def structure_line(text: str, sid: str, key: str = "") -> int:
    start = _line(text, f'"id": "{sid}"') - 1  # the structure's opening brace
    return _line(text, f'"{key}":', start) if key else start


def connection_line(text: str, source: str, target: str) -> int:
    lines = text.splitlines()
    return next(n for n in range(2, len(lines)) if lines[n - 1].strip() == f'"from": "{source}",' and f'"to": "{target}"' in lines[n]) - 1


def nested_line(text: str, sid: str, key: str, index: int) -> int:
    """The line of the `index`th object of a structure's `facts` or `disputes`."""
    line = structure_line(text, sid, key)
    for _ in range(index + 1):
        line = _line(text, "{", line + 1)
        if index:
            line = _line(text, '"field"', line) - 1
    return line


def test_the_small_pack_loads_and_carries_what_both_ends_share(tmp_path: Path) -> None:
    path, _ = _write(tmp_path, BASE)
    pack = load_data(path)
    assert pack.title == "A small plexus"
    carried = {(link.source, link.target): link.segments for link in pack.links}
    assert carried[("lumbosacral_trunk", "tibial_nerve")] == ("L4", "L5")
    assert carried[("tibial_nerve", "soleus")] == ("L5", "S1")
    assert carried[("s1", "tibial_nerve")] == ("S1",)


Case = tuple[Callable[[Data], None], Callable[[str], list[tuple[str, int]]]]


def _set(sid: str, **values: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        _structure(data, sid).update(values)

    return change


def _add_connection(source: str, target: str, **extra: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["connections"].append({"from": source, "to": target, **extra})

    return change


def _add_structure(structure: Data, *connections: tuple[str, str]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["structures"].append(structure)
        data["connections"].extend({"from": s, "to": t} for s, t in connections)

    return change


def _both(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for c in changes:
            c(data)

    return change


def _drop_connection(source: str, target: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["connections"].remove(_connection(data, source, target))

    return change


def _muscle(sid: str, segments: list[str]) -> Data:
    return {
        "id": sid,
        "kind": "muscle",
        "name": sid.replace("_", " ").capitalize(),
        "segments": segments,
        "segment_sources": ["statpearls"],
    }


S = structure_line
C = connection_line

RULES: dict[str, Case] = {
    "another format": (
        lambda d: d.update(format="plexus-pack/2"),
        lambda t: [("format is 'plexus-pack/2'; this viewer reads 'plexus-pack/1'", _line(t, '"format"'))],
    ),
    "an id not in snake_case": (
        _both(
            _add_structure(_muscle("Gastrocnemius", ["S1"]), ("tibial_nerve", "Gastrocnemius")),
            _add_structure(_muscle("plantaris_", ["S1"]), ("tibial_nerve", "plantaris_")),
            _add_structure(_muscle("2nd_toe_flexor", ["S1"]), ("tibial_nerve", "2nd_toe_flexor")),
            _add_structure(_muscle("popliteus__x", ["S1"]), ("tibial_nerve", "popliteus__x")),
            _add_structure(_muscle("flexor-hallucis", ["S1"]), ("tibial_nerve", "flexor-hallucis")),
            _add_structure(_muscle("flexor_digitorum_2", ["S1"]), ("tibial_nerve", "flexor_digitorum_2")),
        ),
        lambda t: [
            ("id 'Gastrocnemius' is not snake_case", S(t, "Gastrocnemius")),
            ("id 'plantaris_' is not snake_case", S(t, "plantaris_")),
            ("id '2nd_toe_flexor' is not snake_case", S(t, "2nd_toe_flexor")),
            ("id 'popliteus__x' is not snake_case", S(t, "popliteus__x")),
            ("id 'flexor-hallucis' is not snake_case", S(t, "flexor-hallucis")),
        ],
    ),
    "a duplicate id": (
        lambda d: d["structures"].append(copy.deepcopy(_structure(d, "soleus"))),
        lambda t: [("duplicate id 'soleus'", _line(t, '"id": "soleus"', S(t, "soleus") + 2) - 1)],
    ),
    "unknown segments, all of them named": (
        _set("soleus", segments=["L5", "S1", "S2", "S3"]),
        lambda t: [
            ("soleus: unknown segment S2, S3", S(t, "soleus", "segments")),
            ("soleus: lists S2, S3 but no connection brings it", S(t, "soleus", "segments")),
        ],
    ),
    "segments out of order": (
        _set("soleus", segments=["S1", "L5"]),
        lambda t: [("soleus: segments out of order or repeated", S(t, "soleus", "segments"))],
    ),
    "a segment repeated": (
        _set("soleus", segments=["L5", "S1", "S1"]),
        lambda t: [("soleus: segments out of order or repeated", S(t, "soleus", "segments"))],
    ),
    "no segments": (
        _both(_set("tibialis_anterior", segments=[]), _drop_connection("fibular_nerve", "tibialis_anterior")),
        lambda t: [
            ("tibialis_anterior: no segments", S(t, "tibialis_anterior", "segments")),
            ("tibialis_anterior: nothing runs into it", S(t, "tibialis_anterior")),
        ],
    ),
    "a segment named for another": (
        _set("s1", name="S2"),
        lambda t: [("s1: a segment carries exactly itself", S(t, "s1"))],
    ),
    "a segment carrying two": (
        _both(
            _set("s1", segments=["L5", "S1"]),
            _drop_connection("s1", "tibial_nerve"),
            _add_connection("s1", "tibial_nerve", segments=["S1"]),
        ),
        lambda t: [("s1: a segment carries exactly itself", S(t, "s1"))],
    ),
    "an unknown fact field": (
        lambda d: _structure(d, "tibial_nerve")["facts"].append({"field": "colour", "text": "Yellow.", "sources": ["radiopaedia"]}),
        lambda t: [("tibial_nerve: unknown fact field 'colour'", nested_line(t, "tibial_nerve", "facts", 1))],
    ),
    "a fact without a source": (
        lambda d: _structure(d, "tibial_nerve")["facts"].extend(
            [{"field": "course", "text": "Down the back.", "sources": []}, {"field": "branches", "text": "Many.", "sources": []}]
        ),
        lambda t: [
            ("tibial_nerve: fact 'course' has no source", nested_line(t, "tibial_nerve", "facts", 1)),
            ("tibial_nerve: fact 'branches' has no source", nested_line(t, "tibial_nerve", "facts", 2)),
        ],
    ),
    "an unknown dispute field": (
        lambda d: _structure(d, "soleus")["disputes"].append(
            {"field": "colour", "values": [{"value": "red", "sources": ["statpearls"]}, {"value": "pink", "sources": ["radiopaedia"]}]}
        ),
        lambda t: [("soleus: unknown dispute field 'colour'", nested_line(t, "soleus", "disputes", 1))],
    ),
    "a dispute of one value": (
        lambda d: _structure(d, "soleus")["disputes"].append(
            {"field": "action", "values": [{"value": "Plantarflexes.", "sources": ["statpearls"]}]}
        ),
        lambda t: [("soleus: a dispute needs two or more values", nested_line(t, "soleus", "disputes", 1))],
    ),
    "disputed values without a source": (
        lambda d: _structure(d, "soleus")["disputes"].append(
            {"field": "nerve", "values": [{"value": "tibial", "sources": []}, {"value": "fibular", "sources": []}]}
        ),
        lambda t: [
            ("soleus: disputed value 'tibial' has no source", nested_line(t, "soleus", "disputes", 1)),
            ("soleus: disputed value 'fibular' has no source", nested_line(t, "soleus", "disputes", 1)),
        ],
    ),
    "unknown sources, each named once": (
        _both(
            _set("tibialis_anterior", segment_sources=["gray", "statpearls", "gray"]),
            lambda d: _structure(d, "tibial_nerve")["facts"][0].update(sources=["netter", "statpearls"]),
            lambda d: _structure(d, "soleus")["disputes"][0]["values"][1].update(sources=["moore"]),
        ),
        lambda t: [
            ("tibial_nerve: unknown source 'netter'", S(t, "tibial_nerve")),
            ("soleus: unknown source 'moore'", S(t, "soleus")),
            ("tibialis_anterior: unknown source 'gray'", S(t, "tibialis_anterior")),
        ],
    ),
    "nothing cited at all": (
        _both(_set("l4", segment_sources=[]), _set("tibialis_anterior", segment_sources=[])),
        lambda t: [
            ("l4: no source for any value", S(t, "l4")),
            ("tibialis_anterior: no source for any value", S(t, "tibialis_anterior")),
        ],
    ),
    "a root value with one source, cited twice": (
        _both(_set("lumbosacral_trunk", segment_sources=["radiopaedia", "radiopaedia"]), _set("fibular_nerve", segment_sources=[])),
        lambda t: [
            ("lumbosacral_trunk: root value needs 2 independent sources, has 1", S(t, "lumbosacral_trunk", "segment_sources")),
            ("fibular_nerve: no source for any value", S(t, "fibular_nerve")),
            ("fibular_nerve: root value needs 2 independent sources, has 0", S(t, "fibular_nerve", "segment_sources")),
        ],
    ),
    "unknown parts": (
        _set("sciatic_nerve", parts=["tibial_nerve", "fibular_nerv", "pudendal_nerve"]),
        lambda t: [
            ("sciatic_nerve: unknown part 'fibular_nerv'", S(t, "sciatic_nerve", "parts")),
            ("sciatic_nerve: unknown part 'pudendal_nerve'", S(t, "sciatic_nerve", "parts")),
        ],
    ),
    "a composite's segments not its parts'": (
        _set("sciatic_nerve", segments=["L5", "S1"]),
        lambda t: [("sciatic_nerve: segments must be those of its parts together", S(t, "sciatic_nerve", "segments"))],
    ),
    "connections naming unknown structures": (
        _both(_add_connection("tibial_nerv", "soleuss"), _add_connection("tibial_nerve", "gastrocnemius")),
        lambda t: [
            ("connection names unknown structure 'tibial_nerv'", C(t, "tibial_nerv", "soleuss")),
            ("connection names unknown structure 'soleuss'", C(t, "tibial_nerv", "soleuss")),
            ("connection names unknown structure 'gastrocnemius'", C(t, "tibial_nerve", "gastrocnemius")),
        ],
    ),
    "a connection's unknown segments": (
        _both(
            _drop_connection("tibial_nerve", "soleus"),
            _add_connection("tibial_nerve", "soleus", segments=["L5", "S1", "S2", "S3"]),
            _add_connection("s1", "soleus", segments=["S4"]),
        ),
        lambda t: [
            ("tibial_nerve → soleus: unknown segment S2, S3", C(t, "tibial_nerve", "soleus")),
            ("s1 → soleus: unknown segment S4", C(t, "s1", "soleus")),
            ("soleus: nothing runs into it", S(t, "soleus")),
        ],
    ),
    "connections carrying nothing": (
        _both(_add_connection("l4", "soleus"), _add_connection("s1", "tibialis_anterior", segments=[])),
        lambda t: [
            ("l4 → soleus: carries no segment", C(t, "l4", "soleus")),
            ("s1 → tibialis_anterior: carries no segment", C(t, "s1", "tibialis_anterior")),
        ],
    ),
    "a connection carrying what its source lacks": (
        _both(_add_connection("fibular_nerve", "soleus", segments=["L5", "S1"]), _add_connection("l4", "soleus", segments=["L5", "S1"])),
        lambda t: [
            ("fibular_nerve → soleus: carries S1, which fibular_nerve does not carry", C(t, "fibular_nerve", "soleus")),
            ("l4 → soleus: carries L5, S1, which l4 does not carry", C(t, "l4", "soleus")),
        ],
    ),
    "a connection carrying what its target does not list": (
        _both(
            _add_connection("tibial_nerve", "tibialis_anterior", segments=["L4", "L5", "S1"]),
            _set("tibialis_anterior", segments=["L4"]),
        ),
        lambda t: [
            (
                "tibial_nerve → tibialis_anterior: carries L5, S1, which tibialis_anterior does not list",
                C(t, "tibial_nerve", "tibialis_anterior"),
            ),
        ],
    ),
    "a connection into a segment": (
        _add_connection("lumbosacral_trunk", "l5"),
        lambda t: [
            ("lumbosacral_trunk → l5: nothing may run into a segment", C(t, "lumbosacral_trunk", "l5")),
            ("connections form a cycle: lumbosacral_trunk → l5 → lumbosacral_trunk", C(t, "l5", "lumbosacral_trunk")),
        ],
    ),
    "a muscle passing something on": (
        _add_connection("soleus", "tibialis_anterior"),
        lambda t: [("soleus → tibialis_anterior: a muscle passes nothing on", C(t, "soleus", "tibialis_anterior"))],
    ),
    "a composite connected as a whole": (
        _both(_add_connection("sciatic_nerve", "soleus"), _add_connection("lumbosacral_trunk", "sciatic_nerve")),
        lambda t: [
            ("sciatic_nerve → soleus: connect the parts of a composite nerve, not the whole", C(t, "sciatic_nerve", "soleus")),
            (
                "lumbosacral_trunk → sciatic_nerve: connect the parts of a composite nerve, not the whole",
                C(t, "lumbosacral_trunk", "sciatic_nerve"),
            ),
        ],
    ),
    "structures nothing runs into": (
        _both(_drop_connection("tibial_nerve", "soleus"), _drop_connection("fibular_nerve", "tibialis_anterior")),
        lambda t: [
            ("soleus: nothing runs into it", S(t, "soleus")),
            ("tibialis_anterior: nothing runs into it", S(t, "tibialis_anterior")),
        ],
    ),
    "segments no connection brings": (
        _both(
            _drop_connection("l4", "lumbosacral_trunk"),
            _drop_connection("lumbosacral_trunk", "tibial_nerve"),
            _add_connection("lumbosacral_trunk", "tibial_nerve", segments=["L5"]),
        ),
        lambda t: [
            ("lumbosacral_trunk: lists L4 but no connection brings it", S(t, "lumbosacral_trunk", "segments")),
            ("tibial_nerve: lists L4 but no connection brings it", S(t, "tibial_nerve", "segments")),
        ],
    ),
    "a cycle": (
        _add_connection("fibular_nerve", "lumbosacral_trunk"),
        lambda t: [
            (
                "connections form a cycle: lumbosacral_trunk → fibular_nerve → lumbosacral_trunk",
                C(t, "fibular_nerve", "lumbosacral_trunk"),
            )
        ],
    ),
    "sources without a title": (
        lambda d: d["sources"].update(
            statpearls={**d["sources"]["statpearls"], "title": " \t"}, radiopaedia={**d["sources"]["radiopaedia"], "title": ""}
        ),
        lambda t: [
            ("source 'statpearls' has no title", _line(t, '"statpearls": {')),
            ("source 'radiopaedia' has no title", _line(t, '"radiopaedia": {')),
        ],
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_pack_data_rule_reports_its_problem_at_its_line(tmp_path: Path, rule: str) -> None:
    change, expected = RULES[rule]
    data = copy.deepcopy(BASE)
    change(data)
    path, text = _write(tmp_path, data)
    with pytest.raises(PackError) as err:
        load_data(path)
    found = [(p.reason, p.line) for p in err.value.problems]
    assert found == expected(text)
    assert all(p.path == path for p in err.value.problems)


def test_a_pack_may_be_broken_many_ways_at_once_and_every_problem_is_listed_in_order(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    RULES["another format"][0](data)
    RULES["a duplicate id"][0](data)
    RULES["a cycle"][0](data)
    RULES["sources without a title"][0](data)
    path, _ = _write(tmp_path, data)
    with pytest.raises(PackError) as err:
        load_data(path)
    assert [p.reason for p in err.value.problems] == [
        "format is 'plexus-pack/2'; this viewer reads 'plexus-pack/1'",
        "duplicate id 'soleus'",
        "connections form a cycle: lumbosacral_trunk → fibular_nerve → lumbosacral_trunk",
        "source 'statpearls' has no title",
        "source 'radiopaedia' has no title",
    ]
