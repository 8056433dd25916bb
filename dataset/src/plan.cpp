#include "synhead/dataset/plan.h"

#include <filesystem>
#include <utility>

#include "synhead/core/error.h"
#include "synhead/core/random.h"

namespace synhead::dataset {
namespace {

using core::throw_user_error;

// Seed-stream offset of the split draw, apart from the per-sequence streams.
constexpr std::uint64_t kSplitStream = 0x5917ULL << 40;

// Indices 0..n−1 in a seeded random order; the first `count` form the test set.
std::vector<bool> draw_test_set(std::size_t n, int count, core::Rng& rng) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i) - 1))]);
  std::vector<bool> test(n, false);
  for (int i = 0; i < count; ++i) test[order[static_cast<std::size_t>(i)]] = true;
  return test;
}

}  // namespace

DatasetPlan plan_dataset(const PlanConfig& config) {
  DatasetPlan plan;
  plan.tracks = motion_tracks::load_tracks(config.tracks, config.seed);
  if (plan.tracks.empty()) throw_user_error("tracks: no tracks to render");
  std::vector<bool> test_head(config.heads.size(), false), test_track(plan.tracks.size(), false);
  if (config.split.enabled) {
    if (config.split.test_heads >= static_cast<int>(config.heads.size()))
      throw_user_error("split.test_heads: {} test heads leave no training head ({} heads)", config.split.test_heads, config.heads.size());
    if (config.split.test_tracks >= static_cast<int>(plan.tracks.size()))
      throw_user_error("split.test_tracks: {} test tracks leave no training track ({} tracks)", config.split.test_tracks, plan.tracks.size());
    core::Rng rng(config.seed, kSplitStream);
    test_head = draw_test_set(config.heads.size(), config.split.test_heads, rng);
    test_track = draw_test_set(plan.tracks.size(), config.split.test_tracks, rng);
    for (const char* split : {"train", "test"}) {
      const bool is_test = std::string(split) == "test";
      nlohmann::json heads = nlohmann::json::array(), tracks = nlohmann::json::array();
      for (std::size_t h = 0; h < config.heads.size(); ++h)
        if (test_head[h] == is_test) heads.push_back(config.heads[h]);
      for (std::size_t t = 0; t < plan.tracks.size(); ++t)
        if (test_track[t] == is_test) tracks.push_back(plan.tracks[t].name);
      plan.splits[split] = {{"heads", heads}, {"tracks", tracks}};
    }
  }
  std::uint64_t index = 0;
  for (std::size_t h = 0; h < config.heads.size(); ++h) {
    for (std::size_t t = 0; t < plan.tracks.size(); ++t) {
      if (config.split.enabled && test_head[h] != test_track[t]) continue;  // no head or track shared across splits
      const std::string head_name = std::filesystem::path(config.heads[h]).stem().string();
      const std::string split = !config.split.enabled ? "" : (test_head[h] ? "test" : "train");
      plan.sequences.push_back({head_name + "__" + plan.tracks[t].name, config.heads[h], t, split, index++});
    }
  }
  return plan;
}

}  // namespace synhead::dataset
