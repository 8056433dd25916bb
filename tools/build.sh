#!/usr/bin/env bash
# Configures and builds synhead into build/ (Release, Ninja), or into $SYNHEAD_BUILD_DIR. Extra arguments are
# CMake options (e.g. -DSYNHEAD_BUILD_RENDERER=OFF). Used by run_tests.sh and run_demo.sh.
# A build folder already configured with another generator (e.g. by hand with Unix Makefiles) keeps that
# generator: CMake refuses to switch generators in an existing build directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SYNHEAD_BUILD_DIR:-$root/build}"
jobs="${SYNHEAD_JOBS:-$(nproc)}"
# Paths under the repository root are hashed relative to it, so clones at other paths share the ccache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
generator="Ninja"
cache="$build/CMakeCache.txt"
if [ -f "$cache" ]; then
  configured="$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$cache")"
  if [ -n "$configured" ]; then generator="$configured"; fi
fi
cmake -S "$root" -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE="${SYNHEAD_BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$build" --parallel "$jobs"
