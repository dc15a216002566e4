"""The source policy rule by rule: how each kind of source is classed and why, the canonical form
of a URL, and every problem the policy reports in a small pack, word for word at its line."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from viewer.model import source_policy
from viewer.model.records import Kind, PackFile, Source
from viewer.model.source_policy import Tier, Verdict, audit, canonical_url, classify, needs_authority, policy_problems

A, S, N = Tier.AUTHORITATIVE, Tier.SECOND, Tier.NEVER


@pytest.fixture(autouse=True)
def _judged_afresh() -> None:
    """Each test classes its sources itself, not from what an earlier test left in the caches."""
    classify.cache_clear()
    source_policy._site_tables.cache_clear()


UNLISTED = "a site the source policy does not list ({})"
STATPEARLS_MIRROR = "StatPearls (https://www.ncbi.nlm.nih.gov/books/NBK…/)"
IMAIOS_MIRROR = "IMAIOS e-Anatomy (https://www.imaios.com/en/e-anatomy/…)"


# ---------------------------------------------------------------- classing a source by its URL


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Raw addresses, IPv4 and IPv6; a host of digits that is no address is simply not listed.
        ("http://218.28.6.71:81/x", Verdict(N, "a raw IP address")),
        ("http://[::1]/x", Verdict(N, "a raw IP address")),
        ("http://1.2.3/x", Verdict(N, UNLISTED.format("1.2.3"))),
        # Staging servers: the first label of a host with a parent domain.
        ("https://staging.kenhub.com/en/x", Verdict(N, "a staging or beta server")),
        ("https://beta-2.kenhub.com/en/x", Verdict(N, "a staging or beta server")),
        ("https://stage.x.org/", Verdict(N, "a staging or beta server")),
        ("https://latest.kenhub.com/en/x", Verdict(A, "Kenhub")),
        ("https://x.test-y.org/", Verdict(N, UNLISTED.format("x.test-y.org"))),
        ("https://test.org/x", Verdict(N, UNLISTED.format("test.org"))),
        # Mirrors name the site to cite instead, by host and by path.
        ("https://www.imaios.cn/en/x", Verdict(N, f"a mirror of {IMAIOS_MIRROR}", IMAIOS_MIRROR)),
        ("https://iiab.me/modules/en-statpearls/x", Verdict(N, f"a mirror of {STATPEARLS_MIRROR}", STATPEARLS_MIRROR)),
        ("https://iiab.me/kiwix/wikipedia/x", Verdict(N, "a mirror of Wikipedia", "Wikipedia")),
        (
            "https://images.radiopaedia.org/articles/x",
            Verdict(N, "a mirror of Radiopaedia (https://radiopaedia.org/articles/…)", "Radiopaedia (https://radiopaedia.org/articles/…)"),
        ),
        # Known never-cited sites name what they are and the domain, from any subdomain.
        ("https://www.cram.com/x", Verdict(N, "a flashcard deck or question bank (cram.com)")),
        ("https://m.quizlet.com/x", Verdict(N, "a flashcard deck or question bank (quizlet.com)")),
        ("https://neupsykey.com/x", Verdict(N, "a pirated textbook chapter (neupsykey.com)")),
        # Authoritative sites: an exact host only matches itself; a path prefix in any case.
        ("https://www.ncbi.nlm.nih.gov/books/NBK1/", Verdict(A, "NCBI Bookshelf / StatPearls")),
        ("https://www.ncbi.nlm.nih.gov/BOOKS/NBK1/", Verdict(A, "NCBI Bookshelf / StatPearls")),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1/", Verdict(A, "PubMed Central (peer-reviewed paper)")),
        ("https://sub.www.ncbi.nlm.nih.gov/books/x", Verdict(N, UNLISTED.format("sub.www.ncbi.nlm.nih.gov"))),
        ("https://www.ncbi.nlm.nih.gov/gene/1", Verdict(N, UNLISTED.format("www.ncbi.nlm.nih.gov"))),
        ("https://Radiopaedia.ORG/articles/x", Verdict(A, "Radiopaedia")),
        ("https://radiopaedia.org/cases/x", Verdict(N, UNLISTED.format("radiopaedia.org"))),
        ("https://kenhub.com/en/x", Verdict(A, "Kenhub")),
        ("https://www.kenhub.com/en/x", Verdict(A, "Kenhub")),
        ("https://www.kenhub.com/de/x", Verdict(N, UNLISTED.format("www.kenhub.com"))),
        ("https://dx.doi.org/10.1/x", Verdict(A, "DOI (peer-reviewed paper)")),
        # One site, two tiers by path.
        ("https://www.msdmanuals.com/professional/x", Verdict(A, "MSD Manual, Professional Version")),
        ("https://www.msdmanuals.com/home/x", Verdict(S, "MSD Manual, Consumer Version")),
        # Second sources, and university teaching pages.
        ("https://en.wikipedia.org/wiki/X", Verdict(S, "Wikipedia")),
        ("https://en.wikipedia.org/w/index.php?title=X", Verdict(N, UNLISTED.format("en.wikipedia.org"))),
        ("https://anatomy.med.example.edu/x", Verdict(S, "a university teaching page")),
        ("https://www.ucl.ac.uk/x", Verdict(S, "a university teaching page")),
        ("https://edu/x", Verdict(N, UNLISTED.format("edu"))),
        ("https://www.example-anatomy-blog.com/femoral-nerve", Verdict(N, UNLISTED.format("www.example-anatomy-blog.com"))),
        ("file:///x", Verdict(N, UNLISTED.format(""))),
    ],
)
def test_a_source_is_classed_by_its_url_with_the_reason_shown_to_the_author(url: str, expected: Verdict) -> None:
    assert classify(Source(title="A page", url=url)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Smith J. The sural nerve. doi: 10.1234/abc", Verdict(A, "a peer-reviewed paper (DOI or PubMed id)")),
        ("Smith J. The sural nerve. PMID: 123", Verdict(A, "a peer-reviewed paper (DOI or PubMed id)")),
        ("Muscle Nerve 2002;26:340-7", Verdict(S, "a paper cited by journal, volume and pages, without its DOI or PubMed id")),
        ("Muscle Nerve 2002;26:340-7, 2nd edition, p. 4", Verdict(S, "a printed work that is not a standard textbook")),
        ("Gray's Anatomy, 42nd ed., p. 1280", Verdict(A, "a standard textbook")),
        ("Moore, 8th ed., Table 7.2", Verdict(A, "a standard textbook")),
        ("Gray's Anatomy, 20th ed., p. 5", Verdict(S, "a superseded edition of a standard textbook")),
        ("Gray's Anatomy of the Human Body, 20th ed. (1918), section 6c", Verdict(S, "a superseded edition of a standard textbook")),
        ("Gray's Anatomy, 42nd ed.", Verdict(N, "a printed work that does not name its edition and page, table or chapter")),
        ("Gray's Anatomy, p. 1280", Verdict(N, "a printed work that does not name its edition and page, table or chapter")),
        ("ISNCSCI worksheet, 2019 edition, page 3", Verdict(A, "the ISNCSCI standards")),
        ("A Handbook of Nerves, 3rd edition, chapter 4", Verdict(S, "a printed work that is not a standard textbook")),
    ],
)
def test_a_printed_work_is_classed_by_its_title(title: str, expected: Verdict) -> None:
    assert classify(Source(title=title)) == expected
    assert classify(Source(title=title, url="")) == expected


def test_a_verdict_says_whether_the_source_may_be_cited_and_whether_it_is_authoritative() -> None:
    assert (Verdict(A, "").citable, Verdict(A, "").authoritative) == (True, True)
    assert (Verdict(S, "").citable, Verdict(S, "").authoritative) == (True, False)
    assert (Verdict(N, "").citable, Verdict(N, "").authoritative) == (False, False)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://kenhub.com/en/library/anatomy/x", "https://www.kenhub.com/en/library/anatomy/x"),
        ("http://ncbi.nlm.nih.gov/books/NBK1/", "https://www.ncbi.nlm.nih.gov/books/NBK1/"),
        ("http://wheelessonline.com/x", "https://www.wheelessonline.com/x"),
        ("https://www.wheelessonline.com/x", "https://www.wheelessonline.com/x"),
        # Display and tracking parameters are dropped where the site ignores them, fragments everywhere.
        ("https://www.orthobullets.com/x?y=1", "https://www.orthobullets.com/x"),
        ("https://orthobullets.com/x?y=1#z", "https://www.orthobullets.com/x"),
        ("https://teachmeanatomy.info/a?b=1", "https://teachmeanatomy.info/a"),
        ("https://radiopaedia.org/articles/x?lang=us", "https://radiopaedia.org/articles/x"),
        ("https://www.imaios.com/en/x?y=1", "https://www.imaios.com/en/x?y=1"),
        ("https://en.wikipedia.org/w/index.php?title=X", "https://en.wikipedia.org/w/index.php?title=X"),
        ("https://notradiopaedia.org/a?b=1", "https://notradiopaedia.org/a?b=1"),
        ("HTTP://EN.Wikipedia.org/wiki/X#Section", "https://en.wikipedia.org/wiki/X"),
        ("ftp://example.org/y", "ftp://example.org/y"),
        ("file:///notes/plexus.pdf", "file:///notes/plexus.pdf"),
    ],
)
def test_a_url_has_one_canonical_form(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


# ---------------------------------------------------------------- a small pack against the policy

Data = dict[str, Any]
WIKI = "wikipedia"


def _small_pack() -> Data:
    both = ["statpearls", WIKI]
    return {
        "format": "plexus-pack/1",
        "title": "A small plexus",
        "segments": ["L4", "L5"],
        "sources": {
            "statpearls": {"title": "StatPearls: The lumbar plexus", "url": "https://www.ncbi.nlm.nih.gov/books/NBK1/"},
            WIKI: {"title": "Wikipedia: Lumbar plexus", "url": "https://en.wikipedia.org/wiki/Lumbar_plexus"},
            "gray": {"title": "Gray's Anatomy, 42nd ed., p. 1280"},
        },
        "structures": [
            {"id": "l4", "kind": "segment", "name": "L4", "segments": ["L4"], "segment_sources": both},
            {"id": "l5", "kind": "segment", "name": "L5", "segments": ["L5"], "segment_sources": ["gray"]},
            {
                "id": "femoral_nerve",
                "kind": "nerve",
                "name": "Femoral nerve",
                "segments": ["L4"],
                "segment_sources": both,
                "facts": [{"field": "clinical", "text": "Knee jerk lost.", "sources": ["statpearls"]}],
            },
            {"id": "fibular_nerve", "kind": "nerve", "name": "Fibular nerve", "segments": ["L4", "L5"], "segment_sources": both},
            {
                "id": "sciatic_nerve",
                "kind": "nerve",
                "name": "Sciatic nerve",
                "segments": ["L4", "L5"],
                "segment_sources": [WIKI],
                "parts": ["femoral_nerve", "fibular_nerve"],
            },
            {
                "id": "quadriceps",
                "kind": "muscle",
                "name": "Quadriceps",
                "segments": ["L4"],
                "segment_sources": both,
                "facts": [{"field": "nerve", "text": "Femoral nerve.", "sources": ["statpearls", WIKI]}],
            },
            {"id": "shin", "kind": "skin", "name": "Shin", "segments": ["L4"], "segment_sources": [WIKI]},
        ],
        "connections": [],
    }


BASE = _small_pack()


def _problems(tmp_path: Path, data: Data) -> tuple[list[tuple[str, int | None]], str]:
    path = tmp_path / "small.json"
    text = json.dumps(data, indent=1, ensure_ascii=False)
    record = msgspec.json.decode(text.encode(), type=PackFile)
    found = list(policy_problems(record, path, text))
    assert all(p.path == path for p in found)
    return [(p.reason, p.line) for p in found], text


def _line(text: str, needle: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(n for n in range(max(after, 1), len(lines) + 1) if needle in lines[n - 1])


def _at(text: str, sid: str, key: str = "") -> int:
    start = _line(text, f'"id": "{sid}"') - 1
    return _line(text, f'"{key}":', start) if key else start


def _fact(text: str, sid: str, index: int) -> int:
    line = _at(text, sid, "facts")
    for _ in range(index + 1):
        line = _line(text, '"field"', line + 1)
    return line - 1


def _structure(data: Data, sid: str) -> Data:
    return next(s for s in data["structures"] if s["id"] == sid)


def test_the_small_pack_meets_the_policy(tmp_path: Path) -> None:
    assert _problems(tmp_path, BASE)[0] == []


def _src(key: str, title: str, url: str | None = None) -> Callable[[Data], None]:
    return lambda d: d["sources"].update({key: {"title": title, "url": url}})


def _set(sid: str, **values: Any) -> Callable[[Data], None]:
    return lambda d: _structure(d, sid).update(values)


def _facts(sid: str, *facts: Data) -> Callable[[Data], None]:
    return lambda d: _structure(d, sid).setdefault("facts", []).extend(facts)


def _all(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(d: Data) -> None:
        for c in changes:
            c(d)

    return change


NO_AUTHORITY = "{}: {} has no authoritative source (cite one, or say why in 'unconfirmed')"

RULES: dict[str, tuple[Callable[[Data], None], Callable[[str], list[tuple[str, int | None]]]]] = {
    "a never-cited source, whatever its URL's form": (
        _all(_src("flashcards", "Nerve flashcards", "http://www.cram.com/x?y=1"), _src("notes", "My notes")),
        lambda t: [
            ("source 'flashcards' is never cited: a flashcard deck or question bank (cram.com)", _line(t, '"flashcards": {')),
            (
                "source 'notes' is never cited: a printed work that does not name its edition and page, table or chapter",
                _line(t, '"notes": {'),
            ),
        ],
    ),
    "a URL not in its canonical form": (
        _src("kenhub", "Kenhub: Femoral nerve", "http://kenhub.com/en/library/anatomy/femoral-nerve"),
        lambda t: [
            ("source 'kenhub': use the canonical URL https://www.kenhub.com/en/library/anatomy/femoral-nerve", _line(t, '"kenhub": {'))
        ],
    ),
    "one URL under two keys, also in another form": (
        _all(
            _src("twin", "StatPearls again", "https://www.ncbi.nlm.nih.gov/books/NBK1/"),
            _src("cousin", "StatPearls once more", "http://ncbi.nlm.nih.gov/books/NBK1/"),
        ),
        lambda t: [
            ("source 'twin' has the same URL as 'statpearls': one URL has one key", _line(t, '"twin": {')),
            ("source 'cousin': use the canonical URL https://www.ncbi.nlm.nih.gov/books/NBK1/", _line(t, '"cousin": {')),
            ("source 'cousin' has the same URL as 'statpearls': one URL has one key", _line(t, '"cousin": {')),
        ],
    ),
    "values resting on second sources only": (
        _all(
            _set("fibular_nerve", segment_sources=[WIKI, "nowhere"]),
            _set("quadriceps", segment_sources=[WIKI], unconfirmed=" \n"),
            _set("l4", segment_sources=[WIKI], unconfirmed="Only Wikipedia gives L4 alone."),
        ),
        lambda t: [
            (NO_AUTHORITY.format("fibular_nerve", "root value"), _at(t, "fibular_nerve", "segment_sources")),
            (NO_AUTHORITY.format("quadriceps", "segmental supply"), _at(t, "quadriceps", "segment_sources")),
        ],
    ),
    "marked unconfirmed but citing an authority": (
        _all(_set("fibular_nerve", unconfirmed="Not checked."), _set("quadriceps", unconfirmed="Not checked.")),
        lambda t: [
            ("fibular_nerve: marked unconfirmed, but its root value cites an authoritative source", _at(t, "fibular_nerve", "unconfirmed")),
            ("quadriceps: marked unconfirmed, but its segmental supply cites an authoritative source", _at(t, "quadriceps", "unconfirmed")),
        ],
    ),
    "a clinical fact and a muscle's nerve without authority": (
        _all(
            _facts("femoral_nerve", {"field": "clinical", "text": "Thigh numb.", "sources": [WIKI]}),
            _facts("femoral_nerve", {"field": "nerve", "text": "Itself.", "sources": [WIKI]}),
            _facts("quadriceps", {"field": "nerve", "text": "Femoral.", "sources": [WIKI], "unconfirmed": "\t"}),
            _facts("quadriceps", {"field": "clinical", "text": "Weak.", "sources": [WIKI], "unconfirmed": "Wikipedia alone says so."}),
            _facts("l4", *[{"field": "course", "text": "Down.", "sources": ["gray"]}] * 40),
        ),
        lambda t: [
            (NO_AUTHORITY.format("femoral_nerve", "clinical fact"), _fact(t, "femoral_nerve", 1)),
            (NO_AUTHORITY.format("quadriceps", "nerve fact"), _fact(t, "quadriceps", 1)),
        ],
    ),
    "a fact marked unconfirmed but citing an authority": (
        _facts("femoral_nerve", {"field": "course", "text": "Down.", "sources": ["gray"], "unconfirmed": "Not checked."}),
        lambda t: [("femoral_nerve: course fact marked unconfirmed, but it cites an authoritative source", _fact(t, "femoral_nerve", 1))],
    ),
    "too few facts citing an authority": (
        _facts("shin", *[{"field": "territory", "text": "The shin.", "sources": [WIKI]}] * 2),
        lambda t: [("only 2 of 4 facts (50%) cite an authoritative source; the policy asks for 90%", _line(t, '"structures"'))],
    ),
}


@pytest.mark.parametrize("rule", list(RULES))
def test_each_policy_rule_reports_its_problem_at_its_line(tmp_path: Path, rule: str) -> None:
    change, expected = RULES[rule]
    data = copy.deepcopy(BASE)
    change(data)
    found, text = _problems(tmp_path, data)
    assert found == expected(text)


def test_nine_facts_in_ten_citing_an_authority_is_enough(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    _facts("l4", *[{"field": "course", "text": "Down.", "sources": ["gray"]}] * 7)(data)
    _facts("shin", {"field": "territory", "text": "The shin.", "sources": [WIKI]})(data)
    assert _problems(tmp_path, data)[0] == []  # 9 of 10
    _facts("shin", {"field": "territory", "text": "The shin.", "sources": [WIKI]})(data)
    found, text = _problems(tmp_path, data)
    assert found == [("only 9 of 11 facts (82%) cite an authoritative source; the policy asks for 90%", _line(text, '"structures"'))]


def test_roots_nerves_and_muscles_need_an_authority_for_their_segments_and_skin_does_not() -> None:
    record = msgspec.json.decode(json.dumps(BASE).encode(), type=PackFile)
    needing = [s.id for s in record.structures if needs_authority(s)]
    assert needing == ["l4", "l5", "femoral_nerve", "fibular_nerve", "sciatic_nerve", "quadriceps"]


# ---------------------------------------------------------------- the audit


def test_the_audit_counts_sources_by_tier_values_without_authority_and_facts_by_kind() -> None:
    data = copy.deepcopy(BASE)
    _src("flashcards", "Nerve flashcards", "https://www.cram.com/x")(data)
    _src("uncited", "Old notes")(data)
    _src("wiki_again", "Wikipedia: Femoral nerve", "https://en.wikipedia.org/wiki/Femoral_nerve")(data)
    _set("fibular_nerve", segment_sources=[WIKI, "flashcards"])(data)
    _facts("shin", {"field": "territory", "text": "The shin.", "sources": [WIKI, "nowhere"]})(data)
    _facts(
        "fibular_nerve", {"field": "course", "text": "Round.", "sources": ["flashcards"]}, {"field": "x", "text": "y", "sources": ["gray"]}
    )(data)
    record = msgspec.json.decode(json.dumps(data).encode(), type=PackFile)
    whole = audit(record)
    # The whole pack: every source, cited or not, in the file's order.
    assert whole.tiers == {"authoritative": 2, "second": 2, "never": 2}
    assert whole.never_cited == ["flashcards", "uncited"]
    assert whole.unsupported_values == ["fibular_nerve"]
    assert whole.facts_total == {"nerve": 3, "muscle": 1, "skin": 1}
    assert whole.facts_authoritative == {"nerve": 2, "muscle": 1}
    nerves = audit(record, (Kind.NERVE,))
    # Only the sources the nerves cite, in the order first cited.
    assert nerves.tiers == {"authoritative": 2, "second": 1, "never": 1}
    assert nerves.never_cited == ["flashcards"]
    assert nerves.unsupported_values == ["fibular_nerve"]
    assert (nerves.facts_total, nerves.facts_authoritative) == ({"nerve": 3}, {"nerve": 2})
    skin = audit(record, (Kind.SKIN,))
    assert skin.tiers == {"authoritative": 0, "second": 1, "never": 0}
    assert (skin.never_cited, skin.unsupported_values) == ([], [])
    assert (skin.facts_total, skin.facts_authoritative) == ({"skin": 1}, {})
    disputed = audit(
        msgspec.convert(
            {
                **data,
                "structures": [
                    {
                        **_structure(data, "shin"),
                        "disputes": [{"field": "segments", "values": [{"value": "L4", "sources": ["flashcards"]}]}],
                    }
                ],
            },
            PackFile,
        ),
        (Kind.SKIN,),
    )
    assert disputed.never_cited == ["flashcards"]
