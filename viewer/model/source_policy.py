"""The source policy (docs/sources.md) as code: which references a pack may cite, and how.

A source is *authoritative* (a standard textbook named with edition and page, a
peer-reviewed paper, NCBI Bookshelf/StatPearls, Radiopaedia, Kenhub, TeachMeAnatomy, IMAIOS
e-Anatomy, Orthobullets, Medscape, the ISNCSCI standards, …), acceptable only as a *second*
source (Wikipedia, Wheeless, GPnotebook, Physiopedia, university teaching pages, …), or
*never* cited (content farms, flashcard decks, pirated chapters, mirrors, dictionaries,
product and gym sites, AI answer sites, staging servers, raw IP addresses, and any site the
policy does not list).

`policy_problems` gives a pack's problems against the policy, each with the file and line,
in the style of the loader's checks. The module is Qt-free and reads nothing but the pack.
"""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from viewer.model.errors import Problem, line_locator
from viewer.model.records import Kind, PackFile, Source, Structure

if TYPE_CHECKING:
    pass


class Tier(enum.Enum):
    AUTHORITATIVE = "authoritative"
    SECOND = "second"
    NEVER = "never"


@dataclass(frozen=True)
class Verdict:
    """How the policy classes one source, and why."""

    tier: Tier
    reason: str
    #: For a mirror: the canonical site to cite instead.
    mirror_of: str = ""

    @property
    def citable(self) -> bool:
        return self.tier is not Tier.NEVER

    @property
    def authoritative(self) -> bool:
        return self.tier is Tier.AUTHORITATIVE


# --- the lists --------------------------------------------------------------------------
# Each entry: (host, path prefix or "", name). A host matches itself and its subdomains
# unless it starts with "=" (exact host only).

AUTHORITATIVE_SITES: tuple[tuple[str, str, str], ...] = (
    ("=www.ncbi.nlm.nih.gov", "/books/", "NCBI Bookshelf / StatPearls"),
    ("=ncbi.nlm.nih.gov", "/books/", "NCBI Bookshelf / StatPearls"),
    ("=www.ncbi.nlm.nih.gov", "/pmc/", "PubMed Central (peer-reviewed paper)"),
    ("=pubmed.ncbi.nlm.nih.gov", "", "PubMed (peer-reviewed paper)"),
    ("=pmc.ncbi.nlm.nih.gov", "", "PubMed Central (peer-reviewed paper)"),
    ("doi.org", "", "DOI (peer-reviewed paper)"),
    ("=radiopaedia.org", "/articles/", "Radiopaedia"),
    ("kenhub.com", "/en/", "Kenhub"),
    ("teachmeanatomy.info", "", "TeachMeAnatomy"),
    ("=www.imaios.com", "", "IMAIOS e-Anatomy"),
    ("orthobullets.com", "/", "Orthobullets"),
    ("=emedicine.medscape.com", "/article/", "Medscape (eMedicine)"),
    ("=reference.medscape.com", "/article/", "Medscape (Reference)"),
    ("=www.medscape.com", "/answers/", "Medscape (eMedicine answers)"),
    ("asia-spinalinjury.org", "", "ASIA (ISNCSCI)"),
    ("iscos.org.uk", "", "ISCoS (ISNCSCI)"),
    ("msdmanuals.com", "/professional/", "MSD Manual, Professional Version"),
    ("msdmanuals.com", "/uk/professional/", "MSD Manual, Professional Version"),
    ("merckmanuals.com", "/professional/", "Merck Manual, Professional Version"),
    ("=accessmedicine.mhmedical.com", "/content.aspx", "AccessMedicine textbook chapter (McGraw-Hill)"),
    # Peer-reviewed journals at their publishers.
    ("nature.com", "/articles/", "peer-reviewed journal (Nature Portfolio)"),
    ("=link.springer.com", "", "peer-reviewed journal (Springer)"),
    ("=journals.lww.com", "", "peer-reviewed journal (Wolters Kluwer)"),
    ("biomedcentral.com", "/articles/", "peer-reviewed journal (BMC)"),
    ("wjgnet.com", "", "peer-reviewed journal (Baishideng)"),
    ("dovepress.com", "", "peer-reviewed journal (Dove Medical Press)"),
    ("ajemjournal.com", "/article/", "peer-reviewed journal (Am J Emerg Med)"),
    ("=onlinelibrary.wiley.com", "/doi/", "peer-reviewed journal (Wiley)"),
    ("=www.sciencedirect.com", "/science/article/", "peer-reviewed journal (Elsevier)"),
    ("=academic.oup.com", "", "peer-reviewed journal (Oxford)"),
    ("thieme-connect.com", "", "peer-reviewed journal (Thieme)"),
    ("=insights.ovid.com", "", "peer-reviewed journal (Ovid)"),
    ("=journals.sagepub.com", "/doi/", "peer-reviewed journal (SAGE)"),
    ("=www.tandfonline.com", "/doi/", "peer-reviewed journal (Taylor & Francis)"),
    ("bmj.com", "/content/", "peer-reviewed journal (BMJ)"),
    ("jamanetwork.com", "/journals/", "peer-reviewed journal (JAMA)"),
    ("hindawi.com", "/journals/", "peer-reviewed journal (Hindawi)"),
    ("kjim.org", "/journal/", "peer-reviewed journal (Korean J Intern Med)"),
    ("=orthopedicreviews.openmedicalpublishing.org", "/article/", "peer-reviewed journal (Orthopedic Reviews)"),
    # KoreaMed: the Korean medical journals' citation index, as PubMed is for indexed journals.
    ("=koreamed.org", "/article/", "KoreaMed (peer-reviewed paper)"),
)

