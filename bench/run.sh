#!/usr/bin/env bash
# Benchmarks `protokit protoc` against protoc 35.1 (`python -m grpc_tools.protoc`).
#
# For googleapis (when present) and the synthetic corpus at each size, both tools compile every
# file in one invocation with identical arguments:
#   -I <corpus> -I <grpc_tools>/_proto --include_imports --include_source_info -o out.pb @files
# Wall time: hyperfine medians (or medians of a shell loop if hyperfine is missing).
# Peak memory and CPU time: one extra run under /usr/bin/time -v ("Maximum resident set size",
# user + system time; CPU time is less sensitive than wall time to other load on the machine).
# Python start-up (`python -m grpc_tools.protoc --version`) is measured too and subtracted to
# give a "protoc (net)" row; see docs/performance.md.
#
# Usage: bench/run.sh [options]
#   --sizes "1000 10000 50000"  synthetic corpus sizes (default: all three)
#   --shapes "layered chain"    synthetic corpus shapes (gen_corpus.py --shape; default: layered);
#                               chain corpora are named synthetic-chain-N
#   --taskset CPUS              pin both tools to these CPUs (taskset -c; default 0,1 when
#                               taskset exists and the host has 2+ cores; "" for no pinning)
#   --runs N                    timed runs per command (default 3; 1 above 20k files)
#   --warmup N                  warmup runs (default 1; 0 above 20k files)
#   --no-googleapis             skip the googleapis corpus
#   --no-build                  use the existing target/release/protokit
#   --work DIR                  scratch directory (default ${TMPDIR:-/tmp}/protokit-bench)
#   --protokit PATH             benchmark this binary instead of building one (implies --no-build)
#   --reuse-protoc              take protoc's rows (and outputs) from the previous run in the
#                               same --work dir when present, instead of re-measuring protoc
#   --update-docs               replace the table in docs/performance.md
# Environment: GOOGLEAPIS (default /work/shared/corpus/googleapis), PYTHON (default python),
#   PROTOKIT_REV (commit named in the table; default: git HEAD of this checkout).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

sizes="1000 10000 50000"
shapes="layered"
cpus=""
cpus_set=0
runs=""
warmup=""
do_googleapis=1
do_build=1
update_docs=0
reuse_protoc=0
protokit=""
work="${TMPDIR:-/tmp}/protokit-bench"
googleapis="${GOOGLEAPIS:-/work/shared/corpus/googleapis}"
python="${PYTHON:-python}"

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --no-googleapis) do_googleapis=0; shift ;;
        --no-build) do_build=0; shift ;;
        --work) work="$2"; shift 2 ;;
        --update-docs) update_docs=1; shift ;;
        --protokit) protokit="$2"; do_build=0; shift 2 ;;
        --reuse-protoc) reuse_protoc=1; shift ;;
        --shapes) shapes="$2"; shift 2 ;;
        --taskset) cpus="$2"; cpus_set=1; shift 2 ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

mkdir -p "$work"
results="$work/results.tsv"
prev="$work/results.prev.tsv"
if [[ -s "$results" ]]; then mv "$results" "$prev"; fi
: > "$results"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    echo "error: /usr/bin/time missing (apt-get install -y time)" >&2
    exit 1
fi
have_hyperfine=0
if command -v hyperfine > /dev/null; then have_hyperfine=1; fi

gt_proto="$("$python" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
protoc_version="$("$python" -m grpc_tools.protoc --version)"

if [[ $cpus_set -eq 0 ]] && command -v taskset > /dev/null && [[ "$(nproc)" -ge 2 ]]; then
    cpus="0,1"
fi
pin=""
if [[ -n "$cpus" ]]; then pin="taskset -c $cpus "; fi

protokit="${protokit:-$root/target/release/protokit}"
protokit_broken=""
if [[ $do_build -eq 1 ]]; then
    log "building protokit (release)"
    if ! (cd "$root" && cargo build --release -p protokit-cli); then
        protokit_broken="release build failed"
        log "protokit does not build: only protoc is measured"
    fi
