#!/usr/bin/env bash
# PoolScope developer entry point: installs what is missing, builds, then runs the app or the tests.
#   bash resources/scripts/dev.sh run [poolscope args...]  build and launch (no display: writes the demo export)
#   bash resources/scripts/dev.sh test                    normal + ASan/UBSan builds, every test in both
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
packages=(qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools
  libboost-dev libgtest-dev nlohmann-json3-dev cmake ninja-build g++ python3 python3-distributed)
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
    ;;
  *)
    echo "usage: $0 run [poolscope args...] | test" >&2
    exit 2
    ;;
esac
