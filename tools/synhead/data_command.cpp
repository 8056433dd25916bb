// synhead data inspect | stats | boxes | convert: summaries, verification and pose statistics of synhead, BIWI and
// 300-VW data, the face box of every frame (boxes CSV) by head centre or by a calibrated face detector, and a
// source with landmarks written in the 300-VW layout.

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/motion_tracks/stats.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/dataset/inspect.h"
#include "synhead/dataset/source.h"
#include "synhead/dataset/vw300_layout.h"
#ifdef SYNHEAD_WITH_TRAINER
#include "synhead/inference/detector_boxes.h"
#endif

namespace synhead::tools {
namespace {

using dataset::AnnotationErrors;

constexpr const char* kSourceHelp = "A synhead dataset folder, biwi:PATH (hpdb folder or one sequence) or 300vw:PATH";

// What opening found without decoding frames (e.g. sequences not rendered yet): the figures cover the rest.
void warn_about_problems(const dataset::DataSource& source) {
  if (source.problems().empty()) return;
  const auto& first = source.problems().front();
  spdlog::warn("{} problem(s) in the annotations, e.g. {}: {}; `synhead data inspect --verify` lists them",
               source.problems().size(), first.location, first.what);
}

void add_inspect(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("inspect", "Summarise a dataset (sequences, frames, pose ranges, landmarks, splits)");
  struct Options {
    std::string source;
    bool json = false, verify = false, depth = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, kSourceHelp)->required();
  cmd->add_flag("--json", o->json, "Print one JSON object on stdout instead of tables");
  cmd->add_flag("--verify", o->verify, "Also decode every frame and check it against the annotations (exit 2 on problems)");
  cmd->add_flag("--depth", o->depth, "biwi:PATH: also decode and check every frame_XXXXX_depth.bin (exit 2 on problems)");
  cmd->callback([=, &action] {
    action = [=] {
      // Without --verify an unreadable annotation file stops at once; with it, every problem goes into the report.
      const auto source = dataset::open_data_source(o->source, o->verify ? AnnotationErrors::Collect : AnnotationErrors::Throw);
      const auto summary = dataset::summarize(*source);
      std::optional<dataset::VerificationReport> report;
      if (o->verify) report = dataset::verify(*source);
      std::optional<dataset::VerificationReport> depth;
      if (o->depth) depth = dataset::verify_depth(*source);
      if (o->json) {
        auto j = dataset::to_json(summary);
        if (report) j["verification"] = dataset::to_json(*report);
        if (depth) j["depth"] = dataset::to_json(*depth);
        std::cout << j.dump(2) << std::endl;
      } else {
        std::cout << dataset::format_summary(summary) << (report ? dataset::format_report(*report) : "")
                  << (depth ? dataset::format_report(*depth, "depth check") : "") << std::flush;
      }
      if (!o->verify) warn_about_problems(*source);
      if (report && !report->clean())
        core::throw_user_error("data source '{}': verification found {} problem(s)", o->source, report->problems.size());
      if (depth && !depth->clean())
        core::throw_user_error("data source '{}': {} problem(s) in the depth files, the first {}: {}", o->source,
                               depth->problems.size(), depth->problems.front().location, depth->problems.front().what);
    };
  });
}

void add_stats(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("stats", "Per-split pose distributions (Figure 4 style) and speed statistics");
  struct Options {
    std::string source, plot, json;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, "A synhead dataset folder (or biwi:PATH)")->required();
  cmd->add_option("--plot", o->plot, "Write pitch-yaw / pitch-roll distributions, one row per split (PNG)");
  cmd->add_option("--json", o->json, "Write the per-split statistics as JSON");
  cmd->callback([=, &action] {
    action = [=] {
      const auto source = dataset::open_data_source(o->source);
      warn_about_problems(*source);
      const auto splits = dataset::poses_by_split(*source);
      nlohmann::json per_split = nlohmann::json::object();
      for (const auto& split : splits) {
        const auto stats = motion_tracks::compute_stats(split.tracks);
        std::cout << "## " << split.split << "\n\n" << motion_tracks::format_stats_table(stats) << "\n";
        per_split[split.split] = motion_tracks::to_json(stats);
      }
      std::cout << std::flush;
      if (!o->json.empty())
        core::write_text_atomic(o->json, nlohmann::json{{"source", o->source}, {"splits", per_split}}.dump(2) + "\n");
      if (!o->plot.empty()) {
        dataset::plot_split_pose_distributions(splits, o->plot);
        spdlog::info("wrote plot {}", o->plot);
      }
    };
  });
}

// The detectors live in synhead::inference, which is built with the trainer.
std::string detector_help() {
#ifdef SYNHEAD_WITH_TRAINER
  return fmt::format("--rule detector: {} (default {})", fmt::join(inference::available_detectors(), " | "),
                     inference::available_detectors().front());
#else
  return "--rule detector: hog | haar (not in this build: it has no inference module)";
#endif
}

void add_boxes(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("boxes", "The face box of every annotated frame (boxes CSV for data.crop.rule boxes)");
  cmd->footer("Rules: head_centre — a square of --head-box-mm around the projected head centre (needs a pose; "
              "rule column head_centre, score 1); detector — a full-frame face detection per frame, calibrated like "
              "synhead infer (the landmark-like box), the face nearest the previous frame's box, misses holding the "
              "last found box (rule detector_held, score 0). With --smooth-sigma-frames S > 0 the paper's 300-VW crops "
              "instead: per sequence, centres smoothed with a Gaussian of S frames, misses interpolated from the "
              "detections around them, every box the size of the sequence's largest detection (rules "
              "detector_smoothed, detector_interpolated).");
  struct Options {
    std::string source, out, rule = "head_centre", detector, calibration;
    double head_box_mm = dataset::kDefaultHeadBoxMm;
    double smooth_sigma_frames = 0;
    int workers = 1;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, kSourceHelp)->required();
  cmd->add_option("--out", o->out, "Boxes CSV: sequence,frame,box_x,box_y,box_w,box_h,rule,score (written atomically)")
      ->required();
  cmd->add_option("--rule", o->rule, "head_centre | detector")->capture_default_str()
      ->check(CLI::IsMember({"head_centre", "detector"}));
  auto* head_box = cmd->add_option("--head-box-mm", o->head_box_mm, "--rule head_centre: side of the square, mm")
                       ->capture_default_str()->check(CLI::Range(50.0, 1000.0));
  auto* detector = cmd->add_option("--detector", o->detector, detector_help());
  auto* calibration = cmd->add_option("--calibration", o->calibration,
                                      "--rule detector: detector box calibrations (JSON array) instead of the shipped "
                                      "assets/calibration/detectors.json");
  auto* workers = cmd->add_option("--workers", o->workers, "--rule detector: sequences detected in parallel")
                      ->capture_default_str()->check(CLI::PositiveNumber);
  auto* smooth = cmd->add_option("--smooth-sigma-frames", o->smooth_sigma_frames,
                                 "--rule detector: smooth the box centres over time with a Gaussian of this many "
                                 "frames (0: per-frame boxes)")
                     ->capture_default_str()->check(CLI::Range(0.0, 1000.0));
  cmd->callback([=, &action] {
    const bool by_detector = o->rule == "detector";
    for (const auto* option : {detector, calibration, workers, smooth})
      if (!by_detector && option->count() > 0)
        core::throw_user_error("{} applies to --rule detector (the rule is {})", option->get_name(), o->rule);
    if (by_detector && head_box->count() > 0)
      core::throw_user_error("--head-box-mm applies to --rule head_centre (the rule is detector)");
    action = [=] {
      const auto source = dataset::open_data_source(o->source);
      warn_about_problems(*source);
      std::vector<dataset::FaceBoxRow> rows;
      std::string what;
      if (by_detector) {
#ifdef SYNHEAD_WITH_TRAINER
        inference::DetectorBoxesOptions options;
        options.detector = o->detector;
        if (!o->calibration.empty()) options.calibration = o->calibration;
        options.workers = o->workers;
        auto boxes = inference::detector_box_rows(*source, options);
        rows = std::move(boxes.rows);
        what = fmt::format("{} detector, a face found in {} ({} held)", boxes.detector, boxes.detected,
                           rows.size() - boxes.detected);
        if (o->smooth_sigma_frames > 0) {
          rows = dataset::smoothed_detector_rows(rows, o->smooth_sigma_frames);
          what += fmt::format(", smoothed over σ = {} frames", o->smooth_sigma_frames);
        }
#else
        core::throw_user_error("--rule detector: this synhead was built without the inference module (it comes with "
                               "SYNHEAD_BUILD_TRAINER); use --rule head_centre");
#endif
      } else {
        rows = dataset::head_centre_rows(*source, o->head_box_mm);
        what = fmt::format("head centre, {} mm squares", o->head_box_mm);
      }
      dataset::write_boxes_csv(o->out, rows);
      std::cout << fmt::format("{} sequences, {} frames; {} → {}\n", source->sequences().size(), rows.size(), what,
                               o->out);
    };
  });
}

void add_convert(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("convert", "Write a source with landmarks in another layout (300-VW: videos + .pts)");
  cmd->footer("300vw: OUT/NNN/vid.avi + OUT/NNN/annot/NNNNNN.pts, videos numbered 001… in the source's order, "
              "OUT/sequences.json (which sequence each video is) and OUT/splits.json (the source's split tags, for "
              "--splits). Complete videos are skipped on a rerun; `300vw:OUT` reads the result.");
  struct Options {
    std::string source, out, layout = "300vw", fourcc = "MJPG";
    double fps = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, kSourceHelp)->required();
  cmd->add_option("--layout", o->layout, "Layout to write")->capture_default_str()->check(CLI::IsMember({"300vw"}));
  cmd->add_option("--out", o->out, "Output folder")->required();
  cmd->add_option("--fourcc", o->fourcc, "Video codec (OpenCV four-character code)")->capture_default_str();
  cmd->add_option("--fps", o->fps, "Video frame rate (0: from the source's frame times)")
      ->capture_default_str()->check(CLI::Range(0.0, 1000.0));
  cmd->callback([=, &action] {
    action = [=] {
      const auto source = dataset::open_data_source(o->source);
      warn_about_problems(*source);
      std::size_t frames = 0;
      for (const auto& s : source->sequences()) frames += s.frames.size();
      core::Progress progress("convert", frames, "frames");
      dataset::Vw300WriteOptions options;
      options.fourcc = o->fourcc;
      options.fps = o->fps;
      const std::size_t written = dataset::write_300vw_layout(*source, o->out, options, progress);
      progress.finish();
      std::cout << fmt::format("{} videos ({} written now, {} frames) → 300vw:{}\n", source->sequences().size(),
                               written, frames, o->out);
    };
  });
}

}  // namespace

void register_data_command(CLI::App& app, Action& action) {
  auto* data = app.add_subcommand("data", "Datasets: inspect and verify, pose statistics, face boxes");
  data->require_subcommand(1);
  add_inspect(data, action);
  add_stats(data, action);
  add_boxes(data, action);
  add_convert(data, action);
}

}  // namespace synhead::tools
