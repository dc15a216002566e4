"""Finding structures by what students type."""

from __future__ import annotations

import pytest

from viewer.model.names import Field, Match, NameIndex, Resolution, normalise
from viewer.model.pack import Pack
from viewer.model.records import Kind

# Every nerve, branch and plexus part design.md puts in scope, as a student would type it.
SCOPE_NAMES = {
    "T12": "t12",
    "L1": "l1",
    "L2": "l2",
    "L3": "l3",
    "L4": "l4",
    "L5": "l5",
    "S1": "s1",
    "S2": "s2",
    "S3": "s3",
    "S4": "s4",
    "S5": "s5",
    "Co1": "co1",
    "subcostal nerve": "subcostal_nerve",
    "iliohypogastric nerve": "iliohypogastric_nerve",
    "ilioinguinal nerve": "ilioinguinal_nerve",
    "genitofemoral nerve": "genitofemoral_nerve",
    "genital branch": "genital_branch_of_genitofemoral",
    "femoral branch of the genitofemoral nerve": "femoral_branch_of_genitofemoral",
    "lateral femoral cutaneous nerve": "lateral_femoral_cutaneous_nerve",
    "lateral cutaneous nerve of thigh": "lateral_femoral_cutaneous_nerve",
    "femoral nerve": "femoral_nerve",
    "anterior cutaneous branches of the femoral nerve": "anterior_cutaneous_branches_of_femoral",
    "saphenous nerve": "saphenous_nerve",
    "muscular branches of the femoral nerve": "femoral_muscular_branches",
    "obturator nerve": "obturator_nerve",
    "anterior branch of the obturator nerve": "anterior_branch_of_obturator",
    "posterior branch of the obturator nerve": "posterior_branch_of_obturator",
    "accessory obturator nerve": "accessory_obturator_nerve",
    "direct muscular branches of the lumbar ventral rami": "lumbar_rami_muscular_branches",
    "lumbosacral trunk": "lumbosacral_trunk",
    "superior gluteal nerve": "superior_gluteal_nerve",
    "inferior gluteal nerve": "inferior_gluteal_nerve",
    "nerve to piriformis": "nerve_to_piriformis",
    "nerve to quadratus femoris": "nerve_to_quadratus_femoris",
    "nerve to obturator internus": "nerve_to_obturator_internus",
    "posterior femoral cutaneous nerve": "posterior_femoral_cutaneous_nerve",
    "perforating cutaneous nerve": "perforating_cutaneous_nerve",
    "pudendal nerve": "pudendal_nerve",
    "inferior anal nerve": "inferior_anal_nerve",
    "inferior rectal nerve": "inferior_anal_nerve",
    "perineal nerve": "perineal_nerve",
    "dorsal nerve of penis": "dorsal_nerve_of_penis_clitoris",
    "dorsal nerve of the clitoris": "dorsal_nerve_of_penis_clitoris",
    "pelvic splanchnic nerves": "pelvic_splanchnic_nerves",
    "nerve to levator ani": "nerve_to_levator_ani",
    "nerve to coccygeus": "nerve_to_coccygeus",
    "sciatic nerve": "sciatic_nerve",
    "tibial nerve": "tibial_nerve",
    "sural nerve": "sural_nerve",
    "medial plantar nerve": "medial_plantar_nerve",
    "lateral plantar nerve": "lateral_plantar_nerve",
    "common fibular nerve": "common_fibular_nerve",
    "common peroneal nerve": "common_fibular_nerve",
    "deep fibular nerve": "deep_fibular_nerve",
    "deep peroneal nerve": "deep_fibular_nerve",
    "superficial fibular nerve": "superficial_fibular_nerve",
    "coccygeal plexus": "coccygeal_plexus",
    "anococcygeal nerves": "anococcygeal_nerves",
}


@pytest.mark.parametrize(("text", "expected"), sorted(SCOPE_NAMES.items()))
def test_every_scope_structure_resolves_by_name(pack: Pack, text: str, expected: str) -> None:
    index = NameIndex(pack)
    assert index.resolve(text).match == expected
    assert index.resolve(text.upper()).match == expected


def test_every_structure_resolves_by_id_name_latin_and_synonyms(pack: Pack) -> None:
    index = NameIndex(pack)
    names_used: dict[str, set[str]] = {}
    for s in pack.structures.values():
        for name in (s.id, s.name, s.latin, *s.synonyms):
            if name:
                names_used.setdefault(name.casefold(), set()).add(s.id)
    for s in pack.structures.values():
        for name in (s.id, s.name, s.latin, *s.synonyms):
            if not name or len(names_used[name.casefold()]) > 1:
                continue
            assert index.resolve(name).match == s.id, (name, s.id)


