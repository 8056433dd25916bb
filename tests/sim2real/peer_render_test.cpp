// The peer on rendered faces, where the pose is known: dlib + PnP of the generic face must land within a few degrees
// of the truth and — the point of the test — with synhead's signs for every angle. The generic face is not the
// rendered head (the built-in heads are shallower; face_model.h), so the tolerance is loose: kToleranceDeg = 8°.
// Measured (female_03, male_02; 9 poses within ±25°): yaw within 4.5°, roll within 2.3°; pitch 0.7–0.8× the truth
// (the generic face's nose stands further out than the heads') around a per-head offset.

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <opencv2/videoio.hpp>

#include "cli_runner.h"
#include "gl_skip.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"
#include "synhead/sim2real/pose_csv.h"

namespace synhead::sim2real {
namespace {

constexpr double kToleranceDeg = 8;
constexpr double kFocalPx = 517.7;

struct RenderedFaces {
  renderer::Renderer renderer;
  cv::Mat background{480, 640, CV_8UC3, cv::Scalar(95, 105, 115)};
  RenderedFaces() : renderer(config()) {}
  static renderer::RendererConfig config() {
    renderer::RendererConfig c;
    c.camera = {640, 480, kFocalPx, kFocalPx, 320, 240};
    return c;
  }
  renderer::Frame render(const std::string& head, const motion_tracks::EulerDeg& e) {
    if (!heads.count(head)) heads[head] = renderer.upload(renderer::resolve_head(head));
    const dataset::Pose pose{motion_tracks::rotation_from_euler(e), {10.0, 0.0, 650.0}};
    return renderer.render(pose, renderer::HeadInstance{heads[head], renderer::Appearance{}}, background);
  }
  std::map<std::string, std::shared_ptr<const renderer::GpuHead>> heads;
};

TEST(Sim2RealPeer, FindsRenderedFacesAtTheirPoseWithSynheadsSigns) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  RenderedFaces faces;
  PeerOptions options;
  options.focal_px = kFocalPx;
  PeerEstimator peer(options);
  const std::vector<motion_tracks::EulerDeg> poses{{0, 0, 0},   {0, 25, 0},  {0, -25, 0},  {15, 0, 0},  {-15, 0, 0},
                                                   {0, 0, 20},  {0, 0, -20}, {10, -20, 10}, {-10, 20, -10}};
  for (const std::string head : {"female_03", "male_02"}) {
    std::vector<motion_tracks::EulerDeg> found;
    for (const auto& truth : poses) {
      const PeerFrame p = peer.estimate(faces.render(head, truth).image);
      ASSERT_TRUE(p.found) << head << " at " << truth.pitch << ", " << truth.yaw << ", " << truth.roll;
      found.push_back(p.pose);
    }
    // Pitch is judged from the head's own frontal estimate: where a face is "upright" differs between the generic
    // face and each head (measured: −0.9° on female_03, +5.7° on male_02), a constant the comparison removes too.
    const double pitch_offset = found[0].pitch;
    EXPECT_LT(std::abs(pitch_offset), kToleranceDeg) << head;
    for (std::size_t i = 0; i < poses.size(); ++i) {
      const auto& truth = poses[i];
      const std::string where = fmt::format("{} at pitch {}, yaw {}, roll {}: the peer says {:.1f}, {:.1f}, {:.1f}",
                                            head, truth.pitch, truth.yaw, truth.roll, found[i].pitch, found[i].yaw,
                                            found[i].roll);
      EXPECT_NEAR(found[i].pitch - pitch_offset, truth.pitch, kToleranceDeg) << where;
      EXPECT_NEAR(found[i].yaw, truth.yaw, kToleranceDeg) << where;
      EXPECT_NEAR(found[i].roll, truth.roll, kToleranceDeg) << where;
    }
    // The signs on their own, free of any offset between the generic face and this head: each ±pair is ordered.
    EXPECT_GT(found[1].yaw - found[2].yaw, 30) << head;      // yaw +25 vs −25
    EXPECT_GT(found[3].pitch - found[4].pitch, 15) << head;  // pitch +15 vs −15
    EXPECT_GT(found[5].roll - found[6].roll, 25) << head;    // roll +20 vs −20
  }
}

// The command line on a rendered clip (a yaw sweep): the peer's CSV follows the sweep, and compare, given the true
// angles as synhead's, reports a near-perfect match.
TEST(Sim2RealPeer, PeerAndCompareOnARenderedClip) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  testing::TempDir dir;
  RenderedFaces faces;
  std::filesystem::create_directories(dir / "videos");
  cv::VideoWriter video((dir / "videos" / "sweep.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10,
                        cv::Size(640, 480));
  ASSERT_TRUE(video.isOpened());
  std::string infer = "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll\n";
  constexpr int kFrames = 9;
  for (int i = 0; i < kFrames; ++i) {
    const motion_tracks::EulerDeg truth{5.0 - i, -30.0 + 7.5 * i, 0.5 * i};
    video.write(faces.render("female_01", truth).image);
    infer += fmt::format("{},{:.4f},0.9,1,0,0,1,1,{},{},{}\n", i, i / 10.0, truth.pitch, truth.yaw, truth.roll);
  }
  video.release();
  testing::write_file(dir / "infer" / "sweep.csv", infer);
  const std::string focal = fmt::format(" --focal {}", kFocalPx);
  auto r = testing::run_cli("-q peer --input " + testing::quoted(dir / "videos" / "sweep.avi") + " --out " +
                            testing::quoted(dir / "peer.csv") + focal, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const PoseSeries peer = read_peer_csv(dir / "peer.csv");
  ASSERT_EQ(peer.rows.size(), static_cast<std::size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    ASSERT_TRUE(peer.rows[i].valid) << i;
    EXPECT_NEAR(peer.rows[i].pose_deg[1], -30.0 + 7.5 * i, kToleranceDeg) << i;
  }
  r = testing::run_cli("-q compare --videos " + testing::quoted(dir / "videos") + " --infer-dir " +
                       testing::quoted(dir / "infer") + " --out " + testing::quoted(dir / "out") + focal, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto json = nlohmann::json::parse(testing::read_file(dir / "out" / "sim2real.json"));
  EXPECT_EQ(json["videos"][0]["both"], kFrames);
  EXPECT_GT(json["videos"][0]["angles"]["yaw"]["correlation"].get<double>(), 0.98) << json.dump(1);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "plots" / "sweep.png"));
}

}  // namespace
}  // namespace synhead::sim2real
