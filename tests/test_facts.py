"""Fact sheets as `list --json` and `info --json` give them: sources, divisions, exits, key muscles, named signs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from viewer.model.divisions import divisions_of
from viewer.model.facts import info_record
from viewer.model.pack import Pack
from viewer.model.records import NERVE_KINDS, Kind


def run(*args: str) -> dict | list:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def fields(pack: Pack, sid: str) -> dict[str, str]:
    """Each fact field of `sid` with its texts joined, as `info --json` gives them."""
    out: dict[str, str] = {}
    for fact in info_record(pack, sid)["facts"]:
        out[fact["field"]] = (out.get(fact["field"], "") + " " + fact["text"]).strip()
    return out


def test_every_listed_structure_has_a_source(pack: Pack) -> None:
    listed = run("list", "--json")
    assert len(listed) == len(pack.structures)
    for item in listed:
        record = info_record(pack, item["id"])
        assert record["sources"], item["id"]
        assert all(s["title"].strip() for s in record["sources"]), item["id"]


def test_info_json_of_tibialis_anterior_lists_the_disputed_supply() -> None:
    record = run("info", "tibialis anterior", "--json")
    (dispute,) = [d for d in record["disputes"] if d["field"] == "segments"]
    values = {v["value"]: v["sources"] for v in dispute["values"]}
    assert "L4, L5" in values and "L4, L5, S1" in values
    assert all(sources and all(s["title"] for s in sources) for sources in values.values())


def test_every_nerve_root_value_has_two_sources(pack: Pack) -> None:
    for s in pack.of_kind(*NERVE_KINDS):
        if s.parts:
            continue
        titles = {src["title"] for src in info_record(pack, s.id)["root_sources"]}
        assert len(titles) >= 2, s.id


def test_every_nerve_has_course_exit_and_clinical_notes(pack: Pack) -> None:
    for s in pack.of_kind(*NERVE_KINDS):
        have = fields(pack, s.id)
        for field in ("origin", "course", "exit", "clinical"):
            assert field in have, f"{s.id} has no {field}"


def test_info_json_gives_the_division() -> None:
    assert run("info", "femoral nerve", "--json")["divisions"] == ["posterior"]
    assert run("info", "tibial nerve", "--json")["divisions"] == ["anterior"]
    assert run("info", "sciatic", "--json")["divisions"] == ["anterior", "posterior"]
    assert run("info", "iliohypogastric", "--json")["divisions"] == []


def test_every_nerve_states_the_division_it_comes_from(pack: Pack) -> None:
    """Where fibres run through a division, the sheet says which, and agrees with the drawing."""
    checked = 0
    for s in pack.of_kind(Kind.NERVE, Kind.BRANCH):
        divisions = divisions_of(pack, s.id)
        if not divisions:
            continue
        text = fields(pack, s.id).get("division", "")
        assert text, f"{s.id} has no division"
        lead = text.split(":")[0].lower()
        if len(divisions) == 2:
            assert lead.startswith("both"), s.id
        else:
            assert lead.startswith(next(iter(divisions)).value), s.id
        checked += 1
    assert checked >= 30


@pytest.mark.parametrize(
    ("nerve", "landmark"),
    [
        ("superior_gluteal_nerve", "greater sciatic foramen ABOVE piriformis"),
        ("inferior_gluteal_nerve", "BELOW piriformis"),
        ("sciatic_nerve", "BELOW piriformis"),
        ("obturator_nerve", "obturator canal"),
        ("femoral_nerve", "under the inguinal ligament"),
        ("lateral_femoral_cutaneous_nerve", "inguinal ligament"),
        ("pudendal_nerve", "LESSER sciatic foramen"),
        ("nerve_to_obturator_internus", "lesser sciatic foramen"),
        ("tibial_nerve", "tarsal tunnel"),
    ],
)
def test_exits_name_their_landmark(pack: Pack, nerve: str, landmark: str) -> None:
    assert landmark in fields(pack, nerve)["exit"]


KEY_MUSCLES = {
    "L2": {"psoas_major", "iliacus"},
    "L3": {"rectus_femoris", "vastus_lateralis", "vastus_intermedius", "vastus_medialis"},
    "L4": {"tibialis_anterior"},
    "L5": {"extensor_hallucis_longus"},
    "S1": {"gastrocnemius", "soleus"},
}


def test_every_muscle_has_action_test_nerve_and_a_key_muscle_statement(pack: Pack) -> None:
    for s in pack.of_kind(Kind.MUSCLE):
        if s.parts:
            continue
        record = info_record(pack, s.id)
        have = fields(pack, s.id)
        for field in ("action", "test", "key_muscle"):
            assert field in have, f"{s.id} has no {field}"
        assert record["nerves"], f"{s.id} has no nerve"


def test_the_five_isncsci_key_muscles_are_marked_and_no_others(pack: Pack) -> None:
    key = {m: seg for seg, muscles in KEY_MUSCLES.items() for m in muscles}
    for s in pack.of_kind(Kind.MUSCLE):
        if s.parts:
            continue
        record = info_record(pack, s.id)
        (fact,) = [f for f in record["facts"] if f["field"] == "key_muscle"]
        if s.id in key:
            assert f"key muscle for {key[s.id]}" in fact["text"], s.id
            assert "isncsci_2019" in fact["sources"] and len(fact["sources"]) >= 2, s.id
        else:
            assert fact["text"].startswith("Not an ISNCSCI key muscle"), s.id


def test_every_segment_says_what_it_reaches_and_how_it_is_examined(pack: Pack) -> None:
    for s in pack.of_kind(Kind.SEGMENT):
        have = fields(pack, s.id)
        for field in ("reaches", "dermatome", "key_muscle", "key_sensory_point", "reflex"):
            assert field in have, f"{s.id} has no {field}"
    assert "medial malleolus" in fields(pack, "l4")["key_sensory_point"]
    assert "third metatarsophalangeal" in fields(pack, "l5")["key_sensory_point"]


@pytest.mark.parametrize(
    ("structure", "sign"),
    [
        ("superior_gluteal_nerve", "Trendelenburg"),
        ("lateral_femoral_cutaneous_nerve", "meralgia paraesthetica"),
        ("common_fibular_nerve", "foot drop"),
        ("deep_fibular_nerve", "foot drop"),
        ("l5", "foot drop"),
        ("piriformis", "piriformis syndrome"),
        ("sciatic_nerve", "piriformis syndrome"),
        ("l4", "radiculopathy"),
        ("l5", "radiculopathy"),
        ("s1", "radiculopathy"),
        ("saphenous_nerve", "saphenous nerve injury"),
        ("obturator_nerve", "obturator nerve injury"),
        ("pudendal_nerve", "pudendal neuralgia"),
        ("femoral_nerve", "femoral neuropathy"),
        ("tibial_nerve", "tarsal tunnel"),
        ("ilioinguinal_nerve", "hernia"),
        ("iliohypogastric_nerve", "hernia repair"),
        ("s3", "cauda equina"),
    ],
)
def test_clinical_notes_name_the_signs_students_meet(pack: Pack, structure: str, sign: str) -> None:
    assert sign.lower() in fields(pack, structure)["clinical"].lower()


def test_every_source_in_the_pack_is_cited(pack: Pack) -> None:
    """Every source is cited by a structure or by the lesion file beside the pack, which cites pack sources too."""
    import json

    cited = {key for s in pack.structures.values() for key in pack.source_keys(s)}

    def lists(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [k for k in node.get("sources", []) if isinstance(k, str)] if isinstance(node.get("sources"), list) else []
            return found + [k for v in node.values() for k in lists(v)]
        if isinstance(node, list):
            return [k for v in node for k in lists(v)]
        return []

    lesions = pack.data_path.with_name(f"{pack.data_path.stem}.lesions.json")
    if lesions.exists():
        cited |= {k for k in lists(json.loads(lesions.read_text(encoding="utf-8"))) if k in pack.sources}
    assert set(pack.sources) == cited
