"""Lesion statements agree with the pack and with what the simulator computes.

Every named site, reflex and root-lesion statement says what a lesion weakens, spares,
numbs or does to a reflex. The claims below restate those sentences, one entry per site
(every site must have one), and are checked against `simulate` on the real pack; segment
ranges written in the lesion file are checked against the pack's own records.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from bundled_packs import PACKS, bundled, bundled_book

from viewer.cli import main
from viewer.model.lesion import LesionBook, Status, lesion_for, load_lesions, simulate, supply_strands
from viewer.model.names import NameIndex
from viewer.model.pack import Pack
from viewer.model.records import Kind

P, W, S = Status.PARALYSED, Status.WEAK, Status.SPARED
N, R, OK = Status.NUMB, Status.REDUCED, Status.NORMAL
ABSENT = Status.ABSENT
AFFECTED = (P, W)
LOSS = (N, R)
CHANGED = (ABSENT, R)

HIP_KNEE_ANKLE = [
    "gluteus_maximus", "gluteus_medius", "iliacus", "rectus_femoris", "vastus_lateralis", "adductor_longus",
    "biceps_femoris_long_head", "semitendinosus", "gastrocnemius", "soleus", "tibialis_anterior", "tibialis_posterior",
    "fibularis_longus",
]  # fmt: skip


def spared(*ids: str) -> dict[str, tuple[Status, ...]]:
    return {i: (S, OK) for i in ids}


def status(st: Status | tuple[Status, ...], *ids: str) -> dict[str, tuple[Status, ...]]:
    return {i: st if isinstance(st, tuple) else (st,) for i in ids}


#: What each site's description (and each root statement) says, as lesion -> {target: allowed statuses}.
CLAIMS: dict[str, dict[str, tuple[Status, ...]]] = {
    "common_fibular_at_fibular_neck": {
        **status(P, "tibialis_anterior", "extensor_hallucis_longus", "fibularis_longus"),
        **status(N, "skin_dorsum_foot"),
        **spared("tibialis_posterior", "gluteus_medius", "biceps_femoris_short_head", "flexor_digitorum_longus"),
        **spared("achilles_reflex", "medial_hamstring_reflex"),
    },
    "deep_fibular_at_ankle": {
        **status(N, "skin_first_web_space"),
        **status(AFFECTED, "extensor_digitorum_brevis"),
        **spared("tibialis_anterior", "extensor_hallucis_longus", "extensor_digitorum_longus"),
    },
    "superficial_fibular_at_crural_fascia": {
        **status(N, "skin_dorsum_foot"),
        **spared("fibularis_longus", "fibularis_brevis", "skin_first_web_space"),
    },
    "sciatic_in_buttock": {
        **status(P, "semitendinosus", "biceps_femoris_long_head", "gastrocnemius", "tibialis_anterior", "tibialis_posterior"),
        **status(N, "skin_sural", "skin_dorsum_foot", "skin_medial_sole"),
        **spared("skin_medial_leg", "gluteus_maximus", "gluteus_medius"),
        **status(ABSENT, "achilles_reflex"),
    },
    "tibial_in_popliteal_fossa": {
        **status(P, "gastrocnemius", "soleus", "tibialis_posterior", "flexor_digitorum_longus", "abductor_hallucis"),
        **status(N, "skin_medial_sole", "skin_lateral_sole"),
        **status(R, "skin_sural"),
        **spared("semitendinosus", "biceps_femoris_long_head"),
        **status(CHANGED, "achilles_reflex"),
    },
    "tibial_in_tarsal_tunnel": {
        **status(AFFECTED, "abductor_hallucis"),
        **status(LOSS, "skin_medial_sole"),
        **spared("gastrocnemius", "soleus", "tibialis_posterior", "flexor_hallucis_longus", "achilles_reflex"),
    },
    "femoral_under_inguinal_ligament": {
        **status(P, "rectus_femoris", "vastus_medialis"),
        **status(N, "skin_anterior_thigh", "skin_medial_leg"),
        **spared("iliacus", "psoas_major", "adductor_longus", "adductor_reflex"),
        **status(CHANGED, "patellar_reflex"),
    },
    "obturator_in_obturator_canal": {
        **status(P, "adductor_longus", "adductor_brevis", "gracilis"),
        **status(N, "skin_medial_thigh"),
        **status(W, "adductor_magnus"),
        **spared("adductor_magnus_hamstring_part", "patellar_reflex"),
        **status(ABSENT, "adductor_reflex"),
    },
    "superior_gluteal_nerve_injury": {
        **status(P, "gluteus_medius", "gluteus_minimus", "tensor_fasciae_latae"),
        **spared("gluteus_maximus"),
    },
    "lumbosacral_trunk_at_pelvic_brim": {
        **status(W, "tibialis_anterior", "fibularis_longus", "tibialis_posterior"),
        **status(R, "skin_dorsum_foot", "skin_lateral_leg"),
        **spared("gastrocnemius", "soleus", "achilles_reflex", "rectus_femoris"),
    },
    "lateral_femoral_cutaneous_at_inguinal_ligament": {
        **status(N, "skin_lateral_thigh"),
        **spared("rectus_femoris", "patellar_reflex"),
    },
    "lumbar_plexopathy_psoas_haematoma": {
        **status(AFFECTED, "iliacus", "rectus_femoris", "adductor_longus"),
        **status(N, "skin_anterior_thigh", "skin_medial_thigh", "skin_lateral_thigh", "skin_medial_leg"),
        **spared("psoas_major"),
        **status(CHANGED, "patellar_reflex", "adductor_reflex"),
    },
    "femoral_in_iliac_fossa": {
        **status(AFFECTED, "iliacus", "rectus_femoris"),
        **status(N, "skin_anterior_thigh", "skin_medial_leg"),
        **spared("adductor_longus", "adductor_reflex"),
        **status(CHANGED, "patellar_reflex"),
    },
    "conus_medullaris": {
        **status(P, "external_anal_sphincter"),
        **status(N, "skin_perianal"),
        **spared("rectus_femoris", "tibialis_anterior", "patellar_reflex"),
        **status(ABSENT, "anal_reflex", "bulbocavernosus_reflex"),
        **status(CHANGED, "achilles_reflex"),
    },
    "cauda_equina": {
        **status(P, "external_anal_sphincter", "gastrocnemius"),
        **status(N, "skin_perianal", "skin_perineum"),
        **status(CHANGED, "patellar_reflex"),
        **status(ABSENT, "achilles_reflex"),
    },
    "pudendal_in_alcocks_canal": {
        **status(W, "bulbospongiosus", "external_anal_sphincter"),
        **status(R, "skin_perineum", "skin_perianal"),
    },
    "deep_gluteal_syndrome": {
        **status(W, "semitendinosus", "tibialis_anterior"),
        **spared("gluteus_maximus", "gluteus_medius"),
    },
    "saphenous_nerve_injury": {
        **status(N, "skin_medial_leg"),
        **spared("rectus_femoris", "patellar_reflex"),
    },
    "ilioinguinal_nerve_injury": {
        **status(N, "skin_ilioinguinal"),
        **status(W, "internal_oblique", "transversus_abdominis"),
    },
    "genitofemoral_nerve_injury": {
        **status(N, "skin_genital_branch", "skin_femoral_branch"),
        **status(ABSENT, "cremasteric_reflex"),
    },
    "sural_nerve_injury": {
        **status(N, "skin_sural"),
        **spared("gastrocnemius", "achilles_reflex"),
    },
    # Pack statements about root lesions (the segments' clinical facts).
    "s3": spared(*HIP_KNEE_ANKLE),  # "spare the hip, knee and ankle"
    "l4": {**status(R, "skin_medial_leg"), **status(R, "patellar_reflex"), **status(W, "rectus_femoris", "adductor_longus")},
    "s1": {**status(R, "skin_lateral_sole", "achilles_reflex"), **status(W, "gastrocnemius", "gluteus_maximus")},
    "l5": {**status(W, "extensor_hallucis_longus", "tibialis_anterior", "fibularis_longus", "gluteus_medius")},
}


@pytest.fixture(scope="module")
def book(pack: Pack) -> LesionBook:
    return load_lesions(pack)


@pytest.fixture(scope="module")
def supply(pack: Pack):  # type: ignore[no-untyped-def]
    return supply_strands(pack)


@pytest.fixture(scope="module", params=PACKS)
def any_pack(request: pytest.FixtureRequest) -> tuple[Pack, LesionBook]:
    """Each bundled pack with its lesion file: for what holds whatever the plexus."""
    return bundled(request.param), bundled_book(request.param)


def test_every_site_has_its_statements_checked(book: LesionBook) -> None:
    assert set(book.sites) <= set(CLAIMS)


@pytest.mark.parametrize("lesion_id", sorted(CLAIMS))
def test_statements_agree_with_the_simulator(pack: Pack, book: LesionBook, supply, lesion_id: str) -> None:  # type: ignore[no-untyped-def]
    result = simulate(pack, book, lesion_id, supply)
    wrong = {
        target: (result.status_of(target).value, [s.value for s in allowed])
        for target, allowed in CLAIMS[lesion_id].items()
        if result.status_of(target) not in allowed
    }
    assert not wrong, f"{lesion_id}: the lesion file or the pack says otherwise than the simulator: {wrong}"


def _segment_run(pack: Pack) -> str:
    """A pattern for one of the pack's segments, or a range of them: "L2–L4", "S1", "C5–C6"."""
    one = "(?:" + "|".join(pack.segments) + ")"
    return f"{one}(?:\\s*[–-]\\s*{one})?"


