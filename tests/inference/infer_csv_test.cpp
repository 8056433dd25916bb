// The OpenFace-like results CSV: exact header, one row per frame, success 0 rows for frames without a face.

#include <gtest/gtest.h>

#include <algorithm>

#include "synhead/inference/infer_csv.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

TEST(InferCsv, HeaderIsTheDocumentedOne) {
  EXPECT_EQ(infer_csv_header(false), "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll");
  const std::string with = infer_csv_header(true);
  EXPECT_EQ(with.rfind(infer_csv_header(false) + ",x_0,x_1,", 0), 0u);
  EXPECT_NE(with.find(",x_67,y_0,"), std::string::npos);
  EXPECT_EQ(with.substr(with.size() - 5), ",y_67");
}

TEST(InferCsv, RowsForFacesAndForFramesWithout) {
  FrameResult r;
  r.frame = 7;
  r.timestamp_s = 0.25;
  r.success = true;
  r.confidence = 0.9;
  r.face = {10, 20, 30, 30};
  r.pose_deg = {1.5, -2.25, 3};
  EXPECT_EQ(infer_csv_row(r, false), "7,0.2500,0.900,1,10.00,20.00,30.00,30.00,1.500,-2.250,3.000");
  FrameResult none;
  none.frame = 8;
  none.timestamp_s = 8 / 30.0;
  EXPECT_EQ(infer_csv_row(none, false), "8,0.2667,0,0,0,0,0,0,0,0,0");
  r.landmarks.assign(136, 5.0);
  const std::string row = infer_csv_row(r, true);
  EXPECT_EQ(std::count(row.begin(), row.end(), ','), 10 + 136);
  const std::string empty_row = infer_csv_row(none, true);
  EXPECT_EQ(std::count(empty_row.begin(), empty_row.end(), ','), 10 + 136);
}

TEST(InferCsv, WriterAppearsOnlyWhenCommitted) {
  testing::TempDir dir;
  const auto file = dir / "out.csv";
  {
    InferCsvWriter writer(file, false);
    FrameResult r;
    writer.write(r);
    EXPECT_FALSE(std::filesystem::exists(file));
    writer.commit();
  }
  EXPECT_EQ(testing::read_file(file), infer_csv_header(false) + "\n0,0.0000,0,0,0,0,0,0,0,0,0\n");
}

}  // namespace
}  // namespace synhead::inference
