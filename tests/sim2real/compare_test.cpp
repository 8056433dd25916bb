// compare_poses and the acceptance bar on series built here: a synhead that is the peer plus a constant offset
// agrees perfectly; frames where either has no pose are left out and counted; the outputs say what failed.

#include <gtest/gtest.h>

#include <cmath>

#include "temp_dir.h"
#include "synhead/sim2real/compare.h"

namespace synhead::sim2real {
namespace {

// 60 frames at 30 fps of a head turning and nodding; `valid(i)` says whether frame i has a pose.
template <class Valid>
PoseSeries series(double yaw_amplitude, double offset, Valid valid) {
  PoseSeries s;
  for (int i = 0; i < 60; ++i) {
    PoseRow r;
    r.frame = i;
    r.timestamp_s = i / 30.0;
    r.valid = valid(i);
    const double t = i / 30.0;
    r.pose_deg = {8 * std::sin(2 * t) + offset, yaw_amplitude * std::sin(3 * t) + offset, 0.5 * std::cos(t) + offset};
    s.rows.push_back(r);
  }
  return s;
}

TEST(Sim2RealCompare, ASynheadOffsetFromThePeerAgreesPerfectly) {
  const PoseSeries peer = series(30, 0, [](int i) { return i != 10; });
  const PoseSeries ours = series(30, 6, [](int i) { return i != 20 && i != 21; });
  const VideoComparison v = compare_poses("clip", ours, peer);
  EXPECT_EQ(v.frames, 60u);
  EXPECT_EQ(v.peer_found, 59u);
  EXPECT_EQ(v.synhead_success, 58u);
  EXPECT_EQ(v.both, 57u);
  EXPECT_NEAR(v.detection_rate, 57.0 / 59.0, 1e-12);
  for (std::size_t a = 0; a < 3; ++a) {
    EXPECT_NEAR(v.angles[a].correlation, 1.0, 1e-9) << kAngleNames[a];
    EXPECT_NEAR(v.angles[a].offset_free_mae_deg, 0.0, 1e-9) << kAngleNames[a];
    EXPECT_NEAR(v.angles[a].mean_offset_deg, 6.0, 1e-9) << kAngleNames[a];
    EXPECT_NEAR(v.angles[a].jitter_synhead_deg, v.angles[a].jitter_peer_deg, 1e-9) << kAngleNames[a];
    EXPECT_EQ(v.angles[a].steps, 54u);  // runs 0–9, 11–19, 22–59: 9 + 8 + 37 pairs
  }
  EXPECT_GT(v.angles[1].peer_std_deg, 15);
  EXPECT_LT(v.angles[2].peer_std_deg, 3);  // roll barely moves: its correlation is not judged

  const AcceptanceBar bar;
  const std::vector<Check> checks = acceptance_checks(v, bar);
  ASSERT_EQ(checks.size(), 6u);  // detection, pitch r, yaw r, yaw jitter, roll r, roll jitter
  for (const Check& c : checks) EXPECT_TRUE(c.passed) << c.angle << " " << c.criterion;
  EXPECT_FALSE(checks[4].applies);  // roll's correlation
  const nlohmann::json json = comparisons_to_json({v}, bar);
  EXPECT_TRUE(json["overall"]["passed"].get<bool>());
  EXPECT_TRUE(json["videos"][0]["angles"]["roll"]["correlation"].is_number());
  EXPECT_NE(comparisons_markdown({v}, bar).find("**Result: passes the bar.**"), std::string::npos);
}

TEST(Sim2RealCompare, MissedFacesJitterAndWrongSignsFailTheBar) {
  const PoseSeries peer = series(30, 0, [](int) { return true; });
  PoseSeries ours = series(30, 0, [](int i) { return i % 10 != 0; });  // 54 of 60: 0.9 < 0.95
  for (auto& r : ours.rows) {
    r.pose_deg[0] = -r.pose_deg[0];                           // pitch with the wrong sign
    r.pose_deg[1] += (r.frame % 2 ? 2.0 : -2.0);              // yaw jittering by ±2°
  }
  const VideoComparison v = compare_poses("noisy", ours, peer);
  EXPECT_NEAR(v.detection_rate, 0.9, 1e-12);
  EXPECT_NEAR(v.angles[0].correlation, -1.0, 1e-9);
  EXPECT_GT(v.angles[1].jitter_synhead_deg, 1.2 * v.angles[1].jitter_peer_deg);
  const nlohmann::json json = comparisons_to_json({v}, AcceptanceBar{});
  EXPECT_FALSE(json["overall"]["passed"].get<bool>());
  EXPECT_EQ(json["overall"]["failed"].size(), 3u) << json["overall"]["failed"].dump();
  const std::string md = comparisons_markdown({v}, AcceptanceBar{});
  EXPECT_NE(md.find("fails the bar"), std::string::npos);
  EXPECT_NE(md.find("noisy: detection rate 0.900"), std::string::npos) << md;
  EXPECT_NE(md.find("noisy pitch: r -1.000"), std::string::npos) << md;
  EXPECT_NE(md.find("noisy yaw: jitter ratio"), std::string::npos) << md;
}

TEST(Sim2RealCompare, PlotsTheThreeAnglesOverTime) {
  testing::TempDir dir;
  const PoseSeries peer = series(30, 0, [](int i) { return i < 25 || i > 30; });
  const PoseSeries ours = series(30, 3, [](int) { return true; });
  plot_comparison(compare_poses("clip", ours, peer), ours, peer, dir / "plots" / "clip.png");
  EXPECT_GT(std::filesystem::file_size(dir / "plots" / "clip.png"), 10000u);
}

}  // namespace
}  // namespace synhead::sim2real