SECOND_SITES: tuple[tuple[str, str, str], ...] = (
    ("wikipedia.org", "/wiki/", "Wikipedia"),
    ("wheelessonline.com", "", "Wheeless' Textbook of Orthopaedics"),
    ("gpnotebook.com", "", "GPnotebook"),
    ("gpnotebook.co.uk", "", "GPnotebook"),
    ("fpnotebook.com", "", "FPnotebook"),
    ("physio-pedia.com", "", "Physiopedia"),
    ("elsevier.com", "/resources/anatomy/", "Elsevier Complete Anatomy reference"),
    ("=flexikon.doccheck.com", "", "DocCheck Flexikon"),
    ("amboss.com", "", "AMBOSS"),
    ("medbullets.com", "", "Medbullets"),
    ("openanesthesia.org", "", "OpenAnesthesia"),
    ("anatomyatlases.org", "", "Anatomy Atlases (Bergman's encyclopedia of variation)"),
    ("msdmanuals.com", "", "MSD Manual, Consumer Version"),
    ("merckmanuals.com", "", "Merck Manual, Consumer Version"),
    ("wikimsk.org", "", "WikiMSK"),
    ("glowm.com", "", "Global Library of Women's Medicine"),
    ("nyulangone.org", "", "university hospital page (NYU Langone)"),
    ("=neurosurgery.med.nyu.edu", "", "university hospital page (NYU Langone)"),
    ("=sites.google.com", "/a/umich.edu/", "university teaching page (Michigan)"),
    ("bartleby.com", "", "Gray's Anatomy, 20th ed. (1918), superseded edition"),
    ("=accesspharmacy.mhmedical.com", "/data/interactiveguide/", "McGraw-Hill Interactive Guide to Physical Examination"),
)

#: University domains (teaching pages) are acceptable as second sources.
UNIVERSITY_SUFFIXES = (".edu", ".ac.uk", ".edu.au", ".ac.nz")