fi
if [[ -z "$protokit_broken" && ! -x "$protokit" ]]; then
    protokit_broken="no binary at target/release/protokit"
fi

# median_seconds NAME CMD... : prints the median wall time in seconds of CMD.
median_seconds() {
    local name="$1" r="$2" w="$3"
    shift 3
    local cmd="$*"
    if [[ $have_hyperfine -eq 1 ]]; then
        local json="$work/hf-$name.json"
        hyperfine --style none --warmup "$w" --runs "$r" --export-json "$json" \
            "$cmd" > /dev/null 2>&1 || return 1
        "$python" -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    else
        local i times=()
        for ((i = 0; i < w; i++)); do bash -c "$cmd" > /dev/null 2>&1 || return 1; done
        for ((i = 0; i < r; i++)); do
            local t0 t1
            t0=$(date +%s.%N)
            bash -c "$cmd" > /dev/null 2>&1 || return 1
            t1=$(date +%s.%N)
            times+=("$(echo "$t1 - $t0" | bc -l)")
        done
        printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}'
    fi
}

# peak_mib CMD... : runs CMD once under /usr/bin/time -v, prints its peak RSS in MiB; leaves
# its CPU time (user + system seconds) in $work/cpu.txt.
peak_mib() {
    local out="$work/time-v.txt"
    /usr/bin/time -v -o "$out" bash -c "exec $*" > /dev/null 2>&1 || return 1
    awk -F: '/User time|System time/ {s += $2} END {printf "%.2f\n", s}' "$out" > "$work/cpu.txt"
    awk -F: '/Maximum resident set size/ {printf "%.0f\n", $2 / 1024}' "$out"
}

# record TOOL CORPUS FILES SECONDS MIB STATUS [CPU_SECONDS]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:--}" >> "$results"; }

# reuse_rows CORPUS: copies the previous run's protoc rows for CORPUS; fails if there are none.
reuse_rows() {
    [[ $reuse_protoc -eq 1 && -s "$prev" ]] || return 1
    local rows
    rows="$(awk -F'\t' -v c="$1" '$2 == c && ($1 ~ /^protoc 35.1/ || $1 == "python start-up")' "$prev")"
    [[ -n "$rows" ]] || return 1
    printf '%s\n' "$rows" >> "$results"
}

# Python start-up overhead of the protoc wrapper.
if reuse_rows "-"; then
    log "python start-up: reusing the previous measurement"
    py_start="$(awk -F'\t' '$1 == "python start-up" {print $4}' "$results")"
    py_mib="$(awk -F'\t' '$1 == "python start-up" {print $5}' "$results")"
else
    log "measuring python start-up of grpc_tools.protoc"
    py_start="$(median_seconds pystart 10 2 "$python -m grpc_tools.protoc --version")"
    py_mib="$(peak_mib "$python -m grpc_tools.protoc --version")"
    record "python start-up" "-" "-" "$py_start" "$py_mib" "ok" "$(cat "$work/cpu.txt")"
fi

