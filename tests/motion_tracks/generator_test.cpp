#include "synhead/motion_tracks/generator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "synhead/motion_tracks/stats.h"
#include "synhead/motion_tracks/track_csv.h"
#include "temp_dir.h"

namespace synhead::motion_tracks {
namespace {

using synhead::testing::read_file;
using synhead::testing::TempDir;

std::vector<Track> generate_set(const GeneratorConfig& config, std::uint64_t seed, int count) {
  std::vector<Track> tracks;
  for (int i = 0; i < count; ++i) tracks.push_back(generate_track(config, seed, i));
  return tracks;
}

GeneratorConfig thirty_seconds() {
  GeneratorConfig config;
  config.frames = 900;
  return config;
}

TEST(Generator, SameSeedGivesIdenticalCsv) {
  TempDir dir;
  write_track_csv(dir / "a.csv", generate_track(GeneratorConfig{}, 42, 3));
  write_track_csv(dir / "b.csv", generate_track(GeneratorConfig{}, 42, 3));
  write_track_csv(dir / "c.csv", generate_track(GeneratorConfig{}, 43, 3));
  write_track_csv(dir / "d.csv", generate_track(GeneratorConfig{}, 42, 4));
  EXPECT_EQ(read_file(dir / "a.csv"), read_file(dir / "b.csv"));
  EXPECT_NE(read_file(dir / "a.csv"), read_file(dir / "c.csv"));
  EXPECT_NE(read_file(dir / "a.csv"), read_file(dir / "d.csv"));
}

TEST(Generator, FramesAndTimesFollowTheConfig) {
  GeneratorConfig config;
  config.frames = 250;
  config.fps = 25;
  const Track track = generate_track(config, 1, 7);
  EXPECT_EQ(track.name, "track_007");
  ASSERT_EQ(track.size(), 250u);
  EXPECT_EQ(track.frames.back().frame, 249);
  EXPECT_NEAR(track.frames.back().time_s, 249.0 / 25, 1e-12);
  EXPECT_NEAR(track.nominal_fps(), 25, 1e-9);
}

TEST(Generator, AnglesStayInsideTheirRangesAndCoverThem) {
  const auto config = thirty_seconds();
  const auto stats = compute_stats(generate_set(config, 1, 24));
  EXPECT_GE(stats.yaw.min, config.yaw_range[0]);
  EXPECT_LE(stats.yaw.max, config.yaw_range[1]);
  EXPECT_GE(stats.pitch.min, config.pitch_range[0]);
  EXPECT_LE(stats.pitch.max, config.pitch_range[1]);
  EXPECT_GE(stats.roll.min, config.roll_range[0]);
  EXPECT_LE(stats.roll.max, config.roll_range[1]);
  // BIWI-like coverage: wide yaw, narrower pitch, small roll, centred on the frontal pose.
  EXPECT_LT(stats.yaw.min, -60);
  EXPECT_GT(stats.yaw.max, 60);
  EXPECT_LT(stats.pitch.min, -40);
  EXPECT_GT(stats.pitch.max, 40);
  EXPECT_GT(stats.yaw.std, stats.pitch.std);
  EXPECT_GT(stats.pitch.std, stats.roll.std);
  EXPECT_NEAR(stats.yaw.mean, 0, 8);
  EXPECT_NEAR(stats.pitch.mean, 0, 6);
}

TEST(Generator, PeakSpeedsAreNaturalAndFixationsExist) {
  const auto tracks = generate_set(thirty_seconds(), 2, 24);
  std::vector<double> peaks;
  for (const auto& t : tracks) {
    const auto speeds = angular_speeds_deg_s(t);
    peaks.push_back(*std::max_element(speeds.begin(), speeds.end()));
  }
  // Each 30 s track peaks within the natural 100–200 °/s band.
  EXPECT_GE(*std::min_element(peaks.begin(), peaks.end()), 100);
  EXPECT_LE(*std::max_element(peaks.begin(), peaks.end()), 200);
  const auto stats = compute_stats(tracks);
  EXPECT_GT(stats.still_fraction, 0.25);  // fixations
  EXPECT_LT(stats.still_fraction, 0.75);
  EXPECT_GT(stats.speed_p90, 40);         // and real movements
}

TEST(Generator, MotionIsBandLimited) {
  const auto stats = compute_stats(generate_set(thirty_seconds(), 3, 12));
  EXPECT_LT(stats.power_above_3hz, 0.005);
  EXPECT_LT(stats.power_above_5hz, 0.0005);
}

TEST(Generator, TranslationDriftsTowardAndAwayFromTheCamera) {
  const auto config = thirty_seconds();
  const auto tracks = generate_set(config, 4, 24);
  const auto stats = compute_stats(tracks);
  EXPECT_GT(stats.tz.min, config.distance_mm[0] - 4 * config.depth_drift_mm);
  EXPECT_LT(stats.tz.max, config.distance_mm[1] + 4 * config.depth_drift_mm);
  double mean_within_track_std = 0;
  for (const auto& t : tracks) mean_within_track_std += compute_stats({t}).tz.std / static_cast<double>(tracks.size());
  // The drift is scaled to this std; the final 2.5 Hz low-pass barely touches a 3 s drift.
  EXPECT_NEAR(mean_within_track_std, config.depth_drift_mm, 0.5);
  EXPECT_NEAR(stats.tx.mean, 0, 0.01);
}

TEST(Generator, NarrowRangesAreRespected) {
  GeneratorConfig config = thirty_seconds();
  config.yaw_range = {-20, 10};
  config.pitch_range = {0, 30};
  const auto stats = compute_stats(generate_set(config, 5, 8));
  EXPECT_GE(stats.yaw.min, -20);
  EXPECT_LE(stats.yaw.max, 10);
  EXPECT_GE(stats.pitch.min, 0);
  EXPECT_LE(stats.pitch.max, 30);
}

TEST(Generator, CutoffSigmaGivesMinus3dB) {
  const double sigma = gaussian_sigma_for_cutoff(2.5);
  const double response = std::exp(-2 * M_PI * M_PI * sigma * sigma * 2.5 * 2.5);
  EXPECT_NEAR(response, 0.5, 1e-12);  // half power
}

}  // namespace
}  // namespace synhead::motion_tracks
