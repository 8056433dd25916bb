// Detector box calibration: the fit recovers a known mapping, shrugs off outliers, and the calibrations file keeps
// one entry per detector.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "synhead/core/error.h"
#include "synhead/inference/box_calibration.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

TEST(BoxCalibration, AppliesOffsetAndScaleInDetectorSides) {
  deploy::BoxCalibration c;
  c.dx = 0.1;
  c.dy = -0.2;
  c.scale = 1.5;
  const dataset::Box b = apply_calibration(c, {100, 200, 80, 80});
  EXPECT_DOUBLE_EQ(b.cx(), 140 + 8);
  EXPECT_DOUBLE_EQ(b.cy(), 240 - 16);
  EXPECT_DOUBLE_EQ(b.w, 120);
  EXPECT_DOUBLE_EQ(b.h, 120);
}

TEST(BoxCalibration, FitRecoversAKnownMappingDespiteOutliers) {
  deploy::BoxCalibration truth;
  truth.dx = 0.03;
  truth.dy = 0.12;
  truth.scale = 1.18;
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> pos(50, 500), size(60, 200);
  std::normal_distribution<double> jitter(0, 0.01);
  std::vector<CalibrationSample> samples;
  for (int i = 0; i < 400; ++i) {
    dataset::Box detected{pos(rng), pos(rng), size(rng), 0};
    detected.h = detected.w;
    dataset::Box mapped = apply_calibration(truth, detected);
    // The landmark box is not square: only its larger side is the crop's.
    mapped.x += jitter(rng) * mapped.w;
    mapped.y += jitter(rng) * mapped.w + 0.1 * mapped.w;
    mapped.h *= 0.8;
    if (i % 10 == 0) mapped.x += 3 * mapped.w;  // a detection on something else
    samples.push_back({detected, mapped});
  }
  const auto fit = fit_box_calibration(samples, "hog", 500, "synthetic");
  EXPECT_NEAR(fit.dx, truth.dx, 0.005);
  EXPECT_NEAR(fit.dy, truth.dy, 0.005);
  EXPECT_NEAR(fit.scale, truth.scale, 0.005);
  EXPECT_LT(fit.median_centre_error, 0.03);
  EXPECT_LT(fit.median_scale_error, 0.005);
  EXPECT_DOUBLE_EQ(fit.detection_rate, 0.8);
  EXPECT_EQ(fit.frames, 400);
  EXPECT_EQ(fit.detector, "hog");
  EXPECT_THROW(fit_box_calibration({}, "haar", 10, "nothing"), core::UserError);
}

TEST(BoxCalibration, StoreReplacesTheSameDetectorAndKeepsOthers) {
  testing::TempDir dir;
  const auto file = dir / "detectors.json";
  deploy::BoxCalibration hog, haar;
  hog.detector = "hog";
  hog.scale = 1.2;
  haar.detector = "haar";
  haar.scale = 0.9;
  store_calibration(file, hog);
  store_calibration(file, haar);
  hog.scale = 1.3;
  store_calibration(file, hog);
  const auto all = read_calibrations(file);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].detector, "hog");
  EXPECT_DOUBLE_EQ(all[0].scale, 1.3);
  EXPECT_EQ(all[1].detector, "haar");
  testing::write_file(dir / "bad.json", "{\"detector\": 1}");
  EXPECT_THROW(read_calibrations(dir / "bad.json"), core::UserError);
}

TEST(BoxCalibration, ShippedFileHasEveryDetector) {
  const auto all = read_calibrations(shipped_calibrations_file());
  for (const char* name : {"hog", "haar"}) {
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.detector == name; });
    ASSERT_NE(it, all.end()) << name;
    EXPECT_GT(it->frames, 100) << name;
    EXPECT_GT(it->scale, 0.5) << name;
    EXPECT_LT(it->scale, 2.0) << name;
  }
}

}  // namespace
}  // namespace synhead::inference
