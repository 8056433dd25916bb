#include "synhead/motion_tracks/track_csv.h"

#include <algorithm>
#include <fstream>

#include "synhead/core/atomic_file.h"
#include "synhead/core/csv_cells.h"
#include "synhead/core/error.h"

namespace synhead::motion_tracks {
namespace {

using core::location_prefix;
using core::throw_user_error;

constexpr const char* kColumns[] = {"frame", "time_s", "pitch", "yaw", "roll", "tx", "ty", "tz"};
constexpr std::size_t kColumnCount = 8;

}  // namespace

Track read_track_csv(const std::filesystem::path& path, const TrackCsvOptions& options) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open track file", location_prefix(path.string()));
  Track track;
  track.name = path.stem().string();
  std::string line;
  int line_number = 0;
  if (!std::getline(in, line)) throw_user_error("{}empty file, expected header '{}'", location_prefix(path.string(), 1), kTrackCsvHeader);
  ++line_number;
  if (core::trim_cell(line) != kTrackCsvHeader)
    throw_user_error("{}bad header '{}', expected '{}'", location_prefix(path.string(), 1), core::trim_cell(line), kTrackCsvHeader);
  bool saw_blank = false;
  int blank_line = 0;
  while (std::getline(in, line)) {
    ++line_number;
    const std::string where = location_prefix(path.string(), line_number);
    if (core::trim_cell(line).empty()) {
      if (!saw_blank) blank_line = line_number;
      saw_blank = true;
      continue;
    }
    if (saw_blank) throw_user_error("{}blank line inside the data", location_prefix(path.string(), blank_line));
    const auto cells = core::split_csv_cells(line);
    if (cells.size() != kColumnCount)
      throw_user_error("{}expected {} columns ({}), got {}", where, kColumnCount, kTrackCsvHeader, cells.size());
    TrackFrame f;
    f.frame = core::parse_frame_cell(cells[0], where);
    double* values[] = {&f.time_s, &f.pitch, &f.yaw, &f.roll, &f.tx, &f.ty, &f.tz};
    for (std::size_t c = 1; c < kColumnCount; ++c) *values[c - 1] = core::parse_number_cell(cells[c], where, kColumns[c]);
    if (!track.frames.empty()) {
      const TrackFrame& prev = track.frames.back();
      if (f.frame <= prev.frame)
        throw_user_error("{}frame numbers must increase: {} follows {}", where, f.frame, prev.frame);
      if (f.time_s <= prev.time_s)
        throw_user_error("{}time_s must increase: {} follows {}", where, f.time_s, prev.time_s);
      if (f.time_s - prev.time_s > options.max_gap_s)
        throw_user_error("{}gap of {:.3f} s after frame {} exceeds the maximum of {} s; split the track there", where,
                         f.time_s - prev.time_s, prev.frame, options.max_gap_s);
    }
    track.frames.push_back(f);
  }
  if (track.frames.empty()) throw_user_error("{}no data rows after the header", location_prefix(path.string(), line_number));
  return track;
}

std::vector<Track> read_track_dir(const std::filesystem::path& dir, const TrackCsvOptions& options) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  if (files.empty()) throw_user_error("{}no track files (*.csv) in this directory", location_prefix(dir.string()));
  std::sort(files.begin(), files.end());
  std::vector<Track> tracks;
  for (const auto& file : files) tracks.push_back(read_track_csv(file, options));
  return tracks;
}

std::vector<Track> read_tracks(const std::filesystem::path& file_or_dir, const TrackCsvOptions& options) {
  if (std::filesystem::is_directory(file_or_dir)) return read_track_dir(file_or_dir, options);
  if (!std::filesystem::exists(file_or_dir)) throw_user_error("{}no such file or directory", location_prefix(file_or_dir.string()));
  return {read_track_csv(file_or_dir, options)};
}

void write_track_csv(const std::filesystem::path& path, const Track& track) {
  core::AtomicFile file(path);
  auto& out = file.stream();
  out << kTrackCsvHeader << '\n';
  for (const auto& f : track.frames) {
    out << fmt::format("{},{},{},{},{},{},{},{}\n", f.frame, f.time_s, f.pitch, f.yaw, f.roll, f.tx, f.ty, f.tz);
  }
  file.commit();
}

}  // namespace synhead::motion_tracks
