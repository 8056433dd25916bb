#pragma once
// What `synhead heads annotate` makes of a landmark annotation: the head's sidecar with the landmarks written in,
// and a contact sheet for checking the result by eye.

#include <array>
#include <filesystem>
#include <string>

#include <glm/vec3.hpp>
#include <opencv2/core/mat.hpp>

#include "synhead/renderer/head_mesh.h"
#include "synhead/renderer/landmark_annotator.h"

namespace synhead::renderer {

// The text of the sidecar at `sidecar_path` with `points` (canonical head frame) as its `landmarks.points`, mapped
// back to source units with the sidecar's own transform, under a comment naming `command` (what produced them).
// Every other key and comment stays as written; an earlier `landmarks:` block and its comment are dropped, so
// annotating twice gives one block.
std::string annotated_sidecar(const std::filesystem::path& sidecar_path,
                              const std::array<glm::vec3, dataset::kLandmarkCount>& points, const std::string& command);

// 3 × 2 panels of 512² px: what dlib saw (the frontal render cropped around its 2D points, drawn in cyan), then
// `head` at frontal, yaw ±30° and pitch ±20° with the renderer's ground-truth landmark overlay (green visible, red
// self-occluded). Render `head` from the sidecar just written to check its source-space round trip as well.
cv::Mat annotation_sheet(const HeadMesh& head, const LandmarkAnnotation& annotation);

}  // namespace synhead::renderer
