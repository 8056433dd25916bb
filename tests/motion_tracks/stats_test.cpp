#include "synhead/motion_tracks/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "synhead/motion_tracks/generator.h"
#include "temp_dir.h"

namespace synhead::motion_tracks {
namespace {

std::vector<double> sine(double hz, double fps, std::size_t n) {
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) s[i] = std::sin(2 * M_PI * hz * static_cast<double>(i) / fps);
  return s;
}

TEST(Stats, Percentile) {
  EXPECT_DOUBLE_EQ(percentile({3, 1, 2}, 50), 2);
  EXPECT_DOUBLE_EQ(percentile({0, 10}, 25), 2.5);
  EXPECT_DOUBLE_EQ(percentile({5}, 99), 5);
}

TEST(Stats, PowerFractionSeparatesLowAndHighFrequencies) {
  EXPECT_LT(power_fraction_above(sine(1.0, 30, 1200), 30, 3.0), 0.001);
  EXPECT_GT(power_fraction_above(sine(6.0, 30, 1200), 30, 3.0), 0.999);
  auto mix = sine(1.0, 30, 1200);
  const auto high = sine(8.0, 30, 1200);
  for (std::size_t i = 0; i < mix.size(); ++i) mix[i] += high[i];  // equal power in both
  EXPECT_NEAR(power_fraction_above(mix, 30, 3.0), 0.5, 0.01);
}

TEST(Stats, RangesSpeedsAndJson) {
  Track track;
  track.name = "turn";
  for (int i = 0; i <= 30; ++i) track.frames.push_back({i, i / 30.0, 0, 2.0 * i, 0, 0, 0, 1000});  // 60 °/s yaw
  const auto stats = compute_stats({track});
  EXPECT_EQ(stats.frames, 31u);
  EXPECT_DOUBLE_EQ(stats.yaw.max, 60);
  EXPECT_DOUBLE_EQ(stats.yaw.min, 0);
  EXPECT_NEAR(stats.speed_p50, 60, 1e-6);
  EXPECT_NEAR(stats.speed_max, 60, 1e-6);
  EXPECT_DOUBLE_EQ(stats.still_fraction, 0);
  const auto json = to_json(stats);
  EXPECT_DOUBLE_EQ(json["pose"]["yaw"]["max"].get<double>(), 60);
  EXPECT_EQ(json["frames"].get<int>(), 31);
  EXPECT_NE(format_stats_table(stats).find("| yaw (deg) | 0.0 | 60.0 |"), std::string::npos);
}

TEST(Stats, PoseHistogramCountsFramesPerBin) {
  Track track;
  for (int i = 0; i < 10; ++i) track.frames.push_back({i, i / 30.0, 2, 2, 0, 0, 0, 1000});  // pitch 2, yaw 2
  track.frames.push_back({10, 10 / 30.0, 12, -7, 0, 0, 0, 1000});
  const auto rows = pose_histogram({track}, &TrackFrame::yaw, &TrackFrame::pitch);
  ASSERT_EQ(rows.size(), 72u * 73u);  // 72 bins of 5°, each row of bins ends with a separator
  std::vector<std::vector<double>> filled;
  for (const auto& r : rows)
    if (!r.empty() && !std::isnan(r[2])) filled.push_back(r);
  ASSERT_EQ(filled.size(), 2u);
  EXPECT_EQ(filled[0], (std::vector<double>{2.5, 2.5, 1.0}));  // log10(10 frames), x = yaw, y = pitch
  EXPECT_EQ(filled[1], (std::vector<double>{-7.5, 12.5, 0.0}));
}

TEST(Stats, PlotWritesAPng) {
  synhead::testing::TempDir dir;
  GeneratorConfig config;
  config.frames = 120;
  plot_track_stats({generate_track(config, 1, 0), generate_track(config, 1, 1)}, 1, dir / "stats.png");
  const std::string png = synhead::testing::read_file(dir / "stats.png");
  ASSERT_GT(png.size(), 10000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
}

}  // namespace
}  // namespace synhead::motion_tracks
