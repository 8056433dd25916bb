#!/usr/bin/env bash
# Installs what is missing, builds into build/, runs the whole test suite. Exit code = result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/tools/setup.sh"
bash "$root/tools/build.sh"
cd "$root/build"
ctest --output-on-failure --parallel "${SYNHEAD_JOBS:-$(nproc)}" "$@"