def test_loose_forms_and_older_names(pack: Pack) -> None:
    index = NameIndex(pack)
    assert index.resolve("sural").match == "sural_nerve"
    assert index.resolve("peroneus longus").match == "fibularis_longus"
    assert index.resolve("  Gluteus   MEDIUS ").match == "gluteus_medius"
    assert index.resolve("m. piriformis").match == "piriformis"
    assert index.resolve("Nervus ischiadicus").match == "sciatic_nerve"


def test_unknown_names_offer_candidates(pack: Pack) -> None:
    index = NameIndex(pack)
    found = index.resolve("gluteus medias")
    assert found.match is None
    assert "gluteus_medius" in found.candidates
    assert index.resolve("zzzz").candidates == ()


def test_misspelling_is_unknown_not_ambiguous(pack: Pack) -> None:
    found = NameIndex(pack).resolve("glutes maxi")
    assert found.match is None and not found.ambiguous
    assert "gluteus_maximus" in found.candidates


# ---- ranked suggestions for the find field ---------------------------------------------
def test_a_misspelling_is_the_top_suggestion_and_enter_takes_it(pack: Pack) -> None:
    index = NameIndex(pack)
    top = index.suggestions("glutues medius")[0]
    assert (top.id, top.label, top.match) == ("gluteus_medius", "Gluteus medius", Match.RESEMBLES)
    assert index.choose("glutues medius")[0] == "gluteus_medius"
    assert index.suggestions("glutues med")[0].id == "gluteus_medius"  # while still typing
    assert index.choose("tibialis anteror")[0] == "tibialis_anterior"


def test_display_names_rank_before_latin_and_synonym_entries(pack: Pack) -> None:
    index = NameIndex(pack)
    found = index.suggestions("obturator", limit=20)
    assert found[0].id == "obturator_nerve"
    first_other = (
        min(i for i, f in enumerate(found) if f.field is not Field.NAME) if any(f.field is not Field.NAME for f in found) else len(found)
    )
    assert all(f.field is Field.NAME for f in found[:first_other])
    # among names containing the text: exact, then starting with it, then a word starting with it
    assert [f.match for f in found[:first_other]] == sorted(f.match for f in found[:first_other])
    nervus = index.suggestions("nervus", limit=50)
    assert nervus and all(f.field is Field.LATIN for f in nervus)
    assert nervus[0].label.endswith("— Latin: " + pack.structures[nervus[0].id].latin)


def test_nerves_and_muscles_before_other_parts_and_skin(pack: Pack) -> None:
    found = NameIndex(pack).suggestions("sural", limit=20)
    kinds = [pack.structures[f.id].kind for f in found if f.match is Match.WORD]
    assert Kind.SKIN in kinds and Kind.BRANCH in kinds
    assert kinds.index(Kind.SKIN) > max(i for i, k in enumerate(kinds) if k is not Kind.SKIN)
    ranked = NameIndex(pack).suggestions("gluteal", limit=20)
    kinds = [pack.structures[f.id].kind for f in ranked if f.match is Match.WORD and f.field is Field.NAME]
    assert kinds[0] is Kind.NERVE


def test_the_suggestion_names_the_synonym_typed(pack: Pack) -> None:
    index = NameIndex(pack)
    top = index.suggestions("peroneal")[0]
    assert top.id == "common_fibular_nerve" and top.label == "Common fibular nerve — synonym: peroneal nerve"
    assert index.suggestions("fibular nerve")[0].label == "Common fibular nerve"  # the name itself when that is what was typed
    sciatic = index.suggestions("ischiadicus")[0]
    assert sciatic.id == "sciatic_nerve" and sciatic.field is Field.LATIN


def test_vague_resemblance_offers_choices_without_choosing(pack: Pack) -> None:
    index = NameIndex(pack)
    chosen, offered = index.choose("femur")
    assert chosen is None and offered[0].id == "femoral_nerve"
    assert index.choose("zzqx") == (None, ())
    chosen, offered = index.choose("quadriceps")  # a synonym of four muscles: the user picks
    assert chosen is None and {"rectus_femoris", "vastus_medialis"} <= {o.id for o in offered}
    assert offered[0].label == "Rectus femoris — synonym: quadriceps"
    far = index.suggestions("glutues medius")  # names far less alike than the closest are left out
    assert [f.id for f in far] == ["gluteus_medius", "gluteus_minimus", "gluteus_maximus"]
    assert index.suggestions("") == ()
    # a word several names share: the top suggestion, the others still offered
    chosen, offered = index.choose("gluteus")
    assert chosen == offered[0].id and {"gluteus_medius", "gluteus_minimus", "gluteus_maximus"} <= {o.id for o in offered}


