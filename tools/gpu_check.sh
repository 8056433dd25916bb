#!/usr/bin/env bash
# tools/gpu_check.sh — the device check of a CUDA machine: builds the trainer-only configuration against the CUDA
# libtorch that a PyTorch wheel carries, writes a small dataset without the renderer, and trains a few steps of each
# paper config (configs/train_*_paper.yaml: VGG16 ×1 @224, batch 8 × 8 frames or as configured) on the GPU, printing
# the step time, the data wait and the peak GPU memory. Also once with `amp: true` (bf16 autocast).
#
#   bash tools/gpu_check.sh            # about 2–4 min on one H200 with 16 cores, most of it the build
#
# Needs: python3 with a CUDA build of torch (torch.utils.cmake_prefix_path holds libtorch's CMake config), cmake,
# ninja, a C++17 compiler, nvidia-smi, and the trainer's C++ packages (yaml-cpp, spdlog, fmt, CLI11, nlohmann-json,
# OpenCV core/imgproc/imgcodecs: `tools/setup.sh --trainer-only` on Debian/Ubuntu). Where they are unpacked into a
# prefix instead (no package manager there), point SYNHEAD_DEPS_PREFIX at it (its lib dirs go on LD_LIBRARY_PATH).
# Environment: SYNHEAD_GPU_STEPS (timed run length, default 12), SYNHEAD_DEVICE (default cuda), SYNHEAD_GPU_WORK
# (build and runs, default /tmp/synhead-gpu-check), OUT (if set, gpu_check.json and the logs are copied there).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${SYNHEAD_GPU_WORK:-/tmp/synhead-gpu-check}"
steps="${SYNHEAD_GPU_STEPS:-12}"
device="${SYNHEAD_DEVICE:-cuda}"
deps="${SYNHEAD_DEPS_PREFIX:-}"
python="${PYTHON:-python3}"
jobs="$(nproc)"
warmup=3  # first steps left out of the median: cuDNN algorithm search, allocator growth, loader start-up

die() { echo "gpu_check: $*" >&2; exit 2; }
say() { echo "gpu_check: $*" >&2; }

# --- what the machine has -----------------------------------------------------------------------------------------
for tool in cmake ninja nvidia-smi "$python"; do command -v "$tool" >/dev/null || die "'$tool' is not on PATH"; done
command -v c++ >/dev/null || command -v g++ >/dev/null || die "no C++ compiler (c++ or g++) on PATH"
torch_prefix="$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')" ||
  die "$python cannot import torch"
"$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' ||
  die "$python's torch sees no CUDA device (torch $("$python" -c 'import torch; print(torch.__version__)'))"
say "$("$python" -c 'import torch; print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}")')"
prefix_path="$torch_prefix"
if [[ -n "$deps" ]]; then
  [[ -d "$deps" ]] || die "SYNHEAD_DEPS_PREFIX=$deps is not a directory"
  prefix_path="$torch_prefix;$deps;$deps/usr"
  for lib in "$deps"/usr/lib/x86_64-linux-gnu "$deps"/usr/lib "$deps"/lib; do
    [[ -d "$lib" ]] && export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
fi

# --- build: trainer only, no tests -------------------------------------------------------------------------------
mkdir -p "$work"
build="$work/build"
configure_log="$work/configure.log"
start=$SECONDS
if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNHEAD_BUILD_RENDERER=OFF \
    -DSYNHEAD_BUILD_TESTS=OFF -DSYNHEAD_BUILD_BENCH=OFF -DSYNHEAD_WITH_GLFW=OFF \
    -DCMAKE_PREFIX_PATH="$prefix_path" -DTORCH_CUDA_ARCH_LIST="9.0" >"$configure_log" 2>&1; then
  tail -n 40 "$configure_log" >&2
  die "cmake could not configure the trainer-only build (log: $configure_log; missing C++ packages? see the header)"
fi
cmake --build "$build" --target synhead --parallel "$jobs" >"$work/build.log" 2>&1 ||
  { tail -n 60 "$work/build.log" >&2; die "the build failed (log: $work/build.log)"; }
synhead="$build/bin/synhead"
build_s=$((SECONDS - start))
say "built $synhead in ${build_s} s"
if ldd "$synhead" | grep -E 'libEGL|libGL\.|libassimp|libdlib' >&2; then say "WARNING: the trainer-only binary links GL/Assimp/dlib"; fi

# --- data: no renderer here, so the learnable test pictures -------------------------------------------------------
data="$work/data"
[[ -f "$data/manifest.json" ]] || "$python" "$root/tools/bench/learnable_dataset.py" "$data" --sequences 8 --frames 40 --size 128 >&2

