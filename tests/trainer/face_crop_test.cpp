#include "synhead/trainer/face_crop.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace synhead::trainer {
namespace {

// Pixel (x, y) of a BGR image = (x, y, 7) in B, G, R: every pixel tells where it came from.
cv::Mat coordinate_image(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) image.at<cv::Vec3b>(y, x) = {static_cast<uchar>(x), static_cast<uchar>(y), 7};
  }
  return image;
}

TEST(FaceCrop, WindowIsASquareAroundTheBoxCentreWithMargin) {
  const dataset::Box box{10, 20, 40, 30};
  const dataset::Box w = crop_window(box, 0.5);
  EXPECT_DOUBLE_EQ(w.w, 60);  // (1 + 0.5) × max(40, 30)
  EXPECT_DOUBLE_EQ(w.h, 60);
  EXPECT_DOUBLE_EQ(w.cx(), box.cx());
  EXPECT_DOUBLE_EQ(w.cy(), box.cy());

  const dataset::Box jittered = crop_window(box, 0.5, {1.1, 0.1, -0.05});
  EXPECT_DOUBLE_EQ(jittered.w, 66);
  EXPECT_DOUBLE_EQ(jittered.cx(), box.cx() + 6);  // shift × the unjittered side
  EXPECT_DOUBLE_EQ(jittered.cy(), box.cy() - 3);
}

TEST(FaceCrop, LandmarksMapToCropUnits) {
  const dataset::Box box{10, 20, 40, 30};
  const dataset::Box w = crop_window(box, 0.3);
  const glm::dvec2 centre = to_crop_units({box.cx(), box.cy()}, w);
  EXPECT_DOUBLE_EQ(centre.x, 0.5);
  EXPECT_DOUBLE_EQ(centre.y, 0.5);
  const glm::dvec2 corner = to_crop_units({w.x + w.w, w.y}, w);
  EXPECT_DOUBLE_EQ(corner.x, 1);
  EXPECT_DOUBLE_EQ(corner.y, 0);
}

TEST(FaceCrop, SamplesTheWindowAsRgbInUnitRange) {
  const cv::Mat image = coordinate_image(40, 30);
  const cv::Mat crop = crop_face(image, {12, 5, 8, 8}, 8);  // one image pixel per crop pixel
  ASSERT_EQ(crop.type(), CV_32FC3);
  ASSERT_EQ(crop.size(), cv::Size(8, 8));
  for (int v = 0; v < 8; ++v) {
    for (int u = 0; u < 8; ++u) {
      const cv::Vec3f p = crop.at<cv::Vec3f>(v, u);
      EXPECT_FLOAT_EQ(p[0], 7 / 255.f);  // R
      EXPECT_FLOAT_EQ(p[1], static_cast<float>(5 + v) / 255);
      EXPECT_FLOAT_EQ(p[2], static_cast<float>(12 + u) / 255);
    }
  }
}

TEST(FaceCrop, LargeWindowsAreAreaAveraged) {
  // Alternating black and white columns: point sampling at 1/4 scale would alias to one of them.
  cv::Mat image(32, 32, CV_8UC3, cv::Scalar::all(0));
  for (int x = 0; x < 32; x += 2) image.col(x).setTo(cv::Scalar::all(255));
  const cv::Mat crop = crop_face(image, {0, 0, 32, 32}, 8);
  cv::Scalar mean, stddev;
  cv::meanStdDev(crop, mean, stddev);
  EXPECT_NEAR(mean[0], 0.5, 1.0 / 255);  // averaged in 8 bits: 127.5 rounds
  EXPECT_NEAR(stddev[0], 0, 1e-6);
}

TEST(FaceCrop, WindowPartlyOutsideTheImageIsBlackThere) {
  const cv::Mat image(20, 20, CV_8UC3, cv::Scalar::all(255));
  const cv::Mat crop = crop_face(image, {-10, -10, 20, 20}, 20);
  EXPECT_FLOAT_EQ(crop.at<cv::Vec3f>(2, 2)[1], 0);     // above-left of the image
  EXPECT_FLOAT_EQ(crop.at<cv::Vec3f>(15, 15)[1], 1);   // inside
  EXPECT_FLOAT_EQ(crop.at<cv::Vec3f>(2, 15)[1], 0);    // above
  const cv::Mat outside = crop_face(image, {100, 100, 10, 10}, 8);
  EXPECT_EQ(cv::countNonZero(outside.reshape(1)), 0);
}

TEST(FaceCrop, AppendFrameMovesLabelsIntoTheCrop) {
  dataset::FrameLabels labels;
  labels.frame = 12;
  labels.angles = {1, 2, 3};
  labels.box = {10, 10, 20, 20};
  labels.landmarks[30] = {20, 20};  // box centre
  labels.landmarks[0] = {10, 20};
  labels.visible[5] = 1;
  const dataset::Box window = crop_window(labels.box, 0);
  WindowSample sample;
  append_frame(sample, coordinate_image(40, 40), labels, window, 16);
  ASSERT_EQ(sample.steps(), 1u);
  EXPECT_EQ(sample.frames[0], 12);
  EXPECT_DOUBLE_EQ(sample.pose_deg[0].yaw, 2);
  EXPECT_DOUBLE_EQ(sample.landmarks[0][30].x, 0.5);
  EXPECT_DOUBLE_EQ(sample.landmarks[0][30].y, 0.5);
  EXPECT_DOUBLE_EQ(sample.landmarks[0][0].x, 0);
  EXPECT_EQ(sample.visible[0][5], 1);
  EXPECT_DOUBLE_EQ(sample.windows[0].w, 20);
  EXPECT_EQ(sample.images[0].size(), cv::Size(16, 16));
}

TEST(FaceCrop, NormalisesIntoPlanarChannels) {
  cv::Mat rgb(2, 3, CV_32FC3, cv::Scalar(0.5, 0.25, 1));
  rgb.at<cv::Vec3f>(1, 2) = {0, 0, 0};
  std::vector<float> out(3 * 6);
  normalise_to_chw(rgb, out.data());
  EXPECT_FLOAT_EQ(out[0], (0.5f - kRgbMean[0]) / kRgbStd[0]);
  EXPECT_FLOAT_EQ(out[6], (0.25f - kRgbMean[1]) / kRgbStd[1]);
  EXPECT_FLOAT_EQ(out[12], (1 - kRgbMean[2]) / kRgbStd[2]);
  EXPECT_FLOAT_EQ(out[5], -kRgbMean[0] / kRgbStd[0]);   // pixel (1, 2), R plane
  EXPECT_FLOAT_EQ(out[17], -kRgbMean[2] / kRgbStd[2]);  // pixel (1, 2), B plane
}

}  // namespace
}  // namespace synhead::trainer