def _span(pack: Pack, text: str) -> list[str]:
    """'L2–L4' -> ['L2', 'L3', 'L4']; 'S1' -> ['S1']."""
    order = list(pack.segments)
    names = re.findall("|".join(pack.segments), text.strip())
    assert re.fullmatch(_segment_run(pack), text.strip()) and names, text
    a, b = names[0], names[-1]
    return order[order.index(a) : order.index(b) + 1]


def test_reflex_segments_agree_with_their_muscles(any_pack: tuple[Pack, LesionBook]) -> None:
    pack, book = any_pack
    assert book.reflexes
    for reflex in book.reflexes:
        supplied = set().union(*(pack.structures[m].segments for m in reflex.muscles))
        assert set(reflex.segments) <= supplied, (reflex.id, sorted(set(reflex.segments) - supplied))
        # "Mainly L3–L4", "mainly L5": the main segments are among the reflex's own.
        for m in re.finditer(rf"[Mm]ainly ({_segment_run(pack)})\b", reflex.note):
            assert set(_span(pack, m.group(1))) <= set(reflex.segments), (reflex.id, m.group(0))


def test_segment_ranges_named_in_the_lesion_file_match_the_pack(pack: Pack, book: LesionBook) -> None:
    """'obturator nerve (L2–L4)' in any note or description is the obturator nerve's own record."""
    names = NameIndex(pack)
    sites = list(book.sites.values())
    texts = [r.note for r in book.reflexes] + [s.description for s in sites] + [s.name for s in sites]
    if book.overlap:
        texts.append(book.overlap.note)
    checked = 0
    for text in texts:
        for m in re.finditer(rf"([A-Za-z][A-Za-z ]+?) \(({_segment_run(pack)})\)", text):
            phrase = m.group(1).strip()
            words = phrase.split()
            found = None
            for k in range(min(5, len(words)), 0, -1):
                candidate = names.resolve(" ".join(words[-k:]))
                if candidate.match:
                    found = candidate.match
                    break
            if found is None or pack.structures[found].kind not in (Kind.NERVE, Kind.BRANCH, Kind.TRUNK):
                continue
            assert list(pack.structures[found].segments) == _span(pack, m.group(2)), (text[:60], phrase, m.group(2))
            checked += 1
    assert checked >= 1


