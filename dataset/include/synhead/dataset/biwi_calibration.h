#pragma once
// BIWI's rgb.cal / depth.cal and the change of camera they describe.
//
// A calibration file holds K (3 rows of 3), a blank line, the distortion k1 k2 p1 p2, a blank line, the extrinsic
// rotation R (3 rows of 3), a blank line, the extrinsic translation t (mm), and optionally a blank line and the image
// width and height. rgb.cal's extrinsics take a point from the depth camera to the RGB camera:
//   X_rgb = R · X_depth + t
// BIWI's pose files are in the depth camera's frame, so a pose (M, c) becomes (R · M, R · c + t) in the RGB camera.

#include <array>
#include <cstddef>
#include <filesystem>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/motion_tracks/biwi.h"
#include "synhead/motion_tracks/track.h"

namespace synhead::dataset {

struct BiwiCalibration {
  glm::dmat3 intrinsics{1.0};          // K
  std::array<double, 4> distortion{};  // k1 k2 p1 p2
  glm::dmat3 rotation{1.0};            // extrinsics, depth camera → this camera
  glm::dvec3 translation_mm{0.0};
  int width = 0, height = 0;  // 0 when the file ends after the translation

  bool identity_extrinsics() const { return rotation == glm::dmat3(1.0) && translation_mm == glm::dvec3(0.0); }
  // K as synhead's pinhole camera (distortion ignored); width and height 0 when the file gives none.
  Intrinsics camera() const;
};

// Strict: every row with its count of finite numbers, the rotation orthonormal with det +1, a positive image size.
// UserError naming the file and line otherwise.
BiwiCalibration read_biwi_calibration(const std::filesystem::path& path);

// A pose from BIWI's pose file (depth camera frame) in the camera of `rgb` (rgb.cal).
motion_tracks::BiwiPose to_rgb_camera(const BiwiCalibration& rgb, const motion_tracks::BiwiPose& depth_pose);

// Every pose of `track` (as import_biwi read it, depth camera) moved into the camera of `rgb`. Identity extrinsics
// (what `synhead render --layout biwi` writes) leave the poses exactly as read.
void move_into_rgb_camera(const BiwiCalibration& rgb, motion_tracks::Track& track);

// import_biwi with each sequence's poses moved into its RGB camera when its folder has an rgb.cal — the rule of the
// biwi: reader, for `synhead tracks import-biwi`. UserError naming the file for an rgb.cal that does not parse.
struct BiwiTracks {
  std::vector<motion_tracks::Track> tracks;
  std::size_t with_rgb_cal = 0;  // sequences whose folder has an rgb.cal
  std::size_t moved = 0;         // of those, the ones with non-identity extrinsics
};
BiwiTracks import_biwi_in_rgb_camera(const std::filesystem::path& root, const motion_tracks::BiwiImportConfig& config);

}  // namespace synhead::dataset