#: Mirrors of an authoritative or second source: never cited; cite the canonical page.
MIRRORS: tuple[tuple[str, str, str], ...] = (
    ("imaios.cn", "", "IMAIOS e-Anatomy (https://www.imaios.com/en/e-anatomy/…)"),
    ("statpearls.com", "", "StatPearls (https://www.ncbi.nlm.nih.gov/books/NBK…/)"),
    ("=iiab.me", "/modules/en-statpearls/", "StatPearls (https://www.ncbi.nlm.nih.gov/books/NBK…/)"),
    ("pubmed.gov", "", "PubMed (https://pubmed.ncbi.nlm.nih.gov/…)"),
    ("=images.radiopaedia.org", "", "Radiopaedia (https://radiopaedia.org/articles/…)"),
    ("=prod-images.static.radiopaedia.org", "", "Radiopaedia (https://radiopaedia.org/articles/…)"),
    ("pacs.de", "", "Radiopaedia (https://radiopaedia.org/articles/…)"),
    ("zxc.wiki", "", "Wikipedia"),
    ("wikimd.org", "", "Wikipedia"),
    ("iiab.me", "", "Wikipedia"),
    ("academia-lab.com", "", "Wikipedia"),
    ("bionity.com", "", "Wikipedia"),
    ("primidi.com", "", "Wikipedia"),
    ("pallipedia.org", "", "Wikipedia"),
    ("pharmacy-notebook.com", "", "GPnotebook (https://gpnotebook.com/…)"),
    ("primarycarenotebook.com", "", "GPnotebook (https://gpnotebook.com/…)"),
    ("zendy.io", "", "the paper's DOI (https://doi.org/…)"),
    ("minclinic.ru", "", "Larner, A Dictionary of Neurological Signs (Springer)"),
    ("minclinic.eu", "", "Larner, A Dictionary of Neurological Signs (Springer)"),
    ("seattlesciencefoundation.org", "", "the paper's DOI or PubMed record"),
    ("=prod.wiki.cns.org", "", "the ISNCSCI standards"),
)

#: Known never-cited sites, with the kind each is.
NEVER_SITES: tuple[tuple[str, str], ...] = (
    # pirated textbook chapters
    *(
        (h, "pirated textbook chapter")
        for h in (
            "neupsykey.com",
            "aneskey.com",
            "clinicalgate.com",
            "radiologykey.com",
            "musculoskeletalkey.com",
            "doctorabel.us",
            "brainkart.com",
            "alpfmedical.info",
            "europeanmedical.info",
            "mitchmedical.us",
            "rrnursingschool.biz",
            "ed.newdu.com",
            "obgynkey.com",
            "basicmedicalkey.com",
            "entokey.com",
        )
    ),
    # flashcards and question banks
    *(
        (h, "flashcard deck or question bank")
        for h in (
            "cram.com",
            "brainscape.com",
            "ankidecklib.com",
            "quizlet.com",
            "cambridgequestions.co.uk",
            "accessemergencymedicine.mhmedical.com",
            "oscepass.org",
            "plabguide.co.uk",
        )
    ),
    # document-sharing sites
    *(
        (h, "document-sharing site")
        for h in (
            "docslib.org",
            "slideshare.net",
            "tailieuxanh.com",
            "scilit.com",
            "studyres.com",
            "zanotowane.pl",
            "lrdown.com",
            "taylorfrancis.com",
        )
    ),
    # dictionaries
    *(
        (h, "dictionary")
        for h in (
            "thefreedictionary.com",
            "drugs.com",
            "medicaldictionary.top",
            "lexic.us",
            "med-word.com",
            "medword.com",
            "medgloss.com",
            "cqlife.net",
            "merriam-webster.com",
        )
    ),
    # AI answer sites
    *((h, "AI answer site") for h in ("droracle.ai",)),
    # nursing-school, yoga, gym, massage, physiotherapy-practice and product sites
    *(
        (h, "yoga, gym, practice or product site")
        for h in (
            "yogabook.org",
            "exerciselibrary.com",
            "bodyworksprime.com",
            "rigicon.com",
            "howtorelief.com",
            "sportsinjuryclinic.net",
            "docpods.com",
            "runnersmd.com",
            "sandycovephysio.com",
            "proactive-physiotherapy.com",
            "mobilephysiotherapyclinic.in",
            "thephysiohubs.com",
            "massageandbodyworkdigital.com",
            "completesoccertraining.blogspot.com",
            "allaboutdpt.site",
            "getbodysmart.com",
            "myoreflex.review",
        )
    ),
    # content farms, apps and personal revision sites
    *(
        (h, "content site, app or personal revision notes")
        for h in (
            "anatomy.app",
            "anatomy.co.uk",
            "anatomyzone.com",
            "mananatomy.com",
            "earthslab.com",
            "anatomic.us",
            "easyanatomyapp.com",
            "knowlative.com",
            "anatomyexpert.com",
            "anatomyinsight.com",
            "pocketanatomy.com",
            "medi-wiki.com",
            "ybsite.org",
            "h4rvey.com",
            "usmlepreps.com",
            "surgstudent.org",
            "orthofixar.com",
            "orthovellum.com",
            "nabilebraheimmd.com",
            "podiapaedia.org",
            "etoims.com",
            "bromleyemergency.com",
            "deductmd.com",
            "wikilectures.eu",
            "neurodiffdx.com",
            "wikism.org",
            "aliem.com",
            "britannica.com",
            "orthopaedicsone.com",
        )
    ),
)

