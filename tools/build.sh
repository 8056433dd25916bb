#!/usr/bin/env bash
# Configures and builds synhead into build/ (Release, Ninja). Used by run_tests.sh and run_demo.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${SYNHEAD_JOBS:-$(nproc)}"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE="${SYNHEAD_BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$root/build" --parallel "$jobs"
