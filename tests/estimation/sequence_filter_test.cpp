#include "synhead/estimation/sequence_filter.h"

#include <cmath>

#include <gtest/gtest.h>

#include "filter_test_data.h"
#include "synhead/estimation/filter_tuning.h"

namespace synhead::estimation {
namespace {

using testing::simulate_constant_velocity;

TEST(SequenceFilter, UnwrapsAndWrapsDegrees) {
  EXPECT_DOUBLE_EQ(motion_tracks::wrap_angle_deg(190), -170);
  EXPECT_DOUBLE_EQ(motion_tracks::wrap_angle_deg(-190), 170);
  EXPECT_DOUBLE_EQ(motion_tracks::wrap_angle_deg(180), -180);
  EXPECT_DOUBLE_EQ(motion_tracks::wrap_angle_deg(725), 5);
  EXPECT_EQ(motion_tracks::unwrap_angles_deg({170, 179, -172, -160, 175}),
            (std::vector<double>{170, 179, 188, 200, 175}));
}

// A yaw track crossing ±180°, in the wrapped form a predictions file holds.
PredictionTable yaw_crossing_table(FilterSpec& spec) {
  const NoiseParams noise{400, 4};
  spec.pose = {noise, noise, noise};
  PredictionTable table;
  table.has_pose = true;
  PredictionSequence sequence;
  sequence.id = "wrap";
  const auto sim = simulate_constant_velocity(noise, 300, 9, 170);
  sequence.times = sim.times;
  for (std::size_t i = 0; i < sim.times.size(); ++i) {
    sequence.frames.push_back(static_cast<std::int64_t>(i));
    for (int a = 0; a < 3; ++a) {
      sequence.pose[a].push_back(motion_tracks::wrap_angle_deg(sim.measurements[i]));
      sequence.pose_truth[a].push_back(motion_tracks::wrap_angle_deg(sim.truth[i]));
    }
  }
  table.sequences.push_back(sequence);
  return table;
}

TEST(SequenceFilter, FiltersAcrossTheYawDiscontinuity) {
  for (const auto method : {FilterMethod::Kalman, FilterMethod::Particle}) {
    FilterSpec spec;
    spec.method = method;
    spec.particles = 500;
    const PredictionTable table = yaw_crossing_table(spec);
    const PredictionTable filtered = filter_predictions(table, spec);
    const PoseMetrics before = pose_metrics(table), after = pose_metrics(filtered);
    EXPECT_LT(after.pitch.mae, 0.8 * before.pitch.mae);
    EXPECT_LT(after.yaw.mae, 0.8 * before.yaw.mae);
    EXPECT_LT(after.roll.mae, 0.8 * before.roll.mae);
    for (const double yaw : filtered.sequences[0].pose[1]) {
      EXPECT_GE(yaw, -180);
      EXPECT_LT(yaw, 180);
    }
    EXPECT_EQ(filtered.sequences[0].pose_truth, table.sequences[0].pose_truth);
  }
}

TEST(SequenceFilter, ParticleFilterIsDeterministicPerSeed) {
  FilterSpec spec;
  spec.method = FilterMethod::Particle;
  spec.particles = 200;
  const PredictionTable table = yaw_crossing_table(spec);
  const auto a = filter_predictions(table, spec), b = filter_predictions(table, spec);
  EXPECT_EQ(a.sequences[0].pose, b.sequences[0].pose);
  spec.seed = 1;
  EXPECT_NE(filter_predictions(table, spec).sequences[0].pose, a.sequences[0].pose);
}

TEST(SequenceFilter, FiltersAll136LandmarkCoordinates) {
  PredictionTable table;
  table.has_landmarks = true;
  for (int s = 0; s < 2; ++s) {
    PredictionSequence sequence;
    sequence.id = std::to_string(s);
    sequence.landmarks.resize(kLandmarkChannels);
    for (int k = 0; k < kLandmarkChannels; ++k) {
      const auto sim = simulate_constant_velocity({50, 1}, 40 + 10 * s, 1000 + 200 * s + k, 100 + k);
      sequence.landmarks[k] = sim.measurements;
      sequence.times = sim.times;
    }
    for (std::size_t i = 0; i < sequence.times.size(); ++i) sequence.frames.push_back(static_cast<std::int64_t>(i));
    table.sequences.push_back(sequence);
  }
  const PredictionTuning tuning = tune_on_predictions(table, MotionModel::ConstantVelocity);
  EXPECT_NEAR(tuning.landmarks.noise.r, 1, 0.3);
  for (const auto method : {FilterMethod::Kalman, FilterMethod::Particle}) {
    FilterSpec spec;
    spec.method = method;
    spec.particles = 50;
    spec.landmarks = tuning.landmarks.noise;
    const PredictionTable filtered = filter_predictions(table, spec);
    ASSERT_EQ(filtered.sequences.size(), 2u);
    for (std::size_t s = 0; s < 2; ++s) {
      ASSERT_EQ(filtered.sequences[s].landmarks.size(), 136u);
      for (int k = 0; k < kLandmarkChannels; ++k)
        EXPECT_EQ(filtered.sequences[s].landmarks[k].size(), table.sequences[s].times.size());
      EXPECT_NE(filtered.sequences[s].landmarks[7], table.sequences[s].landmarks[7]);
    }
  }
}

}  // namespace
}  // namespace synhead::estimation
