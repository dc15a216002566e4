"""The lesion simulator and localise-the-lesion on the real pack and lesion file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bundled_packs import PACKS, bundled, bundled_book

from viewer.cli import main
from viewer.model.errors import PackError
from viewer.model.lesion import (
    LESIONABLE_KINDS,
    LesionBook,
    Status,
    load_lesions,
    resolve_lesion,
    simulate,
    supply_strands,
)
from viewer.model.loader import load_pack
from viewer.model.localise import Localiser
from viewer.model.pack import Pack
from viewer.model.records import Kind


@pytest.fixture(scope="module")
def book(pack: Pack) -> LesionBook:
    return load_lesions(pack)


@pytest.fixture(scope="module", params=PACKS)
def any_pack(request: pytest.FixtureRequest) -> tuple[Pack, LesionBook]:
    """Each bundled pack with its lesion file: for what holds whatever the plexus."""
    return bundled(request.param), bundled_book(request.param)


def lesion_json(capsys: pytest.CaptureFixture[str], name: str) -> dict:  # type: ignore[type-arg]
    assert main(["lesion", name, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def ids(rows: list[dict[str, str]]) -> set[str]:
    return {r["id"] for r in rows}


# ---------------------------------------------------------------- must show, through the command line


def test_common_fibular_nerve_paralyses_the_dorsiflexors_and_evertors(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "common fibular nerve")
    assert out["lesion"] == {
        "id": "common_fibular_nerve",
        "name": "Common fibular nerve",
        "kind": "nerve",
        "structure": "common_fibular_nerve",
    }
    paralysed = ids(out["paralysed"])
    assert {
        "tibialis_anterior",
        "extensor_hallucis_longus",
        "extensor_digitorum_longus",
        "fibularis_longus",
        "fibularis_brevis",
    } <= paralysed
    affected = paralysed | ids(out["weak"])
    assert "tibialis_posterior" not in affected and "gluteus_medius" not in affected
    assert {"skin_first_web_space", "skin_dorsum_foot"} <= ids(out["numb"])


def test_l5_weakens_gluteus_medius_tibialis_posterior_and_ehl_without_paralysis(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "L5")
    assert out["lesion"]["id"] == "l5"
    weak = ids(out["weak"])
    assert {"gluteus_medius", "tibialis_posterior", "extensor_hallucis_longus"} <= weak
    assert out["paralysed"] == []
    glut = next(r for r in out["weak"] if r["id"] == "gluteus_medius")
    assert glut["lost"] == ["L5"] and glut["kept"] == ["L4", "S1"]
    # An isolated L5 root lesion spares the knee and ankle jerks (Harrison's); it depresses the hamstring jerks.
    reflexes = {r["id"]: r["change"] for r in out["reflexes"]}
    assert reflexes == {"medial_hamstring_reflex": "reduced", "lateral_hamstring_reflex": "reduced"}


def test_site_at_fibular_neck_spares_the_short_head_of_biceps(capsys: pytest.CaptureFixture[str]) -> None:
    whole = lesion_json(capsys, "common fibular nerve")
    neck = lesion_json(capsys, "fibular neck")
    assert neck["lesion"]["id"] == "common_fibular_at_fibular_neck"
    assert "biceps_femoris_short_head" in ids(whole["paralysed"])
    assert "biceps_femoris_short_head" not in ids(neck["paralysed"]) | ids(neck["weak"])
    assert ids(neck["paralysed"]) == ids(whole["paralysed"]) - {"biceps_femoris_short_head"}
    # The sural communicating branch leaves above the neck: the sural territory keeps all its supply.
    assert "skin_sural" in ids(whole["reduced_sensation"]) and "skin_sural" not in ids(neck["reduced_sensation"])
    lateral_leg = next(r for r in neck["numb"] if r["id"] == "skin_lateral_leg")
    assert "variable" in lateral_leg["caveat"]


def test_sciatic_lesion_cuts_both_of_its_parts(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "sciatic nerve")
    paralysed = ids(out["paralysed"])
    assert {"semitendinosus", "gastrocnemius", "tibialis_posterior", "biceps_femoris_short_head", "tibialis_anterior"} <= paralysed
    assert "gluteus_medius" not in paralysed | ids(out["weak"])
    # Adductor magnus keeps its obturator part.
    assert "adductor_magnus" in ids(out["weak"]) and "adductor_magnus_hamstring_part" in paralysed
    assert {r["id"]: r["change"] for r in out["reflexes"]}["achilles_reflex"] == "absent"


def test_femoral_nerve_under_the_inguinal_ligament_spares_iliacus(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "femoral nerve under the inguinal ligament")
    assert "iliacus" not in ids(out["paralysed"]) and "rectus_femoris" in ids(out["paralysed"])
    assert {r["id"]: r["change"] for r in out["reflexes"]} == {"patellar_reflex": "absent"}
    whole = lesion_json(capsys, "femoral nerve")
    assert "iliacus" in ids(whole["paralysed"])
    pectineus = next(r for r in whole["paralysed"] if r["id"] == "pectineus")
    assert "inconstant" in pectineus["caveat"]  # the obturator supply to pectineus is inconstant


def test_tarsal_tunnel_spares_the_leg_and_records_the_calcaneal_dispute(capsys: pytest.CaptureFixture[str]) -> None:
    out = lesion_json(capsys, "tarsal tunnel syndrome")
    paralysed = ids(out["paralysed"])
    assert "abductor_hallucis" in paralysed and "gastrocnemius" not in paralysed and "tibialis_posterior" not in paralysed
    # Every leg muscle and the ankle jerk are normal; only the toe flexion of the plantar response is depressed.
    assert {r["id"]: r["change"] for r in out["reflexes"]} == {"plantar_response": "reduced"}
    assert [v["id"] for v in out["lesion"]["variable"]] == ["medial_calcaneal_branches"]
    assert out["lesion"]["variable"][0]["sources"]
    assert "skin_sural" not in ids(out["numb"]) | ids(out["reduced_sensation"])


def test_l4_reduces_the_knee_jerk_and_the_femoral_nerve_abolishes_it(capsys: pytest.CaptureFixture[str]) -> None:
    root = lesion_json(capsys, "L4")
    nerve = lesion_json(capsys, "femoral nerve")
    assert {r["id"]: r["change"] for r in root["reflexes"]}["patellar_reflex"] == "reduced"
    assert {r["id"]: r["change"] for r in nerve["reflexes"]}["patellar_reflex"] == "absent"
    assert "adductor_longus" in ids(root["weak"]) and "adductor_longus" not in ids(nerve["paralysed"]) | ids(nerve["weak"])


def test_text_output_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesion", "peroneal palsy"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Lesion: Common fibular nerve at the fibular neck")
    assert "Paralysed: 8" in text and "Tibialis anterior (loses L4, L5)" in text and "Sources:" in text
    assert main(["lesion", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "tibial_in_tarsal_tunnel" in listing and "Lumbosacral trunk at the pelvic brim" in listing


def test_unknown_name_offers_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesion", "fibular nek"]) == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "common_fibular_at_fibular_neck" in err
    assert main(["lesion", "gluteus medius"]) == 2
    assert "is a muscle" in capsys.readouterr().err
    assert main(["lesion"]) == 2
    assert "--list" in capsys.readouterr().err


# ---------------------------------------------------------------- properties over every lesion


def test_every_lesion_obeys_the_strand_model(any_pack: tuple[Pack, LesionBook]) -> None:
    """Paralysed: every strand runs through the lesion; weak: some do and some survive."""
    pack, book = any_pack
    supply = supply_strands(pack)
    lesion_ids = [s.id for s in pack.structures.values() if s.kind in LESIONABLE_KINDS] + list(book.sites)
    for lesion_id in lesion_ids:
        result = simulate(pack, book, lesion_id, supply)
        cut, spared = result.lesion.cut, result.lesion.spared_links
        for effect in result.muscles:
            strands = [st for st in supply[effect.id] if not st.inconstant]
            hit = [any(pack.links[i].source in cut and i not in spared for i in st.links) for st in strands]
            if effect.status is Status.PARALYSED:
                assert strands and all(hit) and not result.lesion.incomplete, (lesion_id, effect.id)
            elif effect.status is Status.WEAK:
                # An incomplete lesion (a root, the lumbosacral trunk, an entrapment) weakens even what it cuts entirely.
                assert any(hit) and (not all(hit) or result.lesion.incomplete), (lesion_id, effect.id)
                assert effect.severe == (all(hit) and result.lesion.incomplete == "overlap"), (lesion_id, effect.id)
            else:
                assert not any(hit), (lesion_id, effect.id)
        # Only what the lesioned structure reaches can be affected.
        if result.lesion.site is None:
            from viewer.model.tracing import trace

            reached = trace(pack, result.lesion.structure).structures
            assert {
                e.id for e in result.with_status(Status.PARALYSED, Status.WEAK, Status.NUMB, Status.REDUCED) if e.id in pack.structures
            } <= reached


def test_a_site_never_does_more_than_cutting_its_whole_nerve(any_pack: tuple[Pack, LesionBook]) -> None:
    from viewer.model.tracing import trace

    pack, book = any_pack

    for site in book.sites.values():
        at_site = simulate(pack, book, site.id)
        if site.also:
            # A plexus or cauda equina site: only what its structures reach can be affected.
            reached = set().union(*(trace(pack, n).structures for n in (site.nerve, *site.also)))
            assert {e.id for e in at_site.with_status(Status.PARALYSED, Status.WEAK, Status.NUMB, Status.REDUCED)} - {
                r.id for r in book.reflexes
            } <= reached, site.id
        else:
            whole = simulate(pack, book, site.nerve)
            assert {e.id for e in at_site.paralysed} <= {e.id for e in whole.paralysed}, site.id
        for target in site.spares:
            if pack.structures[target].kind in (Kind.MUSCLE, Kind.SKIN):
                assert at_site.status_of(target) in (Status.SPARED, Status.NORMAL), (site.id, target)


def test_names_resolve_to_sites_and_structures(pack: Pack, book: LesionBook) -> None:
    assert resolve_lesion(pack, book, "Meralgia paresthetica").match == "lateral_femoral_cutaneous_at_inguinal_ligament"
    assert resolve_lesion(pack, book, "common peroneal nerve").match == "common_fibular_nerve"
    assert resolve_lesion(pack, book, "lumbosacral trunk").match == "lumbosacral_trunk"
    assert resolve_lesion(pack, book, "tibialis anterior").not_lesionable == "tibialis_anterior"


# ---------------------------------------------------------------- the data file


@pytest.fixture
def lesion_copy(pack_copy: Path) -> tuple[Pack, Path]:
    return load_pack(pack_copy), pack_copy.with_name("lumbosacral.lesions.json")


def _rewrite(path: Path, old: str, new: str) -> int:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def test_bad_spared_branch_names_file_and_line(lesion_copy: tuple[Pack, Path]) -> None:
    pack, path = lesion_copy
    line = _rewrite(
        path,
        '"spares": ["biceps_femoris_short_head", "sural_communicating_branch"]',
        '"spares": ["biceps_femoris_long_head", "sural_communicating_branch"]',
    )
    with pytest.raises(PackError) as err:
        load_lesions(pack, path)
    assert (
        str(err.value)
        == f"{path}:{line}: common_fibular_at_fibular_neck: common_fibular_nerve gives off no 'biceps_femoris_long_head' to spare"
    )


def test_misspelt_key_and_unknown_nerve_are_reported(lesion_copy: tuple[Pack, Path]) -> None:
    pack, path = lesion_copy
    line = _rewrite(path, '"nerve": "obturator_nerve"', '"nerve": "obturator_nerv"')
    with pytest.raises(PackError) as err:
        load_lesions(pack, path)
    assert f"{path}:{line}: obturator_in_obturator_canal: nerve 'obturator_nerv' is not a root, trunk" in str(err.value)
    path.write_text(
        path.read_text()
        .replace('"nerve": "obturator_nerv"', '"nerve": "obturator_nerve"')
        .replace('"level": "in the obturator canal', '"levl": "in the obturator canal')
    )
    with pytest.raises(PackError) as err:
        load_lesions(pack, path)
    assert err.value.problems[0].reason == "unknown key 'levl'" and err.value.problems[0].line == line + 1


def test_bad_lesion_file_exits_1(lesion_copy: tuple[Pack, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack, path = lesion_copy
    _rewrite(path, '"sources": ["tipton_obturator_neuropathy_2008"', '"sources": ["nowhere_2099"')
    assert main(["lesion", "L5", "--data", str(pack.data_path)]) == 1
    assert "unknown source 'nowhere_2099'" in capsys.readouterr().err


# ---------------------------------------------------------------- localise the lesion


def test_the_classic_pairs_are_cases_both_ways(pack: Pack, book: LesionBook) -> None:
    pairs = {frozenset((c.lesion, c.mimic)) for c in book.cases}
    assert {
        frozenset(("l5", "common_fibular_at_fibular_neck")),
        frozenset(("l4", "femoral_nerve")),
        frozenset(("s1", "tibial_in_popliteal_fossa")),
        frozenset(("lumbosacral_trunk_at_pelvic_brim", "sciatic_in_buttock")),
    } <= pairs


def test_every_case_has_its_twin_and_is_solved(any_pack: tuple[Pack, LesionBook]) -> None:
    """Each pair is asked both ways with one complaint, and each case can be told from its mimic."""
    pack, book = any_pack
    assert book.cases
    twins = {(c.lesion, c.mimic): c.complaint for c in book.cases}
    assert twins == {(c.mimic, c.lesion): c.complaint for c in book.cases}
    loc = Localiser(pack, book)
    for case in book.cases:
        assert loc.grade(case, case.lesion).correct and not loc.grade(case, case.mimic).correct, case.id


def test_presentation_is_the_simulated_pattern(pack: Pack, book: LesionBook) -> None:
    loc = Localiser(pack, book)
    case = next(c for c in book.cases if c.lesion == "common_fibular_at_fibular_neck")
    shown = loc.present(case)
    abnormal = {f.id: f.status for f in shown.abnormal}
    assert abnormal["tibialis_anterior"] is Status.PARALYSED
    assert {
        e.id
        for e in simulate(pack, book, case.lesion).with_status(Status.PARALYSED, Status.WEAK, Status.NUMB, Status.REDUCED, Status.ABSENT)
    } == set(abnormal)
    # Pertinent normals: what the L5 mimic would weaken, tested and found normal.
    normal = {f.id for f in shown.normal}
    assert {"tibialis_posterior", "gluteus_medius"} <= normal


def test_grading_names_the_discriminating_findings(pack: Pack, book: LesionBook) -> None:
    loc = Localiser(pack, book)
    case = next(c for c in book.cases if c.lesion == "l5")
    wrong = loc.grade(case, "common_fibular_at_fibular_neck")
    assert not wrong.correct
    line = next(ln for ln in wrong.explanation.splitlines() if ln.startswith("• Weak here, spared with"))
    assert "Tibialis posterior" in line and "Gluteus medius" in line
    right = loc.grade(case, "l5")
    assert right.correct and right.explanation.startswith("Right: L5.")
    assert "Tibialis posterior" in right.explanation
    trunk = next(c for c in book.cases if c.lesion == "lumbosacral_trunk_at_pelvic_brim")
    text = loc.grade(trunk, "sciatic_in_buttock").explanation
    assert "Normal here, absent with sciatic nerve in the buttock: Achilles (ankle-jerk) reflex" in text


def test_the_answer_list_is_every_lesion_the_cases_use_by_name_in_case_order(pack: Pack, book: LesionBook) -> None:
    options = Localiser(pack, book).options()
    assert options[:4] == [
        ("l5", "L5"),
        ("common_fibular_at_fibular_neck", "Common fibular nerve at the fibular neck"),
        ("l4", "L4"),
        ("femoral_nerve", "Femoral nerve"),
    ]
    assert len(options) == len({i for c in book.cases for i in (c.lesion, c.mimic)}) == 12


def test_a_presentation_names_each_finding_its_kind_and_state(pack: Pack, book: LesionBook) -> None:
    from viewer.model.localise import Finding

    case = next(c for c in book.cases if c.lesion == "common_fibular_at_fibular_neck")
    shown = Localiser(pack, book).present(case)
    assert shown.case is case
    assert Finding("tibialis_anterior", "Tibialis anterior", "muscle", Status.PARALYSED) in shown.abnormal
    assert shown.abnormal[0].text() == f"{shown.abnormal[0].name}: {shown.abnormal[0].status.value}"
    assert Finding("tibialis_posterior", "Tibialis posterior", "muscle", Status.SPARED) in shown.normal
    assert shown.normal[0] == Finding("medial_hamstring_reflex", "Medial hamstring reflex", "reflex", Status.NORMAL)
    assert {f.kind for f in shown.abnormal} == {"muscle", "skin"}


def test_a_wrong_answer_is_told_what_discriminates_first_reflexes_then_muscles_then_skin(pack: Pack, book: LesionBook) -> None:
    from viewer.model.localise import Grade

    loc = Localiser(pack, book)
    case = next(c for c in book.cases if c.lesion == "l5")
    wrong = loc.grade(case, "common_fibular_at_fibular_neck")
    cf = "common fibular nerve at the fibular neck"
    lines = wrong.explanation.splitlines()
    assert lines[0] == f"Not {cf} — the lesion is: L5."
    assert [line.split(":")[0] for line in lines[1:]] == [
        f"• Reduced here, normal with {cf}",
        f"• Weak here, spared with {cf}",
        f"• Reduced here, normal with {cf}",
        f"• Weak here, paralysed with {cf}",
        f"• Reduced here, numb with {cf}",
    ]
    assert lines[1] == f"• Reduced here, normal with {cf}: Medial hamstring reflex; Lateral hamstring reflex"
    assert lines[3].endswith(": Skin: medial sole and medial three and a half toes (medial plantar); L5 dermatome")
    assert wrong == Grade(
        False, case, "common_fibular_at_fibular_neck", loc.differences("l5", "common_fibular_at_fibular_neck"), wrong.explanation
    )
    right = loc.grade(case, "l5")
    assert right == Grade(True, case, "l5", loc.differences("l5", "common_fibular_at_fibular_neck"), right.explanation)
    assert right.explanation.splitlines()[0] == f"Right: L5. What separates it from its mimic, {cf}:"
    assert right.explanation.splitlines()[1:] == lines[1:]
    knee = next(c for c in book.cases if c.lesion == "common_fibular_at_fibular_neck")
    assert loc.grade(knee, "l5").explanation.startswith("Not L5 — the lesion is: Common fibular nerve at the fibular neck.\n")


def test_an_answer_that_no_examination_can_tell_from_the_truth_is_right(pack: Pack, book: LesionBook) -> None:
    from viewer.model.localise import _explain

    loc = Localiser(pack, book)
    case = next(c for c in book.cases if c.lesion == "femoral_nerve")
    assert loc.differences("femoral_nerve", "femoral_in_iliac_fossa") == ()
    grade = loc.grade(case, "femoral_in_iliac_fossa")
    assert grade.correct and grade.chosen == "femoral_in_iliac_fossa"
    assert grade.explanation.startswith("Right: Femoral nerve. What separates it from its mimic, L4:\n")
    assert _explain((), "Femoral nerve in the iliac fossa") == "Nothing on examination separates it from femoral nerve in the iliac fossa."


@pytest.mark.parametrize(
    ("name", "said"),
    [("Common fibular nerve", "common fibular nerve"), ("L5", "L5"), ("S1", "S1"), ("SI joint", "SI joint"), ("ACh block", "ACh block")],
)
def test_a_lesion_name_is_lowercased_inside_a_sentence_unless_it_starts_with_an_abbreviation(name: str, said: str) -> None:
    from viewer.model.localise import _lower_first

    assert _lower_first(name) == said


def test_validate_checks_the_lesion_file_too(lesion_copy: tuple[Pack, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack, path = lesion_copy
    assert main(["validate", "--data", str(pack.data_path)]) == 0
    book = load_lesions(pack, path)
    counts = f"{len(book.sites)} lesion sites, {len(book.reflexes)} reflexes, {len(book.cases)} localisation cases"
    assert f"{path}: ok — {counts}" in capsys.readouterr().out
    line = _rewrite(path, '"mimic": "common_fibular_at_fibular_neck"', '"mimic": "fibular_neck"')
    assert main(["validate", "--data", str(pack.data_path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: foot_drop_root: mimic 'fibular_neck' is neither a site nor a root, trunk or nerve" in err


def test_root_lesions_flag_disputed_myotomes(pack: Pack, book: LesionBook, capsys: pytest.CaptureFixture[str]) -> None:
    # Tibialis anterior is drawn L4, L5; Radiopaedia gives L4, L5, S1, which an S1 lesion would weaken.
    assert ("L4, L5, S1") in {alt.value for d in pack.structures["tibialis_anterior"].disputes for alt in d.values}
    out = lesion_json(capsys, "S1")
    flagged = {r["id"]: r["caveat"] for r in out["possibly_affected"]}
    assert "tibialis_anterior" not in ids(out["weak"])
    assert flagged["tibialis_anterior"] == "weak if its supply is L4, L5, S1 (disputed)"
    # A nerve lesion cuts whatever segments the nerve carries: no segmental caveat.
    assert lesion_json(capsys, "tibial nerve")["possibly_affected"] == []


def test_lesion_command_and_localiser_import_no_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from viewer.cli import main\n"
        "import viewer.model.localise\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['lesion', 'L5', '--json']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6', 'svgelements'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_one_report_serves_the_command_line_the_json_and_the_panel(
    pack: Pack, book: LesionBook, capsys: pytest.CaptureFixture[str]
) -> None:
    from viewer.model.lesion import lesion_report, simulate

    report = lesion_report(pack, book, simulate(pack, book, "obturator_nerve"))
    adductor = next(r for r in report.reflexes if r.id == "adductor_reflex")
    assert adductor.change == "absent" and adductor.span == "L2–L4"
    assert report.as_json() == lesion_json(capsys, "obturator nerve")
    text_out = main(["lesion", "obturator nerve"])
    printed = capsys.readouterr().out
    assert text_out == 0 and f"{adductor.name} (L2–L4): absent" in printed
    weak = next(e for e in report.result.weak + report.result.paralysed if e.id == "adductor_longus")
    assert weak.loss_text.startswith("loses ") and weak.loss_text in printed

    fibular = lesion_report(pack, book, simulate(pack, book, "common_fibular_at_fibular_neck"))
    assert fibular.level and {s.id for s in fibular.spares} == {"biceps_femoris_short_head", "sural_communicating_branch"}
    assert [s.key for s in fibular.sources] == [s["key"] for s in fibular.as_json()["sources"]]
