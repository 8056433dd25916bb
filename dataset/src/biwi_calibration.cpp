#include "synhead/dataset/biwi_calibration.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "synhead/core/error.h"
#include "synhead/motion_tracks/biwi.h"
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
  const motion_tracks::BiwiNumberLines file = motion_tracks::read_biwi_number_lines(path, "calibration");
  std::vector<std::vector<double>> rows;
  for (const auto& numbers : file.lines) {
    const std::string& where = numbers.where;
    if (rows.size() > kRows.size()) throw_user_error("{}unexpected extra line after the image size", where);
    const Row& row = rows.size() < kRows.size() ? kRows[rows.size()] : kSizeRow;
    if (numbers.words.size() != row.numbers)
      throw_user_error("{}expected {} numbers ({}), got {}", where, row.numbers, row.what, numbers.words.size());
    std::vector<double> values;
    for (const auto& w : numbers.words) values.push_back(motion_tracks::parse_biwi_number(w, where, row.what));
    if (&row == &kSizeRow && std::any_of(values.begin(), values.end(), [](double v) { return v < 1 || v != std::floor(v); })) {
      throw_user_error("{}expected a positive integer image width and height, got '{}'", where, numbers.text);
    }
    rows.push_back(std::move(values));
  }
  if (rows.size() < kRows.size())
    throw_user_error("{}file ends before the {} (found {} of {} rows of numbers)",
                     location_prefix(path.string(), file.line_count), kRows[rows.size()].what, rows.size(), kRows.size());

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
  const double deviation = motion_tracks::rotation_deviation(c.rotation);
  if (deviation > motion_tracks::kBiwiRotationTolerance || glm::determinant(c.rotation) < 0)
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

void move_into_rgb_camera(const BiwiCalibration& rgb, motion_tracks::Track& track) {
  // Going through the matrix and back to angles would change their last bits: the identity is left alone.
  if (rgb.identity_extrinsics()) return;
  for (auto& f : track.frames) {
    const auto pose = to_rgb_camera(rgb, {motion_tracks::rotation_from_euler(f.euler()), {f.tx, f.ty, f.tz}});
    f.set_euler(motion_tracks::biwi_to_synhead_angles(pose.rotation));
    f.tx = pose.centre_mm.x;
    f.ty = pose.centre_mm.y;
    f.tz = pose.centre_mm.z;
  }
}

BiwiTracks import_biwi_in_rgb_camera(const std::filesystem::path& root, const motion_tracks::BiwiImportConfig& config) {
  BiwiTracks result;
  result.tracks = motion_tracks::import_biwi(root, config);
  const auto dirs = motion_tracks::find_biwi_sequence_dirs(root);  // import_biwi's sequences, in its order
  SYNHEAD_CHECK(dirs.size() == result.tracks.size());
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    const std::filesystem::path rgb_cal = dirs[i] / "rgb.cal";
    if (!std::filesystem::exists(rgb_cal)) continue;
    const BiwiCalibration calibration = read_biwi_calibration(rgb_cal);
    ++result.with_rgb_cal;
    if (!calibration.identity_extrinsics()) ++result.moved;
    move_into_rgb_camera(calibration, result.tracks[i]);
  }
  return result;
}

}  // namespace synhead::dataset
