// Throughput of track generation, smoothing and statistics. Opt-in: run build/bin/bench_motion_tracks
// (--benchmark_out=FILE.json --benchmark_out_format=json for machine-readable figures).

#include <benchmark/benchmark.h>

#include "synhead/motion_tracks/generator.h"
#include "synhead/motion_tracks/smoothing.h"
#include "synhead/motion_tracks/stats.h"

namespace mt = synhead::motion_tracks;

static void BM_GenerateTrack(benchmark::State& state) {
  mt::GeneratorConfig config;
  config.frames = static_cast<int>(state.range(0));
  int index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(mt::generate_track(config, 1, index++));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateTrack)->Arg(600)->Arg(6000)->Unit(benchmark::kMillisecond);

static void BM_SmoothTrack(benchmark::State& state) {
  mt::GeneratorConfig config;
  config.frames = static_cast<int>(state.range(0));
  const auto track = mt::generate_track(config, 1, 0);
  mt::SmoothingConfig smoothing;
  smoothing.sigma = 3;
  for (auto _ : state) benchmark::DoNotOptimize(mt::smooth_track(track, smoothing));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SmoothTrack)->Arg(6000)->Unit(benchmark::kMillisecond);

static void BM_TrackStats(benchmark::State& state) {
  mt::GeneratorConfig config;
  config.frames = static_cast<int>(state.range(0));
  const std::vector<mt::Track> tracks{mt::generate_track(config, 1, 0)};
  for (auto _ : state) benchmark::DoNotOptimize(mt::compute_stats(tracks));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_TrackStats)->Arg(6000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
