#pragma once
// Track CSV: header `frame,time_s,pitch,yaw,roll,tx,ty,tz`, one row per frame (docs/conventions.md).

#include <filesystem>
#include <vector>

#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

inline constexpr const char* kTrackCsvHeader = "frame,time_s,pitch,yaw,roll,tx,ty,tz";

struct TrackCsvOptions {
  // A time step longer than this between consecutive rows is rejected: such a track should be split.
  double max_gap_s = 1.0;
};

// Strict reader: exact header, 8 finite numbers per row, integral increasing frame numbers, increasing time,
// no gap over max_gap_s, at least one row. Errors are UserErrors starting with "file:line:".
Track read_track_csv(const std::filesystem::path& path, const TrackCsvOptions& options = {});

// Every *.csv in `dir`, sorted by name; an error when there is none.
std::vector<Track> read_track_dir(const std::filesystem::path& dir, const TrackCsvOptions& options = {});

// Writes atomically (temporary file, then rename). Numbers keep full round-trip precision.
void write_track_csv(const std::filesystem::path& path, const Track& track);

// Reads a track file or a directory of them.
std::vector<Track> read_tracks(const std::filesystem::path& file_or_dir, const TrackCsvOptions& options = {});

}  // namespace synhead::motion_tracks
