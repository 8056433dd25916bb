// sim2real_check: tooling beside synhead, not part of it. An independent head-pose estimate on real video (dlib's
// 68 landmarks + solvePnP of a generic face; tools/sim2real/include/synhead/sim2real/peer.h) and its comparison
// with `synhead infer`'s CSVs (compare.h). Exit codes as synhead's: 0 success (also when the bar is missed: the
// verdict is in the outputs), 2 bad usage or input (the message names the file), 1 other failures.

#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/logging.h"
#include "synhead/core/progress.h"
#include "synhead/sim2real/compare.h"

namespace {

using namespace synhead::sim2real;

void add_peer_options(CLI::App* command, PeerOptions& peer, std::int64_t& max_frames) {
  command->add_option("--focal", peer.focal_px, "Focal length in pixels (default: the image width; the principal "
                                                "point is the image centre)");
  command->add_option("--upsample", peer.upsample, "HOG detector upsamplings (default: 1 when the image's shorter "
                                                   "side is under 480 px, else 0)");
  command->add_option("--shape-predictor", peer.shape_predictor, "dlib's 68-point model")
      ->default_str(kShapePredictorPath);
  command->add_option("--max-frames", max_frames, "Only the first N frames of each video (0: all)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sim2real_check: synhead infer on real video against an independent peer (dlib 68 landmarks + PnP)"};
  app.require_subcommand(1);
  app.fallthrough();
  bool quiet = false;
  int verbosity = 0;
  app.add_flag("-q,--quiet", quiet, "No progress bars, warnings and errors only");
  app.add_flag("-v,--verbose", verbosity, "More log output");

  PeerOptions peer_options;
  std::int64_t max_frames = 0;
  std::string input, out;
  CLI::App* peer = app.add_subcommand("peer", "The peer's per-frame pose of one video → CSV");
  peer->add_option("--input", input, "Video file")->required();
  peer->add_option("--out", out, "CSV: frame,timestamp,found,face_x,face_y,face_w,face_h,pitch,yaw,roll,tx,ty,tz,"
                                 "reprojection_px")->required();
  add_peer_options(peer, peer_options, max_frames);

  CompareOptions compare_options;
  CLI::App* compare = app.add_subcommand("compare", "synhead infer CSVs against the peer on a folder of videos");
  compare->add_option("--videos", compare_options.videos, "Folder of videos (or one video)")->required();
  compare->add_option("--infer-dir", compare_options.infer_dir,
                      "Folder holding <video stem>.csv from `synhead infer` for each video")->required();
  compare->add_option("--out", compare_options.out, "Output folder: sim2real.json, sim2real.md, plots/, peer/")
      ->required();
  compare->add_option("--peer-dir", compare_options.peer_dir,
                      "Read the peer's CSVs (<video stem>.csv, from `peer` or an earlier compare's OUT/peer) instead "
                      "of running it");
  compare->add_option("--min-motion-std", compare_options.bar.min_motion_std_deg,
                      "Judge correlation only where the peer's std reaches this (degrees)")
      ->capture_default_str();
  add_peer_options(compare, peer_options, max_frames);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  synhead::core::setup_logging(verbosity, quiet);
  synhead::core::set_progress_mode(quiet ? synhead::core::ProgressMode::Quiet : synhead::core::ProgressMode::Auto);
  try {
    if (peer->parsed()) {
      PeerEstimator estimator(peer_options);
      const PeerRunSummary s = run_peer(input, out, estimator, max_frames);
      std::cout << fmt::format("{} frames, a face in {} ({:.1f} %); {:.1f} frames/s → {}\n", s.frames, s.found,
                               100.0 * s.found / s.frames, s.frames / std::max(s.seconds, 1e-9), out);
    } else {
      compare_options.peer = peer_options;
      compare_options.max_frames = max_frames;
      const CompareResult r = run_compare(compare_options);
      std::cout << r.markdown;
      std::cout << fmt::format("→ {}/sim2real.json, sim2real.md, plots/\n", compare_options.out.string());
    }
  } catch (const synhead::core::UserError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
