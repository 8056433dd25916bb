#!/usr/bin/env bash
# Installs what is missing, builds, runs the whole test suite. Exit code = result.
#   tools/run_tests.sh [CTEST ARGS…]                  everything, built into build/
#   tools/run_tests.sh --trainer-only [CTEST ARGS…]   without the renderer (-DSYNHEAD_BUILD_RENDERER=OFF), into
#                                                     build-trainer/, with only the trainer's packages installed
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# libtorch and OpenBLAS each start a thread per core; parallel test processes would oversubscribe the cores.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
if [ "${1:-}" = "--trainer-only" ]; then
  shift
  bash "$root/tools/setup.sh" --trainer-only
  SYNHEAD_BUILD_DIR="$root/build-trainer" bash "$root/tools/build.sh" -DSYNHEAD_BUILD_RENDERER=OFF
  cd "$root/build-trainer"
else
  bash "$root/tools/setup.sh"
  bash "$root/tools/build.sh"
  cd "$root/build"
fi
ctest --output-on-failure --parallel "${SYNHEAD_JOBS:-$(nproc)}" "$@"
