#include "synhead/dataset/biwi_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"

namespace synhead::dataset {
namespace {

using core::location_prefix;
using core::throw_user_error;

struct Row {
  const char* what;
  std::size_t numbers;
};

// The rows in file order. Blank lines only separate the blocks, so they are skipped rather than counted.
constexpr std::array<Row, 8> kRows{{{"intrinsics row 1", 3}, {"intrinsics row 2", 3}, {"intrinsics row 3", 3},
                                    {"distortion k1 k2 p1 p2", 4}, {"rotation row 1", 3}, {"rotation row 2", 3},
                                    {"rotation row 3", 3}, {"translation (mm)", 3}}};
constexpr Row kSizeRow{"image width and height", 2};

}  // namespace

Intrinsics BiwiCalibration::camera() const {
  Intrinsics k;
  k.width = width;
  k.height = height;
  k.fx = motion_tracks::at(intrinsics, 0, 0);
  k.fy = motion_tracks::at(intrinsics, 1, 1);
  k.cx = motion_tracks::at(intrinsics, 0, 2);
  k.cy = motion_tracks::at(intrinsics, 1, 2);
  return k;
}

BiwiCalibration read_biwi_calibration(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open BIWI calibration file", location_prefix(path.string()));
  std::vector<std::vector<double>> rows;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::istringstream tokens(line);
    std::vector<std::string> words;
    for (std::string w; tokens >> w;) words.push_back(w);
    if (words.empty()) continue;
    const std::string where = location_prefix(path.string(), line_number);
    if (rows.size() > kRows.size()) throw_user_error("{}unexpected extra line after the image size", where);
    const Row& row = rows.size() < kRows.size() ? kRows[rows.size()] : kSizeRow;
    if (words.size() != row.numbers)
      throw_user_error("{}expected {} numbers ({}), got {}", where, row.numbers, row.what, words.size());
    std::vector<double> values;
    for (const auto& w : words) {
      char* end = nullptr;
      values.push_back(std::strtod(w.c_str(), &end));
      if (*end != '\0' || !std::isfinite(values.back()))
        throw_user_error("{}expected a finite number ({}), got '{}'", where, row.what, w);
    }
    if (&row == &kSizeRow && std::any_of(values.begin(), values.end(), [](double v) { return v < 1 || v != std::floor(v); }))
      throw_user_error("{}expected a positive integer image width and height, got '{}'", where, line);
    rows.push_back(std::move(values));
  }
  if (rows.size() < kRows.size())
    throw_user_error("{}file ends before the {} (found {} of {} rows of numbers)",
                     location_prefix(path.string(), line_number), kRows[rows.size()].what, rows.size(), kRows.size());

  auto matrix = [&](std::size_t first) {
    return motion_tracks::matrix_from_rows({rows[first][0], rows[first][1], rows[first][2], rows[first + 1][0],
                                            rows[first + 1][1], rows[first + 1][2], rows[first + 2][0],
                                            rows[first + 2][1], rows[first + 2][2]});
  };
  BiwiCalibration c;
  c.intrinsics = matrix(0);
  std::copy(rows[3].begin(), rows[3].end(), c.distortion.begin());
  c.rotation = matrix(4);
  c.translation_mm = {rows[7][0], rows[7][1], rows[7][2]};
  // The same tolerance as a pose file's rotation: BIWI prints few digits.
  const glm::dmat3 should_be_identity = glm::transpose(c.rotation) * c.rotation;
  double deviation = 0;
  for (int r = 0; r < 3; ++r)
    for (int col = 0; col < 3; ++col)
      deviation = std::max(deviation, std::abs(motion_tracks::at(should_be_identity, r, col) - (r == col ? 1.0 : 0.0)));
  if (deviation > 1e-2 || glm::determinant(c.rotation) < 0)
    throw_user_error("{}the extrinsic rotation is not a rotation matrix (|RᵀR − I| = {:.3g}, det = {:.3g})",
                     location_prefix(path.string()), deviation, glm::determinant(c.rotation));
  if (rows.size() > kRows.size()) {
    c.width = static_cast<int>(rows.back()[0]);
    c.height = static_cast<int>(rows.back()[1]);
  }
  return c;
}

motion_tracks::BiwiPose to_rgb_camera(const BiwiCalibration& rgb, const motion_tracks::BiwiPose& depth_pose) {
  return {rgb.rotation * depth_pose.rotation, rgb.rotation * depth_pose.centre_mm + rgb.translation_mm};
}

}  // namespace synhead::dataset
