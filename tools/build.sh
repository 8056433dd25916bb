#!/usr/bin/env bash
# Configures and builds synhead into build/ (Release, Ninja), or into $SYNHEAD_BUILD_DIR. Extra arguments are
# CMake options (e.g. -DSYNHEAD_BUILD_RENDERER=OFF). Used by run_tests.sh and run_demo.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SYNHEAD_BUILD_DIR:-$root/build}"
jobs="${SYNHEAD_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SYNHEAD_BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$build" --parallel "$jobs"
