#include "synhead/dataset/face_boxes.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"

namespace synhead::dataset {
namespace {

using core::location_prefix;
using core::throw_user_error;

constexpr int kColumns = 8;

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

double parse_number(const std::string& text, const std::string& where, const char* column) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || !std::isfinite(value))
    throw_user_error("{}column {}: expected a finite number, got '{}'", where, column, text);
  return value;
}

}  // namespace

Box head_centre_box(const Intrinsics& camera, const glm::dvec3& centre_mm, double side_mm) {
  SYNHEAD_CHECK(centre_mm.z > 0 && side_mm > 0);
  const glm::dvec2 centre = camera.project(centre_mm);
  const double w = camera.fx * side_mm / centre_mm.z;
  const double h = camera.fy * side_mm / centre_mm.z;
  return {centre.x - w / 2, centre.y - h / 2, w, h};
}

bool face_found(const FaceBoxRow& row) { return row.rule != "detector_held" && row.rule != "detector_interpolated"; }

namespace {

constexpr const char* kBoxRules[] = {"head_centre", "detector", "detector_held", "detector_smoothed",
                                     "detector_interpolated"};

void smooth_sequence(std::vector<FaceBoxRow>& rows, double sigma_frames) {
  std::vector<const FaceBoxRow*> found;
  double width = 0, height = 0;
  for (const auto& r : rows) {
    if (!face_found(r)) continue;
    found.push_back(&r);
    width = std::max(width, r.box.w);
    height = std::max(height, r.box.h);
  }
  if (found.empty()) return;
  const double reach = 3 * sigma_frames;
  std::vector<FaceBoxRow> smoothed = rows;
  for (auto& row : smoothed) {
    double weight = 0, cx = 0, cy = 0;
    const FaceBoxRow* nearest = nullptr;
    for (const FaceBoxRow* d : found) {
      const double gap = static_cast<double>(d->frame - row.frame);
      if (nearest == nullptr || std::abs(gap) < std::abs(static_cast<double>(nearest->frame - row.frame))) nearest = d;
      if (std::abs(gap) > reach) continue;
      const double w = sigma_frames > 0 ? std::exp(-gap * gap / (2 * sigma_frames * sigma_frames)) : (gap == 0 ? 1 : 0);
      weight += w;
      cx += w * d->box.cx();
      cy += w * d->box.cy();
    }
    if (weight > 0) {
      cx /= weight;
      cy /= weight;
    } else {
      cx = nearest->box.cx();
      cy = nearest->box.cy();
    }
    const bool found_here = face_found(row);
    row.box = {cx - width / 2, cy - height / 2, width, height};
    row.rule = found_here ? "detector_smoothed" : "detector_interpolated";
    if (!found_here) row.score = 0;
  }
  rows = std::move(smoothed);
}

}  // namespace

std::vector<FaceBoxRow> smoothed_detector_rows(const std::vector<FaceBoxRow>& rows, double sigma_frames) {
  SYNHEAD_CHECK(sigma_frames >= 0, "a smoothing width of at least 0 frames");
  std::vector<FaceBoxRow> result;
  std::vector<FaceBoxRow> sequence;
  auto flush = [&] {
    smooth_sequence(sequence, sigma_frames);
    result.insert(result.end(), sequence.begin(), sequence.end());
    sequence.clear();
  };
  for (const auto& row : rows) {
    if (row.rule != "detector" && row.rule != "detector_held")
      throw_user_error("boxes of sequence '{}' frame {}: rule '{}', expected detector rows (detector, detector_held) "
                       "to smooth", row.sequence, row.frame, row.rule);
    if (!sequence.empty() && sequence.back().sequence != row.sequence) flush();
    sequence.push_back(row);
  }
  flush();
  return result;
}

std::string boxes_csv_header() { return "sequence,frame,box_x,box_y,box_w,box_h,rule,score"; }

void write_boxes_csv(const std::filesystem::path& path, const std::vector<FaceBoxRow>& rows) {
  std::string text = boxes_csv_header() + "\n";
  for (const auto& r : rows) {
    text += fmt::format("{},{},{:.3f},{:.3f},{:.3f},{:.3f},{},{:.4f}\n", r.sequence, r.frame, r.box.x, r.box.y,
                        r.box.w, r.box.h, r.rule, r.score);
  }
  core::write_text_atomic(path, text);
}

