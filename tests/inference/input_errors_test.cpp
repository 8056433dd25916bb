// Inputs infer cannot read are user errors naming them: a missing or corrupt video, an empty image directory, a
// camera that does not open.

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "synhead/core/error.h"
#include "synhead/inference/frame_source.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

void expect_user_error_naming(const std::string& input, const std::string& name) {
  try {
    open_frame_source(input);
    FAIL() << input << " opened";
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
  }
}

TEST(FrameSource, BadInputsAreUserErrorsNamingThem) {
  testing::TempDir dir;
  expect_user_error_naming((dir / "missing.mp4").string(), "missing.mp4");
  testing::write_file(dir / "corrupt.avi", std::string(4096, 'x'));
  expect_user_error_naming((dir / "corrupt.avi").string(), "corrupt.avi");
  std::filesystem::create_directories(dir / "empty");
  expect_user_error_naming((dir / "empty").string(), "empty");
  expect_user_error_naming("camera:97", "camera:97");
  expect_user_error_naming("camera:x", "camera:x");
}

TEST(FrameSource, ImageDirectoryIsReadInNameOrderWithTimestamps) {
  testing::TempDir dir;
  for (int i : {2, 0, 1}) {
    cv::imwrite((dir / ("f" + std::to_string(i) + ".png")).string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(i * 50, 0, 0)));
  }
  auto source = open_frame_source(dir.path().string(), 10);
  ASSERT_EQ(source->frame_count(), 3u);
  Frame frame;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(source->next(frame));
    EXPECT_EQ(frame.index, i);
    EXPECT_DOUBLE_EQ(frame.timestamp_s, i / 10.0);
    EXPECT_EQ(frame.image.at<cv::Vec3b>(0, 0)[0], i * 50);
  }
  EXPECT_FALSE(source->next(frame));
}

}  // namespace
}  // namespace synhead::inference