def test_sites_named_by_segments_cut_exactly_those_segments(pack: Pack, book: LesionBook) -> None:
    for site in book.sites.values():
        m = re.search(r"\((?:sacral segments|roots) ([^)]*)\)", site.name)
        if not m:
            continue
        lesion = lesion_for(pack, book, site.id)
        cut = {pack.structures[c].segments[0] for c in lesion.cut if pack.structures[c].kind is Kind.SEGMENT}
        assert cut == set(_span(pack, m.group(1))), site.id


# ---------------------------------------------------------------- sources of the lesion file

NEVER_CITED = (
    "radiologykey", "neupsykey", "aneskey", "clinicalgate", "musculoskeletalkey", "doctorabel", "brainkart", "alpfmedical",
    "europeanmedical", "mitchmedical", "statpearls.com", "zxc.wiki", "wikimd", "iiab.me", "academia-lab", "images.radiopaedia",
    "prod-images", "docslib", "slideshare", "tailieuxanh", "scilit", "cram.com", "brainscape", "ankiweb", "tweb-dev",
    "staging", "bizwan", "rrnursing", "imaios.cn", "www.pubmed.gov",
)  # fmt: skip
AUTHORITATIVE = (
    "ncbi.nlm.nih.gov", "doi.org", "radiopaedia.org/articles", "kenhub.com", "teachmeanatomy.info", "imaios.com",
    "orthobullets.com", "emedicine.medscape.com", "medscape.com", "koreamed.org", "kjim.org", "openmedicalpublishing.org",
)  # fmt: skip
PRINTED = re.compile(r"(\d{4};\s*\d+|\d+(st|nd|rd|th) ed\.)")


