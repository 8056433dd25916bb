#!/usr/bin/env bash
# Installs every Debian package synhead needs — the only place that lists system packages. Idempotent: packages
# already present are skipped, `apt-get update` runs at most once, a package that cannot be had is named.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build g++ ccache pkg-config
  # core + motion_tracks
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libglm-dev
  # plots (PNG through gnuplot's cairo terminal)
  gnuplot-nox
  # renderer: headless OpenGL through EGL (Mesa llvmpipe without a GPU), glad 2 generator, GLFW preview window,
  # Assimp mesh import, OpenCV images, dlib 68-landmark predictor (landmarks for meshes without a sidecar)
  libegl-dev libegl1-mesa-dev libgl-dev libgl1-mesa-dri python3-glad libglfw3-dev xvfb xauth
  libassimp-dev libopencv-dev libdlib-dev libdlib-data
  # assets: the MakeHuman base mesh (Collada/human.zae, BSD-3)
  assimp-testmodels
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

install_missing_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#PACKAGES[@]} packages present"
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
    for pkg in "${missing[@]}"; do
      if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        echo "setup: package '$pkg' is not available from the configured apt sources" >&2
      fi
    done
    echo "setup: apt-get install failed for: ${missing[*]}" >&2
    exit 1
  fi
}

install_missing_packages
echo "setup: done"
