#!/usr/bin/env bash
# PoolScope developer entry point: installs what is missing, builds, then runs the app or the tests.
#   bash resources/scripts/dev.sh run [poolscope args...]  build and launch (no display: writes the demo export)
#   bash resources/scripts/dev.sh test                    normal + ASan/UBSan builds, every test in both, then
#                                                         each fuzz target for $POOLSCOPE_FUZZ_SECONDS (40) s
#   bash resources/scripts/dev.sh package                 Release build, then the Debian packages in build/:
#                                                         poolscope_<version>_<arch>.deb, poolscope-dev_...
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
packages=(qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools
  libboost-dev libgtest-dev nlohmann-json3-dev cmake ninja-build g++ python3 clang-16 libclang-rt-16-dev
  python3-distributed  # Dask, for the recorder's --engine dask tests
  librsvg2-bin  # rsvg-convert: tests/bench/compare_with_python.py --png
  dpkg-dev file desktop-file-utils appstream)  # the last four: the Debian package and its checks
jobs=$(nproc 2>/dev/null || echo 2)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "Installing: ${missing[*]}"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build <dir> [cmake args...]
  local dir=$1; shift
  cmake -S "$root" -B "$root/$dir" -G Ninja "$@" >/dev/null
  cmake --build "$root/$dir" -j "$jobs"
}

fuzz() {  # builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time
  local dir=build/fuzz seconds=${POOLSCOPE_FUZZ_SECONDS:-40}
  cmake -S "$root" -B "$root/$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-16 \
    -DPOOLSCOPE_FUZZ=ON -DPOOLSCOPE_BUILD_APP=OFF -DPOOLSCOPE_BUILD_TESTS=OFF >/dev/null
  cmake --build "$root/$dir" -j "$jobs" --target fuzz_trace_reader fuzz_scenario fuzz_codec
  local target seeds work
  for target in trace_reader scenario codec; do
    case $target in
      trace_reader) seeds=("$root/tests/fuzz/corpus/trace") ;;
      scenario) seeds=("$root/resources/presets") ;;
      codec) seeds=("$root/tests/fuzz/corpus/codec") ;;
    esac
    work=$(mktemp -d)
    echo "Fuzzing $target for ${seconds} s"
    # Any crash, leak, UB or allocation over the limit ends the run with a non-zero status.
    local status=0
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$root/$dir/tests/fuzz/fuzz_$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$root/$dir/crash-$target-" "$work" "${seeds[@]}" >"$work.log" 2>&1 || status=$?
    tail -n 40 "$work.log"
    rm -rf "$work" "$work.log"
    if ((status != 0)); then
      echo "fuzz_$target failed (exit $status); the input that did it is $root/$dir/crash-$target-*" >&2
      exit 1
    fi
  done
}

run_tests() {  # run_tests <dir>
  # One test at a time: the timing tests measure sleeps of 100-300 ms and want the cores to themselves.
  (cd "$root/$1" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 300)
}

case "${1:-run}" in
  run)
    shift || true
    install_missing
    build build/release -DCMAKE_BUILD_TYPE=Release -DPOOLSCOPE_BUILD_TESTS=OFF
    if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} || $# -gt 0 ]]; then
      exec "$root/build/release/app/poolscope" "$@"
    fi
    out="$root/poolscope-demo.png"
    echo "No display: writing the demo export (compare view of the slow-first preset) to $out"
    QT_QPA_PLATFORM=offscreen "$root/build/release/app/poolscope" run --preset slow-first --mode all --png "$out"
    ;;
  test)
    install_missing
    build build/ci -DCMAKE_BUILD_TYPE=RelWithDebInfo
    run_tests build/ci
    build build/asan -DCMAKE_BUILD_TYPE=Debug -DPOOLSCOPE_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$root/resources/scripts/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      run_tests build/asan
    fuzz
    ;;
  package)
    install_missing
    # /usr, so that the library's files go to Debian's multiarch directory (/usr/lib/<triplet>).
    build build/release -DCMAKE_BUILD_TYPE=Release -DPOOLSCOPE_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
    cpack --config "$root/build/release/CPackConfig.cmake" -B "$root/build"
    echo "Install with: sudo apt-get install ./build/poolscope_*.deb (the library: ./build/poolscope-dev_*.deb)"
    ;;
  *)
    echo "usage: $0 run [poolscope args...] | test | package" >&2
    exit 2
    ;;
esac
