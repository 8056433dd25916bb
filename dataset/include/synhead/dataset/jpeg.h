#pragma once
// JPEG encoding and decoding straight from and to OpenCV's BGR layout. cv::imencode / cv::imdecode (OpenCV 4.6)
// swap every row between RGB and BGR in their own scalar loop; libjpeg-turbo converts to and from BGR itself
// (JCS_EXT_BGR) in its SIMD colour converters. Same settings as OpenCV's (baseline, 4:2:0, integer DCT, fancy
// upsampling), so the same bytes and the same pixels (tested).

#include <vector>

#include <opencv2/core/mat.hpp>

namespace synhead::dataset {

// `image`: 8-bit BGR (CV_8UC3) or grey (CV_8UC1); quality in [1, 100]; anything else fails SYNHEAD_CHECK (a
// programming error: the writer only hands it its own frames). Throws if libjpeg reports an error.
std::vector<unsigned char> encode_jpeg(const cv::Mat& image, int quality);

// Decodes into `bgr` (8-bit, 3 channels; reallocated only when its size or type differs). Throws on corrupt data.
void decode_jpeg(const std::vector<unsigned char>& bytes, cv::Mat& bgr);

}  // namespace synhead::dataset
