#!/usr/bin/env bash
# Installs every Debian package synhead needs — the only place that lists system packages. Idempotent: packages
# already present are skipped, `apt-get update` runs at most once, a package that cannot be had is named.
set -euo pipefail

# The packages of every configuration; the renderer's and the trainer's are added unless --trainer-only.
BASE_PACKAGES=(
  # toolchain
  cmake ninja-build g++ ccache pkg-config
  # core + motion_tracks
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libglm-dev
  # plots (PNG through gnuplot's cairo terminal)
  gnuplot-nox
  # dataset: OpenCV images and video, libjpeg-turbo (JPEG frames from BGR rows)
  libopencv-dev libjpeg62-turbo-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
)
RENDERER_PACKAGES=(
  # headless OpenGL through EGL (Mesa llvmpipe without a GPU), glad 2 generator, GLFW preview window,
  # Assimp mesh import, dlib 68-landmark predictor (landmarks for meshes without a sidecar),
  # meshoptimizer (simplified mesh levels for heads drawn small)
  libegl-dev libegl1-mesa-dev libgl-dev libgl1-mesa-dri python3-glad libglfw3-dev xvfb xauth
  libassimp-dev libdlib-dev libdlib-data libmeshoptimizer-dev
  # assets: the MakeHuman base mesh (Collada/human.zae, BSD-3)
  assimp-testmodels
)
TRAINER_PACKAGES=(
  # libtorch (CPU build; some of its headers include gloo's), OpenBLAS for its fully connected layers (Debian's
  # libtorch otherwise runs on the reference BLAS), Python PyTorch of the same version for the C++-vs-Python
  # step-time comparison of `synhead bench train`
  libtorch-dev libgloo-dev libopenblas0-pthread python3-torch
  # synhead export: the ONNX protobuf classes (C++ writer), onnx.checker for the tests, Node.js for the
  # onnxruntime-node check of --verify (tools/onnx_verify; npm is added below only when no npm is on PATH, since
  # NodeSource's nodejs bundles npm and conflicts with Debian's npm package); synhead infer: OpenCV's Haar cascades
  libonnx-dev libprotobuf-dev python3-onnx nodejs opencv-data
)

trainer_only=0
case "${1:-}" in
  "") ;;
  --trainer-only) trainer_only=1 ;;
  *)
    echo "usage: tools/setup.sh [--trainer-only]   (--trainer-only: the packages of -DSYNHEAD_BUILD_RENDERER=OFF)" >&2
    exit 2
    ;;
esac
PACKAGES=("${BASE_PACKAGES[@]}" "${TRAINER_PACKAGES[@]}")
[ "$trainer_only" -eq 1 ] || PACKAGES+=("${RENDERER_PACKAGES[@]}")

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

# Background photos for the renderer: the Scratch 1.4 media library (Debian package `scratch`, CC-BY-SA 3.0), about
# 60 photos of 480×360. The package is only downloaded and unpacked in a temporary folder (never installed); the
# photos OpenCV can read and the copyright file go to assets/extracted/backgrounds/ (git-ignored).
extract_background_photos() {
  local dest="$root/assets/extracted/backgrounds"
  if [ -f "$dest/COPYRIGHT" ]; then
    echo "setup: background photos present in $dest"
    return 0
  fi
  local tmp
  tmp="$(mktemp -d)"
  trap "rm -rf '$tmp'" EXIT
  if ! apt-cache show scratch >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq || true
  fi
  if ! (cd "$tmp" && apt-get download scratch >/dev/null 2>"$tmp/download.log"); then
    cat "$tmp/download.log" >&2
    echo "setup: could not download the Debian package 'scratch' (source of the background photos);" \
      "check the apt sources and the network, or render with background.source: procedural" >&2
    exit 1
  fi
  dpkg-deb -x "$tmp"/scratch_*.deb "$tmp/unpacked"
  local media="$tmp/unpacked/usr/share/scratch/Media/Backgrounds"
  local license="$tmp/unpacked/usr/share/doc/scratch/copyright"
  if [ ! -d "$media" ] || [ ! -f "$license" ]; then
    echo "setup: the package 'scratch' lacks Media/Backgrounds or its copyright file: its layout changed" >&2
    exit 1
  fi
  # Filled under a temporary name and renamed, so an interrupted run never leaves a folder the check above accepts.
  local staging="$dest.partial" copied=0 file
  rm -rf "$staging"
  mkdir -p "$staging"
  while IFS= read -r -d '' file; do
    case "${file,,}" in
      *.jpg | *.jpeg | *.png)
        cp "$file" "$staging/"
        copied=$((copied + 1))
        ;;
      *.gif) echo "setup: skipping background $(basename "$file"): OpenCV 4.6 cannot read GIF" ;;
    esac
  done < <(find "$media" -type f -print0 | sort -z)
  if [ "$copied" -eq 0 ]; then
    echo "setup: the package 'scratch' has no JPEG or PNG backgrounds under Media/Backgrounds" >&2
    exit 1
  fi
  cp "$license" "$staging/COPYRIGHT"
  rm -rf "$dest"
  mv "$staging" "$dest"
  echo "setup: extracted $copied background photos into $dest"
}

# ONNX Runtime for `synhead export --verify` (an independent second runtime; not in Debian): the npm package
# onnxruntime-node at the version pinned in tools/onnx_verify/package-lock.json, which bundles its CPU library
# (ONNXRUNTIME_NODE_INSTALL=skip: no extra download at install time). node_modules/ is git-ignored.
install_onnxruntime_node() {
  local dir="$root/tools/onnx_verify"
  if [ -d "$dir/node_modules/onnxruntime-node" ]; then
    echo "setup: onnxruntime-node present in $dir"
    return 0
  fi
  if ! command -v npm >/dev/null; then
    PACKAGES=(npm)
    install_missing_packages
  fi
  if ! (cd "$dir" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund); then
    echo "setup: npm could not install onnxruntime-node into $dir (needs the npm registry);" \
      "synhead export --verify will say so and fail" >&2
    exit 1
  fi
}
install_onnxruntime_node

# The photos are the renderer's backgrounds: a trainer-only setup does not need them.
[ "$trainer_only" -eq 1 ] || extract_background_photos
echo "setup: done"
