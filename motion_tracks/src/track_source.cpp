#include "synhead/motion_tracks/track_source.h"

#include <filesystem>

#include "synhead/core/error.h"
#include "synhead/core/resources.h"
#include "synhead/motion_tracks/smoothing.h"
#include "synhead/motion_tracks/track_csv.h"

namespace synhead::motion_tracks {

std::vector<Track> load_tracks(const TrackSourceConfig& c, std::uint64_t seed, const BiwiImportConfig& biwi) {
  std::vector<Track> tracks;
  if (c.source == "generate") {
    for (int i = 0; i < c.count; ++i) tracks.push_back(generate_track(c.generator, seed, i));
    return tracks;
  }
  const std::filesystem::path path = core::resolve_resource(c.path);
  if (!std::filesystem::exists(path)) core::throw_user_error("tracks.path: {} does not exist", path.string());
  tracks = c.source == "folder" ? read_track_dir(path) : import_biwi(path, biwi);
  if (c.smoothing_sigma_frames > 0) {
    SmoothingConfig smoothing;
    smoothing.sigma = c.smoothing_sigma_frames;
    for (auto& t : tracks) t = smooth_track(t, smoothing);
  }
  return tracks;
}

}  // namespace synhead::motion_tracks
