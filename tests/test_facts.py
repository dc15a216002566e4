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


# ---- `info --json`, field by field ----------------------------------------------------------------

RECORD_KEYS = [
    "id", "name", "kind", "latin", "synonyms", "group", "inconstant", "roots", "divisions", "root_sources",
    "root_value_confirmed", "unconfirmed", "nerves", "supplies", "from", "to", "parts", "part_of", "facts",
    "disputes", "sources",
]  # fmt: skip


def test_info_json_gives_every_field_of_a_muscle_with_an_unconfirmed_supply_and_a_disputed_reflex(pack: Pack) -> None:
    record = info_record(pack, "cremaster")
    assert list(record) == RECORD_KEYS
    genital = {"id": "genital_branch_of_genitofemoral", "name": "Genital branch of the genitofemoral nerve"}
    assert {k: record[k] for k in RECORD_KEYS[:9]} == {
        "id": "cremaster",
        "name": "Cremaster",
        "kind": "muscle",
        "latin": "Musculus cremaster",
        "synonyms": ["cremaster muscle"],
        "group": "Abdominal wall",
        "inconstant": False,
        "roots": ["L1", "L2"],
        "divisions": [],
    }
    assert record["root_sources"] == [{"title": "Cremaster muscle – Wikipedia", "url": "https://en.wikipedia.org/wiki/Cremaster_muscle"}]
    assert record["root_value_confirmed"] is False
    assert record["unconfirmed"].startswith("L1–L2 rests on Wikipedia;")
    assert record["nerves"] == record["from"] == [genital]
    assert record["supplies"] == record["to"] == record["parts"] == record["part_of"] == []
    nerve = record["facts"][0]
    assert list(nerve) == ["field", "title", "text", "sources", "confirmed", "unconfirmed"]
    assert nerve["field"] == "nerve" and nerve["title"] == "Nerve supply"
    assert nerve["text"] == "Genital branch of the genitofemoral nerve (L1, L2)."
    assert nerve["sources"] == ["elsevier_genital_branch_genitofemoral", "wiki_cremaster"]
    assert nerve["confirmed"] is False
    assert nerve["unconfirmed"].startswith("Elsevier Complete Anatomy and Wikipedia state the genital branch's motor supply")
    reflex = record["facts"][4]
    assert (reflex["field"], reflex["title"], reflex["confirmed"], reflex["unconfirmed"]) == ("reflex", "Reflex", True, "")
    assert [f["title"] for f in record["facts"]] == [
        "Nerve supply", "Attachments", "Action", "Bedside test", "Reflex", "Key muscle (ISNCSCI)", "Clinical notes",
    ]  # fmt: skip
    [dispute] = record["disputes"]
    assert list(dispute) == ["field", "values"] and dispute["field"] == "reflex"
    assert list(dispute["values"][1]) == ["value", "sources"]
    assert dispute["values"][1] == {
        "value": "Afferent limb: the femoral branch of the genitofemoral nerve, so that the genitofemoral nerve carries both limbs"
        " of the reflex",
        "sources": [{"title": "Genitofemoral nerve – Wikipedia", "url": "https://en.wikipedia.org/wiki/Genitofemoral_nerve"}],
    }
    assert [s["title"] for s in dispute["values"][0]["sources"]] == ["Ilioinguinal nerve – AMBOSS", "Cremasteric reflex – Wikipedia"]
    assert record["sources"][0] == {
        "key": "wiki_cremaster",
        "title": "Cremaster muscle – Wikipedia",
        "url": "https://en.wikipedia.org/wiki/Cremaster_muscle",
    }
    assert [s["key"] for s in record["sources"]] == [
        "wiki_cremaster", "statpearls_cremasteric_reflex", "elsevier_genital_branch_genitofemoral", "wiki_cremasteric_reflex",
        "clin_anat_2017_cremasteric_reflex", "isncsci_2019", "amboss_ilioinguinal_nerve", "wiki_genitofemoral_nerve",
    ]  # fmt: skip


def test_info_json_of_a_nerve_gives_its_division_the_muscles_it_supplies_and_where_it_goes(pack: Pack) -> None:
    record = info_record(pack, "femoral_nerve")
    assert record["kind"] == "nerve" and record["group"] == "Lumbar plexus"
    assert record["synonyms"] == ["anterior crural nerve", "nervus femoralis"]
    assert record["divisions"] == ["posterior"]
    assert record["supplies"] == [{"id": "iliacus", "name": pack.structures["iliacus"].name}]
    assert [t["id"] for t in record["to"]] == [
        "iliacus",
        "femoral_muscular_branches",
        "anterior_cutaneous_branches_of_femoral",
        "saphenous_nerve",
    ]
    assert record["nerves"] == []  # only muscles and skin list the nerves that reach them
    assert [f["field"] for f in record["facts"]] == [
        "origin",
        "division",
        "course",
        "exit",
        "branches",
        "branches",
        "motor",
        "sensory",
        "clinical",
        "clinical",
    ]
    assert record["root_value_confirmed"] is True and record["unconfirmed"] == ""
    assert info_record(pack, "accessory_obturator_nerve")["inconstant"] is True


