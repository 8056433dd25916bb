#!/usr/bin/env bash
# Installs what is missing, builds into build/, runs the whole test suite. Exit code = result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# libtorch and OpenBLAS each start a thread per core; parallel test processes would oversubscribe the cores.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
bash "$root/tools/setup.sh"
bash "$root/tools/build.sh"
cd "$root/build"
ctest --output-on-failure --parallel "${SYNHEAD_JOBS:-$(nproc)}" "$@"
