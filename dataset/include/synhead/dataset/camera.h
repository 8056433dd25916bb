#pragma once
// Pinhole camera in the OpenCV convention: x right, y down, z forward; pixel (u, v) with the origin at the
// top-left pixel corner, pixel centres at +0.5. Default: BIWI-like Kinect RGB camera, 640×480, f ≈ 517.7 px.

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "synhead/motion_tracks/track.h"

namespace synhead::dataset {

struct Intrinsics {
  int width = 640;
  int height = 480;
  double fx = 517.7, fy = 517.7;
  double cx = 320, cy = 240;

  glm::dvec2 project(const glm::dvec3& camera_point) const {
    return {fx * camera_point.x / camera_point.z + cx, fy * camera_point.y / camera_point.z + cy};
  }
};

template <class V>
void describe(V& v, Intrinsics& c) {
  v.field("width", c.width);
  v.require(c.width >= 16 && c.width <= 8192, "width", "an image width in [16, 8192]");
  v.field("height", c.height);
  v.require(c.height >= 16 && c.height <= 8192, "height", "an image height in [16, 8192]");
  v.field("fx", c.fx);
  v.require(c.fx > 0, "fx", "a positive focal length in pixels");
  v.field("fy", c.fy);
  v.require(c.fy > 0, "fy", "a positive focal length in pixels");
  v.field("cx", c.cx);
  v.field("cy", c.cy);
}

// X_cam = R · X_head + t (mm).
struct Pose {
  glm::dmat3 rotation{1.0};
  glm::dvec3 translation_mm{0.0, 0.0, 1000.0};

  static Pose from_track_frame(const motion_tracks::TrackFrame& f) {
    return {motion_tracks::rotation_from_euler(f.euler()), {f.tx, f.ty, f.tz}};
  }
  glm::dvec3 to_camera(const glm::dvec3& head_point) const { return rotation * head_point + translation_mm; }
};

}  // namespace synhead::dataset
