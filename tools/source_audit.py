"""Print a pack's sources against the source policy (docs/sources.md).

    python tools/source_audit.py [--data assets/lumbosacral.json] [--kinds segment,nerve,…] [--list]

Counts: sources by tier, never-cited sources, root values and segmental supplies without an
authoritative source, and facts with and without an authoritative source, overall and per
kind. With --list, also names each never-cited source and each unsupported value.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from viewer.model.records import Kind, PackFile
from viewer.model.source_policy import audit, classify

DEFAULT = Path(__file__).resolve().parent.parent / "assets" / "lumbosacral.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--kinds", help="comma-separated kinds to count (default: all)")
    parser.add_argument("--list", action="store_true", help="name never-cited sources and unsupported values")
    args = parser.parse_args(argv)
    record = msgspec.json.decode(args.data.read_bytes(), type=PackFile)
    kinds = tuple(Kind(k) for k in args.kinds.split(",")) if args.kinds else None
    a = audit(record, kinds)
    scope = "all structures" if kinds is None else "kinds " + ", ".join(k.value for k in kinds)
    n = sum(a.tiers.values())
    print(f"{args.data.name} ({scope})")
    print(f"sources {'in the pack' if kinds is None else 'cited'}: {n}")
    for tier, count in a.tiers.items():
        print(f"  {tier:<14} {count}")
    print(f"never-cited sources: {len(a.never_cited)}")
    print(f"root values / segmental supplies without an authoritative source: {len(a.unsupported_values)}")
    total = sum(a.facts_total.values())
    good = sum(a.facts_authoritative.values())
    pct = 100 * good / total if total else 100.0
    print(f"facts: {total}; with an authoritative source {good} ({pct:.1f}%), without {total - good}")
    for kind in sorted(a.facts_total):
        t, g = a.facts_total[kind], a.facts_authoritative.get(kind, 0)
        print(f"  {kind:<10} {t:>4} facts, {g:>4} with, {t - g:>4} without")
    if args.list:
        print("never-cited:")
        for key in a.never_cited:
            src = record.sources[key]
            print(f"  {key}: {classify(src).reason} — {src.url or src.title}")
        print("without an authoritative source:")
        for sid in a.unsupported_values:
            print(f"  {sid}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
