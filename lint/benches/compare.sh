#!/usr/bin/env bash
# compare.sh CORPUS [RUNS]
#
# Times `llmlint calls` on CORPUS against its anchors in one run and prints the ratios:
#   - ripgrep listing the files that mention an SDK marker (the read + scan floor),
#   - ruff checking the Python part for syntax errors (a fast Python tool on the same tree).
# Each command runs RUNS times (default 3) after one warm-up; the median wall time is kept,
# with peak RSS of the median run. Needs a release build (`cargo build --release -p llmlint`);
# rg and ruff are optional (their rows are skipped when missing).
set -euo pipefail

if [ $# -lt 1 ]; then echo "usage: $0 CORPUS [RUNS]" >&2; exit 2; fi
CORPUS="$1"
RUNS="${2:-3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LLMLINT="${LLMLINT:-$HERE/../../target/release/llmlint}"
[ -x "$LLMLINT" ] || { echo "build first: cargo build --release -p llmlint" >&2; exit 2; }

# median_run NAME CMD...: prints "NAME seconds rss_mb"
median_run() {
  local name="$1"; shift
  "$@" >/dev/null 2>&1 || true
  local rows=() tf
  tf=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1 || true
    rows+=("$(tail -1 "$tf")")
  done
  rm -f "$tf"
  printf '%s\n' "${rows[@]}" | sort -n | awk -v n="$name" -v r="$RUNS" 'NR==int((r+1)/2) {printf "%s %s %.0f\n", n, $1, $2/1024}'
}

results=()
results+=("$(median_run llmlint "$LLMLINT" calls --quiet --output-format json "$CORPUS")")
if command -v rg >/dev/null; then
  results+=("$(median_run ripgrep rg -l -e openai -e anthropic -e litellm -e langchain -e async_openai -e genai -e ollama "$CORPUS")")
fi
if command -v ruff >/dev/null; then
  results+=("$(median_run ruff ruff check --select E9,F63,F7 --no-cache --isolated --exit-zero "$CORPUS")")
fi

base=$(printf '%s\n' "${results[@]}" | awk '$1=="llmlint"{print $2}')
printf '%-10s %10s %9s %12s\n' tool seconds rss_mb llmlint/tool
for r in "${results[@]}"; do
  set -- $r
  ratio=$(awk -v a="$base" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')
  printf '%-10s %10s %9s %12s\n' "$1" "$2" "$3" "$ratio"
done