_STAGING = re.compile(r"(^|[.-])(staging|stage|beta|dev|test)([.-]|$)")
#: A printed work names an edition (or a year, for a paper) and a page, table or chapter.
_EDITION = re.compile(r"\b(\d+(st|nd|rd|th)\s+ed\b|\d+(st|nd|rd|th)\s+edition|edition|ed\.)", re.IGNORECASE)
_PLACE = re.compile(r"\b(p{1,2}\.\s*\d|pages?\s+\d|table|chapter|ch\.\s*\d|fig(ure)?\.?\s*\d|plate\s+\d|section)", re.IGNORECASE)
_PAPER_ID = re.compile(r"\b(doi[:\s]\s*10\.\d{4,}/\S+|PMID[:\s]*\d+)", re.IGNORECASE)
_JOURNAL_CITATION = re.compile(r"\b(19|20)\d\d\s*;\s*\d+")
#: Standard textbooks and the clinical neurophysiology references the policy accepts in print.
STANDARD_TEXTBOOKS = re.compile(
    r"Gray's Anatomy(?!.*\b(19|20)th ed)|Moore|Clinically Oriented Anatomy|Netter|Harrison's|Katirji|"
    r"Preston|Last's Anatomy|Snell|Sobotta|Stewart|Aids to the Examination|Kendall|Bickerstaff|"
    r"DeJong|Brazis|Standring|Rohen|Thieme Atlas|Waxman",
    re.IGNORECASE,
)
#: Superseded editions of standard textbooks: acceptable as a second source only.
SUPERSEDED_TEXTBOOKS = re.compile(r"Gray's Anatomy.*\b(19|20)th ed|Gray's Anatomy of the Human Body", re.IGNORECASE)
ISNCSCI = re.compile(r"ISNCSCI|International Standards for (the )?Neurological Classification", re.IGNORECASE)


_SiteTable = dict[str, list[tuple[bool, str, str]]]


def _table(sites: tuple[tuple[str, str, str], ...]) -> _SiteTable:
    """The site list by host name: (exact host only, path prefix, name), in the list's order."""
    table: _SiteTable = {}
    for site, prefix, name in sites:
        table.setdefault(site.lstrip("="), []).append((site.startswith("="), prefix.lower(), name))
    return table


def _suffixes(host: str) -> list[tuple[str, bool]]:
    """`host` and each parent domain, with whether it is the host itself ("a.b.org": a.b.org, b.org, org)."""
    labels = host.split(".")
    return [(".".join(labels[i:]), i == 0) for i in range(len(labels))]


def _match(suffixes: list[tuple[str, bool]], path: str, sites: _SiteTable) -> str | None:
    """The name of the first listed site that the host (`suffixes`: it and its parents; a
    subdomain matches unless the site is exact) and `path` match."""
    lowered = path.lower()
    for candidate, is_host in suffixes:
        for exact, prefix, name in sites.get(candidate, ()):
            if (is_host or not exact) and lowered.startswith(prefix):
                return name
    return None


def _host_is(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site)


_NEVER = dict(NEVER_SITES)


@functools.cache
def _site_tables() -> tuple[_SiteTable, _SiteTable, _SiteTable]:
    """The authoritative, second and mirror site lists by host name, built when first needed."""
    return _table(AUTHORITATIVE_SITES), _table(SECOND_SITES), _table(MIRRORS)


