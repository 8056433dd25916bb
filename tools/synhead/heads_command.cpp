// synhead heads annotate: the 68 iBUG landmarks of a head mesh found automatically (dlib on renders of it),
// written into its sidecar YAML as source-space points.

#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/renderer/head_annotation.h"
#include "synhead/renderer/landmark_annotator.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::tools {
namespace {

namespace fs = std::filesystem;

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
      const renderer::HeadMesh mesh = renderer::load_head_mesh(o->mesh, {sidecar_path, false});
      const renderer::LandmarkAnnotation annotation = renderer::annotate_landmarks(mesh, o->model);
      const auto& q = annotation.quality;
      spdlog::info("dlib's detector found the face in {} of {} renders; spread between lightings {:.2f} px, side views "
                   "vs result {:.2f} mm; reprojection mean {:.2f} px, max {:.2f} px; eye distance {:.1f} mm, nose relief {:.1f} mm",
                   q.detected, q.renders, q.mean_spread_px, q.mean_view_disagreement_mm, q.mean_reprojection_px,
                   q.max_reprojection_px, q.eye_distance_mm, q.nose_relief_mm);

      std::string command = fmt::format("synhead heads annotate --mesh {} --sidecar {} --out {}", o->mesh, sidecar_path.string(), o->out);
      if (o->model != renderer::kDefaultShapePredictorPath) command += " --model " + o->model;
      core::write_text_atomic(o->out, renderer::annotated_sidecar(sidecar_path, annotation.points, command));
      spdlog::info("wrote {}", o->out);

      if (!o->overlay.empty()) {
        // Rendered from the sidecar just written, so the sheet also checks the source-space round trip.
        const renderer::HeadMesh annotated = renderer::load_head_mesh(o->mesh, {fs::path(o->out), true});
        if (!cv::imwrite(o->overlay, renderer::annotation_sheet(annotated, annotation)))
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
