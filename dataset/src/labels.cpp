#include "synhead/dataset/labels.h"

#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <glm/common.hpp>
#include <nlohmann/json.hpp>

namespace synhead::dataset {
namespace {

std::vector<double> label_values(const FrameLabels& l) {
  std::vector<double> v{static_cast<double>(l.frame), l.time_s, l.angles.pitch, l.angles.yaw, l.angles.roll};
  for (double r : motion_tracks::rows_of(l.rotation)) v.push_back(r);
  v.insert(v.end(), {l.translation_mm.x, l.translation_mm.y, l.translation_mm.z, l.box.x, l.box.y, l.box.w, l.box.h});
  for (const auto& p : l.landmarks) v.push_back(p.x);
  for (const auto& p : l.landmarks) v.push_back(p.y);
  for (auto vis : l.visible) v.push_back(vis);
  return v;
}

}  // namespace

Box landmark_box(const std::array<glm::dvec2, kLandmarkCount>& landmarks) {
  glm::dvec2 lo = landmarks.front(), hi = landmarks.front();
  for (const auto& p : landmarks) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  return {lo.x, lo.y, hi.x - lo.x, hi.y - lo.y};
}

const std::vector<std::string>& label_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c{"frame", "time_s", "pitch", "yaw", "roll"};
    for (int r = 0; r < 3; ++r)
      for (int k = 0; k < 3; ++k) c.push_back(fmt::format("r{}{}", r, k));
    for (const char* name : {"tx", "ty", "tz", "bbox_x", "bbox_y", "bbox_w", "bbox_h"}) c.push_back(name);
    for (const char* axis : {"x", "y", "v"})
      for (int i = 0; i < kLandmarkCount; ++i) c.push_back(fmt::format("{}_{}", axis, i));
    return c;
  }();
  return columns;
}

std::string labels_csv_header() {
  std::string header;
  for (const auto& c : label_columns()) header += (header.empty() ? "" : ",") + c;
  return header;
}

std::string labels_csv_row(const FrameLabels& labels) {
  const auto values = label_values(labels);
  std::string row = fmt::format("{},{}", labels.frame, labels.time_s);
  for (std::size_t i = 2; i < values.size(); ++i) {
    const bool is_visibility = i >= values.size() - kLandmarkCount;
    row += is_visibility ? fmt::format(",{}", static_cast<int>(values[i])) : fmt::format(",{}", values[i]);
  }
  return row;
}

nlohmann::json labels_to_json(const FrameLabels& labels) {
  const auto values = label_values(labels);
  const auto& columns = label_columns();
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const bool integral = i == 0 || i >= columns.size() - kLandmarkCount;
    if (integral) {
      j[columns[i]] = static_cast<std::int64_t>(values[i]);
    } else {
      j[columns[i]] = values[i];
    }
  }
  return j;
}

FrameLabels labels_from_csv_row(const std::string& row) {
  std::vector<double> v;
  std::stringstream stream(row);
  for (std::string cell; std::getline(stream, cell, ',');) {
    std::size_t used = 0;
    v.push_back(std::stod(cell, &used));
    if (used != cell.size()) throw std::invalid_argument("not a number: '" + cell + "'");
  }
  if (v.size() != label_columns().size())
    throw std::invalid_argument(fmt::format("expected {} columns, got {}", label_columns().size(), v.size()));
  FrameLabels l;
  std::size_t i = 0;
  l.frame = static_cast<std::int64_t>(v[i++]);
  l.time_s = v[i++];
  l.angles = {v[i], v[i + 1], v[i + 2]};
  i += 3;
  std::array<double, 9> rows{};
  for (auto& r : rows) r = v[i++];
  l.rotation = motion_tracks::matrix_from_rows(rows);
  l.translation_mm = {v[i], v[i + 1], v[i + 2]};
  i += 3;
  l.box = {v[i], v[i + 1], v[i + 2], v[i + 3]};
  i += 4;
  for (auto& p : l.landmarks) p.x = v[i++];
  for (auto& p : l.landmarks) p.y = v[i++];
  for (auto& vis : l.visible) vis = static_cast<std::uint8_t>(v[i++]);
  return l;
}

}  // namespace synhead::dataset