def _source(pack: Pack, book: LesionBook, key: str):  # type: ignore[no-untyped-def]
    return book.source(pack, key)


def _authoritative(src) -> bool:  # type: ignore[no-untyped-def]
    if src.url:
        return any(a in src.url for a in AUTHORITATIVE)
    return bool(PRINTED.search(src.title))  # a printed work naming edition or volume and pages


def test_the_lesion_file_cites_no_never_cited_source(any_pack: tuple[Pack, LesionBook]) -> None:
    pack, book = any_pack
    used = {k for s in book.sites.values() for k in (*s.sources, *(k for v in s.variable for k in v.sources))}
    used |= {k for r in book.reflexes for k in r.sources}
    used |= set(book.overlap.sources if book.overlap else ())
    bad = {k: _source(pack, book, k).url for k in used if any(n in (_source(pack, book, k).url or "") for n in NEVER_CITED)}
    assert not bad
    unused = set(book.sources) - used
    assert not unused, f"sources of the lesion file nobody cites: {sorted(unused)}"
    urls = [s.url for s in book.sources.values() if s.url]
    assert len(urls) == len(set(urls)), "one URL has one key"
    for src in book.sources.values():
        if src.url:
            assert urlparse(src.url).scheme == "https", src.url


def test_every_site_reflex_and_the_overlap_note_has_an_authoritative_source(any_pack: tuple[Pack, LesionBook]) -> None:
    pack, book = any_pack
    holders = [(s.id, s.sources) for s in book.sites.values()] + [(r.id, r.sources) for r in book.reflexes]
    assert book.overlap is not None
    holders.append(("overlap", book.overlap.sources))
    lacking = [hid for hid, keys in holders if not any(_authoritative(_source(pack, book, k)) for k in keys)]
    assert not lacking


# ---------------------------------------------------------------- must show, through the command line


