#!/usr/bin/env python3
"""Score llmlint's `calls` JSON reports against the wild yardstick (fixtures/wild/cases.jsonl).

    wild_score.py CASES REPORTS_DIR [--split tune|check|all] [--details] [--json] [--verdicts FILE]

REPORTS_DIR holds one `<owner>+<name>.json` per repository: `llmlint calls --output-format json .`
run from that repository's root. A labelled site matches a reported call in the same file whose
`line..end_line` covers the site's line; pairs are taken nearest first, one to one (as the dev
corpus's scorer does).

Metrics, per split and per language:
  detection recall   matched sites / labelled sites
  prompt recovered   matched sites whose reported prompt holds every labelled hole name (inside a
                     hole) and at least `min_literal_chars` non-whitespace literal characters,
                     divided by matched sites (a `variants` entry counts when any variant passes)
  flag precision     flagged reports matched to a deterministic site / flagged reports matched to
                     any labelled site (unlabelled calls in whole repositories are listed apart)
  flag recall        deterministic sites matched by a flagged report / deterministic sites
  task accuracy      matched sites whose reported task equals the label / matched sites

Whole-repository flag precision, per split: every call reported deterministic anywhere in the
split's repositories is either matched to a labelled site (right when the label is
deterministic) or judged by hand in fixtures/wild/verdicts.jsonl (right or false, keyed by
repository, commit, path and the call's first line). Calls with neither are counted as unjudged
and listed by --details (UNJUDGED-FLAG): judge them before quoting the figure.
"""
import argparse
import hashlib
import json
import os
import re
import sys
from collections import defaultdict

DET = {"regex", "lookup", "validation", "transform"}


def repo_key(repo: str, commit: str = "", several: bool = False) -> str:
    """The tree and report name of a repository at a commit: `owner+name`, with `@commit`
    (12 digits) added when the yardstick pins the repository at several commits."""
    key = repo.replace("/", "+")
    return f"{key}@{commit[:12]}" if several else key


def load_cases(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]


def check_rows_hash(cases):
    rows = sorted(json.dumps(c, sort_keys=True) for c in cases if c["split"] == "check")
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def norm_path(p: str) -> str:
    p = p.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def segments_of(call):
    """(hole names, literal text) over all messages; falls back to the rendered prompt."""
    holes, text = [], []
    msgs = call.get("messages") or []
    if msgs and any(m.get("segments") for m in msgs):
        for m in msgs:
            for s in m.get("segments") or []:
                if "hole" in s:
                    holes.append(str(s["hole"]))
                else:
                    text.append(str(s.get("text", "")))
    else:
        p = call.get("prompt") or ""
        holes = re.findall(r"\{([^{}]*)\}", p)
        text.append(re.sub(r"\{[^{}]*\}", "", p))
    return holes, "".join(text)


