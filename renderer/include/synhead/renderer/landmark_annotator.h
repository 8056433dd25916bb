#pragma once
// Automatic iBUG-68 annotation of a head mesh that is already in the canonical head frame: the head is rendered
// frontally and turned ±10° in yaw, each under a few lightings; dlib's 68-point shape predictor (trained on 300-W
// photos) finds the 2D landmarks in each render; the answers are combined in the frontal image (side views carried
// there through their own depth buffers) and lifted onto the surface through the frontal depth buffer.
//
//   HeadMesh mesh = load_head_mesh(path, {sidecar, /*require_landmarks=*/false});
//   mesh.landmarks = annotate_landmarks(mesh).points;  // `synhead heads annotate` writes them into the sidecar
//
// Jaw points (0–16) mark the face's outline, which a frontal view shows as the silhouette, the chin's edge over the
// neck or the cheek's over the ear: there the depth at dlib's pixel may be background, neck or ear. Each is moved
// along the outline's normal, by a few pixels at most, to the outermost pixel of the face (walking out from inside
// the face until the first occluding edge) and takes that pixel's surface point. The outline comes from the
// frontal view only, since a turned head shows another one; seen turned, such a fixed 3D point lies inside the
// outline on the near side and behind the cheek on the far side, where the renderer marks it self-occluded. Mouth
// points that fall into a gap between the lips move onto their lip the same way.

#include <array>
#include <filesystem>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <opencv2/core/mat.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

inline constexpr const char* kDefaultShapePredictorPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

struct AnnotationQuality {
  int renders = 0;                        // renders given to dlib (views × lightings)
  int detected = 0;                       // renders in which dlib's HOG detector found the face; the others used
                                          // a face box derived from the mesh (frontal) or from the first estimate
  double mean_spread_px = 0;              // frontal view: mean distance of each lighting's points from their mean
  double mean_view_disagreement_mm = 0;   // inner points (17–67) found in the side views vs the result
  double mean_reprojection_px = 0;        // the result projected into the frontal view vs the combined 2D points
  double max_reprojection_px = 0;         // (non-zero where outline or mouth points moved onto the surface)
  double eye_distance_mm = 0;             // outer eye corners 36–45: the scale of the face
  double nose_relief_mm = 0;              // how far the nose tip (30) stands in front of the nostril wings (31, 35)
};

struct LandmarkAnnotation {
  std::array<glm::vec3, dataset::kLandmarkCount> points{};  // on the surface, canonical head frame (mm)
  AnnotationQuality quality;
  // What dlib saw: the frontal render (first lighting), its camera and pose, and the combined 2D points (pixels).
  cv::Mat frontal_image;
  dataset::Intrinsics camera;
  dataset::Pose frontal_pose;
  std::array<glm::dvec2, dataset::kLandmarkCount> detected_px{};
};

// Renders with a Renderer of its own (a headless GL context on this thread: GlContextError where there is none).
// Throws core::UserError naming the model when it is missing or unreadable, and naming the mesh when what dlib
// found is not a face on this surface (points off the head, no nose standing out of it: a mesh without a face, or
// one not facing −z in the canonical frame). Deterministic: the same mesh and GL driver give the same points.
LandmarkAnnotation annotate_landmarks(const HeadMesh& mesh,
                                      const std::filesystem::path& shape_predictor = kDefaultShapePredictorPath);

}  // namespace synhead::renderer
