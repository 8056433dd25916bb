#pragma once
// BIWI's frame_XXXXX_depth.bin: int32 width, int32 height, then runs until width × height pixels are covered, each
// an int32 count of empty pixels (depth 0), an int32 count of filled pixels and that many int16 depths (mm), in row
// order (runs cross row ends). All little-endian, as the Kinect recordings were written on x86.

#include <cstdint>
#include <filesystem>

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/source.h"

namespace synhead::dataset {

std::filesystem::path biwi_depth_file(const std::filesystem::path& biwi_sequence_dir, std::int64_t frame);

// The depth image, CV_16U, millimetres, 0 where the sensor saw nothing. UserError naming the file when it is
// truncated, a run overruns the image, bytes follow the last run, a depth is negative, or the image is not
// `expected` (when known: depth.cal's size).
cv::Mat read_biwi_depth(const std::filesystem::path& path, ImageSize expected = {});

}  // namespace synhead::dataset
