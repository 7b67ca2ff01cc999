#!/usr/bin/env python3
"""Check the wild yardstick's case rows (fixtures/wild/cases.jsonl) and print their counts.

    wild_cases.py [FILE...]            check rows, print counts; exit 1 on a bad row
    wild_cases.py --split REPO         print the split a repository belongs to
"""
import hashlib
import json
import re
import sys
from collections import Counter

TASKS = {"regex", "lookup", "validation", "transform", "generative", "unknown"}
DETERMINISTIC = {"regex", "lookup", "validation", "transform"}
SUBTYPES = set(
    """extract-emails extract-urls extract-phone-numbers extract-dates extract-amounts extract-ids
    extract-hashtags extract-mentions extract-ip-addresses extract-postal-codes extract-versions
    contains-text inline-mapping country-code country-capital country-reference http-status
    currency-reference language-code us-state-code mime-type weekday-name unit-conversion current-date
    validate-json validate-email validate-url validate-date validate-uuid validate-ip validate-phone
    validate-card-number validate-postal-code validate-range validate-required-fields validate-semver
    validate-hex-color validate-check-digits change-case trim-whitespace slugify reformat-date
    convert-csv-json extract-json-field count arithmetic sort-items dedupe-items format-phone
    sort-json-keys markdown-to-html""".split()
)
REQUIRED = {
    "repo": str, "commit": str, "path": str, "line": int, "end_line": int, "language": str,
    "sdk": str, "shape": str, "call": str, "task": str, "hard": bool, "prompt": str,
    "holes": list, "min_literal_chars": int, "split": str,
}


def split_of(repo: str) -> str:
    h = hashlib.sha256(repo.lower().encode()).hexdigest()
    return "check" if int(h[:8], 16) % 3 == 0 else "tune"


def check_row(r: dict) -> list[str]:
    errs = []
    for k, t in REQUIRED.items():
        if k not in r:
            errs.append(f"missing {k}")
        elif not isinstance(r[k], t) or (t is int and isinstance(r[k], bool)):
            errs.append(f"{k} is not {t.__name__}")
    if errs:
        return errs
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*/[\w.-]+", r["repo"]):
        errs.append("repo is not owner/name")
    if not re.fullmatch(r"[0-9a-f]{40}", r["commit"]):
        errs.append("commit is not 40 hex digits")
    if r["language"] not in ("python", "rust"):
        errs.append("language is not python/rust")
    if r["language"] == "python" and not r["path"].endswith((".py", ".pyi")):
        errs.append("python site not in a .py file")
    if r["language"] == "rust" and not r["path"].endswith(".rs"):
        errs.append("rust site not in a .rs file")
    if r["call"] not in ("direct", "wrapper", "inner"):
        errs.append("call is not direct/wrapper/inner")
    if r["task"] not in TASKS:
        errs.append("task is not one of " + ", ".join(sorted(TASKS)))
    if r["call"] == "inner" and r["task"] != "unknown":
        errs.append("an inner call is unknown by definition")
    st = r.get("subtype")
    if r["task"] in DETERMINISTIC:
        if st not in SUBTYPES:
            errs.append(f"deterministic site needs a known subtype, got {st!r}")
    elif st is not None:
        errs.append("subtype only for deterministic sites")
    if not (1 <= r["line"] <= r["end_line"]):
        errs.append("need 1 <= line <= end_line")
    if r["split"] != split_of(r["repo"]):
        errs.append(f"split should be {split_of(r['repo'])}")
    if r["min_literal_chars"] < 0:
        errs.append("min_literal_chars < 0")
    if not all(isinstance(h, str) and h for h in r["holes"]):
        errs.append("holes must be non-empty strings")
    if len(r["prompt"]) > 300:
        errs.append("prompt paraphrase longer than 300 characters")
    return errs


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--split":
        print(split_of(argv[1]))
        return 0
    files = argv or ["fixtures/wild/cases.jsonl"]
    rows, bad, seen = [], 0, set()
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{f}:{n}: not JSON: {e}")
                    bad += 1
                    continue
                errs = check_row(r)
                key = (r.get("repo", "").lower(), r.get("commit"), r.get("path"), r.get("line"))
                if key in seen:
                    errs.append("duplicate site")
                seen.add(key)
                for e in errs:
                    print(f"{f}:{n}: {e}")
                bad += bool(errs)
                rows.append(r)
    det = [r for r in rows if r.get("task") in DETERMINISTIC]
    print(f"rows {len(rows)}  bad {bad}  repos {len({r.get('repo','').lower() for r in rows})}")
    for lang in ("python", "rust"):
        lr = [r for r in rows if r.get("language") == lang]
        print(f"  {lang:6}  sites {len(lr):4}  deterministic {sum(r.get('task') in DETERMINISTIC for r in lr):4}")
    print(f"  deterministic share {len(det) / max(len(rows), 1):.2f}")
    for sp in ("tune", "check"):
        sr = [r for r in rows if r.get("split") == sp]
        sd = [r for r in sr if r.get("task") in DETERMINISTIC]
        rust_d = sum(r.get("language") == "rust" for r in sd)
        print(f"  {sp:5}  sites {len(sr):4}  repos {len({r['repo'].lower() for r in sr}):3}  "
              f"deterministic {len(sd):3} (rust {rust_d})")
    print("  tasks: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.get("task") for r in rows).items())))
    print("  calls: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.get("call") for r in rows).items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
