"""What a lesion result says about dermatomes, skin, disputed supplies and its description."""

from __future__ import annotations

import pytest

from viewer.model.lesion import (
    LesionBook,
    Status,
    description_of,
    lesion_for,
    load_lesions,
    resolve_lesion,
    simulate,
)
from viewer.model.pack import Pack
from viewer.model.records import Kind

OVERLAP_SKIN = "all its drawn supply is cut, but neighbouring roots overlap: reduced, not lost (see the description)"
OVERLAP_MUSCLE = "all its drawn supply is cut, but neighbouring roots overlap: severe weakness, not paralysis (see the description)"


@pytest.fixture(scope="module")
def book(pack: Pack) -> LesionBook:
    return load_lesions(pack)


def dermatomes(pack: Pack, book: LesionBook, lesion: str) -> dict[str, tuple[Status, str]]:
    result = simulate(pack, book, lesion)
    return {e.id: (e.status, e.caveat) for e in result.skin if pack.structures[e.id].kind is Kind.DERMATOME}


def test_every_lesion_result_lists_every_dermatome(pack: Pack, book: LesionBook) -> None:
    expected = [s.id for s in pack.of_kind(Kind.DERMATOME)]
    assert len(expected) >= 10
    for lesion in ("l5", "femoral_nerve", "cauda_equina"):
        assert list(dermatomes(pack, book, lesion)) == expected


def test_a_single_root_lesion_reduces_its_dermatome_and_never_numbs_it(pack: Pack, book: LesionBook) -> None:
    shown = dermatomes(pack, book, "l5")
    assert shown["dermatome_l5"] == (Status.REDUCED, OVERLAP_SKIN)
    assert {d for d, (status, _) in shown.items() if status is not Status.NORMAL} == {"dermatome_l5"}
    result = simulate(pack, book, "l5")
    assert not result.numb
    severe = {e.id for e in result.reduced_sensation if e.severe}
    assert {"dermatome_l5", "skin_first_web_space"} <= severe


def test_a_dermatome_whose_neighbour_survives_is_reduced_and_one_between_cut_roots_is_numb(pack: Pack, book: LesionBook) -> None:
    # The cauda equina cuts L4 to Co1: L4 still has L3 beside it; L5 to S4/5 lie between cut roots.
    shown = dermatomes(pack, book, "cauda_equina")
    assert shown["dermatome_l4"] == (Status.REDUCED, "neighbouring dermatomes overlap, so one root's loss is usually partial")
    for numb in ("dermatome_l5", "dermatome_s1", "dermatome_s2", "dermatome_s3", "dermatome_s4_s5"):
        assert shown[numb] == (Status.NUMB, "")
    for normal in ("dermatome_t12", "dermatome_l1", "dermatome_l2", "dermatome_l3"):
        assert shown[normal] == (Status.NORMAL, "")
    assert {"dermatome_l5", "dermatome_s1"} <= {e.id for e in simulate(pack, book, "cauda_equina").numb}


def test_a_disputed_myotome_says_paralysed_where_the_roots_cut_would_take_its_whole_alternative_supply(
    pack: Pack, book: LesionBook
) -> None:
    # The conus cuts S2 to Co1 but not S1: flexor hallucis brevis (drawn S1, S2) is weak, paralysed if it is S2, S3.
    effect = next(e for e in simulate(pack, book, "conus_medullaris").muscles if e.id == "flexor_hallucis_brevis")
    assert (effect.status, effect.caveat) == (Status.WEAK, "paralysed if its supply is S2, S3 (disputed)")
    # Two disputed values that would change it differently are both named.
    effect = next(e for e in simulate(pack, book, "conus_medullaris").muscles if e.id == "abductor_hallucis")
    assert effect.caveat == "weak if its supply is S1, S2, S3 (disputed); spared if its supply is L4, L5, S1 (disputed)"


def test_a_disputed_myotome_after_one_root_says_weak_never_paralysed(pack: Pack, book: LesionBook) -> None:
    muscles = {e.id: e for e in simulate(pack, book, "l5").muscles}
    assert (muscles["piriformis"].status, muscles["piriformis"].caveat) == (Status.SPARED, "weak if its supply is L5, S1, S2 (disputed)")
    assert muscles["adductor_magnus_hamstring_part"].caveat == "weak if its supply is L4, L5 or L4, L5, S1 (disputed)"
    assert all("paralysed if" not in e.caveat for e in muscles.values())


