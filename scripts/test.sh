#!/usr/bin/env bash
# Runs every test: formatting, the g++ build with warnings as errors and its test suite, the
# clang ASan+UBSan build and the same suite under it, short libFuzzer runs, and the demo.
# Build trees live in build/ (reused between runs, so a second run only rebuilds what changed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n== %s\n' "$*"; }
jobs=2
fuzz_seconds=${PROOFLINE_FUZZ_SECONDS:-20}

step "formatting (clang-format --dry-run --Werror)"
mapfile -t sources < <(find src tests fuzz bench -name '*.cc' -o -name '*.h' 2>/dev/null | sort)
clang-format --dry-run --Werror "${sources[@]}"

step "g++ build, warnings as errors"
cmake -S . -B build/gcc -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPROOFLINE_WERROR=ON >/dev/null
ninja -C build/gcc -j"$jobs"
step "test suite (g++)"
ctest --test-dir build/gcc -j"$jobs" --output-on-failure --timeout 600

step "clang build with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DPROOFLINE_WERROR=ON -DPROOFLINE_SANITIZE=ON >/dev/null
ninja -C build/asan -j"$jobs"
step "test suite (ASan+UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan -j"$jobs" --output-on-failure --timeout 900

step "fuzzing (libFuzzer, ${fuzz_seconds}s per target)"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPROOFLINE_FUZZ=ON >/dev/null
ninja -C build/fuzz -j"$jobs" proof_verifier_fuzz bundle_fuzz junit_fuzz
scripts/fuzz-seeds.sh build/gcc/proofline build/fuzz/corpus
for target in proof_verifier_fuzz bundle_fuzz junit_fuzz; do
  mkdir -p "build/fuzz/corpus/$target"
  build/fuzz/fuzz/$target -max_total_time="$fuzz_seconds" -timeout=10 -print_final_stats=1 \
    "build/fuzz/corpus/$target" 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' || true
  # libFuzzer exits non-zero on a crash; rerun the corpus to turn any finding into a failure.
  build/fuzz/fuzz/$target -runs=0 "build/fuzz/corpus/$target" >/dev/null 2>&1
done

step "demo (the README's main job) on the g++ build"
PROOFLINE_BUILD=build/gcc scripts/demo.sh >build/demo.log 2>&1 || { cat build/demo.log; exit 1; }
echo "demo: ok (transcript in build/demo.log)"

step "all tests passed"
