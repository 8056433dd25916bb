#include "synhead/estimation/prediction_sequences.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/csv_cells.h"
#include "synhead/core/error.h"

namespace synhead::estimation {
namespace {

using core::location_prefix;
using core::throw_user_error;

constexpr int kPoseCells = 6;

std::vector<std::string> pose_header() { return {"pitch", "yaw", "roll", "gt_pitch", "gt_yaw", "gt_roll"}; }

std::vector<std::string> landmark_header() {
  std::vector<std::string> names;
  for (const char axis : {'x', 'y'})
    for (int i = 0; i < 68; ++i) names.push_back(fmt::format("{}_{}", axis, i));
  return names;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

std::vector<std::string> header_for(bool pose, bool landmarks) {
  std::vector<std::string> names = {"sequence", "frame", "time_s"};
  if (pose) for (const auto& name : pose_header()) names.push_back(name);
  if (landmarks) for (const auto& name : landmark_header()) names.push_back(name);
  return names;
}

struct Row {
  std::int64_t frame;
  int line;
  std::vector<double> values;  // time_s and every column after it
};

}  // namespace

PredictionTable read_predictions(const std::filesystem::path& path) {
  const std::string file = path.string();
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open predictions file", location_prefix(file));
  std::string line;
  if (!std::getline(in, line)) throw_user_error("{}empty file, expected a predictions header", location_prefix(file, 1));

  PredictionTable table;
  const std::vector<std::string> header = core::split_csv_cells(line);
  bool matched = false;
  for (const bool pose : {true, false}) {
    for (const bool landmarks : {true, false}) {
      if ((pose || landmarks) && header == header_for(pose, landmarks)) {
        table.has_pose = pose;
        table.has_landmarks = landmarks;
        matched = true;
      }
    }
  }
  if (!matched)
    throw_user_error("{}bad header '{}', expected 'sequence,frame,time_s' then 'pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll' "
                     "and/or 'x_0..x_67,y_0..y_67'",
                     location_prefix(file, 1), core::trim_cell(line).substr(0, 80));

  std::vector<std::string> ids;
  std::map<std::string, std::vector<Row>> rows;
  int line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (core::trim_cell(line).empty()) continue;
    const std::string where = location_prefix(file, line_number);
    const auto cells = core::split_csv_cells(line);
    if (cells.size() != header.size())
      throw_user_error("{}expected {} columns, got {}", where, header.size(), cells.size());
    if (cells[0].empty()) throw_user_error("{}column 'sequence' is empty", where);
    Row row{core::parse_frame_cell(cells[1], where), line_number, {}};
    row.values.reserve(cells.size() - 2);
    for (std::size_t c = 2; c < cells.size(); ++c) row.values.push_back(core::parse_number_cell(cells[c], where, header[c]));
    auto [slot, inserted] = rows.try_emplace(cells[0]);
    if (inserted) ids.push_back(cells[0]);
    slot->second.push_back(std::move(row));
  }
  if (ids.empty()) throw_user_error("{}no data rows after the header", location_prefix(file, line_number));

  for (const auto& id : ids) {
    auto& group = rows[id];
    std::stable_sort(group.begin(), group.end(), [](const Row& a, const Row& b) { return a.frame < b.frame; });
    PredictionSequence sequence;
    sequence.id = id;
    if (table.has_landmarks) sequence.landmarks.resize(kLandmarkChannels);
    for (std::size_t i = 0; i < group.size(); ++i) {
      const Row& row = group[i];
      if (i > 0) {
        const Row& previous = group[i - 1];
        if (row.frame == previous.frame)
          throw_user_error("{}sequence '{}' frame {} already appears on line {}", location_prefix(file, row.line), id,
                           row.frame, previous.line);
        if (row.values[0] <= previous.values[0])
          throw_user_error("{}sequence '{}': time_s {} of frame {} does not exceed time_s {} of frame {} (line {})",
                           location_prefix(file, row.line), id, row.values[0], row.frame, previous.values[0],
                           previous.frame, previous.line);
      }
      sequence.frames.push_back(row.frame);
      sequence.times.push_back(row.values[0]);
      std::size_t c = 1;
      if (table.has_pose) {
        for (int a = 0; a < 3; ++a) sequence.pose[a].push_back(row.values[c++]);
        for (int a = 0; a < 3; ++a) sequence.pose_truth[a].push_back(row.values[c++]);
      }
      if (table.has_landmarks)
        for (int k = 0; k < kLandmarkChannels; ++k) sequence.landmarks[k].push_back(row.values[c++]);
    }
    table.sequences.push_back(std::move(sequence));
  }
  return table;
}

void write_predictions(const std::filesystem::path& path, const PredictionTable& table) {
  SYNHEAD_CHECK(table.has_pose || table.has_landmarks, "a predictions table holds pose, landmarks or both");
  core::AtomicFile file(path);
  auto& out = file.stream();
  out << join(header_for(table.has_pose, table.has_landmarks)) << '\n';
  for (const auto& sequence : table.sequences) {
    for (std::size_t i = 0; i < sequence.frames.size(); ++i) {
      out << sequence.id << ',' << sequence.frames[i] << ',' << fmt::format("{:.6f}", sequence.times[i]);
      if (table.has_pose) {
        for (int a = 0; a < 3; ++a) out << fmt::format(",{:.4f}", sequence.pose[a][i]);
        for (int a = 0; a < 3; ++a) out << fmt::format(",{:.4f}", sequence.pose_truth[a][i]);
      }
      if (table.has_landmarks)
        for (int k = 0; k < kLandmarkChannels; ++k) out << fmt::format(",{:.3f}", sequence.landmarks[k][i]);
      out << '\n';
    }
  }
  file.commit();
}

}  // namespace synhead::estimation