bench_corpus() {
    local name="$1" dir="$2" list="$3"
    local nfiles
    nfiles="$(wc -l < "$list")"
    local r="${runs:-3}" w="${warmup:-1}"
    if [[ -z "$runs" && $nfiles -gt 20000 ]]; then r=1; fi
    if [[ -z "$warmup" && $nfiles -gt 20000 ]]; then w=0; fi
    local args="-I $dir -I $gt_proto --include_imports --include_source_info"
    local protoc_cmd="$pin$python -m grpc_tools.protoc $args -o $work/$name.protoc.pb @$list"
    local pk_cmd="$pin$protokit protoc $args -o $work/$name.protokit.pb @$list"

    local pt pm
    if [[ -s "$work/$name.protoc.pb" ]] && reuse_rows "$name"; then
        log "$name ($nfiles files): protoc: reusing the previous measurement"
    elif log "$name ($nfiles files): protoc" && rm -f "$work/$name.protoc.pb" && pt="$(median_seconds "$name-protoc" "$r" "$w" "$protoc_cmd")" && pm="$(peak_mib "$protoc_cmd")"; then
        record "protoc 35.1" "$name" "$nfiles" "$pt" "$pm" "ok" "$(cat "$work/cpu.txt")"
        record "protoc 35.1 (net of Python start-up)" "$name" "$nfiles" \
            "$(echo "$pt - $py_start" | bc -l | awk '{printf "%.3f", $1}')" \
            "$(echo "$pm - $py_mib" | bc -l | awk '{printf "%.0f", $1}')" "ok"
    else
        record "protoc 35.1" "$name" "$nfiles" "-" "-" "protoc failed"
    fi

    if [[ -n "$protokit_broken" ]]; then
        record "protokit" "$name" "$nfiles" "-" "-" "not measured: $protokit_broken"
        return 0
    fi
    log "$name ($nfiles files): protokit"
    rm -f "$work/$name.protokit.pb"
    if ! (cd "$work" && bash -c "$pk_cmd") > "$work/$name.protokit.log" 2>&1 \
        || [[ ! -s "$work/$name.protokit.pb" ]]; then
        local why
        why="$(head -c 120 "$work/$name.protokit.log" | tr '\n\t|' '   ')"
        record "protokit" "$name" "$nfiles" "-" "-" \
            "not measured: \`protokit protoc\` failed or wrote no output${why:+ ($why)}"
        return 0
    fi
    local same="differs from protoc"
    if [[ -f "$work/$name.protoc.pb" ]] && cmp -s "$work/$name.protoc.pb" "$work/$name.protokit.pb"; then
        same="byte-identical to protoc"
    fi
    local kt km
    if kt="$(median_seconds "$name-protokit" "$r" "$w" "$pk_cmd")" && km="$(peak_mib "$pk_cmd")"; then
        record "protokit" "$name" "$nfiles" "$kt" "$km" "ok; output $same" "$(cat "$work/cpu.txt")"
    else
        record "protokit" "$name" "$nfiles" "-" "-" "not measured: run failed"
    fi
}

if [[ $do_googleapis -eq 1 && -d "$googleapis" ]]; then
    glist="$work/googleapis.list"
    (cd "$googleapis" && find . -name '*.proto' \
        -not -path './preview/*' -not -path './google/cloud/compute/v1beta/*' \
        | sed 's|^\./||' | LC_ALL=C sort) > "$glist"
    bench_corpus googleapis "$googleapis" "$glist"
elif [[ $do_googleapis -eq 1 ]]; then
    log "googleapis not found at $googleapis: skipped"
fi

for shape in $shapes; do
    for n in $sizes; do
        name="synthetic-$n"
        if [[ "$shape" != layered ]]; then name="synthetic-$shape-$n"; fi
        dir="$work/$name"
        list="$work/$name.list"
        if [[ ! -f "$list" || "$list" -ot "$here/gen_corpus.py" ]]; then
            log "generating synthetic corpus ($n files, $shape)"
            rm -rf "$dir"
            "$python" "$here/gen_corpus.py" --files "$n" --out "$dir" --seed 1 --shape "$shape" \
                --list "$list"
        fi
        bench_corpus "$name" "$dir" "$list"
    done
done

table="$work/table.md"
"$python" "$here/report.py" "$results" \
    --meta "protoc: $protoc_version via grpc_tools; host: $(nproc) cores, $(uname -sr), load average at end $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ); ${pin:+both pinned to CPUs $cpus; }shapes: $shapes; protokit ${PROTOKIT_REV:-$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo snapshot)}" \
    > "$table"
cat "$table"
if [[ $update_docs -eq 1 ]]; then
    "$python" "$here/report.py" --splice "$root/docs/performance.md" "$table"
    log "updated docs/performance.md"
fi
