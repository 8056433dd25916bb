#include "synhead/dataset/jpeg.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace synhead::dataset {
namespace {

cv::Mat noisy_gradient(int rows, int cols, int type) {
  cv::Mat image(rows, cols, type);
  cv::RNG rng(7);
  rng.fill(image, cv::RNG::UNIFORM, 0, 40);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols * image.channels(); ++x) image.ptr<uchar>(y)[x] += static_cast<uchar>((x * 3 + y * 5) % 200);
  return image;
}

std::vector<unsigned char> opencv_jpeg(const cv::Mat& image, int quality) {
  std::vector<unsigned char> bytes;
  EXPECT_TRUE(cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}));
  return bytes;
}

// The dataset writer switched from cv::imencode to this encoder: datasets must not change because of it.
TEST(Jpeg, GivesTheBytesOfOpenCvsEncoder) {
  for (const int type : {CV_8UC3, CV_8UC1})
    for (const int quality : {95, 60, 5})
      for (const cv::Size size : {cv::Size(640, 480), cv::Size(37, 23)}) {
        const cv::Mat image = noisy_gradient(size.height, size.width, type);
        EXPECT_EQ(encode_jpeg(image, quality), opencv_jpeg(image, quality))
            << "channels " << CV_MAT_CN(type) << ", quality " << quality << ", " << size;
      }
}

TEST(Jpeg, DecodesToThePixelsOfOpenCvsDecoder) {
  for (const int type : {CV_8UC3, CV_8UC1})
    for (const int quality : {95, 40}) {
      const std::vector<unsigned char> bytes = opencv_jpeg(noisy_gradient(480, 640, type), quality);
      cv::Mat decoded;
      decode_jpeg(bytes, decoded);
      const cv::Mat expected = cv::imdecode(bytes, cv::IMREAD_COLOR);
      ASSERT_EQ(decoded.type(), CV_8UC3);
      ASSERT_EQ(decoded.size(), expected.size());
      EXPECT_EQ(cv::norm(decoded, expected, cv::NORM_INF), 0.0) << "channels " << CV_MAT_CN(type) << ", quality " << quality;
    }
}

TEST(Jpeg, DecodesIntoTheGivenImageWithoutReallocating) {
  const cv::Mat image = noisy_gradient(48, 64, CV_8UC3);
  cv::Mat target(48, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  const uchar* storage = target.data;
  const std::vector<unsigned char> bytes = encode_jpeg(image, 90);
  decode_jpeg(bytes, target);
  EXPECT_EQ(target.data, storage);
  EXPECT_EQ(cv::norm(target, cv::imdecode(bytes, cv::IMREAD_COLOR), cv::NORM_INF), 0.0);
}

TEST(Jpeg, CorruptDataThrowsInsteadOfExiting) {
  std::vector<unsigned char> bytes = encode_jpeg(noisy_gradient(32, 32, CV_8UC3), 90);
  bytes.resize(20);
  cv::Mat decoded;
  EXPECT_THROW(decode_jpeg(bytes, decoded), std::runtime_error);
  EXPECT_THROW(decode_jpeg({0x00, 0x01, 0x02}, decoded), std::runtime_error);
}

TEST(Jpeg, ReadsBgrInBgrOrder) {
  cv::Mat blue(32, 32, CV_8UC3, cv::Scalar(220, 30, 10));
  cv::Mat decoded;
  decode_jpeg(encode_jpeg(blue, 95), decoded);
  ASSERT_EQ(decoded.size(), blue.size());
  const cv::Vec3b centre = decoded.at<cv::Vec3b>(16, 16);
  EXPECT_NEAR(centre[0], 220, 3);
  EXPECT_NEAR(centre[1], 30, 3);
  EXPECT_NEAR(centre[2], 10, 3);
}

TEST(Jpeg, WorksOnARegionOfALargerImage) {
  const cv::Mat whole = noisy_gradient(100, 120, CV_8UC3);
  const cv::Mat region = whole(cv::Rect(10, 20, 64, 48));
  EXPECT_EQ(encode_jpeg(region, 90), opencv_jpeg(region.clone(), 90));
}

TEST(JpegDeathTest, RefusesWhatItCannotEncode) {
  EXPECT_DEATH(encode_jpeg(cv::Mat(), 95), "BGR or grey");
  EXPECT_DEATH(encode_jpeg(cv::Mat(8, 8, CV_16UC3, cv::Scalar(0)), 95), "BGR or grey");
  EXPECT_DEATH(encode_jpeg(cv::Mat(8, 8, CV_8UC4, cv::Scalar(0)), 95), "BGR or grey");
  EXPECT_DEATH(encode_jpeg(cv::Mat(8, 8, CV_8UC3, cv::Scalar(0)), 0), "quality");
  EXPECT_DEATH(encode_jpeg(cv::Mat(8, 8, CV_8UC3, cv::Scalar(0)), 101), "quality");
}

}  // namespace
}  // namespace synhead::dataset
