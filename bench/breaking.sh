#!/usr/bin/env bash
# Benchmarks `protokit breaking` against `buf breaking` (buf 1.75.0) on a git repository of
# googleapis (without preview/ and google/cloud/compute/v1beta/) committed twice: the second
# commit deletes a field, renames a message and changes a field's type in a few files. Both
# tools run `breaking --against '.git#ref=HEAD~1' --error-format json` in the repository (the
# working tree is the second commit); the findings are compared (they must be the same) and
# timed. Two clones also change a file most files import: a comment (its descriptor stays the
# same) and a new enum (its importers must be compiled again: protokit's worst case).
#
# Wall time: medians of --runs runs. Peak memory (max RSS) and CPU time: one extra run of each
# under /usr/bin/time -v. Both tools are pinned to the same CPUs (taskset -c 0,1 when
# available) so the ratio is "on 2 cores".
#
# Usage: bench/breaking.sh [--runs N] [--no-build] [--work DIR]
# Environment: PROTOKIT (default target/release/protokit), BUF (default: buf on PATH, else
#   /tmp/bufinst/node_modules/.bin/buf),
#   GOOGLEAPIS (default /work/shared/corpus/googleapis).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
runs=3
do_build=1
work="${TMPDIR:-/tmp}/protokit-bench-breaking"
googleapis="${GOOGLEAPIS:-/work/shared/corpus/googleapis}"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --no-build) do_build=0; shift ;;
        --work) work="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 1 ;;
    esac
done
buf="${BUF:-$(command -v buf || echo /tmp/bufinst/node_modules/.bin/buf)}"
[ -x "$buf" ] || { echo "buf not found (set BUF)" >&2; exit 1; }
[ -d "$googleapis/google" ] || { echo "googleapis not found (set GOOGLEAPIS)" >&2; exit 1; }
if [ "$do_build" = 1 ]; then
    (cd "$root" && cargo build --release -q -p protokit-cli)
fi
protokit="${PROTOKIT:-$root/target/release/protokit}"
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin=(taskset -c 0,1); fi

repo="$work/googleapis-git"
g() { git -C "$repo" -c user.email=bench@example.com -c user.name=bench -c commit.gpgsign=false "$@"; }
if [ ! -d "$repo/.git" ]; then
    rm -rf "$repo"
    mkdir -p "$repo"
    (cd "$googleapis" && tar cf - --exclude=./preview --exclude=./google/cloud/compute/v1beta .) |
        (cd "$repo" && tar xf -)
    printf 'version: v2\nbreaking:\n  use: [FILE]\n' >"$repo/buf.yaml"
    g init -q -b main
    g add -A
    g commit -qm "googleapis"
    # The change: in three leaf files (nothing imports them), delete a field, rename a
    # message (every use in its file), and change an int32 field to int64.
    python3 - "$repo" <<'EOF'
import os, re, subprocess, sys
repo = sys.argv[1]
def imported(rel):
    out = subprocess.run(["grep", "-rl", "--include=*.proto", f'import "{rel}"', repo],
                         capture_output=True, text=True).stdout
    return bool(out.strip())
candidates = []
for d, _, files in os.walk(os.path.join(repo, "google", "cloud")):
    for f in sorted(files):
        if f.endswith(".proto"):
            rel = os.path.relpath(os.path.join(d, f), repo)
            candidates.append(rel)
candidates.sort()
done = {"delete": 0, "rename": 0, "type": 0}
for rel in candidates:
    if all(done.values()):
        break
    if imported(rel):
        continue
    path = os.path.join(repo, rel)
    text = open(path).read()
    if not done["delete"]:
        m = re.search(r"^  string \w+ = \d+;\n", text, re.M)
        if m:
            open(path, "w").write(text[:m.start()] + text[m.end():])
            done["delete"] = 1
            print("deleted a field in", rel)
            continue
    if not done["type"]:
        m = re.search(r"^  int32 (\w+) = (\d+);", text, re.M)
        if m:
            open(path, "w").write(text[:m.start()] + f"  int64 {m.group(1)} = {m.group(2)};" + text[m.end():])
            done["type"] = 1
            print("changed a type in", rel)
            continue
    if not done["rename"]:
        m = re.search(r"^message (\w+) \{", text, re.M)
        if m:
            name = m.group(1)
            text = re.sub(rf"\b{name}\b", name + "Renamed", text)
            open(path, "w").write(text)
            done["rename"] = 1
            print("renamed message", name, "in", rel)