def lesion_json(capsys: pytest.CaptureFixture[str], name: str) -> dict:  # type: ignore[type-arg]
    assert main(["lesion", name, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize("root", ["L2", "L3", "L4", "L5", "S1", "S2"])
def test_a_single_root_never_paralyses_or_anaesthetises_and_says_why(capsys: pytest.CaptureFixture[str], root: str) -> None:
    out = lesion_json(capsys, root)
    assert out["paralysed"] == [] and out["numb"] == []
    assert out["weak"] and out["reduced_sensation"]
    assert out["lesion"]["incomplete"] == "overlap"
    assert all(r["change"] == "reduced" for r in out["reflexes"])
    text = out["description"]
    assert "prefixed or postfixed" in text and "88%" in text and "overlap" in text
    keys = {s["key"] for s in out["sources"]}
    assert {"lee_2008_dermatomes", "matejcik_2010_lumbosacral_variations", "woo_2011_lumbosacral_composition"} <= keys


def test_a_muscle_supplied_by_the_cut_root_alone_is_severely_weak(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "L5")
    web = next(r for r in out["reduced_sensation"] if r["id"] == "skin_first_web_space")
    assert web["severe"] is True and web["kept"] == [] and "reduced, not lost" in web["caveat"]
    l4 = lesion_json(capsys, "L4")
    hamstring_part = next(r for r in l4["weak"] if r["id"] == "adductor_magnus_hamstring_part")
    assert hamstring_part["severe"] is True and "severe weakness, not paralysis" in hamstring_part["caveat"]
    assert main(["lesion", "L4"]) == 0
    assert "Adductor magnus, hamstring part (severe) (loses L4)" in capsys.readouterr().out


def test_lumbosacral_trunk_gives_weakness_not_paralysis(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("lumbosacral trunk", "maternal obstetric palsy"):
        out = lesion_json(capsys, name)
        assert out["paralysed"] == [] and out["numb"] == []
        tib = next(r for r in out["weak"] if r["id"] == "tibialis_anterior")
        assert tib["severe"] is True
        assert "Katirji" in out["description"] or any("Katirji" in s["title"] for s in out["sources"])
        assert "achilles_reflex" not in {r["id"] for r in out["reflexes"]}


def test_obturator_nerve_lists_the_adductor_reflex(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "obturator nerve")
    assert {r["id"]: r["change"] for r in out["reflexes"]} == {"adductor_reflex": "absent"}
    femoral = lesion_json(capsys, "femoral nerve")
    assert "adductor_reflex" not in {r["id"] for r in femoral["reflexes"]}


def test_the_new_sites_resolve_by_their_clinical_names(capsys: pytest.CaptureFixture[str]) -> None:
    for name, site in [
        ("psoas haematoma", "lumbar_plexopathy_psoas_haematoma"),
        ("iliacus haematoma", "femoral_in_iliac_fossa"),
        ("conus medullaris syndrome", "conus_medullaris"),
        ("cauda equina syndrome", "cauda_equina"),
        ("pudendal neuralgia", "pudendal_in_alcocks_canal"),
        ("deep gluteal syndrome", "deep_gluteal_syndrome"),
        ("saphenous neuropathy", "saphenous_nerve_injury"),
        ("ilioinguinal neuralgia", "ilioinguinal_nerve_injury"),
        ("genitofemoral neuralgia", "genitofemoral_nerve_injury"),
        ("sural neuropathy", "sural_nerve_injury"),
    ]:
        out = lesion_json(capsys, name)
        assert out["lesion"]["id"] == site and out["sources"], name


def test_conus_and_cauda_equina_are_told_apart(capsys: pytest.CaptureFixture[str]) -> None:
    conus = lesion_json(capsys, "conus medullaris")
    cauda = lesion_json(capsys, "cauda equina")
    conus_reflexes = {r["id"]: r["change"] for r in conus["reflexes"]}
    cauda_reflexes = {r["id"]: r["change"] for r in cauda["reflexes"]}
    # Both lose the sacral reflexes and the perianal skin; only the cauda equina takes the knee jerk and the leg.
    assert conus_reflexes["anal_reflex"] == cauda_reflexes["anal_reflex"] == "absent"
    assert "skin_perianal" in {r["id"] for r in conus["numb"]} & {r["id"] for r in cauda["numb"]}
    assert "patellar_reflex" not in conus_reflexes and cauda_reflexes["patellar_reflex"] == "reduced"
    assert "tibialis_anterior" in {r["id"] for r in cauda["paralysed"]}
    assert "tibialis_anterior" not in {r["id"] for r in conus["paralysed"] + conus["weak"]}
    # A disputed myotome says how the picture would change.
    from viewer.assets import default_data_path
    from viewer.model.loader import load_pack

    pack = load_pack(default_data_path())
    disputed = [r for r in conus["paralysed"] + conus["weak"] if any(d.field == "segments" for d in pack.structures[r["id"]].disputes)]
    assert disputed, "no muscle with a disputed myotome in the conus picture"
    assert any("disputed" in r.get("caveat", "") for r in disputed)


def test_an_entrapment_is_drawn_as_partial(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("pudendal neuralgia", "deep gluteal syndrome"):
        out = lesion_json(capsys, name)
        assert out["lesion"]["incomplete"] == "entrapment"
        assert out["paralysed"] == [] and out["numb"] == [] and out["weak"]
        assert not any(r.get("severe") for r in out["weak"] + out["reduced_sensation"])
    assert "no objective sensory loss" in lesion_json(capsys, "pudendal neuralgia")["description"]
