#!/usr/bin/env bash
# Benchmarks `protokit generate` against tonic-prost-build 0.14 (with protoc 35.1 from
# `python3 -m grpc_tools.protoc`) on googleapis: `google/cloud/aiplatform/v1` (with its
# subpackages) and all of `google/cloud` (without google/cloud/compute/v1beta), then
# `cargo check` of the two generated aiplatform crates, and the lines of service code per RPC.
#
# Inputs, the same for both tools:
# - tonic-prost-build: a small driver (generated and built in the work directory) calling
#   `tonic_prost_build::configure().out_dir(OUT).include_file("mod.rs").compile_protos(FILES,
#   [googleapis])`, which generates FILES and their imports (not the well-known types);
# - protokit, aiplatform: `protokit generate` on a buf workspace over googleapis with one
#   `--path` per file of that same set (FILES and their imports), so both write the same
#   packages;
# - protokit, google/cloud: `--path googleapis/google/cloud` plus the directories of its
#   imports (a per-file `--path` list of 2,372 files makes the CLI's buf-compatible path
#   filter quadratic), i.e. slightly more packages than tonic's; and the build API
#   (examples/bench.rs, FILES exactly as tonic's driver gets them).
#
# Wall time: median of --runs runs, each into an empty output directory. CPU time (user +
# sys) and peak memory (max RSS): one extra run under /usr/bin/time -v. Everything is pinned
# to the same CPUs (taskset -c 0,1 when available): "on 2 cores". The load average is printed:
# the machine may be shared.
#
# cargo check: crates (prost 0.14, tonic 0.14 with transport, tonic-prost) holding the
# generated aiplatform code as `mod gen;` — tonic's, ours, and ours without services (the
# prost message code alone, the floor for any service emitter); dependencies are checked
# first, then `touch src/lib.rs && CARGO_INCREMENTAL=0 cargo check` --check-runs times each
# (median wall, CPU of one more run). Non-incremental: with incremental caches a touch only
# replays them, which says little about the code.
#
# Usage: bench/codegen.sh [--runs N] [--check-runs N] [--no-cloud] [--no-check]
#                         [--no-build] [--work DIR]
# Environment: GOOGLEAPIS (default /work/shared/corpus/googleapis), PYTHON (default python3,
#   with grpcio-tools).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=3
check_runs=3
do_cloud=1
do_check=1
do_build=1
work="${TMPDIR:-/tmp}/protokit-bench-codegen"
googleapis="${GOOGLEAPIS:-/work/shared/corpus/googleapis}"
python="${PYTHON:-python3}"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --check-runs) check_runs="$2"; shift 2 ;;
        --no-cloud) do_cloud=0; shift ;;
        --no-check) do_check=0; shift ;;
        --no-build) do_build=0; shift ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done
[ -d "$googleapis/google/cloud" ] || { echo "googleapis not found (set GOOGLEAPIS)" >&2; exit 1; }
"$python" -c 'import grpc_tools.protoc' 2>/dev/null \
    || { echo "grpc_tools not found (pip install grpcio-tools, or set PYTHON)" >&2; exit 1; }
mkdir -p "$work"
work="$(cd "$work" && pwd)"
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin=(taskset -c 0,1); fi

# --- tools -------------------------------------------------------------------------------
printf '#!/bin/sh\nexec %s -m grpc_tools.protoc "$@"\n' "$python" >"$work/protoc"
chmod +x "$work/protoc"
driver="$work/tonic-driver"
mkdir -p "$driver/src"
cat >"$driver/Cargo.toml" <<'EOF'
[package]
name = "tonic-driver"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
tonic-prost-build = "0.14"

