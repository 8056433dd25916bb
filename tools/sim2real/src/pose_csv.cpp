#include "synhead/sim2real/pose_csv.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "synhead/core/csv_cells.h"
#include "synhead/core/error.h"

namespace synhead::sim2real {
namespace {

const std::vector<std::string> kInferColumns{"frame", "timestamp", "confidence", "success", "face_x", "face_y",
                                             "face_w", "face_h", "pitch", "yaw", "roll"};
const std::vector<std::string> kPeerColumns{"frame", "timestamp", "found", "face_x", "face_y", "face_w", "face_h",
                                            "pitch", "yaw", "roll", "tx", "ty", "tz", "reprojection_px"};

std::string joined(const std::vector<std::string>& columns) {
  std::string text;
  for (const auto& c : columns) text += (text.empty() ? "" : ",") + c;
  return text;
}

// `columns` must open the header; `extra` further columns may follow when `extra_allowed` (infer's landmarks).
PoseSeries read_pose_csv(const std::filesystem::path& file, const std::vector<std::string>& columns,
                         bool extra_allowed, const std::string& what, const std::string& flag_column) {
  const std::string name = file.string();
  if (!std::filesystem::is_regular_file(file)) core::throw_user_error("{}: {} not found", name, what);
  std::ifstream in(file);
  if (!in) core::throw_user_error("{}: cannot read {}", name, what);
  std::string line;
  if (!std::getline(in, line)) core::throw_user_error("{}:1: empty file, expected a {} header", name, what);
  const std::vector<std::string> header = core::split_csv_cells(line);
  const bool opens = header.size() >= columns.size() && std::equal(columns.begin(), columns.end(), header.begin());
  if (!opens || (!extra_allowed && header.size() != columns.size()))
    core::throw_user_error("{}:1: not a {}: the header must {} '{}'", name, what, extra_allowed ? "start with" : "be",
                           joined(columns));
  PoseSeries series{file, {}};
  const std::size_t flag = std::find(columns.begin(), columns.end(), flag_column) - columns.begin();
  const std::size_t pitch = std::find(columns.begin(), columns.end(), "pitch") - columns.begin();
  for (int number = 2; std::getline(in, line); ++number) {
    if (core::trim_cell(line).empty()) continue;
    const std::string where = core::location_prefix(name, number);
    const std::vector<std::string> cells = core::split_csv_cells(line);
    if (cells.size() != header.size())
      core::throw_user_error("{}expected {} cells, found {}", where, header.size(), cells.size());
    PoseRow row;
    row.frame = core::parse_frame_cell(cells[0], where);
    if (!series.rows.empty() && row.frame <= series.rows.back().frame)
      core::throw_user_error("{}frame {} does not follow frame {}", where, row.frame, series.rows.back().frame);
    row.timestamp_s = core::parse_number_cell(cells[1], where, columns[1]);
    const double valid = core::parse_number_cell(cells[flag], where, flag_column);
    if (valid != 0 && valid != 1) core::throw_user_error("{}column '{}': expected 0 or 1, got '{}'", where, flag_column, cells[flag]);
    row.valid = valid == 1;
    for (std::size_t a = 0; a < 3; ++a)
      row.pose_deg[a] = core::parse_number_cell(cells[pitch + a], where, columns[pitch + a]);
    series.rows.push_back(row);
  }
  return series;
}

}  // namespace

PoseSeries read_infer_csv(const std::filesystem::path& file) {
  return read_pose_csv(file, kInferColumns, true, "synhead infer CSV", "success");
}

PoseSeries read_peer_csv(const std::filesystem::path& file) {
  return read_pose_csv(file, kPeerColumns, false, "sim2real peer CSV", "found");
}

std::string peer_csv_header() { return joined(kPeerColumns); }

std::string peer_csv_row(std::int64_t frame, double timestamp_s, const PeerFrame& r) {
  if (!r.found) return fmt::format("{},{:.4f},0,0,0,0,0,0,0,0,0,0,0,0", frame, timestamp_s);
  return fmt::format("{},{:.4f},1,{:.1f},{:.1f},{:.1f},{:.1f},{:.3f},{:.3f},{:.3f},{:.1f},{:.1f},{:.1f},{:.2f}", frame,
                     timestamp_s, r.face[0], r.face[1], r.face[2], r.face[3], r.pose.pitch, r.pose.yaw, r.pose.roll,
                     r.translation_mm[0], r.translation_mm[1], r.translation_mm[2], r.reprojection_px);
}

}  // namespace synhead::sim2real