@functools.lru_cache(maxsize=4096)
def classify(source: Source) -> Verdict:
    """The tier of one source, from its URL (host and path) or, for a printed work, its title."""
    if not source.url:
        return _classify_printed(source.title)
    parts = urlsplit(source.url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    if not any(c.isalpha() for c in host.replace("::", "")) or ":" in host:  # only then can it be an address
        try:
            ipaddress.ip_address(host)
            return Verdict(Tier.NEVER, "a raw IP address")
        except ValueError:
            pass
    if _STAGING.search(host.split(".")[0] if host.count(".") > 1 else ""):
        return Verdict(Tier.NEVER, "a staging or beta server")
    suffixes = _suffixes(host)
    authoritative, second, mirrors = _site_tables()
    canonical = _match(suffixes, path, mirrors)
    if canonical:
        return Verdict(Tier.NEVER, f"a mirror of {canonical}", mirror_of=canonical)
    for site, _is_host in suffixes:
        if site in _NEVER:
            return Verdict(Tier.NEVER, f"a {_NEVER[site]} ({site})")
    name = _match(suffixes, path, authoritative)
    if name:
        return Verdict(Tier.AUTHORITATIVE, name)
    if ISNCSCI.search(source.title) and _host_is(host, "doi.org"):
        return Verdict(Tier.AUTHORITATIVE, "the ISNCSCI standards")
    name = _match(suffixes, path, second)
    if name:
        return Verdict(Tier.SECOND, name)
    if host.endswith(UNIVERSITY_SUFFIXES):
        return Verdict(Tier.SECOND, "a university teaching page")
    return Verdict(Tier.NEVER, f"a site the source policy does not list ({host})")


def _classify_printed(title: str) -> Verdict:
    if _PAPER_ID.search(title):
        return Verdict(Tier.AUTHORITATIVE, "a peer-reviewed paper (DOI or PubMed id)")
    if _JOURNAL_CITATION.search(title) and not _EDITION.search(title):
        # Found in a library by journal, year, volume and pages, but not checked from a link.
        return Verdict(Tier.SECOND, "a paper cited by journal, volume and pages, without its DOI or PubMed id")
    if not (_EDITION.search(title) and _PLACE.search(title)):
        return Verdict(Tier.NEVER, "a printed work that does not name its edition and page, table or chapter")
    if SUPERSEDED_TEXTBOOKS.search(title):
        return Verdict(Tier.SECOND, "a superseded edition of a standard textbook")
    if ISNCSCI.search(title):
        return Verdict(Tier.AUTHORITATIVE, "the ISNCSCI standards")
    if STANDARD_TEXTBOOKS.search(title):
        return Verdict(Tier.AUTHORITATIVE, "a standard textbook")
    return Verdict(Tier.SECOND, "a printed work that is not a standard textbook")


# --- canonical URLs --------------------------------------------------------------------

_WWW_HOSTS = {"kenhub.com", "orthobullets.com", "ncbi.nlm.nih.gov", "imaios.com", "wheelessonline.com"}
_DROP_QUERY_HOSTS = ("radiopaedia.org", "orthobullets.com", "kenhub.com", "teachmeanatomy.info")


def canonical_url(url: str) -> str:
    """The canonical form of an authoritative or second source's URL: https, the site's own
    host name, no tracking or display parameters."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _WWW_HOSTS:
        host = "www." + host
    query = parts.query
    if any(_host_is(host, h) for h in _DROP_QUERY_HOSTS):
        query = ""
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, host, parts.path, query, ""))


# --- the pack's problems ---------------------------------------------------------------

#: Kinds whose `segments` are a root value (and need an authoritative source).
ROOT_KINDS = (Kind.SEGMENT, Kind.DIVISION, Kind.TRUNK, Kind.CORD, Kind.NERVE, Kind.BRANCH)
#: Kinds whose `segments` are a segmental supply.
SUPPLY_KINDS = (Kind.MUSCLE,)
#: Fact fields that state a segmental supply (muscles) and must carry an authoritative source.
SUPPLY_FACT_FIELDS = ("nerve",)
CLINICAL_FACT_FIELDS = ("clinical",)
#: The share of a pack's facts that must cite an authoritative source.
MIN_AUTHORITATIVE_SHARE = 0.9


def needs_authority(structure: Structure) -> bool:
    """Whether the structure's `segments` is a root value or segmental supply (not skin)."""
    return structure.kind in ROOT_KINDS or structure.kind in SUPPLY_KINDS


def policy_problems(record: PackFile, path: Path, text: str) -> Iterator[Problem]:
    """Every way the pack breaks the source policy, with the file and line."""
    at = line_locator(text)

    verdicts = {key: classify(src) for key, src in record.sources.items()}
    by_url: dict[str, str] = {}
    for key, src in record.sources.items():
        verdict = verdicts[key]
        if not verdict.citable:
            yield Problem(path, f"source {key!r} is never cited: {verdict.reason}", line=at("sources", key))
        if src.url:
            canon = canonical_url(src.url)
            if verdict.citable and canon != src.url:
                yield Problem(path, f"source {key!r}: use the canonical URL {canon}", line=at("sources", key))
            if canon in by_url:
                yield Problem(path, f"source {key!r} has the same URL as {by_url[canon]!r}: one URL has one key", line=at("sources", key))
            else:
                by_url[canon] = key

    def authoritative(keys: tuple[str, ...]) -> bool:
        return any(verdicts[k].authoritative for k in keys if k in verdicts)

    facts = with_authority = 0
    for i, s in enumerate(record.structures):
        needs = needs_authority(s) and not s.parts
        what = "segmental supply" if s.kind in SUPPLY_KINDS else "root value"
        if needs and not authoritative(s.segment_sources) and not s.unconfirmed.strip():
            yield Problem(
                path,
                f"{s.id}: {what} has no authoritative source (cite one, or say why in 'unconfirmed')",
                line=at("structures", i, key="segment_sources"),
            )
        if s.unconfirmed and (not needs or authoritative(s.segment_sources)):
            yield Problem(
                path,
                f"{s.id}: marked unconfirmed, but its {what} cites an authoritative source",
                line=at("structures", i, key="unconfirmed"),
            )
        for j, fact in enumerate(s.facts):
            facts += 1
            confirmed = authoritative(fact.sources)
            with_authority += confirmed
            needs_fact = fact.field in CLINICAL_FACT_FIELDS or (s.kind in SUPPLY_KINDS and fact.field in SUPPLY_FACT_FIELDS)
            if needs_fact and not confirmed and not fact.unconfirmed.strip():
                yield Problem(
                    path,
                    f"{s.id}: {fact.field} fact has no authoritative source (cite one, or say why in 'unconfirmed')",
                    line=at("structures", i, "facts", j),
                )
            if fact.unconfirmed and confirmed:
                yield Problem(
                    path,
                    f"{s.id}: {fact.field} fact marked unconfirmed, but it cites an authoritative source",
                    line=at("structures", i, "facts", j),
                )
    if facts and with_authority < MIN_AUTHORITATIVE_SHARE * facts:
        yield Problem(
            path,
            f"only {with_authority} of {facts} facts ({with_authority / facts:.0%}) cite an authoritative source; "
            f"the policy asks for {MIN_AUTHORITATIVE_SHARE:.0%}",
            line=at("structures"),
        )


@dataclass
class Audit:
    """Counts of a pack against the policy (tools/source_audit.py prints them)."""

    tiers: dict[str, int]
    never_cited: list[str]
    unsupported_values: list[str]
    facts_total: dict[str, int]
    facts_authoritative: dict[str, int]


def audit(record: PackFile, kinds: tuple[Kind, ...] | None = None) -> Audit:
    """Count sources by tier, never-cited sources, values without authority, and facts with
    and without an authoritative source (per kind), for the structures of `kinds` (all by default)."""
    verdicts = {key: classify(src) for key, src in record.sources.items()}
    structures = [s for s in record.structures if kinds is None or s.kind in kinds]
    cited: dict[str, None] = {}
    for s in structures:
        for k in s.segment_sources:
            cited[k] = None
        for f in s.facts:
            cited.update(dict.fromkeys(f.sources))
        for d in s.disputes:
            for alt in d.values:
                cited.update(dict.fromkeys(alt.sources))
    keys = list(record.sources) if kinds is None else [k for k in cited if k in record.sources]
    tiers = {t.value: sum(1 for k in keys if verdicts[k].tier is t) for t in Tier}
    never = [k for k in keys if not verdicts[k].citable]
    unsupported = [
        s.id
        for s in structures
        if needs_authority(s) and not s.parts and not any(verdicts[k].authoritative for k in s.segment_sources if k in verdicts)
    ]
    total: dict[str, int] = {}
    with_auth: dict[str, int] = {}
    for s in structures:
        for f in s.facts:
            total[s.kind.value] = total.get(s.kind.value, 0) + 1
            if any(verdicts[k].authoritative for k in f.sources if k in verdicts):
                with_auth[s.kind.value] = with_auth.get(s.kind.value, 0) + 1
    return Audit(tiers, never, unsupported, total, with_auth)
