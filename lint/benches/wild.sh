#!/usr/bin/env bash
# wild.sh MIRRORS OUT [--split tune|check|all] [--details]
#
# Measures llmlint on the wild yardstick (fixtures/wild/cases.jsonl): real call sites in public
# repositories, labelled by hand.
#   1. Lists the repositories whose mirror is missing from MIRRORS (a bare git mirror per
#      repository at MIRRORS/<owner>+<name>/repo, or MIRRORS/<owner>+<name> itself), and skips them.
#   2. Exports each repository at its pinned commit into OUT/trees/<owner>+<name>: only source and
#      config files (git ls-tree + cat-file --batch; blobs missing from a mirror are skipped).
#   3. Runs `llmlint calls --output-format json .` from each repository's root, as a user would,
#      into OUT/reports/<owner>+<name>.json.
#   4. Scores the labelled sites per split and per language (wild_score.py), and prints a hash
#      of the `check` rows so that a later change to them shows.
# LLMLINT selects the binary (default: target/release/llmlint of this checkout).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 MIRRORS OUT [--split tune|check|all] [--details]" >&2
  exit 2
fi
MIRRORS="$(realpath "$1")"
OUT="$(realpath -m "$2")"
shift 2
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CASES="${WILD_CASES:-$ROOT/fixtures/wild/cases.jsonl}"
LLMLINT="${LLMLINT:-$ROOT/target/release/llmlint}"
[ -x "$LLMLINT" ] || { echo "build first: cargo build --release (or set LLMLINT)" >&2; exit 2; }
python3 "$HERE/wild_cases.py" "$CASES" >/dev/null || { echo "fixtures/wild/cases.jsonl has bad rows" >&2; exit 2; }

mkdir -p "$OUT/trees" "$OUT/reports"
# source and config files worth exporting (prompt files included)
KEEP='\.(py|pyi|rs|toml|txt|md|yaml|yml|json|j2|jinja|jinja2|prompt|tmpl|tpl|cfg|ini)$|(^|/)Cargo\.lock$'

missing=0
pairs=$(python3 -c '
import json, sys
seen = {}
for l in open(sys.argv[1], encoding="utf-8"):
    if l.strip():
        r = json.loads(l)
        seen.setdefault(r["repo"], set()).add(r["commit"])
for repo, commits in sorted(seen.items()):
    for c in sorted(commits):
        key = repo.replace("/", "+")
        # a repository pinned at several commits gets a tree per commit
        print(repo, c, f"{key}@{c[:12]}" if len(commits) > 1 else key)
' "$CASES")

while read -r repo commit key; do
  mkey="${repo/\//+}"
  mirror=""
  for cand in "$MIRRORS/$mkey/repo" "$MIRRORS/$mkey"; do
    if git -C "$cand" rev-parse --git-dir >/dev/null 2>&1; then mirror="$cand"; break; fi
  done
  if [ -z "$mirror" ] || ! git -C "$mirror" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "missing mirror or commit: $repo $commit" >&2
    missing=$((missing + 1))
    continue
  fi
  tree="$OUT/trees/$key"
  stamp="$tree/.wild-commit"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$commit" ]; then
    rm -rf "$tree"
    mkdir -p "$tree"
    # blob id and path of every kept file under 2 MB (names as written, not C-quoted:
    # a file named in Chinese is kept); then write them in one cat-file pass
    git -C "$mirror" -c core.quotepath=off ls-tree -r -l --full-tree "$commit" \
      | awk -F'\t' '{ split($1, a, " "); if (a[2] == "blob" && a[4] != "-" && a[4] + 0 < 2097152) print a[3] "\t" $2 }' \
      | grep -E "$KEEP" > "$tree/.wild-list" || true
    cut -f1 "$tree/.wild-list" \
      | git -C "$mirror" cat-file --batch 2>/dev/null \
      | python3 -c '
import os, sys
tree, listing = sys.argv[1], sys.argv[2]
paths = {}
order = []
for line in open(listing, encoding="utf-8", errors="surrogateescape"):
    oid, path = line.rstrip("\n").split("\t", 1)
    order.append((oid, path))
inp = sys.stdin.buffer
for oid, path in order:
    header = inp.readline()
    if not header:
        break
    parts = header.split()
    if len(parts) < 3 or parts[1] != b"blob":
        continue  # missing blob
    size = int(parts[2])
    data = inp.read(size)
    inp.read(1)
    if path.startswith("/") or ".." in path.split("/"):
        continue
    dest = os.path.join(tree, path)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as fh:
        fh.write(data)
' "$tree" "$tree/.wild-list"
    rm -f "$tree/.wild-list"
    echo "$commit" > "$stamp"
  fi
  (cd "$tree" && "$LLMLINT" calls --quiet --output-format json . > "$OUT/reports/$key.json" 2> "$OUT/reports/$key.stderr") || true
done <<< "$pairs"

[ "$missing" -eq 0 ] || echo "$missing repositories missing from $MIRRORS (fetch them first); their sites count as misses" >&2
python3 "$HERE/wild_score.py" "$CASES" "$OUT/reports" "$@"
