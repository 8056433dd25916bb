#include "synhead/dataset/labels.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace synhead::dataset {
namespace {

dataset::FrameLabels sample_labels() {
  dataset::FrameLabels l;
  l.frame = 42;
  l.time_s = 1.4;
  l.angles = {10, -20, 5};
  l.rotation = motion_tracks::rotation_from_euler(l.angles);
  l.translation_mm = {1.5, -2, 900};
  l.box = {100.25, 80, 120, 130.5};
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    l.landmarks[static_cast<std::size_t>(i)] = {100 + i * 1.5, 200 - i / 3.0};
    l.visible[static_cast<std::size_t>(i)] = i % 3 != 0;
  }
  return l;
}

TEST(Labels, ColumnsFollowTheConvention) {
  const auto& c = label_columns();
  ASSERT_EQ(c.size(), 5u + 9 + 3 + 4 + 3 * dataset::kLandmarkCount);
  EXPECT_EQ(labels_csv_header().rfind("frame,time_s,pitch,yaw,roll,r00,r01,r02,r10,r11,r12,r20,r21,r22,tx,ty,tz,"
                                      "bbox_x,bbox_y,bbox_w,bbox_h,x_0,x_1,", 0), 0u);
  EXPECT_EQ(c[17], "bbox_x");
  EXPECT_EQ(c[21], "x_0");
  EXPECT_EQ(c[21 + 68], "y_0");
  EXPECT_EQ(c.back(), "v_67");
}

TEST(Labels, CsvRowRoundTripsExactly) {
  const dataset::FrameLabels l = sample_labels();
  const dataset::FrameLabels back = labels_from_csv_row(labels_csv_row(l));
  EXPECT_EQ(back.frame, 42);
  EXPECT_EQ(back.time_s, 1.4);
  EXPECT_EQ(back.angles.yaw, -20);
  EXPECT_EQ(motion_tracks::rows_of(back.rotation), motion_tracks::rows_of(l.rotation));
  EXPECT_EQ(back.box.x, 100.25);
  EXPECT_EQ(back.landmarks[67].x, l.landmarks[67].x);
  EXPECT_EQ(back.visible, l.visible);
  EXPECT_THROW(labels_from_csv_row("1,2,3"), std::invalid_argument);
}

TEST(Labels, JsonUsesTheColumnNames) {
  const auto j = labels_to_json(sample_labels());
  EXPECT_EQ(j.size(), label_columns().size());
  EXPECT_EQ(j["frame"].get<int>(), 42);
  EXPECT_EQ(j["v_0"].get<int>(), 0);
  EXPECT_EQ(j["v_1"].get<int>(), 1);
  EXPECT_DOUBLE_EQ(j["tz"].get<double>(), 900);
}

}  // namespace
}  // namespace synhead::dataset
