#!/usr/bin/env bash
# Installs what is missing, builds, and runs a short end-to-end demo of what synhead does so far.
# Everything goes to demo_out/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/tools/setup.sh"
bash "$root/tools/build.sh"
synhead="$root/build/bin/synhead"
out="$root/demo_out"
mkdir -p "$out"

echo "== 1. procedural head motion: 10 tracks of 20 s at 30 fps"
"$synhead" tracks generate --config "$root/configs/tracks.yaml" --count 10 --frames 600 --seed 7 --out "$out/tracks"

echo "== 2. their statistics (ranges, speeds, spectrum) and the Figure-4-style plot"
"$synhead" tracks stats "$out/tracks" --plot "$out/tracks_stats.png" --json "$out/tracks_stats.json"

echo "== 3. Gaussian smoothing (sigma 3 frames) and resampling to 25 fps"
"$synhead" tracks smooth --sigma 3 --resample-fps 25 "$out/tracks" "$out/tracks_smooth_25fps"

echo
echo "demo outputs in $out:"
echo "  tracks/track_XXX.csv + tracks.yaml   generated tracks and the resolved config"
echo "  tracks_stats.png / .json            distributions, one track over time, speed histogram"
echo "  tracks_smooth_25fps/                 smoothed and resampled tracks"
