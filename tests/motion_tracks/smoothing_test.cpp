#include "synhead/motion_tracks/smoothing.h"

#include <gtest/gtest.h>

#include <cmath>

#include "synhead/core/random.h"

namespace synhead::motion_tracks {
namespace {

std::vector<double> frame_times(std::size_t n, double fps) {
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<double>(i) / fps;
  return t;
}

Track uniform_track(std::size_t n, double fps, const std::function<void(TrackFrame&)>& fill) {
  Track track;
  track.name = "t";
  for (std::size_t i = 0; i < n; ++i) {
    TrackFrame f;
    f.frame = static_cast<std::int64_t>(i);
    f.time_s = static_cast<double>(i) / fps;
    fill(f);
    track.frames.push_back(f);
  }
  return track;
}

TEST(Smoothing, PreservesConstantSignalIncludingTheEnds) {
  const auto times = frame_times(50, 30);
  const auto out = gaussian_smooth(times, std::vector<double>(50, 7.25), 3.0 / 30);
  for (double v : out) EXPECT_NEAR(v, 7.25, 1e-12);
}

TEST(Smoothing, PreservesLinearRampAwayFromTheEnds) {
  const auto times = frame_times(100, 30);
  std::vector<double> ramp(100);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = 2.0 * static_cast<double>(i);
  const auto out = gaussian_smooth(times, ramp, 2.0 / 30);
  for (std::size_t i = 10; i < 90; ++i) EXPECT_NEAR(out[i], ramp[i], 1e-9);
}

TEST(Smoothing, ImpulseResponseIsTheNormalisedGaussian) {
  const double sigma_frames = 2.5;
  const auto times = frame_times(61, 30);
  std::vector<double> impulse(61, 0.0);
  impulse[30] = 1.0;
  const auto out = gaussian_smooth(times, impulse, sigma_frames / 30, 4.0);
  double norm = 0;
  for (int k = -10; k <= 10; ++k) norm += std::exp(-k * k / (2 * sigma_frames * sigma_frames));
  for (int k = -10; k <= 10; ++k)
    EXPECT_NEAR(out[static_cast<std::size_t>(30 + k)], std::exp(-k * k / (2 * sigma_frames * sigma_frames)) / norm, 1e-12);
  EXPECT_EQ(out[30 - 11], 0.0);  // outside the 4-sigma support
}

TEST(Smoothing, WhiteNoiseVarianceDropsByTheExpectedFactor) {
  // For a normalised Gaussian kernel the variance of smoothed white noise is Σw² ≈ 1 / (2 σ √π).
  const double sigma_frames = 3.0;
  const std::size_t n = 40000;
  core::Rng rng(3);
  std::vector<double> noise(n);
  for (auto& x : noise) x = rng.normal();
  const auto out = gaussian_smooth(frame_times(n, 30), noise, sigma_frames / 30);
  double var_in = 0, var_out = 0;
  for (std::size_t i = 100; i + 100 < n; ++i) {
    var_in += noise[i] * noise[i];
    var_out += out[i] * out[i];
  }
  const double expected = 1.0 / (2 * sigma_frames * std::sqrt(M_PI));
  EXPECT_NEAR(var_out / var_in, expected, 0.05 * expected);
}

TEST(Smoothing, WeightsFollowRealTimesAcrossDroppedFrames) {
  // Samples at t = 0, 1, 2 and 10 s: with sigma 0.5 s the isolated sample keeps its value.
  const auto out = gaussian_smooth({0, 1, 2, 10}, {0, 0, 0, 5}, 0.5);
  EXPECT_DOUBLE_EQ(out[3], 5);
  EXPECT_DOUBLE_EQ(out[0], 0);
}

TEST(Smoothing, AnglesCrossingPlusMinus180HaveNoArtefact) {
  // Roll passes through ±180° at a steady 2°/frame: smoothing must keep it a straight line, not pull toward 0.
  const Track track = uniform_track(60, 30, [](TrackFrame& f) { f.roll = wrap_angle_deg(150 + 2.0 * static_cast<double>(f.frame)); });
  SmoothingConfig config;
  config.sigma = 2;
  const Track out = smooth_track(track, config);
  for (std::size_t i = 10; i < 50; ++i)
    EXPECT_NEAR(wrap_angle_deg(out.frames[i].roll - track.frames[i].roll), 0, 1e-9) << "frame " << i;
}

TEST(Smoothing, SigmaUnits) {
  SmoothingConfig frames;
  frames.sigma = 3;
  EXPECT_DOUBLE_EQ(sigma_in_seconds(frames, 30), 0.1);
  SmoothingConfig seconds;
  seconds.sigma = 0.2;
  seconds.unit = "seconds";
  EXPECT_DOUBLE_EQ(sigma_in_seconds(seconds, 30), 0.2);
}

TEST(Smoothing, SmoothTrackReducesJitterAndKeepsMean) {
  core::Rng rng(9);
  const Track noisy = uniform_track(3000, 30, [&](TrackFrame& f) {
    f.yaw = 20 + rng.normal(0, 2);
    f.tz = 900 + rng.normal(0, 10);
  });
  SmoothingConfig config;
  config.sigma = 4;
  const Track out = smooth_track(noisy, config);
  double mean_in = 0, mean_out = 0, jitter = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    mean_in += noisy.frames[i].yaw;
    mean_out += out.frames[i].yaw;
    jitter += std::abs(out.frames[i].tz - 900);
  }
  EXPECT_NEAR(mean_out / 3000, mean_in / 3000, 0.02);
  EXPECT_LT(jitter / 3000, 3.0);  // raw mean absolute deviation is ≈ 8 mm
}

TEST(Resample, SameRateReproducesTheTrack) {
  const Track track = uniform_track(30, 30, [](TrackFrame& f) {
    f.yaw = 1.5 * static_cast<double>(f.frame);
    f.tx = static_cast<double>(f.frame);
  });
  const Track out = resample_track(track, 30);
  ASSERT_EQ(out.size(), track.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out.frames[i].yaw, track.frames[i].yaw, 1e-9);
    EXPECT_NEAR(out.frames[i].tx, track.frames[i].tx, 1e-9);
    EXPECT_EQ(out.frames[i].frame, static_cast<std::int64_t>(i));
  }
}

TEST(Resample, DoublingTheRateInterpolatesRotationsAndTranslations) {
  const Track track = uniform_track(11, 10, [](TrackFrame& f) {
    f.yaw = 4.0 * static_cast<double>(f.frame);
    f.tz = 800 + 10.0 * static_cast<double>(f.frame);
  });
  const Track out = resample_track(track, 20);
  ASSERT_EQ(out.size(), 21u);
  EXPECT_NEAR(out.frames[1].time_s, 0.05, 1e-12);
  EXPECT_NEAR(out.frames[1].yaw, 2.0, 1e-9);
  EXPECT_NEAR(out.frames[1].tz, 805, 1e-9);
  EXPECT_NEAR(out.frames[20].yaw, 40, 1e-9);
}

TEST(Resample, RollAcross180TakesTheShortWay) {
  Track track;
  track.frames = {{0, 0.0, 0, 0, 170, 0, 0, 0}, {1, 0.1, 0, 0, -170, 0, 0, 0}};
  const Track out = resample_track(track, 20);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_NEAR(std::abs(out.frames[1].roll), 180, 1e-9);
}

}  // namespace
}  // namespace synhead::motion_tracks