EOF
    g commit -qam "a breaking change"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# time_cmd CMD...: prints "median_wall_s max_rss_mb cpu_s" (run in the repository)
time_cmd() {
    local walls=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        (cd "$repo" && "${pin[@]}" "$@" >/dev/null 2>&1) || true
        t1=$(date +%s.%N)
        walls+=("$(echo "$t1 - $t0" | bc)")
    done
    local med
    med=$(printf '%s\n' "${walls[@]}" | median)
    local tv
    tv=$( (cd "$repo" && /usr/bin/time -v "${pin[@]}" "$@" 2>&1 >/dev/null) || true)
    local rss user sys
    rss=$(echo "$tv" | awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2/1024}')
    user=$(echo "$tv" | awk -F: '/User time/ {gsub(/ /,"",$2); print $2}')
    sys=$(echo "$tv" | awk -F: '/System time/ {gsub(/ /,"",$2); print $2}')
    printf '%.2f %.0f %.2f\n' "$med" "$rss" "$(echo "$user + $sys" | bc)"
}

# A second repository: the same two commits, the second one also changing a comment in
# google/api/field_behavior.proto, which most files import (directly or not): few files of the
# against side read the same as the working tree's, but the changed file compiles to the same
# descriptor, so its importers are still reused.
repo_core="$work/googleapis-git-core"
if [ ! -d "$repo_core/.git" ]; then
    rm -rf "$repo_core"
    git clone -q "$repo" "$repo_core"
    printf '// bench: a comment-only change to a file most files import\n' \
        >>"$repo_core/google/api/field_behavior.proto"
    git -C "$repo_core" -c user.email=bench@example.com -c user.name=bench \
        -c commit.gpgsign=false commit -q --amend -a --no-edit
fi

# A third: the second commit also adds an enum to field_behavior.proto, which changes its
# descriptor, so every file that imports it (most of them) is compiled again: the worst case.
repo_enum="$work/googleapis-git-enum"
if [ ! -d "$repo_enum/.git" ]; then
    rm -rf "$repo_enum"
    git clone -q "$repo" "$repo_enum"
    printf '\n// bench: a new enum in a file most files import\nenum BenchAdded {\n  BENCH_ADDED_UNSPECIFIED = 0;\n}\n' \
        >>"$repo_enum/google/api/field_behavior.proto"
    git -C "$repo_enum" -c user.email=bench@example.com -c user.name=bench \
        -c commit.gpgsign=false commit -q --amend -a --no-edit
fi

args=(breaking --against '.git#ref=HEAD~1' --error-format json)

# measure REPO LABEL: compares the findings, times both tools (time_cmd runs in $repo), prints
# a table row.
measure() {
    local repo="$1" label="$2"
    local pk_code=0 buf_code=0
    (cd "$repo" && "$protokit" "${args[@]}" >"$work/pk.json" 2>"$work/pk.err") || pk_code=$?
    (cd "$repo" && "$buf" "${args[@]}" >"$work/buf.json" 2>"$work/buf.err") || buf_code=$?
    local same="identical"
    if ! cmp -s <(sort "$work/pk.json") <(sort "$work/buf.json") || [ "$pk_code" != "$buf_code" ]; then
        same="DIFFERENT (exit $pk_code vs $buf_code; see $work/pk.json, $work/buf.json)"
    fi
    local n files pw pr pc bw br bc
    n=$(wc -l <"$work/buf.json")
    read -r pw pr pc < <(time_cmd "$protokit" "${args[@]}")
    read -r bw br bc < <(time_cmd "$buf" "${args[@]}")
    files=$(git -C "$repo" ls-files '*.proto' | wc -l)
    echo "| $label, $files files | $n | $pw s | $bw s | $(echo "scale=1; $bw / $pw" | bc)x | $pr MB | $br MB | $(echo "scale=2; $pr / $br" | bc)x | $pc s | $bc s | $same |"
}

echo "| input | findings | protokit wall | buf wall | speed-up | protokit RSS | buf RSS | memory ratio | protokit CPU | buf CPU | output |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
measure "$repo" "googleapis git, 3 leaf files changed"
measure "$repo_core" "googleapis git, and a comment in field_behavior.proto"
measure "$repo_enum" "googleapis git, and a new enum in field_behavior.proto"