def test_info_json_names_a_composites_parts_and_a_parts_whole(pack: Pack) -> None:
    whole = info_record(pack, "adductor_magnus")
    assert whole["parts"] == [
        {"id": "adductor_magnus_adductor_part", "name": "Adductor magnus, adductor part"},
        {"id": "adductor_magnus_hamstring_part", "name": "Adductor magnus, hamstring part"},
    ]
    assert [n["id"] for n in whole["nerves"]] == ["posterior_branch_of_obturator", "tibial_nerve"]
    part = info_record(pack, "adductor_magnus_adductor_part")
    assert part["part_of"] == [{"id": "adductor_magnus", "name": "Adductor magnus"}]
    assert part["parts"] == []


def test_a_segment_reads_as_what_it_reaches_its_skin_its_muscle_and_its_reflex(pack: Pack) -> None:
    # the pack lists L4's facts in another order; the panel and `info` put them in this one
    assert [f.field for f in pack.structures["l4"].facts] != [f["field"] for f in info_record(pack, "l4")["facts"]]
    assert [f["field"] for f in info_record(pack, "l4")["facts"]] == [
        "reaches", "dermatome", "key_sensory_point", "key_muscle", "reflex", "reflex", "clinical",
    ]  # fmt: skip
    assert info_record(pack, "l4")["kind"] == "segment"


def test_a_fact_of_a_field_the_panel_does_not_know_comes_last(pack: Pack) -> None:
    import dataclasses

    import msgspec

    from viewer.model.facts import fact_sheet
    from viewer.model.records import Fact

    s = pack.structures["cremaster"]
    odd = Fact(field="museum_note", text="Kept in a jar.", sources=("wiki_cremaster",))
    changed = dataclasses.replace(pack, structures={**pack.structures, "cremaster": msgspec.structs.replace(s, facts=(odd, *s.facts))})
    sheet = fact_sheet(changed, "cremaster")
    assert [f.field for f in sheet.facts][::7] == ["nerve", "museum_note"]
    assert info_record(changed, "cremaster")["facts"][-1]["title"] == "museum_note"


def test_a_sheet_numbers_its_sources_from_one_and_knows_which_are_authoritative(pack: Pack) -> None:
    from viewer.model.facts import fact_sheet

    sheet = fact_sheet(pack, "cremaster")
    assert sheet.source_number("wiki_cremaster") == 1
    assert sheet.source_number("statpearls_cremasteric_reflex") == 2
    assert sheet.source_number("wiki_genitofemoral_nerve") == 8
    assert sheet.confirmed(["statpearls_cremasteric_reflex"]) is True
    assert sheet.confirmed(["wiki_cremaster"]) is False
    assert sheet.confirmed(["wiki_cremaster", "statpearls_cremasteric_reflex"]) is True
    assert sheet.confirmed(["not_in_this_sheet"]) is False
    assert sheet.confirmed([]) is False


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("L4, L5", {"L4", "L5"}),
        ("L4–S1 (mainly L5)", {"L4", "L5", "S1"}),
        ("L2-L4", {"L2", "L3", "L4"}),
        ("T12–L2", {"T12", "L1", "L2"}),
        ("S2–Co1", {"S2", "S3", "S4", "S5", "Co1"}),
        ("L5 and S1", {"L5", "S1"}),
        ("L4/L5; S2", {"L4", "L5", "S2"}),
        ("S1 (S2 in some accounts)", {"S1"}),
        ("L3 L4", {"L3", "L4"}),
        ("L3 L5", {"L3", "L5"}),  # two segments without a dash are not a range
        ("L2–L4 and S1", {"L2", "L3", "L4", "S1"}),
        ("S1(S2)", {"S1"}),
        ("L1–L2 and L4", {"L1", "L2", "L4"}),
        ("L2, L3–L5, S1", {"L2", "L3", "L4", "L5", "S1"}),
        ("the femoral nerve", set()),
        ("L45 or XL4", set()),
    ],
)
def test_the_segments_a_disputed_value_names_with_ranges_expanded(pack: Pack, text: str, segments: set[str]) -> None:
    from viewer.model.facts import segments_named

    assert segments_named(pack, text) == segments
