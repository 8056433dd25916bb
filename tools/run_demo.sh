#!/usr/bin/env bash
# Installs what is missing, builds, and runs the product demo: tracks, rendering, a dataset, the paper's
# comparison (training, evaluation, Bayesian filters: synhead report) and the paper's toy problem.
# Everything goes to demo_out/ (git-ignored). Given a video, it also runs the shipped reference model on it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -gt 1 ] || { [ $# -eq 1 ] && [ ! -f "$1" ]; }; then
  echo "usage: tools/run_demo.sh [MY_VIDEO]   (a video to run the shipped reference model on, besides the rendered one)" >&2
  exit 2
fi
user_video="$(if [ $# -eq 1 ]; then realpath "$1"; fi)"
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

echo "== 6. a small SynHead-style dataset (10 heads x 20 tracks of 3 s, 224x224, train/test split), then its summary and plot"
if ! "$synhead" render --config "$root/configs/synhead_small.yaml" --out "$out/data"; then
  echo "   demo_out/data was rendered with another config (an older demo): rendering it afresh"
  rm -rf "$out/data"
  "$synhead" render --config "$root/configs/synhead_small.yaml" --out "$out/data"
fi
"$synhead" data inspect "$out/data" --verify
"$synhead" data stats "$out/data" --plot "$out/data_stats.png" --json "$out/data_stats.json"

echo "== 7. the paper's comparison (Table 2, Figure 5): per-frame CNN, KF, PF, Post-RNN, CNN + FC-RNN and an"
echo "      equal-budget control, trained here (CPU-sized) and evaluated on the held-out heads x held-out tracks"
rm -rf "$out/runs" "$out/report" "$out/eval"  # a fresh comparison (synhead report itself would reuse finished runs)
"$synhead" report --config "$root/configs/report_small.yaml" --data "$out/data" --runs "$out/runs" --out "$out/report"

echo "== 8. the paper's toy problem (Figure 2): Kalman filter vs LSTM(10) on a noisy sinusoid"
"$synhead" toy --out "$out/toy"

echo "== 9. export the FC-RNN (ONNX + TorchScript, checked in cv::dnn, ONNX Runtime and TorchScript) and run"
echo "      synhead infer on a rendered test sequence it has never seen: detection, calibrated crop, carried state"
"$synhead" export --checkpoint "$out/runs/rnn/best.ckpt" --out "$out/export" --name rnn --format all --verify
test_sequence="$(python3 -c 'import json, sys
print(next(s["id"] for s in json.load(open(sys.argv[1]))["sequences"] if s.get("split") == "test"))' "$out/data/manifest.json")"
"$synhead" infer --model "$out/export/rnn.onnx" --input "$out/data/sequences/$test_sequence/frames" --fps 30 \
  --out "$out/infer/results.csv" --overlay "$out/infer/overlay.avi"

echo "== 10. the shipped reference model (assets/models/reference.onnx: what infer runs without --model) on the same"
echo "       sequence, and on your video when you pass one: tools/run_demo.sh my_video.mp4"
"$synhead" infer --input "$out/data/sequences/$test_sequence/frames" --fps 30 --out "$out/infer/reference.csv" \
  --overlay "$out/infer/reference_overlay.avi"
if [ -n "$user_video" ]; then
  "$synhead" infer --input "$user_video" --out "$out/infer/your_video.csv" --overlay "$out/infer/your_video_overlay.avi"
fi
echo "   on your own video or camera:"
echo "     $synhead infer --input my_video.mp4 --overlay overlay.mp4          # the reference model → my_video.synhead.csv"
echo "     $synhead infer --model $out/export/rnn.onnx --input camera:0 --out live.csv --show"

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
echo "  runs/{perframe,postrnn,rnn,control}/  config.yaml, log.jsonl, best.ckpt, last.ckpt, curves.png"
echo "  report/table.md, report/metrics.json  the comparison in the paper's Table 2 form (test split)"
echo "  report/yaw_<sequence>.png           Figure-5-style yaw over time, ground truth and every method"
echo "  report/seed0/                        per-frame predictions of every method, filter tuning"
echo "  toy/toy.json, toy/*.png              KF vs LSTM RMSE per noise level, Figure-2-style plots"
echo "  export/rnn.onnx, export/rnn.pt       the FC-RNN as one-step ONNX graph and TorchScript, with its model card"
echo "  infer/results.csv, infer/overlay.avi synhead infer on a test sequence: per-frame CSV and overlay video"
echo "  infer/reference*.csv / .avi          the shipped reference model on it (and infer/your_video* on yours)"
