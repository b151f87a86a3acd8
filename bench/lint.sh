#!/usr/bin/env bash
# Benchmarks `protokit lint` against `buf lint` (buf 1.75.0) with buf's default rules
# (STANDARD, no buf.yaml lint section) on googleapis (when present) and on the synthetic corpus
# (bench/gen_corpus.py) at each size. Both tools lint the same buf v2 workspace with
# `--error-format json`; the outputs are compared (they must be identical) and timed.
#
# Wall time: medians of --runs runs (hyperfine when installed). Peak memory (max RSS) and CPU
# time: one extra run of each under /usr/bin/time -v. Both tools are pinned to the same CPUs
# (taskset -c 0,1 when available) so the ratio is "on 2 cores".
#
# Usage: bench/lint.sh [--sizes "1000 10000"] [--runs N] [--no-googleapis] [--no-build]
#                      [--work DIR]
# Environment: BUF (default: buf on PATH, else /tmp/bufinst/node_modules/.bin/buf),
#   GOOGLEAPIS (default /work/shared/corpus/googleapis).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
sizes="1000 10000"
runs=3
do_googleapis=1
do_build=1
work="${TMPDIR:-/tmp}/protokit-bench-lint"
googleapis="${GOOGLEAPIS:-/work/shared/corpus/googleapis}"
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-googleapis) do_googleapis=0; shift ;;
        --no-build) do_build=0; shift ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done
buf="${BUF:-$(command -v buf || echo /tmp/bufinst/node_modules/.bin/buf)}"
[ -x "$buf" ] || { echo "buf not found (set BUF)" >&2; exit 1; }
if [ "$do_build" = 1 ]; then
    (cd "$root" && cargo build --release -q -p protokit-cli)
fi
protokit="$root/target/release/protokit"
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin=(taskset -c 0,1); fi
mkdir -p "$work"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# time_cmd DIR CMD...: prints "median_wall_s max_rss_mb cpu_s"
time_cmd() {
    local dir="$1"; shift
    local walls=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        (cd "$dir" && "${pin[@]}" "$@" >/dev/null 2>&1) || true
        t1=$(date +%s.%N)
        walls+=("$(echo "$t1 - $t0" | bc)")
    done
    local med
    med=$(printf '%s\n' "${walls[@]}" | median)
    local tv
    tv=$( (cd "$dir" && /usr/bin/time -v "${pin[@]}" "$@" 2>&1 >/dev/null) || true)
    local rss user sys
    rss=$(echo "$tv" | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2/1024}')
    user=$(echo "$tv" | awk -F: '/User time/ {gsub(/ /,"",$2); print $2}')
    sys=$(echo "$tv" | awk -F: '/System time/ {gsub(/ /,"",$2); print $2}')
    printf '%.2f %.0f %.2f\n' "$med" "$rss" "$(echo "$user + $sys" | bc)"
}

rows=()
bench_dir() {
    local name="$1" dir="$2"
    (cd "$dir" && "$protokit" lint --error-format json >"$work/pk.json" 2>/dev/null) || true
    (cd "$dir" && "$buf" lint --error-format json >"$work/buf.json" 2>/dev/null) || true
    local same="identical"
    cmp -s "$work/pk.json" "$work/buf.json" || same="DIFFERENT"
    local n
    n=$(wc -l <"$work/buf.json")
    read -r pw pr pc < <(time_cmd "$dir" "$protokit" lint --error-format json)
    read -r bw br bc < <(time_cmd "$dir" "$buf" lint --error-format json)
    rows+=("| $name | $n | $pw s | $bw s | $(echo "scale=1; $bw / $pw" | bc)x | $pr MB | $br MB | $(echo "scale=2; $pr / $br" | bc)x | $pc s | $bc s | $same |")
}

if [ "$do_googleapis" = 1 ] && [ -d "$googleapis/google" ]; then
    ws="$work/googleapis-ws"
    mkdir -p "$ws"
    ln -sfn "$googleapis" "$ws/googleapis"
    printf 'version: v2\nmodules:\n  - path: googleapis\n    excludes:\n      - googleapis/preview\n      - googleapis/google/cloud/compute/v1beta\n' >"$ws/buf.yaml"
    bench_dir googleapis "$ws"
fi
for n in $sizes; do
    ws="$work/synthetic-$n"
    if [ ! -d "$ws/corpus" ]; then
        python3 "$here/gen_corpus.py" --files "$n" --out "$ws/corpus" >/dev/null
    fi
    printf 'version: v2\nmodules:\n  - path: corpus\n' >"$ws/buf.yaml"
    bench_dir "synthetic $n" "$ws"
done

echo "| corpus | findings | protokit wall | buf wall | speed-up | protokit RSS | buf RSS | memory ratio | protokit CPU | buf CPU | output |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