[workspace]
EOF
cat >"$driver/src/main.rs" <<'EOF'
// tonic-driver OUT ROOT LIST: compile_protos(files in LIST, [ROOT]) into OUT, as build.rs would.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<String> = std::fs::read_to_string(&args[2])
        .expect("list")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    std::fs::create_dir_all(&args[0]).expect("out");
    tonic_prost_build::configure()
        .out_dir(&args[0])
        .include_file("mod.rs")
        .compile_protos(&files, &[args[1].clone()])
        .expect("tonic-prost-build");
}
EOF
if [ "$do_build" = 1 ]; then
    (cd "$root" && cargo build --release -q -p protokit-cli \
        && cargo build --release -q -p protokit-codegen --example bench)
    (cd "$driver" && cargo build --release -q)
fi
protokit="$root/target/release/protokit"
build_api="$root/target/release/examples/bench"
tonic="$driver/target/release/tonic-driver"
tonic_version=$(awk '/^name = "tonic-prost-build"/ {getline; gsub(/[^0-9.]/, ""); print}' \
    "$driver/Cargo.lock")

# --- inputs ------------------------------------------------------------------------------
ws="$work/ws"
mkdir -p "$ws"
ln -sfn "$googleapis" "$ws/googleapis"
printf 'version: v2\nmodules:\n  - path: googleapis\n    excludes:\n      - googleapis/preview\n      - googleapis/google/cloud/compute/v1beta\n' >"$ws/buf.yaml"
(cd "$googleapis" && find google/cloud/aiplatform/v1 -name '*.proto' | sort) >"$work/aip.txt"
(cd "$googleapis" && find google/cloud -name '*.proto' -not -path 'google/cloud/compute/v1beta/*' \
    | sort) >"$work/cloud.txt"
# closure NAME: $work/NAME-all.txt (the files and their imports, not the well-known types)
# and $work/NAME.rpcs (the number of RPCs of the files themselves).
closure() {
    "$work/protoc" -I"$googleapis" --include_imports -o "$work/$1.pb" "@$work/$1.txt" 2>/dev/null
    "$python" - "$work/$1" <<'EOF'
import sys
from google.protobuf import descriptor_pb2
base = sys.argv[1]
fds = descriptor_pb2.FileDescriptorSet()
fds.ParseFromString(open(base + ".pb", "rb").read())
targets = set(open(base + ".txt").read().split())
names = [f.name for f in fds.file if not f.name.startswith("google/protobuf/")]
open(base + "-all.txt", "w").write("\n".join(names) + "\n")
rpcs = sum(len(s.method) for f in fds.file if f.name in targets for s in f.service)
open(base + ".rpcs", "w").write(f"{rpcs}\n")
EOF
}
closure aip
[ "$do_cloud" = 1 ] && closure cloud

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# timed OUT DIR CMD...: runs CMD in DIR into an empty OUT; prints "median_wall_s rss_mb cpu_s".
timed() {
    local out="$1" dir="$2"; shift 2
    local walls=()
    for _ in $(seq "$runs"); do
        rm -rf "$out"; mkdir -p "$out"
        local t0 t1
        t0=$(date +%s.%N)
        (cd "$dir" && "${pin[@]}" "$@" >/dev/null 2>"$work/err.txt") \
            || { echo "failed: $*" >&2; tail -5 "$work/err.txt" >&2; exit 1; }
        t1=$(date +%s.%N)
        walls+=("$(echo "$t1 - $t0" | bc)")
    done
    rm -rf "$out"; mkdir -p "$out"
    local tv
    tv=$( (cd "$dir" && /usr/bin/time -v "${pin[@]}" "$@" 2>&1 >/dev/null) || true)
    local rss user sys
    rss=$(echo "$tv" | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2/1024}')
    user=$(echo "$tv" | awk -F: '/User time/ {gsub(/ /,"",$2); print $2}')
    sys=$(echo "$tv" | awk -F: '/System time/ {gsub(/ /,"",$2); print $2}')
    printf '%.2f %.0f %.2f\n' "$(printf '%s\n' "${walls[@]}" | median)" "$rss" \
        "$(echo "$user + $sys" | bc)"
}

