"""List each muscle's sources by tier and count what lacks an authoritative source.

Tiers follow docs/sources.md: A (authoritative), B (second source only), N (never cited).
Usage: python tools/muscle_source_audit.py [--detail]
"""
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

PACK = Path(__file__).resolve().parent.parent / "assets" / "lumbosacral.json"

A_HOSTS = {"www.kenhub.com", "kenhub.com", "teachmeanatomy.info", "radiopaedia.org",
           "www.ncbi.nlm.nih.gov", "pubmed.ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov",
           "doi.org", "www.imaios.com", "www.orthobullets.com", "orthobullets.com",
           "emedicine.medscape.com", "www.nature.com", "jbppni.biomedcentral.com"}
B_HOSTS = {"en.wikipedia.org", "www.wheelessonline.com", "new.wheelessonline.com",
           "gpnotebook.com", "www.gpnotebook.co.uk", "www.gpnotebook.com",
           "www.physio-pedia.com", "physio-pedia.com",
           "elsevier.com", "www.elsevier.com", "www.taylorfrancis.com",
           "accessmedicine.mhmedical.com", "prod.wiki.cns.org"}
UNIVERSITY_SUFFIXES = (".edu", ".edu.au", ".ac.uk")


def tier(source):
    url = source.get("url")
    if not url:
        title = source.get("title", "")
        # printed work: authoritative when it names an edition and a page or table
        if ("ed." in title or "edition" in title) and any(
                w in title for w in ("p.", "pp.", "page", "Table", "table")):
            return "A"
        return "P"  # printed, edition/page missing
    u = urlparse(url)
    host = u.netloc.lower()
    if host == "sites.google.com" and u.path.startswith("/a/") and ".edu/" in u.path:
        return "B"  # a university's own course site
    if "staging" in host or re.fullmatch(r"[0-9.:]+", host):
        return "N"  # staging servers and raw IP addresses
    if host == "www.ncbi.nlm.nih.gov" and not u.path.startswith("/books/NBK"):
        return "B"
    if host == "www.imaios.com" and not u.path.lower().startswith("/en/e-anatomy"):
        return "B"  # a language path of the site (English text): listed separately below
    if host in A_HOSTS:
        return "A"
    if host in B_HOSTS or host.endswith(UNIVERSITY_SUFFIXES):
        if "kansascity.edu" in host:  # student repost of a StatPearls chapter
            return "N"
        return "B"
    return "N"


def audit(data, detail=False):
    S = data["sources"]
    muscles = [s for s in data["structures"] if s["kind"] == "muscle"]
    cited = {}
    seg_no_a, seg_lt2, facts_total, facts_no_a = [], [], 0, []
    disputes = 0
    for m in muscles:
        ss = m.get("segment_sources", [])
        tiers = [tier(S[k]) for k in ss]
        if "A" not in tiers:
            seg_no_a.append(m["id"])
        if len(ss) < 2:
            seg_lt2.append(m["id"])
        keys = list(ss)
        for f in m.get("facts", []):
            facts_total += 1
            keys += f["sources"]
            if "A" not in [tier(S[k]) for k in f["sources"]]:
                facts_no_a.append((m["id"], f["field"]))
        for d in m.get("disputes", []):
            disputes += 1
            for v in d["values"]:
                keys += v["sources"]
        for k in keys:
            cited.setdefault(k, set()).add(m["id"])
        if detail:
            print(f"{m['id']}: {','.join(m['segments'])}")
            print("   segment_sources:", ", ".join(f"{k}[{tier(S[k])}]" for k in ss))
            for f in m.get("facts", []):
                print(f"   {f['field']}:", ", ".join(f"{k}[{tier(S[k])}]" for k in f["sources"]))
            for d in m.get("disputes", []):
                print(f"   DISPUTE {d['field']}:", " | ".join(
                    v["value"] + " <- " + ", ".join(f"{k}[{tier(S[k])}]" for k in v["sources"])
                    for v in d["values"]))
    never = sorted(k for k in cited if tier(S[k]) == "N")
    printed = sorted(k for k in cited if tier(S[k]) == "P")
    print(f"muscles: {len(muscles)}")
    print(f"sources cited by muscles: {len(cited)}; never-cited kinds: {len(never)}; "
          f"printed without edition/page: {len(printed)}")
    print(f"segmental supplies without an authoritative source: {len(seg_no_a)}")
    print(f"segmental supplies with fewer than two sources: {len(seg_lt2)}")
    print(f"facts: {facts_total}; with an authoritative source: {facts_total - len(facts_no_a)}; "
          f"without: {len(facts_no_a)}")
    print(f"disputes on muscles: {disputes}")
    lang = sorted(k for k in cited if "imaios.com/" in (S[k].get("url") or "") and "/en/" not in S[k]["url"].lower())
    print(f"IMAIOS pages cited under a non-English path: {lang}")
    if detail:
        print("never-cited:", never)
        print("printed without page:", printed)
        print("no A supply:", seg_no_a)
        print("facts without A:", facts_no_a)


if __name__ == "__main__":
    audit(json.loads(PACK.read_text(encoding="utf-8")), "--detail" in sys.argv)
