#!/usr/bin/env python3
"""Assemble fixtures/wild/cases.jsonl from the collectors' part files, by a fixed rule.

    wild_select.py [--min-share 0.46] [--tds-cap 14] [--have-mirrors DIR] PART.jsonl... > cases.jsonl

The collectors labelled every call site they could read in each repository they opened, and
most real call sites are generative. The yardstick keeps:
  1. every deterministic site;
  2. at most one non-deterministic site per repository (a hard negative first, then a wrapper
     call, a direct call, an inner call; then by path and line);
  3. at most TDS_CAP repositories of the near-identical course-assignment family (the "LLM
     automation agent" projects), chosen by the hash order of their names;
  4. then, while deterministic sites are below MIN_SHARE, it drops the repositories that have no
     deterministic site, last in hash order first.
Rows of repositories without a mirror in DIR are left out (with --have-mirrors). The rule never
looks at llmlint's output.
"""
import argparse
import hashlib
import json
import os
import re
import sys
from collections import defaultdict

DET = {"regex", "lookup", "validation", "transform"}
CALL_ORDER = {"wrapper": 0, "direct": 1, "inner": 2}
TDS = re.compile(r"llm-automation-agent|tds|project-?1$", re.I)


def rank(repo: str) -> str:
    return hashlib.sha256(repo.lower().encode()).hexdigest()


def has_mirror(root: str, repo: str) -> bool:
    key = repo.replace("/", "+")
    return any(os.path.isdir(os.path.join(root, key, sub)) for sub in ("repo", "objects"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="+")
    ap.add_argument("--min-share", type=float, default=0.46)
    ap.add_argument("--tds-cap", type=int, default=14)
    ap.add_argument("--have-mirrors")
    a = ap.parse_args()

    rows, seen = [], set()
    for p in a.parts:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                r = json.loads(line)
                key = (r["repo"].lower(), r["path"], r["line"])
                if key in seen:
                    continue
                seen.add(key)
                rows.append(r)
    if a.have_mirrors:
        rows = [r for r in rows if has_mirror(a.have_mirrors, r["repo"])]
    tds_keep = set(sorted({r["repo"] for r in rows if TDS.search(r["repo"])}, key=rank)[: a.tds_cap])
    rows = [r for r in rows if not TDS.search(r["repo"]) or r["repo"] in tds_keep]

    by_repo = defaultdict(list)
    for r in rows:
        by_repo[r["repo"]].append(r)
    keep = {}
    for repo, rs in by_repo.items():
        det = [r for r in rs if r["task"] in DET]
        other = sorted(
            (r for r in rs if r["task"] not in DET),
            key=lambda r: (not r["hard"], CALL_ORDER[r["call"]], r["path"], r["line"]),
        )
        keep[repo] = det + other[:1]

    def share():
        sites = [r for rs in keep.values() for r in rs]
        return sum(r["task"] in DET for r in sites) / max(len(sites), 1)

    generative_only = sorted(
        (repo for repo, rs in keep.items() if not any(r["task"] in DET for r in rs)),
        key=rank,
        reverse=True,
    )
    for repo in generative_only:
        if share() >= a.min_share:
            break
        del keep[repo]

    out = sorted((r for rs in keep.values() for r in rs), key=lambda r: (r["repo"].lower(), r["path"], r["line"]))
    for r in out:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(out)} sites from {len(keep)} repositories, deterministic share {share():.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