BoxTable BoxTable::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open boxes file (write one with `synhead data boxes`)", location_prefix(path.string()));
  BoxTable table;
  table.path_ = path;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = location_prefix(path.string(), number);
    if (number == 1) {
      if (line != boxes_csv_header()) throw_user_error("{}expected the header '{}', got '{}'", where, boxes_csv_header(), line);
      continue;
    }
    if (line.empty()) continue;
    const auto fields = split_csv(line);
    if (fields.size() != kColumns)
      throw_user_error("{}expected {} comma-separated columns ({}), got {}", where, kColumns, boxes_csv_header(), fields.size());
    FaceBoxRow row;
    row.sequence = fields[0];
    if (row.sequence.empty()) throw_user_error("{}column sequence: empty", where);
    const double frame = parse_number(fields[1], where, "frame");
    if (frame != std::floor(frame) || frame < 0) throw_user_error("{}column frame: expected a frame number, got '{}'", where, fields[1]);
    row.frame = static_cast<std::int64_t>(frame);
    row.box = {parse_number(fields[2], where, "box_x"), parse_number(fields[3], where, "box_y"),
               parse_number(fields[4], where, "box_w"), parse_number(fields[5], where, "box_h")};
    if (row.box.empty()) throw_user_error("{}empty box (box_w and box_h must be > 0)", where);
    row.rule = fields[6];
    if (std::find(std::begin(kBoxRules), std::end(kBoxRules), row.rule) == std::end(kBoxRules))
      throw_user_error("{}column rule: expected head_centre, detector, detector_held, detector_smoothed or "
                       "detector_interpolated, got '{}'", where, row.rule);
    row.score = parse_number(fields[7], where, "score");
    const auto key = std::make_pair(row.sequence, row.frame);
    if (!table.rows_.emplace(key, std::move(row)).second)
      throw_user_error("{}sequence '{}' frame {} has a box already", where, key.first, key.second);
  }
  if (number == 0) throw_user_error("{}empty file, expected the header '{}'", location_prefix(path.string()), boxes_csv_header());
  return table;
}

const FaceBoxRow& BoxTable::at(const std::string& sequence, std::int64_t frame) const {
  const auto found = rows_.find({sequence, frame});
  if (found == rows_.end())
    throw_user_error("{}no box for sequence '{}' frame {} (the file was written for other data?)",
                     location_prefix(path_.string()), sequence, frame);
  return found->second;
}

std::vector<Box> face_boxes(const DataSource& source, const SourceSequence& sequence, const CropRuleConfig& rule,
                            const BoxTable* boxes) {
  std::vector<Box> result;
  result.reserve(sequence.frames.size());
  if (rule.rule == "landmarks") {
    if (sequence.labels.size() != sequence.frames.size())
      throw_user_error("data source '{}' ({}) has no landmarks to draw a face box around: set data.crop.rule to "
                       "head_centre (a box around the head centre{}) or boxes (a CSV of `synhead data boxes`)",
                       source.spec(), source.kind(), source.has_pose() ? "" : ", which needs a pose this source lacks");
    for (const auto& labels : sequence.labels) result.push_back(labels.box);
  } else if (rule.rule == "head_centre") {
    if (sequence.poses.frames.size() != sequence.frames.size())
      throw_user_error("data source '{}' ({}) has no head pose, so data.crop.rule head_centre cannot place a box; use "
                       "landmarks or boxes", source.spec(), source.kind());
    for (const auto& f : sequence.poses.frames) {
      if (!(f.tz > 0))
        throw_user_error("data source '{}': sequence '{}' frame {}: head centre z = {} mm, not in front of the camera",
                         source.spec(), sequence.id, f.frame, f.tz);
      result.push_back(head_centre_box(sequence.camera, {f.tx, f.ty, f.tz}, rule.head_box_mm));
    }
  } else {
    SYNHEAD_CHECK(rule.rule == "boxes" && boxes != nullptr);
    for (const auto frame : sequence.frames) result.push_back(boxes->at(sequence.id, frame).box);
  }
  return result;
}

std::vector<FaceBoxRow> head_centre_rows(const DataSource& source, double head_box_mm) {
  CropRuleConfig rule;
  rule.rule = "head_centre";
  rule.head_box_mm = head_box_mm;
  std::vector<FaceBoxRow> rows;
  for (const auto& sequence : source.sequences()) {
    const std::vector<Box> boxes = face_boxes(source, sequence, rule, nullptr);
    for (std::size_t i = 0; i < boxes.size(); ++i) rows.push_back({sequence.id, sequence.frames[i], boxes[i], "head_centre", 1});
  }
  return rows;
}

std::vector<FrameLabels> training_labels(const DataSource& source, const SourceSequence& sequence) {
  if (!sequence.labels.empty()) return sequence.labels;
  if (sequence.poses.frames.size() != sequence.frames.size())
    throw_user_error("data source '{}' ({}): sequence '{}' has neither labels nor poses to train on", source.spec(),
                     source.kind(), sequence.id);
  std::vector<FrameLabels> labels(sequence.frames.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto& f = sequence.poses.frames[i];
    FrameLabels& l = labels[i];
    l.frame = f.frame;
    l.time_s = f.time_s;
    l.angles = f.euler();
    l.rotation = motion_tracks::rotation_from_euler(l.angles);
    l.translation_mm = {f.tx, f.ty, f.tz};
  }
  return labels;
}

}  // namespace synhead::dataset
