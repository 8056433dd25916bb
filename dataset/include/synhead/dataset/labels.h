#pragma once
// Exact ground truth of one rendered frame, and its labels.csv / JSON form (docs/conventions.md):
// frame,time_s,pitch,yaw,roll,r00..r22,tx,ty,tz,bbox_x,bbox_y,bbox_w,bbox_h,x_0..x_67,y_0..y_67,v_0..v_67

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "synhead/dataset/box.h"
#include "synhead/motion_tracks/rotation.h"

namespace synhead::dataset {

inline constexpr int kLandmarkCount = 68;  // iBUG / 300-W order: 0–16 jaw, 17–26 brows, 27–35 nose, 36–47 eyes, 48–67 mouth

struct FrameLabels {
  std::int64_t frame = 0;
  double time_s = 0;
  motion_tracks::EulerDeg angles;  // recovered from `rotation` with the convention's formulas
  glm::dmat3 rotation{1.0};
  glm::dvec3 translation_mm{0.0};
  // Tight box around the 68 projected landmarks (visible or not), as 300-W-style annotations define a face box.
  Box box;
  std::array<glm::dvec2, kLandmarkCount> landmarks{};  // pixels
  // 1: in the image and not hidden by the head itself (depth test against the rendered depth buffer).
  std::array<std::uint8_t, kLandmarkCount> visible{};
};

// The tight box around landmark points (how 300-W-style annotations define a face box).
Box landmark_box(const std::array<glm::dvec2, kLandmarkCount>& landmarks);

const std::vector<std::string>& label_columns();
std::string labels_csv_header();
std::string labels_csv_row(const FrameLabels& labels);
nlohmann::json labels_to_json(const FrameLabels& labels);  // keys are the CSV column names
// Parses one labels.csv row (with the column order of label_columns()); throws std::invalid_argument.
FrameLabels labels_from_csv_row(const std::string& row);

}  // namespace synhead::dataset
