// Between detections: the tracker continues a face by overlap, coasts through short misses and starts afresh after
// long ones; the crop smoother keeps a still face still, follows steady motion without lag and damps jitter.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "synhead/inference/crop_smoother.h"
#include "synhead/inference/face_tracker.h"

namespace synhead::inference {
namespace {

Detection at(double x, double y, double side = 100, double confidence = 0.8) { return {{x, y, side, side}, confidence}; }

TEST(FaceTracker, ContinuesByOverlapAndPrefersTheTrackedFace) {
  FaceTracker tracker;
  auto f = tracker.update({at(100, 100)}, true);
  EXPECT_TRUE(f.active);
  EXPECT_TRUE(f.started);
  EXPECT_EQ(f.track_id, 0);
  // Another, larger face appears far away: the track stays on the face it follows.
  f = tracker.update({at(400, 100, 150, 0.9), at(110, 105)}, true);
  EXPECT_FALSE(f.started);
  EXPECT_TRUE(f.measured);
  EXPECT_DOUBLE_EQ(f.box.x, 110);
  EXPECT_EQ(f.track_id, 0);
}

TEST(FaceTracker, CoastsThroughShortMissesAndResetsAfterLongOnes) {
  TrackerOptions options;
  options.max_misses = 2;
  FaceTracker tracker(options);
  tracker.update({at(100, 100)}, true);
  auto f = tracker.update({}, true);
  EXPECT_TRUE(f.active);
  EXPECT_FALSE(f.measured);
  EXPECT_EQ(f.misses, 1);
  EXPECT_LT(f.confidence, 0.8);
  f = tracker.update({}, false);  // no detector run: not a miss
  EXPECT_EQ(f.misses, 1);
  f = tracker.update({at(104, 100)}, true);
  EXPECT_TRUE(f.measured);
  EXPECT_FALSE(f.started);
  EXPECT_EQ(f.misses, 0);
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(tracker.update({}, true).active);
  EXPECT_FALSE(tracker.update({}, true).active);  // third miss: lost
  f = tracker.update({at(300, 300)}, true);
  EXPECT_TRUE(f.started);
  EXPECT_EQ(f.track_id, 1);
}

TEST(FaceTracker, AJumpToAnotherPlaceIsANewTrackOnlyOnceTheOldOneIsLost) {
  TrackerOptions options;
  options.max_misses = 1;
  FaceTracker tracker(options);
  tracker.update({at(100, 100)}, true);
  auto f = tracker.update({at(400, 300)}, true);
  EXPECT_FALSE(f.started);
  EXPECT_DOUBLE_EQ(f.box.x, 100);
  f = tracker.update({at(400, 300)}, true);
  EXPECT_TRUE(f.started);
  EXPECT_DOUBLE_EQ(f.box.x, 400);
}

TEST(CropSmoother, KeepsAStillBoxAndFollowsSteadyMotionWithoutLag) {
  CropSmoother still;
  for (int i = 0; i < 20; ++i) {
    const auto b = still.update({50, 60, 100, 80});
    EXPECT_NEAR(b.cx(), 100, 1e-9);
    EXPECT_NEAR(b.cy(), 100, 1e-9);
    EXPECT_NEAR(b.w, 100, 1e-9);  // square of the larger side
  }
  CropSmoother moving;
  dataset::Box b;
  for (int i = 0; i < 60; ++i) b = moving.update({100.0 + 4 * i, 100, 100, 100});
  EXPECT_NEAR(b.x, 100 + 4 * 59, 0.5);
  // Without a measurement it moves on at the same speed.
  b = moving.predict();
  EXPECT_NEAR(b.x, 100 + 4 * 60, 0.5);
}

TEST(CropSmoother, DampsJitterAndResetsToTheNextMeasurement) {
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0, 4);  // 4 % of the side
  CropSmoother smoother;
  double raw = 0, smoothed = 0;
  const int n = 300;
  for (int i = 0; i < n; ++i) {
    const double dx = noise(rng);
    const auto b = smoother.update({200 + dx, 200, 100, 100});
    if (i >= 30) {
      raw += dx * dx;
      smoothed += (b.x - 200) * (b.x - 200);
    }
  }
  EXPECT_LT(std::sqrt(smoothed / raw), 0.7);
  smoother.reset();
  const auto b = smoother.update({10, 20, 30, 30});
  EXPECT_DOUBLE_EQ(b.x, 10);
  SmootherOptions off;
  off.enabled = false;
  CropSmoother none(off);
  none.update({0, 0, 50, 50});
  EXPECT_DOUBLE_EQ(none.update({10, 0, 50, 50}).x, 10);
}

}  // namespace
}  // namespace synhead::inference