# --- runs -----------------------------------------------------------------------------------------------------------
# name, config, extra --set options
cases=(
  "perframe_paper|train_perframe_paper.yaml|"
  "perframe_paper_amp|train_perframe_paper.yaml|--set amp=true"
  "postrnn_paper|train_postrnn_paper.yaml|"
  "rnn_paper|train_rnn_paper.yaml|"
)
results="$work/results.jsonl"
: >"$results"
for entry in "${cases[@]}"; do
  IFS='|' read -r name config extra <<<"$entry"
  [[ -f "$root/configs/$config" ]] || die "configs/$config is missing"
  run="$work/runs/$name"
  rm -rf "$run"
  memory_log="$work/memory_$name.csv"
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 100 >"$memory_log" 2>/dev/null &
  sampler=$!
  started=$SECONDS
  # shellcheck disable=SC2086 # $extra is a list of options
  if ! "$synhead" -q train --config "$root/configs/$config" --data "$data" --out "$run" --device "$device" \
      --steps "$steps" --seed 0 --set log_every=1 --set validate_every=0 --set validation_batches=1 \
      --set checkpoint_every="$steps" --set data.validation_fraction=0.25 $extra >"$work/$name.log" 2>&1; then
    kill "$sampler" 2>/dev/null || true
    tail -n 30 "$work/$name.log" >&2
    die "$name failed (log: $work/$name.log)"
  fi
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  "$python" - "$run" "$memory_log" "$name" "$warmup" "$((SECONDS - started))" >>"$results" <<'PY'
import json, re, statistics, sys
run, memory_log, name, warmup, wall = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
config = open(f"{run}/config.yaml").read()
data = config[config.index("\ndata:"):]
frames = int(re.search(r"\n  window: (\d+)", data).group(1)) * int(re.search(r"\n  batch_size: (\d+)", data).group(1))
lines = [json.loads(l) for l in open(f"{run}/log.jsonl") if '"loss"' in l]
timed = lines[warmup:] or lines
step_ms = [1000.0 * frames / l["samples_per_s"] for l in timed]
wait = [l["data_wait_fraction"] for l in timed]
memory = [int(v) for v in open(memory_log).read().split() if v.strip().isdigit()]
print(json.dumps({"case": name, "frames_per_step": frames, "timed_steps": len(timed),
                  "step_ms_median": statistics.median(step_ms), "step_ms_min": min(step_ms),
                  "compute_ms_median": statistics.median(s * (1 - w) for s, w in zip(step_ms, wait)),
                  "data_wait_fraction_median": statistics.median(wait),
                  "frames_per_s": 1000.0 * frames / statistics.median(step_ms),
                  "peak_gpu_memory_mib": max(memory) if memory else None, "run_wall_s": wall,
                  "final_loss": lines[-1]["loss"]}))
PY
done

# --- report -------------------------------------------------------------------------------------------------------
"$python" - "$results" "$build_s" "$device" <<'PY'
import datetime, json, os, platform, subprocess, sys
import torch
rows = [json.loads(l) for l in open(sys.argv[1])]
gpu = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                     capture_output=True, text=True).stdout.strip()
print(f"\nsynhead gpu_check · {datetime.date.today()} · {gpu} · torch {torch.__version__} · {os.cpu_count()} cores · "
      f"device {sys.argv[3]} · build {sys.argv[2]} s")
print(f"{'case':<22} {'frames/step':>11} {'step ms':>9} {'compute ms':>10} {'data wait':>9} {'frames/s':>9} {'peak MiB':>9}")
for r in rows:
    print(f"{r['case']:<22} {r['frames_per_step']:>11} {r['step_ms_median']:>9.1f} {r['compute_ms_median']:>10.1f} "
          f"{100 * r['data_wait_fraction_median']:>8.1f}% {r['frames_per_s']:>9.0f} {r['peak_gpu_memory_mib'] or 0:>9}")
print("step ms: median wall time per optimiser step after the warm-up steps (log.jsonl samples_per_s); compute ms: "
      "the same less the data wait; peak MiB: nvidia-smi memory.used, sampled every 100 ms (whole GPU: CUDA context "
      "and the caching allocator included)")
summary = {"date": str(datetime.date.today()), "gpu": gpu, "torch": torch.__version__, "cores": os.cpu_count(),
           "machine": platform.node(), "build_s": int(sys.argv[2]), "cases": rows}
with open(os.path.join(os.path.dirname(sys.argv[1]), "gpu_check.json"), "w") as out:
    json.dump(summary, out, indent=2)
PY
if [[ -n "${OUT:-}" ]]; then
  cp "$work/gpu_check.json" "$OUT/"
  cp "$work"/*.log "$OUT/" 2>/dev/null || true
fi