# Lines of the top-level `pub mod *_client` / `*_server` modules (with the doc and attribute
# lines just before them) in the .rs files of DIR.
service_lines() {
    cat "$1"/*.rs | awk '
        /^pub mod [A-Za-z0-9_]+_(client|server) \{$/ { inmod = 1; n += pend + 1; pend = 0; next }
        inmod { n++; if ($0 ~ /^ *\/\/\//) docs++; if ($0 == "}") inmod = 0; next }
        /^(\/\/\/|#\[|#!\[)/ { pend++; next }
        { pend = 0 }
        END { print n + 0, n - docs }'
}

rows=()
row() { # name tool files out wall rss cpu
    rows+=("| $1 | $2 | $3 | $(ls "$4" | grep -c '\.rs$') | $5 s | $7 s | $6 MB |")
}
load() { awk '{print $1, $2, $3}' /proc/loadavg; }
echo "load average before: $(load)" >&2

# aiplatform: identical file sets.
aip_paths=()
while read -r f; do aip_paths+=(--path "googleapis/$f"); done <"$work/aip-all.txt"
read -r w r c < <(timed "$work/out-tonic-aip" "$work" "$tonic" "$work/out-tonic-aip" "$googleapis" "$work/aip.txt")
row "aiplatform/v1 ($(wc -l <"$work/aip-all.txt") files)" "tonic-prost-build $tonic_version" "same" "$work/out-tonic-aip" "$w" "$r" "$c"
tonic_aip_wall=$w; tonic_aip_cpu=$c
read -r w r c < <(timed "$work/out-pk-aip" "$ws" "$protokit" generate . -o "$work/out-pk-aip" "${aip_paths[@]}")
row "aiplatform/v1" "protokit generate" "same" "$work/out-pk-aip" "$w" "$r" "$c"
ratios=("aiplatform/v1: wall $(echo "scale=2; $tonic_aip_wall / $w" | bc)x, CPU $(echo "scale=2; $tonic_aip_cpu / $c" | bc)x")

if [ "$do_cloud" = 1 ]; then
    cloud_paths=(--path googleapis/google/cloud)
    while read -r d; do cloud_paths+=(--path "googleapis/$d"); done < <(
        grep -v '^google/cloud/' "$work/cloud-all.txt" | xargs -n1 dirname | sort -u)
    read -r w r c < <(timed "$work/out-tonic-cloud" "$work" "$tonic" "$work/out-tonic-cloud" "$googleapis" "$work/cloud.txt")
    row "google/cloud ($(wc -l <"$work/cloud-all.txt") files)" "tonic-prost-build $tonic_version" "same" "$work/out-tonic-cloud" "$w" "$r" "$c"
    tonic_cloud_wall=$w; tonic_cloud_cpu=$c
    read -r w r c < <(timed "$work/out-pk-cloud" "$ws" "$protokit" generate . -o "$work/out-pk-cloud" "${cloud_paths[@]}")
    row "google/cloud" "protokit generate" "import dirs whole" "$work/out-pk-cloud" "$w" "$r" "$c"
    ratios+=("google/cloud, protokit generate: wall $(echo "scale=2; $tonic_cloud_wall / $w" | bc)x, CPU $(echo "scale=2; $tonic_cloud_cpu / $c" | bc)x")
    read -r w r c < <(timed "$work/out-api-cloud" "$work" "$build_api" "$googleapis" "$work/out-api-cloud" "@$work/cloud.txt")
    row "google/cloud" "protokit build API" "same" "$work/out-api-cloud" "$w" "$r" "$c"
    ratios+=("google/cloud, build API: wall $(echo "scale=2; $tonic_cloud_wall / $w" | bc)x, CPU $(echo "scale=2; $tonic_cloud_cpu / $c" | bc)x")
fi
echo "load average after generation: $(load)" >&2

# --- service code per RPC ----------------------------------------------------------------
rpcs=$(cat "$work/aip.rpcs")
read -r tonic_lines tonic_code < <(service_lines "$work/out-tonic-aip")
read -r pk_lines pk_code < <(service_lines "$work/out-pk-aip")

# --- cargo check -------------------------------------------------------------------------
check_rows=()
if [ "$do_check" = 1 ]; then
    # One target directory: the dependencies are checked once for all crates.
    export CARGO_TARGET_DIR="$work/check-target"
    rm -rf "$work/out-msgs-aip"
    (cd "$ws" && "$protokit" generate . -o "$work/out-msgs-aip" --opt no_client --opt no_server \
        "${aip_paths[@]}")
    for tool in tonic pk msgs; do
        crate="$work/check-$tool"
        mkdir -p "$crate/src"
        cat >"$crate/Cargo.toml" <<EOF
[package]
name = "check-$tool"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
prost = "0.14"
prost-types = "0.14"
tonic = { version = ">=0.14.2, <0.14.6", default-features = false, features = ["codegen", "transport"] }
tonic-prost = ">=0.14.2, <0.14.6"

[workspace]
EOF
        printf '#![allow(warnings)]\npub mod gen;\n' >"$crate/src/lib.rs"
        rm -rf "$crate/src/gen"
        cp -r "$work/out-$tool-aip" "$crate/src/gen"
        (cd "$crate" && CARGO_INCREMENTAL=0 cargo check -q 2>/dev/null) \
            || { echo "cargo check failed in $crate" >&2; exit 1; }
        walls=()
        for _ in $(seq "$check_runs"); do
            touch "$crate/src/lib.rs"
            t0=$(date +%s.%N)
            (cd "$crate" && CARGO_INCREMENTAL=0 "${pin[@]}" cargo check -q 2>/dev/null)
            t1=$(date +%s.%N)
            walls+=("$(echo "$t1 - $t0" | bc)")
        done
        touch "$crate/src/lib.rs"
        tv=$( (cd "$crate" && CARGO_INCREMENTAL=0 /usr/bin/time -v "${pin[@]}" cargo check -q 2>&1 >/dev/null) || true)
        user=$(echo "$tv" | awk -F: '/User time/ {gsub(/ /,"",$2); print $2}')
        sys=$(echo "$tv" | awk -F: '/System time/ {gsub(/ /,"",$2); print $2}')
        lines=$(cat "$crate"/src/gen/*.rs | wc -l)
        check_rows+=("| $tool | $lines | $(printf '%s\n' "${walls[@]}" | median) s | $(echo "$user + $sys" | bc) s |")
    done
    echo "load average after cargo check: $(load)" >&2
fi

echo "## Generation (median of $runs; CPU and RSS of one run; pinned: ${pin[*]:-no})"
echo
echo "| input | tool | file set | .rs files | wall | CPU | max RSS |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
printf -- '- speed-up over tonic-prost-build: %s\n' "${ratios[@]}"
echo
echo "## Service code (aiplatform/v1: $rpcs RPCs)"
echo
echo "| tool | service lines | lines per RPC | without \`///\` lines, per RPC |"
echo "|---|---|---|---|"
echo "| tonic-prost-build | $tonic_lines | $(echo "scale=1; $tonic_lines / $rpcs" | bc) | $(echo "scale=1; $tonic_code / $rpcs" | bc) |"
echo "| protokit | $pk_lines | $(echo "scale=1; $pk_lines / $rpcs" | bc) | $(echo "scale=1; $pk_code / $rpcs" | bc) |"
if [ "$do_check" = 1 ]; then
    echo
    echo "## cargo check of the generated aiplatform crate (non-incremental; median of $check_runs; CPU of one run; msgs = protokit without services)"
    echo
    echo "| generator | lines | wall | CPU |"
    echo "|---|---|---|---|"
    printf '%s\n' "${check_rows[@]}"
fi
