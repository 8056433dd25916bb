#pragma once
// A head motion track: one pose per frame in the camera frame (degrees, millimetres, seconds).

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/motion_tracks/rotation.h"

namespace synhead::motion_tracks {

struct TrackFrame {
  std::int64_t frame = 0;  // real frame number; may have gaps (BIWI drops frames)
  double time_s = 0;
  double pitch = 0, yaw = 0, roll = 0;  // degrees
  double tx = 0, ty = 0, tz = 0;        // millimetres

  EulerDeg euler() const { return {pitch, yaw, roll}; }
  void set_euler(const EulerDeg& e) {
    pitch = e.pitch;
    yaw = e.yaw;
    roll = e.roll;
  }
};

struct Track {
  std::string name;
  std::vector<TrackFrame> frames;

  bool empty() const { return frames.empty(); }
  std::size_t size() const { return frames.size(); }
  double duration_s() const { return frames.empty() ? 0.0 : frames.back().time_s - frames.front().time_s; }
  // Frame rate from the median time step per frame number (robust to dropped frames); 0 for < 2 frames.
  double nominal_fps() const;
};

// Geodesic angular speed (°/s) between consecutive frames; size() − 1 values.
std::vector<double> angular_speeds_deg_s(const Track& track);

}  // namespace synhead::motion_tracks