def test_every_display_name_suggests_itself_first(pack: Pack) -> None:
    index = NameIndex(pack)
    for s in pack.structures.values():
        top = index.suggestions(s.name)[0]
        assert top.match is Match.EXACT and pack.structures[top.id].name.casefold() == s.name.casefold(), s.id


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Common PERONEAL nerve", "common fibular nerve"),
        ("peroneus longus", "fibularis longus"),
        ("inferior haemorrhoidal nerve", "inferior anal nerve"),
        ("Inferior hemorrhoidal", "inferior anal"),
        ("Nervus ischiädicus", "nervus ischiadicus"),
        ("gluteus_medius, m.", "gluteus medius m"),
    ],
)
def test_old_names_and_spellings_normalise_to_the_modern_ones(typed: str, normal: str) -> None:
    assert normalise(typed) == normal


def test_an_old_name_finds_the_modern_structure_even_where_the_pack_lists_no_such_synonym(pack: Pack) -> None:
    index = NameIndex(pack)
    # No structure carries "haemorrhoidal" or "peroneus secundus": only the old-name map finds them.
    assert index.resolve("inferior haemorrhoidal nerve").match == "inferior_anal_nerve"
    assert index.resolve("peroneus brevis m.").match == "fibularis_brevis"


def test_a_name_shared_by_several_structures_is_ambiguous_and_offers_all_of_them_in_pack_order(pack: Pack) -> None:
    found = NameIndex(pack).resolve("Quadriceps")
    assert found == Resolution(None, ("rectus_femoris", "vastus_lateralis", "vastus_intermedius", "vastus_medialis"), ambiguous=True)
    # Ambiguous only in its loose form ("the twelfth thoracic" without "nerve").
    assert NameIndex(pack).resolve("the twelfth thoracic").candidates == ("t12", "subcostal_nerve")
    assert NameIndex(pack).resolve("the twelfth thoracic").ambiguous


def test_suggestions_put_names_containing_the_text_first_and_stop_at_five(pack: Pack) -> None:
    index = NameIndex(pack)
    gluteal = index.suggest("gluteal")
    # The names that contain the word first; the cluneal nerves (whose synonyms say "gluteal") after them.
    assert gluteal[:2] == ("superior_gluteal_nerve", "inferior_gluteal_nerve")
    assert set(gluteal[2:]) == {"superior_cluneal_nerves", "inferior_cluneal_nerves"}
    # A misspelling, with the filler word misspelt too, still finds its nerve first.
    assert index.suggest("tibal nerv")[0] == "tibial_nerve"
    assert len(index.suggest("nerve")) == 5
    assert len(index.suggest("nerve", limit=2)) == 2


def test_type_ahead_lists_names_starting_with_the_text_before_names_containing_it(pack: Pack) -> None:
    index = NameIndex(pack)
    assert index.search("inguinal") == ["ilioinguinal_nerve", "skin_ilioinguinal", "femoral_branch_of_genitofemoral"]
    femoral = index.search("FEMORAL")
    assert femoral[-3:] == ["genitofemoral_nerve", "genital_branch_of_genitofemoral", "adductor_magnus_adductor_part"]
    assert femoral[0] == "femoral_branch_of_genitofemoral" and "femoral_nerve" in femoral[:10]
    assert len(femoral) == len(set(femoral)) == 13


def test_type_ahead_matches_the_start_of_any_word_of_any_name(pack: Pack) -> None:
    index = NameIndex(pack)
    assert index.search("gluteal") == [
        "superior_gluteal_nerve",
        "inferior_gluteal_nerve",
        "superior_cluneal_nerves",
        "inferior_cluneal_nerves",
    ]
    assert index.search("saph") == ["saphenous_nerve", "skin_medial_leg", "sural_nerve", "infrapatellar_branch_of_saphenous"]
    assert index.search("sural nerve") == ["sural_nerve"]
    assert index.search("peroneal")[:3] == ["common_fibular_nerve", "deep_fibular_nerve", "superficial_fibular_nerve"]


def test_type_ahead_of_nothing_lists_nothing_and_a_limit_cuts_the_list(pack: Pack) -> None:
    index = NameIndex(pack)
    assert index.search("") == []
    assert index.search(" .,- ") == []
    assert len(index.search("n")) == 50
    assert index.search("cut", limit=3) == index.search("cut")[:3]
    assert len(index.search("cut", limit=3)) == 3


def test_a_misspelt_filler_word_does_not_hide_the_name(pack: Pack) -> None:
    """ "tibal nerv": "nerv" is not recognised as the filler word "nerve", so the whole name is compared too."""
    index = NameIndex(pack)
    assert index.choose("tibal nerv")[0] == "tibial_nerve"
    assert index.choose("femral nerv")[0] == "femoral_nerve"
