#!/usr/bin/env bash
# Installs what is missing, builds, and runs a short end-to-end demo: tracks, rendering, a dataset, training,
# evaluation and the paper's toy problem.
# Everything goes to demo_out/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# OpenBLAS would start a thread per core on top of the trainer's own torch threads (NOTES-machine.md).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
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

echo "== 4. the renderer: every built-in head (and the raw MakeHuman mesh) at one pose, with labels and overlay"
mkdir -p "$out/frames"
heads=(female_01 female_02 female_03 female_04 female_05 male_01 male_02 male_03 male_04 male_05 makehuman)
for i in "${!heads[@]}"; do
  "$synhead" -q render-frame --head "${heads[$i]}" --yaw $(( (i % 5) * 15 - 30 )) --pitch $(( (i % 3) * 10 - 10 )) \
    --tz 650 --seed "$i" --out "$out/frames/${heads[$i]}.png" --labels "$out/frames/${heads[$i]}.json"
  "$synhead" -q render-frame --head "${heads[$i]}" --yaw $(( (i % 5) * 15 - 30 )) --pitch $(( (i % 3) * 10 - 10 )) \
    --tz 650 --seed "$i" --overlay --nuisances --out "$out/frames/${heads[$i]}_overlay.png"
done
echo "   wrote ${#heads[@]} frames with labels to $out/frames/"

echo "== 5. a procedural track played on a head in a window (Xvfb when there is no display), last frame saved"
if [ -n "${DISPLAY:-}" ]; then
  "$synhead" view --head male_02 --track "$out/tracks/track_000.csv" --overlay --max-frames 150 --screenshot "$out/view.png"
else
  xvfb-run -a "$synhead" view --head male_02 --track "$out/tracks/track_000.csv" --overlay --max-frames 150 --screenshot "$out/view.png"
fi

echo "== 6. a small SynHead-style dataset (10 heads x 8 tracks of 3 s, 224x224, train/test split), then its summary and plot"
"$synhead" render --config "$root/configs/synhead_small.yaml" --out "$out/data"
"$synhead" data inspect "$out/data" --verify
"$synhead" data stats "$out/data" --plot "$out/data_stats.png" --json "$out/data_stats.json"

echo "== 7. training on it (CPU-sized): the per-frame CNN, then the CNN + FC-RNN started from it (short runs)"
rm -rf "$out/runs" "$out/eval"
"$synhead" train --config "$root/configs/train_perframe.yaml" --data "$out/data" --out "$out/runs/perframe" --steps 400
"$synhead" train --config "$root/configs/train_rnn.yaml" --init "$out/runs/perframe/best.ckpt" --data "$out/data" \
  --out "$out/runs/rnn" --steps 150

echo "== 8. both on the held-out heads and tracks (test split): per-angle Err/Std, per-frame predictions"
mkdir -p "$out/eval"
for variant in perframe rnn; do
  "$synhead" eval --checkpoint "$out/runs/$variant/best.ckpt" --data "$out/data" --split test \
    --out "$out/eval/$variant.json" --predictions "$out/eval/${variant}_predictions.csv"
done

echo "== 9. the paper's toy problem (Figure 2): Kalman filter vs LSTM(10) on a noisy sinusoid"
"$synhead" toy --out "$out/toy"

echo
echo "demo outputs in $out:"
echo "  tracks/track_XXX.csv + tracks.yaml   generated tracks and the resolved config"
echo "  tracks_stats.png / .json            distributions, one track over time, speed histogram"
echo "  tracks_smooth_25fps/                 smoothed and resampled tracks"
echo "  frames/<head>.png + .json            rendered frames and their labels (labels.csv columns)"
echo "  frames/<head>_overlay.png            the same with nuisances, landmarks (green visible, red hidden), box, axes"
echo "  view.png                             the preview window's last frame"
echo "  data/                                the dataset: manifest.json, splits.json, sequences/<id>/{labels.csv,frames/}"
echo "  data_stats.png / .json               per-split pose distributions (the paper's Figure 4) and statistics"
echo "  runs/{perframe,rnn}/                 config.yaml, log.jsonl, best.ckpt, last.ckpt, curves.png"
echo "  eval/<variant>.json + _predictions.csv   test-split metrics (paper Table 2 form) and per-frame predictions"
echo "  toy/toy.json, toy/*.png              KF vs LSTM RMSE per noise level, Figure-2-style plots"
