#!/usr/bin/env bash
# Runs `synhead infer` with MODEL on every video of VIDEOS/ and compares it with the sim-to-real peer:
#
#   tools/sim2real/check_model.sh MODEL VIDEOS/ OUT/ [PEER_DIR/]
#
# MODEL is a .ckpt, an .onnx, or "reference" (the shipped model, infer without --model). OUT/ gets infer/<video>.csv
# and sim2real_check compare's outputs (sim2real.md, sim2real.json, plots/, peer/). The peer is the slow part (dlib
# on every frame): give the peer/ folder of an earlier run as PEER_DIR to reuse it. Extra options for both tools go
# in SIM2REAL_MAX_FRAMES (first N frames of each video).
set -euo pipefail
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: tools/sim2real/check_model.sh MODEL|reference VIDEOS/ OUT/ [PEER_DIR/]" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${SYNHEAD_BIN:-$root/build/bin}"
model="$1" videos="$2" out="$3" peer_dir="${4:-}"
max_frames="${SIM2REAL_MAX_FRAMES:-0}"
[ -d "$videos" ] || { echo "check_model.sh: $videos: not a folder of videos" >&2; exit 2; }
model_flag=()
[ "$model" = reference ] || model_flag=(--model "$model")
mkdir -p "$out/infer"
shopt -s nullglob
count=0
for video in "$videos"/*.{mp4,avi,webm,mkv,mov}; do
  name="$(basename "${video%.*}")"
  "$bin/synhead" -q infer "${model_flag[@]}" --input "$video" --out "$out/infer/$name.csv" --max-frames "$max_frames"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || { echo "check_model.sh: no .mp4/.avi/.webm/.mkv/.mov videos in $videos" >&2; exit 2; }
peer_flag=()
[ -z "$peer_dir" ] || peer_flag=(--peer-dir "$peer_dir")
"$bin/sim2real_check" compare --videos "$videos" --infer-dir "$out/infer" --out "$out" --max-frames "$max_frames" "${peer_flag[@]}"
echo "check_model.sh: $count videos → $out/sim2real.md"
