// The pose files: synhead infer's CSV (with or without landmark columns) and the peer's, read strictly.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "temp_dir.h"
#include "user_error.h"
#include "synhead/sim2real/pose_csv.h"

namespace synhead::sim2real {
namespace {

using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

const std::string kInferHeader = "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll";

TEST(Sim2RealCsv, ReadsSynheadInferRowsWithAndWithoutLandmarks) {
  TempDir dir;
  write_file(dir / "a.csv", kInferHeader + "\n0,0.0000,0,0,0,0,0,0,0,0,0\n1,0.0400,0.9,1,10,20,100,100,1.5,-20.25,3\n");
  const PoseSeries a = read_infer_csv(dir / "a.csv");
  ASSERT_EQ(a.rows.size(), 2u);
  EXPECT_FALSE(a.rows[0].valid);
  EXPECT_TRUE(a.rows[1].valid);
  EXPECT_EQ(a.rows[1].frame, 1);
  EXPECT_DOUBLE_EQ(a.rows[1].timestamp_s, 0.04);
  EXPECT_DOUBLE_EQ(a.rows[1].pose_deg[0], 1.5);
  EXPECT_DOUBLE_EQ(a.rows[1].pose_deg[1], -20.25);
  EXPECT_DOUBLE_EQ(a.rows[1].pose_deg[2], 3);

  std::string header = kInferHeader, row = "0,0,0.9,1,1,2,3,4,5,6,7";
  for (const char* axis : {"x", "y"})
    for (int i = 0; i < 68; ++i) {
      header += fmt::format(",{}_{}", axis, i);
      row += ",1.0";
    }
  write_file(dir / "b.csv", header + "\n" + row + "\n");
  EXPECT_DOUBLE_EQ(read_infer_csv(dir / "b.csv").rows.at(0).pose_deg[2], 7);
}

TEST(Sim2RealCsv, PeerRowsRoundTrip) {
  TempDir dir;
  PeerFrame found;
  found.found = true;
  found.face = {10, 20, 90, 90};
  found.pose = {4.25, -31.5, 7.125};
  found.translation_mm = {1, 2, 600};
  write_file(dir / "p.csv", peer_csv_header() + "\n" + peer_csv_row(0, 0, PeerFrame{}) + "\n" +
                                peer_csv_row(1, 0.04, found) + "\n");
  const PoseSeries p = read_peer_csv(dir / "p.csv");
  ASSERT_EQ(p.rows.size(), 2u);
  EXPECT_FALSE(p.rows[0].valid);
  EXPECT_TRUE(p.rows[1].valid);
  EXPECT_NEAR(p.rows[1].pose_deg[0], 4.25, 1e-3);
  EXPECT_NEAR(p.rows[1].pose_deg[1], -31.5, 1e-3);
  EXPECT_NEAR(p.rows[1].pose_deg[2], 7.125, 1e-3);
}

TEST(Sim2RealCsv, BadFilesAreUserErrorsNamingTheFileAndLine) {
  TempDir dir;
  const auto file = (dir / "bad.csv").string();
  EXPECT_NE(user_error_of([&] { read_infer_csv(dir / "missing.csv"); }).find("missing.csv: synhead infer CSV not found"),
            std::string::npos);
  write_file(dir / "bad.csv", "frame,time_s,pitch,yaw,roll,tx,ty,tz\n0,0,1,2,3,4,5,6\n");  // a motion track
  EXPECT_NE(user_error_of([&] { read_infer_csv(dir / "bad.csv"); }).find(file + ":1: not a synhead infer CSV"),
            std::string::npos);
  write_file(dir / "bad.csv", kInferHeader + "\n0,0,0.9,1,1,2,3,4,5,6\n");
  EXPECT_NE(user_error_of([&] { read_infer_csv(dir / "bad.csv"); }).find(file + ":2: expected 11 cells, found 10"),
            std::string::npos);
  write_file(dir / "bad.csv", kInferHeader + "\n0,0,0.9,1,1,2,3,4,five,6,7\n");
  EXPECT_NE(user_error_of([&] { read_infer_csv(dir / "bad.csv"); }).find(file + ":2: column 'pitch'"),
            std::string::npos);
  write_file(dir / "bad.csv", kInferHeader + "\n3,0,0.9,1,1,2,3,4,5,6,7\n2,0,0.9,1,1,2,3,4,5,6,7\n");
  EXPECT_NE(user_error_of([&] { read_infer_csv(dir / "bad.csv"); }).find(file + ":3: frame 2 does not follow"),
            std::string::npos);
  write_file(dir / "bad.csv", kInferHeader + "\n");  // an infer CSV is not a peer CSV
  EXPECT_NE(user_error_of([&] { read_peer_csv(dir / "bad.csv"); }).find(file + ":1: not a sim2real peer CSV"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::sim2real
