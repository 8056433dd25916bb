// synhead tracks generate | import-biwi | smooth | stats

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/biwi_calibration.h"
#include "synhead/motion_tracks/stats.h"
#include "synhead/motion_tracks/track_source.h"
#include "synhead/motion_tracks/tracks_config.h"

namespace synhead::tools {
namespace {

namespace fs = std::filesystem;
using motion_tracks::Track;
using motion_tracks::TracksConfig;

constexpr const char* kConfigFile = "configs/tracks.yaml";

void write_tracks(const std::vector<Track>& tracks, const fs::path& dir, const std::string& label) {
  fs::create_directories(dir);
  core::Progress progress(label, tracks.size(), "tracks");
  for (const auto& track : tracks) {
    motion_tracks::write_track_csv(dir / (track.name + ".csv"), track);
    progress.advance();
  }
}

void add_generate(CLI::App* tracks, Action& action) {
  auto* cmd = tracks->add_subcommand("generate", "Generate procedural head motion tracks (DIR/track_XXX.csv)");
  struct Options {
    ConfigOptions config;
    int count = 0, frames = 0;
    double fps = 0;
    std::uint64_t seed = 0;
    std::string out;
    std::string plot;
  };
  auto o = std::make_shared<Options>();
  o->config.add_to(cmd, kConfigFile);
  auto* count = cmd->add_option("--count", o->count, "Number of tracks (config: count)");
  auto* frames = cmd->add_option("--frames", o->frames, "Frames per track (config: generator.frames)");
  auto* fps = cmd->add_option("--fps", o->fps, "Frame rate (config: generator.fps)");
  auto* seed = cmd->add_option("--seed", o->seed, "Random seed (config: seed)");
  cmd->add_option("--out", o->out, "Output directory")->required();
  cmd->add_option("--plot", o->plot, "Also write the statistics plot (PNG)");
  cmd->callback([=, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, count, "count", o->count);
    push_override(flags, frames, "generator.frames", o->frames);
    push_override(flags, fps, "generator.fps", o->fps);
    push_override(flags, seed, "seed", o->seed);
    action = [=] {
      const auto config = o->config.load<TracksConfig>(flags);
      if (!config) return;
      motion_tracks::TrackSourceConfig source;
      source.count = config->count;
      source.generator = config->generator;
      const std::vector<Track> tracks = motion_tracks::load_tracks(source, config->seed);
      write_tracks(tracks, o->out, "writing");
      core::write_text_atomic(fs::path(o->out) / "tracks.yaml", "# resolved config of `synhead tracks generate`\n" + core::config_to_yaml(*config));
      spdlog::info("wrote {} tracks of {} frames to {}", tracks.size(), config->generator.frames, o->out);
      if (!o->plot.empty()) motion_tracks::plot_track_stats(tracks, 0, o->plot);
    };
  });
}

void add_import_biwi(CLI::App* tracks, Action& action) {
  auto* cmd = tracks->add_subcommand("import-biwi", "Import BIWI pose files (hpdb tree or one sequence) as tracks, in the RGB camera");
  cmd->footer("BIWI stores poses in the depth camera's frame. A sequence folder's rgb.cal extrinsics (X_rgb = R X_depth + "
              "t) move its poses into the RGB camera, as biwi:PATH reads them; without rgb.cal they are written as stored.");
  struct Options {
    ConfigOptions config;
    std::string biwi, out;
    double fps = 0;
    bool smooth = false;
  };
  auto o = std::make_shared<Options>();
  o->config.add_to(cmd, kConfigFile);
  cmd->add_option("--biwi", o->biwi, "BIWI hpdb folder, or one sequence folder")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--out", o->out, "Output directory (biwi_NN.csv)")->required();
  auto* fps = cmd->add_option("--fps", o->fps, "Recording frame rate: time = frame number / fps (config: biwi.fps)");
  cmd->add_flag("--smooth", o->smooth, "Apply the Gaussian smoothing of the config (smoothing.*) after import");
  cmd->callback([=, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, fps, "biwi.fps", o->fps);
    action = [=] {
      const auto config = o->config.load<TracksConfig>(flags);
      if (!config) return;
      auto imported = dataset::import_biwi_in_rgb_camera(fs::absolute(o->biwi), config->biwi);
      auto& tracks = imported.tracks;
      // Smoothed after the move: smoothing Euler angles does not commute with a change of camera.
      if (o->smooth)
        for (auto& t : tracks) t = motion_tracks::smooth_track(t, config->smoothing);
      write_tracks(tracks, o->out, "writing");
      std::size_t frames = 0;
      for (const auto& t : tracks) frames += t.size();
      spdlog::info("imported {} BIWI sequences, {} frames, into {}; {} with rgb.cal ({} moved into the RGB camera by "
                   "its extrinsics), {} as stored (no rgb.cal)",
                   tracks.size(), frames, o->out, imported.with_rgb_cal, imported.moved,
                   tracks.size() - imported.with_rgb_cal);
    };
  });
}

