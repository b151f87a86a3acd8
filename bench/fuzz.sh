#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for N seconds each.
#
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]      (default: 60 seconds, targets parse compile)
#        bench/fuzz.sh --replay [TARGET...]       re-run every input in fuzz/regressions/<target>/
#
# Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets it accept cargo-fuzz's -Z flags.
# Install cargo-fuzz once with `cargo install cargo-fuzz`.
#
# The live corpus grows in fuzz/corpus/<target>/ (git-ignored), seeded from fuzz/seeds/<target>/.
# Crashing, leaking or timing-out inputs that libFuzzer writes to fuzz/artifacts/<target>/ are
# copied to fuzz/regressions/<target>/ (committed), and the script exits 1 (2 if a target does
# not build).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fuzz_dir="$(cd "$here/../fuzz" && pwd)"
export RUSTC_BOOTSTRAP=1

replay=0
secs=60
if [[ "${1:-}" == "--replay" ]]; then
    replay=1
    shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    secs="$1"
    shift
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then targets=(parse compile); fi

cd "$fuzz_dir"
found=0
for t in "${targets[@]}"; do
    if [[ $replay -eq 1 ]]; then
        shopt -s nullglob
        inputs=(regressions/"$t"/*)
        shopt -u nullglob
        if [[ ${#inputs[@]} -eq 0 ]]; then
            echo "==> $t: no regression inputs"
            continue
        fi
        echo "==> $t: replaying ${#inputs[@]} regression input(s)"
        for input in "${inputs[@]}"; do
            if cargo fuzz run "$t" "$input" -- -runs=1 > "$fuzz_dir/replay.log" 2>&1; then
                echo "    ok    $input"
            else
                echo "    FAIL  $input"
                found=1
            fi
        done
        rm -f "$fuzz_dir/replay.log"
        continue
    fi
    mkdir -p "corpus/$t" "artifacts/$t" "regressions/$t"
    if ! cargo fuzz build "$t" > "$fuzz_dir/build.log" 2>&1; then
        echo "==> $t: build failed (not a fuzz finding); see fuzz/build.log"
        found=2
        continue
    fi
    echo "==> fuzzing $t for ${secs}s"
    before="$(find "artifacts/$t" -type f | wc -l)"
    status=0
    cargo fuzz run "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -dict=proto.dict -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 || status=$?
    after="$(find "artifacts/$t" -type f | wc -l)"
    if [[ $status -ne 0 || $after -gt $before ]]; then
        [[ $found -eq 0 ]] && found=1
        echo "==> $t: failure (exit $status); inputs copied to fuzz/regressions/$t/:"
        for f in "artifacts/$t"/*; do
            [[ -f "$f" ]] || continue
            cp -n "$f" "regressions/$t/"
            echo "    regressions/$t/$(basename "$f")"
        done
    else
        echo "==> $t: no crash in ${secs}s"
    fi
done
exit $found