def test_an_entrapment_weakens_and_reduces_partially(pack: Pack, book: LesionBook) -> None:
    result = simulate(pack, book, "pudendal_in_alcocks_canal")
    assert not result.paralysed and not result.numb
    weak = {e.id: e for e in result.weak}
    assert weak["bulbospongiosus"].caveat == "an entrapment: partial weakness at most (see the description)"
    assert not weak["bulbospongiosus"].severe and weak["bulbospongiosus"].label == "weak"
    reduced = [e for e in result.reduced_sensation if e.caveat == "an entrapment: partial sensory loss at most (see the description)"]
    assert reduced and not any(e.severe for e in reduced)


def test_a_structure_lesion_is_described_by_its_clinical_facts_only(pack: Pack, book: LesionBook) -> None:
    femoral = pack.structures["femoral_nerve"]
    clinical = [f for f in femoral.facts if f.field == "clinical"]
    assert len(clinical) == 2 and len(femoral.facts) > len(clinical)
    text, keys = description_of(pack, book, lesion_for(pack, book, "femoral_nerve"))
    assert text == " ".join(f.text for f in clinical)
    assert keys == tuple(dict.fromkeys(k for f in clinical for k in f.sources))


def test_a_root_lesion_is_described_with_the_overlap_note_and_its_sources(pack: Pack, book: LesionBook) -> None:
    assert book.overlap is not None
    text, keys = description_of(pack, book, lesion_for(pack, book, "l5"))
    clinical = [f for f in pack.structures["l5"].facts if f.field == "clinical"]
    assert text == f"{' '.join(f.text for f in clinical)} {book.overlap.note}"
    assert keys == tuple(dict.fromkeys([*(k for f in clinical for k in f.sources), *book.overlap.sources]))
    site = book.sites["common_fibular_at_fibular_neck"]
    assert description_of(pack, book, lesion_for(pack, book, site.id)) == (site.description, site.sources)


def test_an_ambiguous_lesion_name_offers_only_the_lesionable_choices(pack: Pack, book: LesionBook) -> None:
    found = resolve_lesion(pack, book, "twelfth thoracic")
    assert (found.match, found.candidates, found.ambiguous) == (None, ("t12", "subcostal_nerve"), True)
    # "levator ani" names a muscle and its nerve equally: only the nerve can be cut.
    found = resolve_lesion(pack, book, "the levator ani")
    assert (found.match, found.candidates, found.ambiguous) == (None, ("nerve_to_levator_ani",), True)


def test_an_unknown_lesion_name_offers_sites_containing_it_then_close_names(pack: Pack, book: LesionBook) -> None:
    # The sites that contain the word come first (close names of lesionable nerves may follow).
    assert resolve_lesion(pack, book, "canal").candidates[:2] == ("obturator_in_obturator_canal", "pudendal_in_alcocks_canal")
    assert resolve_lesion(pack, book, "tarsal tunel").candidates == ("tibial_in_tarsal_tunnel",)
    # Many sites are entrapments: six are offered, in the file's order.
    entrapments = resolve_lesion(pack, book, "entrapment")
    assert entrapments.match is None and not entrapments.ambiguous
    assert entrapments.candidates == (
        "superficial_fibular_at_crural_fascia",
        "obturator_in_obturator_canal",
        "superior_gluteal_nerve_injury",
        "pudendal_in_alcocks_canal",
        "deep_gluteal_syndrome",
        "saphenous_nerve_injury",
    )
    assert resolve_lesion(pack, book, "qqqqqq").candidates == ()


def test_a_muscle_whose_whole_drawn_supply_the_trunk_cuts_is_severely_weak_not_paralysed(pack: Pack, book: LesionBook) -> None:
    result = simulate(pack, book, "lumbosacral_trunk")
    assert result.lesion.incomplete == "overlap"
    muscles = {e.id: e for e in result.muscles}
    effect = muscles["tibialis_posterior"]
    assert (effect.status, effect.severe, effect.label) == (Status.WEAK, True, "weak (severe)")
    assert (
        effect.caveat == "all its drawn supply is cut, but neighbouring roots overlap: severe weakness, not paralysis (see the description)"
    )
    assert not result.paralysed
