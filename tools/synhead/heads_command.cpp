// synhead heads annotate: the 68 iBUG landmarks of a head mesh found automatically (dlib on renders of it),
// written into its sidecar YAML as source-space points.

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/landmark_annotator.h"
#include "synhead/renderer/mesh_loader.h"
#include "synhead/renderer/overlay.h"
#include "synhead/renderer/renderer.h"

namespace synhead::tools {
namespace {

namespace fs = std::filesystem;
using dataset::kLandmarkCount;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) core::throw_user_error("{}: cannot read the sidecar", path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The sidecar's text without its `landmarks:` block (the top-level key and the indented or blank lines under it)
// and without the comment line a previous annotation left: everything else, comments included, stays as written.
std::string without_landmarks(const std::string& sidecar, const std::string& comment_prefix) {
  std::istringstream in(sidecar);
  std::string out, line;
  bool inside = false;
  while (std::getline(in, line)) {
    const bool comment = !line.empty() && line[0] == '#';  // at column 0: about what follows, kept
    const bool top_level = !line.empty() && !comment && line[0] != ' ' && line[0] != '\t';
    if (top_level) inside = line.rfind("landmarks:", 0) == 0;
    if ((inside && !comment) || line.rfind(comment_prefix, 0) == 0) continue;
    out += line + "\n";
  }
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0) out.pop_back();
  return out;
}

// canonical = scale · R · (source − origin)  ⇒  source = Rᵀ · canonical / scale + origin.
std::string landmarks_yaml(const std::array<glm::vec3, kLandmarkCount>& points, const renderer::HeadSidecar& s) {
  const glm::dmat3 rotation = motion_tracks::rotation_from_euler({s.rotation_deg[0], s.rotation_deg[1], s.rotation_deg[2]});
  const glm::dvec3 origin(s.origin[0], s.origin[1], s.origin[2]);
  // Enough decimals for a micrometre in source units.
  const int decimals = std::clamp(3 + static_cast<int>(std::ceil(std::log10(s.scale))), 0, 12);
  std::string yaml = "landmarks:\n  points:  # iBUG 68, source units: 0-16 jaw, 17-26 brows, 27-35 nose, 36-47 eyes, 48-67 mouth\n";
  for (int i = 0; i < kLandmarkCount; ++i) {
    const glm::dvec3 p = glm::transpose(rotation) * (glm::dvec3(points[static_cast<std::size_t>(i)]) / s.scale) + origin;
    yaml += fmt::format("    - [{:.{}f}, {:.{}f}, {:.{}f}]  # {}\n", p.x, decimals, p.y, decimals, p.z, decimals, i);
  }
  return yaml;
}

// A contact sheet for checking the result by eye: what dlib saw (its combined 2D points in cyan), then the head
// loaded with the new sidecar at frontal, yaw ±30° and pitch ±20° with the renderer's own ground-truth overlay
// (green visible, red self-occluded).
cv::Mat overlay_sheet(const renderer::HeadMesh& head, const renderer::LandmarkAnnotation& annotation) {
  constexpr int kPanel = 512;
  // Each view keeps the landmarks' centroid at the annotator's distance, in the middle of the panel, and the face
  // (outline points 0–16) across about 55 % of it.
  glm::dvec3 centre(0.0);
  for (const auto& p : head.landmarks) centre += glm::dvec3(p);
  centre /= static_cast<double>(kLandmarkCount);
  const double distance = annotation.frontal_pose.translation_mm.z + centre.z;
  const double focal = 0.55 * kPanel * distance / glm::distance(head.landmarks[0], head.landmarks[16]);
  renderer::RendererConfig config;
  config.camera = {kPanel, kPanel, focal, focal, kPanel / 2.0, kPanel / 2.0};
  config.antialiasing = "msaa4";
  renderer::Renderer renderer(config);
  const renderer::HeadInstance instance{renderer.upload(head), {}};
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
    const renderer::Frame frame = renderer.render(pose, instance, background);
    cv::Mat panel = renderer::draw_overlay(frame.image, frame.labels, config.camera);
    cv::putText(panel, view.name, {8, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    panels.push_back(panel);
  }
  cv::Mat top, bottom, sheet;
  cv::hconcat(std::vector<cv::Mat>(panels.begin(), panels.begin() + 3), top);
  cv::hconcat(std::vector<cv::Mat>(panels.begin() + 3, panels.end()), bottom);
  cv::vconcat(top, bottom, sheet);
  return sheet;
}

void add_annotate(CLI::App* heads, Action& action) {
  auto* cmd = heads->add_subcommand("annotate", "Find the 68 iBUG landmarks of a head mesh (dlib on renders of it) and write them into its sidecar");
  struct Options {
    std::string mesh, sidecar, out, overlay;
    std::string model = renderer::kDefaultShapePredictorPath;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--mesh", o->mesh, "Head mesh (any format Assimp reads)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--sidecar", o->sidecar, "Sidecar that maps the mesh into the canonical head frame (default: MESH.synhead.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out, "Sidecar to write: the input sidecar's keys and comments plus landmarks.points")->required();
  cmd->add_option("--overlay", o->overlay, "Also write a contact sheet (PNG): dlib's input and the result at five poses");
  cmd->add_option("--model", o->model, "dlib 68-point shape predictor")->capture_default_str();
  cmd->callback([=, &action] {
    action = [=] {
      const fs::path sidecar_path = o->sidecar.empty() ? renderer::default_sidecar_path(o->mesh) : fs::path(o->sidecar);
      if (!fs::exists(sidecar_path))
        core::throw_user_error("{}: no sidecar: annotation needs the mesh in the canonical head frame (scale, rotation_deg, "
                               "origin; see renderer/include/synhead/renderer/mesh_loader.h); give --sidecar",
                               sidecar_path.string());
      const renderer::HeadSidecar sidecar = renderer::read_sidecar(sidecar_path);
      const renderer::HeadMesh mesh = renderer::load_head_mesh(o->mesh, {sidecar_path, false});
      const renderer::LandmarkAnnotation annotation = renderer::annotate_landmarks(mesh, o->model);
      const auto& q = annotation.quality;
      spdlog::info("dlib's detector found the face in {} of {} renders; spread between lightings {:.2f} px, side views "
                   "vs result {:.2f} mm; reprojection mean {:.2f} px, max {:.2f} px; eye distance {:.1f} mm, nose relief {:.1f} mm",
                   q.detected, q.renders, q.mean_spread_px, q.mean_view_disagreement_mm, q.mean_reprojection_px,
                   q.max_reprojection_px, q.eye_distance_mm, q.nose_relief_mm);

      std::string command = fmt::format("synhead heads annotate --mesh {} --sidecar {} --out {}", o->mesh, sidecar_path.string(), o->out);
      if (o->model != renderer::kDefaultShapePredictorPath) command += " --model " + o->model;
      const std::string comment = "# landmarks: produced by `synhead heads annotate";
      const std::string text = without_landmarks(read_text(sidecar_path), comment) + "\n" +
                               fmt::format("# landmarks: produced by `{}` (dlib's 68-point shape predictor on renders of the head)\n", command) +
                               landmarks_yaml(annotation.points, sidecar);
      core::write_text_atomic(o->out, text);
      spdlog::info("wrote {}", o->out);

      if (!o->overlay.empty()) {
        // Rendered from the sidecar just written, so the sheet also checks the source-space round trip.
        const renderer::HeadMesh annotated = renderer::load_head_mesh(o->mesh, {fs::path(o->out), true});
        if (!cv::imwrite(o->overlay, overlay_sheet(annotated, annotation)))
          core::throw_user_error("{}: cannot write the overlay image", o->overlay);
        spdlog::info("wrote {}", o->overlay);
      }
    };
  });
}

}  // namespace

void register_heads_command(CLI::App& app, Action& action) {
  auto* heads = app.add_subcommand("heads", "Head meshes: automatic landmark annotation");
  heads->require_subcommand(1);
  add_annotate(heads, action);
}

}  // namespace synhead::tools
