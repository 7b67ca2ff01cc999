#!/usr/bin/env python3
"""wild_findings.py BIN CASES OUTDIR [SPLIT]: run `llmlint check` in every tree of a wild.sh OUTDIR
and list every finding with a verdict.

Primary findings (LLM1xx-4xx) are judged by the labelled site they match (right when the label is
deterministic) or by fixtures/wild/verdicts.jsonl; a cost-hygiene finding (LLM5xx) on the same call
takes its premise's verdict. Prints one line per finding and a summary."""
import json
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from wild_score import DET, load_cases, match, norm_path, repo_key  # noqa: E402

binp, cases_file, outdir = sys.argv[1:4]
split = sys.argv[4] if len(sys.argv) > 4 else "all"
verdicts = {}
for v in load_cases(os.path.join(HERE, "..", "..", "fixtures", "wild", "verdicts.jsonl")):
    verdicts[(v["repo"], v["commit"], norm_path(v["path"]), v["line"])] = (v["verdict"], v.get("why", ""))
cases = load_cases(cases_file)
commits = defaultdict(set)
for c in cases:
    commits[c["repo"]].add(c["commit"])
by_repo = defaultdict(list)
for c in cases:
    if split == "all" or c["split"] == split:
        by_repo[(c["repo"], c["commit"])].append(c)

total = right = 0
lines = []
for (repo, commit), rc in sorted(by_repo.items()):
    key = repo_key(repo, commit, len(commits[repo]) > 1)
    tree = os.path.join(outdir, "trees", key)
    rp = os.path.join(outdir, "reports", key + ".json")
    if not os.path.isdir(tree) or not os.path.exists(rp):
        print(f"warning: no tree/report for {key}", file=sys.stderr)
        continue
    calls = json.load(open(rp)).get("calls", [])
    m = match(rc, calls)
    site_of = {ci: rc[si] for si, ci in m.items()}
    out = subprocess.run([binp, "check", "--output-format", "json", "."], cwd=tree,
                         capture_output=True, text=True).stdout
    try:
        findings = json.loads(out) if out.strip() else []
    except json.JSONDecodeError:
        print(f"warning: bad check output in {key}", file=sys.stderr)
        continue
    for f in findings:
        code = f["code"]
        path = norm_path(os.path.relpath(f["filename"], tree))
        row = f["location"]["row"]
        # the call this finding is on
        ci = next((i for i, c in enumerate(calls) if norm_path(c["path"]) == path and c["line"] == row), None)
        verdict, why = None, ""
        if ci is not None and ci in site_of:
            s = site_of[ci]
            verdict = "right" if s["task"] in DET else "false"
            why = f"labelled {s['task']}" + (f"/{s.get('subtype')}" if s.get("subtype") else "") + f": {s['prompt']}"
        elif ci is not None:
            v = verdicts.get((repo, commit, path, row))
            if v:
                verdict, why = v
        if code.startswith("LLM5") and ci is not None:
            c = calls[ci]
            if c.get("task") not in DET:
                verdict, why = "false", "hygiene rule without a flagged deterministic premise"
            else:
                why = "premise: " + why
        if code.startswith("LLM9"):
            verdict, why = "n/a", "meta rule"
        total += verdict in ("right", "false")
        right += verdict == "right"
        lines.append(f"- {repo} {path}:{row} {code}: {verdict or 'UNJUDGED'} ({why[:110]})")

for line in lines:
    print(line)
print(f"\njudged findings: {total}, right {right}, precision {right / total if total else float('nan'):.3f}; "
      f"unjudged {sum(1 for line in lines if 'UNJUDGED' in line)}")