def prompt_ok(case, call):
    variants = [call] + [v if isinstance(v, dict) else {"prompt": v} for v in call.get("variants") or []]
    for v in variants:
        holes, text = segments_of(v)
        literal = len("".join(text.split()))
        if literal < case["min_literal_chars"]:
            continue
        toks = set()
        for h in holes:
            toks.update(t.lower() for t in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", h))
            toks.add(h.lower())
        if all(h.lower() in toks for h in case["holes"]):
            return True
    return False


def match(cases, calls):
    """Nearest-first one-to-one matching of sites to reported calls of the same file."""
    by_path = defaultdict(list)
    for i, c in enumerate(calls):
        by_path[norm_path(c["path"])].append(i)
    pairs = []
    for si, s in enumerate(cases):
        for ci in by_path.get(norm_path(s["path"]), []):
            c = calls[ci]
            lo, hi = c["line"], c.get("end_line") or c["line"]
            if lo <= s["line"] <= hi:
                pairs.append((abs(c["line"] - s["line"]), hi - lo, si, ci))
    pairs.sort()
    site_to, used = {}, set()
    for _, _, si, ci in pairs:
        if si in site_to or ci in used:
            continue
        site_to[si] = ci
        used.add(ci)
    return site_to


def ratio(a, b):
    return f"{a / b:.3f} ({a}/{b})" if b else f"n/a (0/0)"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases")
    ap.add_argument("reports")
    ap.add_argument("--split", default="all", choices=["tune", "check", "all"])
    ap.add_argument("--details", action="store_true", help="list every miss, wrong task and bad prompt")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verdicts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "..", "fixtures", "wild", "verdicts.jsonl"),
                    help="hand verdicts on flagged calls that are not labelled sites")
    a = ap.parse_args()
    verdicts = {}
    if os.path.exists(a.verdicts):
        for v in load_cases(a.verdicts):
            verdicts[(v["repo"], v["commit"], norm_path(v["path"]), v["line"])] = v["verdict"]

    cases = load_cases(a.cases)
    print(f"cases {len(cases)}  check-rows hash {check_rows_hash(cases)}")
    splits = ["tune", "check"] if a.split == "all" else [a.split]
    results = {}
    details = []
    unlabelled_flags = []
    for sp in splits:
        sc = [c for c in cases if c["split"] == sp]
        stats = defaultdict(lambda: defaultdict(int))
        commits = defaultdict(set)
        for c in cases:
            commits[c["repo"]].add(c["commit"])
        by_repo = defaultdict(list)
        for c in sc:
            by_repo[(c["repo"], c["commit"])].append(c)
        for (repo, commit), rc in sorted(by_repo.items()):
            rp = os.path.join(a.reports, repo_key(repo, commit, len(commits[repo]) > 1) + ".json")
            calls = []
            if os.path.exists(rp):
                try:
                    with open(rp, encoding="utf-8") as fh:
                        calls = json.load(fh).get("calls", [])
                except (json.JSONDecodeError, OSError) as e:
                    print(f"warning: {rp}: {e}", file=sys.stderr)
            else:
                print(f"warning: no report for {repo}", file=sys.stderr)
            m = match(rc, calls)
            labelled_files = {norm_path(c["path"]) for c in rc}
            matched_calls = set(m.values())
            for ci, c in enumerate(calls):
                if c.get("task") in DET and ci not in matched_calls:
                    v = verdicts.get((repo, commit, norm_path(c["path"]), c["line"]))
                    unlabelled_flags.append((sp, repo, c["path"], c["line"], c.get("subtype"),
                                             norm_path(c["path"]) in labelled_files, v))
                    stats["all"]["repo_flags"] += 1
                    stats["all"]["repo_flags_right"] += v == "right"
                    stats["all"]["repo_flags_unjudged"] += v is None
            for si, s in enumerate(rc):
                for key in ("all", s["language"]):
                    st = stats[key]
                    st["sites"] += 1
                    det = s["task"] in DET
                    st["det"] += det
                    if si in m:
                        c = calls[m[si]]
                        flagged = c.get("task") in DET
                        st["matched"] += 1
                        st["prompt_ok"] += prompt_ok(s, c)
                        st["task_ok"] += c.get("task") == s["task"]
                        st["flagged_matched"] += flagged
                        st["flag_tp"] += flagged and det
                        if key == "all":
                            st["repo_flags"] += flagged
                            st["repo_flags_right"] += flagged and det
                    if key != "all":
                        continue
                    tag = f"{sp} {repo} {s['path']}:{s['line']} [{s['language']} {s['sdk']} {s['call']}] label={s['task']}"
                    if si not in m:
                        details.append(f"MISS   {tag}  ({s['shape']})")
                    else:
                        c = calls[m[si]]
                        if c.get("task") != s["task"]:
                            details.append(f"TASK   {tag} got={c.get('task')}/{c.get('subtype')}  prompt: {(c.get('prompt') or '')[:100]!r}")
                        if not prompt_ok(s, c):
                            holes, text = segments_of(c)
                            details.append(f"PROMPT {tag} want holes={s['holes']} lit>={s['min_literal_chars']} "
                                           f"got holes={holes[:6]} lit={len(''.join(text.split()))}")
        results[sp] = stats

    out = {}
    for sp, stats in results.items():
        print(f"\n== split {sp}")
        print(f"{'':8} {'detection recall':>22} {'prompt recovered':>22} {'flag precision':>20} {'flag recall':>20} {'task accuracy':>22}")
        for key in ("all", "python", "rust"):
            st = stats.get(key)
            if not st:
                continue
            row = {
                "sites": st["sites"],
                "detection_recall": ratio(st["matched"], st["sites"]),
                "prompt_recovered": ratio(st["prompt_ok"], st["matched"]),
                "flag_precision": ratio(st["flag_tp"], st["flagged_matched"]),
                "flag_recall": ratio(st["flag_tp"], st["det"]),
                "task_accuracy": ratio(st["task_ok"], st["matched"]),
            }
            out.setdefault(sp, {})[key] = row
            print(f"{key:8} {row['detection_recall']:>22} {row['prompt_recovered']:>22} {row['flag_precision']:>20} "
                  f"{row['flag_recall']:>20} {row['task_accuracy']:>22}")
    flagged_unl = [u for u in unlabelled_flags if u[0] in results]
    print(f"\nflagged calls not matched to a labelled site: {len(flagged_unl)} "
          f"({sum(1 for u in flagged_unl if u[5])} in labelled files, "
          f"{sum(1 for u in flagged_unl if u[6] is None)} not judged in the verdicts)")
    for sp, stats in results.items():
        st = stats["all"]
        judged = st["repo_flags"] - st["repo_flags_unjudged"]
        print(f"whole-repository flag precision, {sp}: {ratio(st['repo_flags_right'], judged)}"
              f" of judged flags ({st['repo_flags_unjudged']} unjudged)")
        out.setdefault(sp, {})["whole_repo_flag_precision"] = ratio(st["repo_flags_right"], judged)
    if a.details:
        print()
        for d in details:
            print(d)
        for u in flagged_unl:
            tag = "UNJUDGED-FLAG" if u[6] is None else f"UNLABELLED-FLAG[{u[6]}]"
            print(f"{tag} {u[0]} {u[1]} {u[2]}:{u[3]} {u[4]}")
    if a.json:
        print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