void add_smooth(CLI::App* tracks, Action& action) {
  auto* cmd = tracks->add_subcommand("smooth", "Gaussian temporal smoothing (and optional resampling) of tracks");
  struct Options {
    ConfigOptions config;
    double sigma = 0;
    std::string unit;
    double resample_fps = 0;
    std::string in, out;
  };
  auto o = std::make_shared<Options>();
  o->config.add_to(cmd, kConfigFile);
  auto* sigma = cmd->add_option("--sigma", o->sigma, "Kernel standard deviation (config: smoothing.sigma)");
  auto* unit = cmd->add_option("--unit", o->unit, "Unit of --sigma: frames or seconds (config: smoothing.unit)");
  cmd->add_option("--resample-fps", o->resample_fps, "Resample to this frame rate after smoothing")->check(CLI::PositiveNumber);
  cmd->add_option("IN", o->in, "Track CSV file or directory of them")->required();
  cmd->add_option("OUT", o->out, "Output file (or directory when IN is one)")->required();
  cmd->callback([=, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, sigma, "smoothing.sigma", o->sigma);
    push_override(flags, unit, "smoothing.unit", o->unit);
    action = [=] {
      const auto config = o->config.load<TracksConfig>(flags);
      if (!config) return;
      auto tracks = motion_tracks::read_tracks(o->in, config->csv);
      for (auto& t : tracks) {
        t = motion_tracks::smooth_track(t, config->smoothing);
        if (o->resample_fps > 0) t = motion_tracks::resample_track(t, o->resample_fps);
      }
      if (fs::is_directory(o->in)) {
        write_tracks(tracks, o->out, "smoothing");
      } else {
        motion_tracks::write_track_csv(o->out, tracks.front());
      }
      spdlog::info("smoothed {} track(s) into {}", tracks.size(), o->out);
    };
  });
}

void add_stats(CLI::App* tracks, Action& action) {
  auto* cmd = tracks->add_subcommand("stats", "Ranges, speed and spectrum statistics of tracks, with a PNG plot");
  struct Options {
    ConfigOptions config;
    std::string in, plot, json;
    std::size_t example = 0;
  };
  auto o = std::make_shared<Options>();
  o->config.add_to(cmd, kConfigFile);
  cmd->add_option("IN", o->in, "Track CSV file or directory of them")->required();
  cmd->add_option("--plot", o->plot, "Write pitch-yaw / pitch-roll distributions, one track over time and speeds (PNG)");
  cmd->add_option("--json", o->json, "Write the statistics as JSON");
  cmd->add_option("--example", o->example, "Index of the track drawn over time in the plot");
  cmd->callback([=, &action] {
    action = [=] {
      const auto config = o->config.load<TracksConfig>();
      if (!config) return;
      const auto tracks = motion_tracks::read_tracks(o->in, config->csv);
      if (o->example >= tracks.size())
        core::throw_user_error("--example {}: there are only {} tracks in {}", o->example, tracks.size(), o->in);
      const auto stats = motion_tracks::compute_stats(tracks);
      std::cout << motion_tracks::format_stats_table(stats);
      if (!o->json.empty()) core::write_text_atomic(o->json, motion_tracks::to_json(stats).dump(2) + "\n");
      if (!o->plot.empty()) {
        motion_tracks::plot_track_stats(tracks, o->example, o->plot);
        spdlog::info("wrote plot {}", o->plot);
      }
    };
  });
}

}  // namespace

void register_tracks_command(CLI::App& app, Action& action) {
  auto* tracks = app.add_subcommand("tracks", "Head motion tracks: generate, import, smooth, inspect");
  tracks->require_subcommand(1);
  add_generate(tracks, action);
  add_import_biwi(tracks, action);
  add_smooth(tracks, action);
  add_stats(tracks, action);
}

}  // namespace synhead::tools
