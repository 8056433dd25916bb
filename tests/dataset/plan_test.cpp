// The dataset plan: the paper's split protocol (disjoint heads and tracks), determinism, bad inputs.

#include "synhead/dataset/plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "user_error.h"

namespace synhead::dataset {
namespace {

// 3 heads × 5 tracks of 12 frames, one test head and two test tracks: 2 × 3 train + 1 × 2 test sequences.
PlanConfig tiny_plan() {
  PlanConfig c;
  c.heads = {"female_01", "male_02", "female_03"};
  c.tracks.count = 5;
  c.tracks.generator.frames = 12;
  c.split.test_heads = 1;
  c.split.test_tracks = 2;
  return c;
}

TEST(DatasetPlan, SplitsShareNoHeadAndNoTrack) {
  PlanConfig config = tiny_plan();
  config.heads = {"female_01", "female_02", "male_01", "male_02"};
  config.tracks.count = 6;
  const DatasetPlan plan = plan_dataset(config);
  // 3 train heads × 4 train tracks + 1 test head × 2 test tracks; cross pairs are not rendered.
  ASSERT_EQ(plan.sequences.size(), 3u * 4 + 1 * 2);
  std::map<std::string, std::set<std::string>> heads_of, tracks_of;
  std::set<std::string> ids;
  for (const auto& s : plan.sequences) {
    heads_of[s.split].insert(s.head);
    tracks_of[s.split].insert(plan.tracks[s.track].name);
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
  }
  EXPECT_EQ(heads_of["train"].size(), 3u);
  EXPECT_EQ(heads_of["test"].size(), 1u);
  EXPECT_EQ(tracks_of["test"].size(), 2u);
  for (const auto& h : heads_of["test"]) EXPECT_EQ(heads_of["train"].count(h), 0u) << h;
  for (const auto& t : tracks_of["test"]) EXPECT_EQ(tracks_of["train"].count(t), 0u) << t;
  EXPECT_EQ(plan.splits["test"]["heads"].size(), 1u);
  // Same seed, same plan; another seed draws another split.
  EXPECT_EQ(plan_dataset(config).splits, plan.splits);
  config.seed = 1;
  EXPECT_NE(plan_dataset(config).splits, plan.splits);
}

TEST(DatasetPlan, WithoutASplitEveryPairIsPlannedInOrder) {
  PlanConfig config = tiny_plan();
  config.split.enabled = false;
  const DatasetPlan plan = plan_dataset(config);
  ASSERT_EQ(plan.sequences.size(), 3u * 5);
  EXPECT_TRUE(plan.splits.is_null());
  EXPECT_EQ(plan.sequences[0].id, "female_01__" + plan.tracks[0].name);
  EXPECT_EQ(plan.sequences[6].id, "male_02__" + plan.tracks[1].name);
  for (std::size_t i = 0; i < plan.sequences.size(); ++i) {
    EXPECT_EQ(plan.sequences[i].index, i);
    EXPECT_EQ(plan.sequences[i].split, "");
  }
}

TEST(DatasetPlan, BadInputsFailBeforeRendering) {
  PlanConfig config = tiny_plan();
  config.tracks.source = "folder";
  config.tracks.path = "/nonexistent/tracks";
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("tracks.path"), std::string::npos);
  config = tiny_plan();
  config.split.test_tracks = 5;
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("split.test_tracks"), std::string::npos);
  config = tiny_plan();
  config.split.test_heads = 3;
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("split.test_heads"), std::string::npos);
}

}  // namespace
}  // namespace synhead::dataset
