#include "synhead/motion_tracks/track.h"

#include <algorithm>

namespace synhead::motion_tracks {

double Track::nominal_fps() const {
  std::vector<double> steps;
  for (std::size_t i = 1; i < frames.size(); ++i) {
    const auto dframes = frames[i].frame - frames[i - 1].frame;
    const double dt = frames[i].time_s - frames[i - 1].time_s;
    if (dframes > 0 && dt > 0) steps.push_back(dt / static_cast<double>(dframes));
  }
  if (steps.empty()) return 0.0;
  std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
  return 1.0 / steps[steps.size() / 2];
}

std::vector<double> angular_speeds_deg_s(const Track& track) {
  std::vector<double> speeds;
  if (track.frames.size() < 2) return speeds;
  speeds.reserve(track.frames.size() - 1);
  glm::dmat3 previous = rotation_from_euler(track.frames[0].euler());
  for (std::size_t i = 1; i < track.frames.size(); ++i) {
    const glm::dmat3 current = rotation_from_euler(track.frames[i].euler());
    const double dt = track.frames[i].time_s - track.frames[i - 1].time_s;
    speeds.push_back(geodesic_angle_deg(previous, current) / dt);
    previous = current;
  }
  return speeds;
}

}  // namespace synhead::motion_tracks
