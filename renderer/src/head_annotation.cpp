#include "synhead/renderer/head_annotation.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/mesh_loader.h"
#include "synhead/renderer/overlay.h"
#include "synhead/renderer/renderer.h"

namespace synhead::renderer {
namespace {

// The first words of the comment line above the block; an earlier annotation's comment is recognised by them.
constexpr const char* kCommentPrefix = "# landmarks: produced by `synhead heads annotate";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) core::throw_user_error("{}: cannot read the sidecar", path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The sidecar's text without its `landmarks:` block (the top-level key and the indented or blank lines under it)
// and without the comment line a previous annotation left: everything else, comments included, stays as written.
std::string without_landmarks(const std::string& sidecar) {
  std::istringstream in(sidecar);
  std::string out, line;
  bool inside = false;
  while (std::getline(in, line)) {
    const bool comment = !line.empty() && line[0] == '#';  // at column 0: about what follows, kept
    const bool top_level = !line.empty() && !comment && line[0] != ' ' && line[0] != '\t';
    if (top_level) inside = line.rfind("landmarks:", 0) == 0;
    if ((inside && !comment) || line.rfind(kCommentPrefix, 0) == 0) continue;
    out += line + "\n";
  }
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0) out.pop_back();
  return out;
}

// canonical = scale · R · (source − origin)  ⇒  source = Rᵀ · canonical / scale + origin.
std::string landmarks_yaml(const std::array<glm::vec3, dataset::kLandmarkCount>& points, const HeadSidecar& s) {
  const glm::dmat3 rotation = motion_tracks::rotation_from_euler({s.rotation_deg[0], s.rotation_deg[1], s.rotation_deg[2]});
  const glm::dvec3 origin(s.origin[0], s.origin[1], s.origin[2]);
  // Enough decimals for a micrometre in source units.
  const int decimals = std::clamp(3 + static_cast<int>(std::ceil(std::log10(s.scale))), 0, 12);
  std::string yaml = "landmarks:\n  points:  # iBUG 68, source units: 0-16 jaw, 17-26 brows, 27-35 nose, 36-47 eyes, 48-67 mouth\n";
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    const glm::dvec3 p = glm::transpose(rotation) * (glm::dvec3(points[static_cast<std::size_t>(i)]) / s.scale) + origin;
    yaml += fmt::format("    - [{:.{}f}, {:.{}f}, {:.{}f}]  # {}\n", p.x, decimals, p.y, decimals, p.z, decimals, i);
  }
  return yaml;
}

}  // namespace

std::string annotated_sidecar(const std::filesystem::path& sidecar_path,
                              const std::array<glm::vec3, dataset::kLandmarkCount>& points, const std::string& command) {
  const HeadSidecar sidecar = read_sidecar(sidecar_path);
  return without_landmarks(read_text(sidecar_path)) + "\n" +
         fmt::format("# landmarks: produced by `{}` (dlib's 68-point shape predictor on renders of the head)\n", command) +
         landmarks_yaml(points, sidecar);
}

cv::Mat annotation_sheet(const HeadMesh& head, const LandmarkAnnotation& annotation) {
  constexpr int kPanel = 512;
  // Each view keeps the landmarks' centroid at the annotator's distance, in the middle of the panel, and the face
  // (outline points 0–16) across about 55 % of it.
  glm::dvec3 centre(0.0);
  for (const auto& p : head.landmarks) centre += glm::dvec3(p);
  centre /= static_cast<double>(dataset::kLandmarkCount);
  const double distance = annotation.frontal_pose.translation_mm.z + centre.z;
  const double focal = 0.55 * kPanel * distance / glm::distance(head.landmarks[0], head.landmarks[16]);
  RendererConfig config;
  config.camera = {kPanel, kPanel, focal, focal, kPanel / 2.0, kPanel / 2.0};
  config.antialiasing = "msaa4";
  Renderer renderer(config);
  const HeadInstance instance{renderer.upload(head), {}};
  const cv::Mat background(8, 8, CV_8UC3, cv::Scalar(110, 110, 110));

  std::vector<cv::Mat> panels;
  // dlib's input, cropped to a square around its points.
  glm::dvec2 lo(INFINITY), hi(-INFINITY);
  for (const auto& p : annotation.detected_px) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  const cv::Mat& image = annotation.frontal_image;
  const int side = std::min({static_cast<int>(1.4 * std::max(hi.x - lo.x, hi.y - lo.y)), image.cols, image.rows});
  const int x0 = std::clamp(static_cast<int>(0.5 * (lo.x + hi.x)) - side / 2, 0, image.cols - side);
  const int y0 = std::clamp(static_cast<int>(0.5 * (lo.y + hi.y)) - side / 2, 0, image.rows - side);
  const double scale = static_cast<double>(kPanel) / side;
  cv::Mat input;
  cv::resize(image(cv::Rect(x0, y0, side, side)), input, {kPanel, kPanel}, 0, 0, cv::INTER_CUBIC);
  for (const auto& p : annotation.detected_px)
    cv::circle(input, cv::Point2d((p.x - x0) * scale - 0.5, (p.y - y0) * scale - 0.5), 3, cv::Scalar(255, 255, 0), cv::FILLED, cv::LINE_AA);
  cv::putText(input, "dlib input + 2D points", {8, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
  panels.push_back(input);
  const struct {
    const char* name;
    motion_tracks::EulerDeg angles;
  } views[] = {{"frontal", {0, 0, 0}}, {"yaw +30", {0, 30, 0}}, {"yaw -30", {0, -30, 0}}, {"pitch +20", {20, 0, 0}}, {"pitch -20", {-20, 0, 0}}};
  for (const auto& view : views) {
    const glm::dmat3 rotation = motion_tracks::rotation_from_euler(view.angles);
    const dataset::Pose pose{rotation, glm::dvec3(0, 0, distance) - rotation * centre};
    const Frame frame = renderer.render(pose, instance, background);
    cv::Mat panel = draw_overlay(frame.image, frame.labels, config.camera);
    cv::putText(panel, view.name, {8, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    panels.push_back(panel);
  }
  cv::Mat top, bottom, sheet;
  cv::hconcat(std::vector<cv::Mat>(panels.begin(), panels.begin() + 3), top);
  cv::hconcat(std::vector<cv::Mat>(panels.begin() + 3, panels.end()), bottom);
  cv::vconcat(top, bottom, sheet);
  return sheet;
}

}  // namespace synhead::renderer
