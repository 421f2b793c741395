#!/usr/bin/env bash
# Runs every test: formatting, the g++ build with warnings as errors and its test suite, the
# clang ASan+UBSan build and the same suite under it, short libFuzzer runs, and the demo.
# Build trees live in build/ (reused between runs, so a second run only rebuilds what changed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n== %s\n' "$*"; }
jobs=2
fuzz_seconds=${PROOFLINE_FUZZ_SECONDS:-12}  # 19 targets; CI time budget (30 min)

step "CEL conformance data (@bufbuild/cel-spec, pinned, integrity-checked, cached in build/)"
scripts/fetch-cel-spec.sh

step "formatting (clang-format --dry-run --Werror)"
mapfile -t sources < <(find src tests fuzz bench -name '*.cc' -o -name '*.h' 2>/dev/null | sort)
clang-format --dry-run --Werror "${sources[@]}"

step "g++ build, warnings as errors"
cmake -S . -B build/gcc -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPROOFLINE_WERROR=ON >/dev/null
ninja -C build/gcc -j"$jobs"
step "test suite (g++)"
ctest --test-dir build/gcc -j"$jobs" --output-on-failure --timeout 600
# The per-file conformance table (passed / failed / skipped as outside the subset).
build/gcc/src/cel/cel_conformance_test --gtest_brief=1

step "clang build with AddressSanitizer + UndefinedBehaviorSanitizer"
# (One tree for the suite and the fuzzers, at -O1, was tried: its build took ~14 minutes here,
# longer than these two trees together.)
cmake -S . -B build/asan -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DPROOFLINE_WERROR=ON -DPROOFLINE_SANITIZE=ON >/dev/null
ninja -C build/asan -j"$jobs"
step "test suite (ASan+UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan -j"$jobs" --output-on-failure --timeout 900

step "fuzzing (libFuzzer, ${fuzz_seconds}s per target)"
# PROOFLINE_SANITIZE as well: undefined behaviour stops a fuzzer (-fno-sanitize-recover) instead
# of being printed and passed over.
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPROOFLINE_FUZZ=ON -DPROOFLINE_SANITIZE=ON >/dev/null
# Every fuzz/*_fuzz.cc is a target (fuzz/CMakeLists.txt globs the same files).
mapfile -t fuzz_targets < <(basename -s .cc fuzz/*_fuzz.cc)
ninja -C build/fuzz -j"$jobs" "${fuzz_targets[@]}"
scripts/fuzz-seeds.sh build/gcc/proofline build/fuzz/corpus
# Hand-written seeds, and inputs that once found a bug (re-run every time), join the corpus.
for dir in fuzz/seeds/*/ fuzz/regressions/*/; do
  mkdir -p "build/fuzz/corpus/$(basename "$dir")"
  cp "$dir"* "build/fuzz/corpus/$(basename "$dir")/"
done
for target in "${fuzz_targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$target" build/fuzz/findings
  log="build/fuzz/$target.log"
  # A finding (crash, leak, timeout) makes libFuzzer exit non-zero: the run fails and the input
  # is kept in build/fuzz/findings/ to reproduce it with `build/fuzz/fuzz/$target FILE`.
  if ! build/fuzz/fuzz/$target -max_total_time="$fuzz_seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix=build/fuzz/findings/ "build/fuzz/corpus/$target" >"$log" 2>&1; then
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" || tail -20 "$log"
    echo "fuzzing $target found a failure" >&2
    exit 1
  fi
  grep -E 'stat::number_of_executed_units' "$log"
done

step "demo (the README's main job) on the g++ build"
PROOFLINE_BUILD=build/gcc scripts/demo.sh >build/demo.log 2>&1 || { cat build/demo.log; exit 1; }
echo "demo: ok (transcript in build/demo.log)"

step "all tests passed"
