#include "synhead/dataset/inspect.h"

#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/biwi_calibration.h"
#include "synhead/dataset/biwi_depth.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using core::throw_user_error;
using motion_tracks::Track;
using motion_tracks::TrackFrame;

std::string split_name(const SourceSequence& s) { return s.split.empty() ? kNoSplit : s.split; }

std::string format_angle_row(const char* name, const motion_tracks::ValueStats& v) {
  return fmt::format("| {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |\n", name, v.min, v.max, v.mean, v.std);
}

nlohmann::json problems_to_json(const std::vector<Problem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : problems) list.push_back({{"file", p.location}, {"problem", p.what}});
  return list;
}

}  // namespace

DataSummary summarize(const DataSource& source) {
  DataSummary summary;
  summary.source = source.spec();
  summary.kind = source.kind();
  summary.sequences = source.sequences().size();
  summary.landmarks = source.landmark_count();
  std::vector<Track> tracks;
  for (const auto& s : source.sequences()) {
    summary.frames += s.frames.size();
    auto& split = summary.splits[split_name(s)];
    ++split.sequences;
    split.frames += s.frames.size();
    auto& sizes = summary.image_sizes;
    if (s.image_size.known() && std::find(sizes.begin(), sizes.end(), s.image_size) == sizes.end()) sizes.push_back(s.image_size);
    tracks.push_back(s.poses);
  }
  if (source.has_pose() && summary.frames > 0)
    summary.pose = PoseStats{motion_tracks::value_stats(tracks, &TrackFrame::pitch),
                             motion_tracks::value_stats(tracks, &TrackFrame::yaw),
                             motion_tracks::value_stats(tracks, &TrackFrame::roll)};
  return summary;
}

nlohmann::json to_json(const DataSummary& s) {
  auto angle = [](const motion_tracks::ValueStats& v) {
    return nlohmann::json{{"min", v.min}, {"max", v.max}, {"mean", v.mean}, {"std", v.std}};
  };
  nlohmann::json pose = nullptr;
  if (s.pose) pose = {{"pitch", angle(s.pose->pitch)}, {"yaw", angle(s.pose->yaw)}, {"roll", angle(s.pose->roll)}};
  nlohmann::json splits = nlohmann::json::object();
  for (const auto& [name, counts] : s.splits) splits[name] = {{"sequences", counts.sequences}, {"frames", counts.frames}};
  nlohmann::json sizes = nlohmann::json::array();
  for (const auto& size : s.image_sizes) sizes.push_back({{"width", size.width}, {"height", size.height}});
  return {{"source", s.source}, {"kind", s.kind},     {"sequences", s.sequences}, {"frames", s.frames},
          {"pose", pose},       {"landmarks", s.landmarks}, {"splits", splits},     {"image_sizes", sizes}};
}

std::string format_summary(const DataSummary& s) {
  std::vector<std::string> sizes;
  for (const auto& size : s.image_sizes) sizes.push_back(fmt::format("{}x{}", size.width, size.height));
  std::string out = fmt::format("{} source '{}': {} sequences, {} frames, {} landmarks, images {}\n\n", s.kind, s.source,
                                s.sequences, s.frames, s.landmarks, sizes.empty() ? "unknown" : fmt::format("{}", fmt::join(sizes, ", ")));
  out += "| split | sequences | frames |\n|---|---|---|\n";
  for (const auto& [name, counts] : s.splits) out += fmt::format("| {} | {} | {} |\n", name, counts.sequences, counts.frames);
  if (!s.pose) return out + "\nno head pose in this source\n";
  out += "\n| angle (deg) | min | max | mean | std |\n|---|---|---|---|---|\n";
  out += format_angle_row("pitch", s.pose->pitch) + format_angle_row("yaw", s.pose->yaw) + format_angle_row("roll", s.pose->roll);
  return out;
}

VerificationReport verify(const DataSource& source) {
  VerificationReport report;
  report.problems = source.problems();
  report.incomplete = source.incomplete();
  for (const auto& s : source.sequences()) report.frames_checked += s.frames.size();
  core::Progress progress("verifying", report.frames_checked, "frames");
  for (const auto& s : source.sequences()) source.check_frames(s, report.problems, progress);
  progress.finish();
  return report;
}

VerificationReport verify_depth(const DataSource& source) {
  if (source.kind() != "biwi")
    throw_user_error("data source '{}': only BIWI sources (biwi:PATH) have depth files to check", source.spec());
  VerificationReport report;
  std::size_t frames = 0;
  for (const auto& s : source.sequences()) frames += s.frames.size();
  core::Progress progress("checking depth", frames, "frames");
  for (const auto& s : source.sequences()) {
    ImageSize expected;
    const fs::path depth_cal = s.dir / "depth.cal";
    try {
      if (fs::exists(depth_cal)) {
        const BiwiCalibration calibration = read_biwi_calibration(depth_cal);
        expected = {calibration.width, calibration.height};
      }
    } catch (const core::UserError& e) {
      report.problems.push_back(problem_from_error(depth_cal, e));
    }
    for (const auto frame : s.frames) {
      const fs::path path = biwi_depth_file(s.dir, frame);
      progress.advance();
      if (!fs::exists(path)) continue;
      ++report.frames_checked;
      try {
        read_biwi_depth(path, expected);
      } catch (const core::UserError& e) {
        report.problems.push_back(problem_from_error(path, e));
      }
    }
  }
  progress.finish();
  return report;
}

nlohmann::json to_json(const VerificationReport& r) {
  return {{"clean", r.clean()},
          {"frames_checked", r.frames_checked},
          {"problems", problems_to_json(r.problems)},
          {"incomplete", problems_to_json(r.incomplete)}};
}

std::string format_report(const VerificationReport& r, const std::string& what) {
  std::string out = fmt::format("\n{}: {} frames checked, {} problem(s)\n", what, r.frames_checked, r.problems.size());
  for (const auto& p : r.problems) out += fmt::format("- {}: {}\n", p.location, p.what);
  if (r.incomplete.empty()) return out;
  out += fmt::format("{} incomplete (left by an interrupted run; not errors):\n", r.incomplete.size());
  for (const auto& p : r.incomplete) out += fmt::format("- {}: {}\n", p.location, p.what);
  return out;
}

std::vector<SplitPoses> poses_by_split(const DataSource& source) {
  if (!source.has_pose())
    throw_user_error("data source '{}': a {} source has no head poses to take statistics of", source.spec(), source.kind());
  std::vector<SplitPoses> splits;
  for (const auto& s : source.sequences()) {
    const std::string name = split_name(s);
    auto it = std::find_if(splits.begin(), splits.end(), [&](const SplitPoses& p) { return p.split == name; });
    if (it == splits.end()) it = splits.insert(splits.end(), SplitPoses{name, {}});
    it->tracks.push_back(s.poses);
  }
  return splits;
}

void plot_split_pose_distributions(const std::vector<SplitPoses>& splits, const fs::path& png) {
  SYNHEAD_CHECK(!splits.empty());
  core::GnuplotScript gp;
  std::size_t sequences = 0, frames = 0;
  for (const auto& split : splits)
    for (const auto& t : split.tracks) {
      ++sequences;
      frames += t.size();
    }
  gp.add(fmt::format("set multiplot layout {},2 title '{} sequences, {} frames'", splits.size(), sequences, frames));
  for (std::size_t i = 0; i < splits.size(); ++i) {
    std::size_t split_frames = 0;
    for (const auto& t : splits[i].tracks) split_frames += t.size();
    const std::string title = fmt::format("{} ({} sequences, {} frames): ", splits[i].split, splits[i].tracks.size(), split_frames);
    motion_tracks::add_pose_distribution_panels(gp, splits[i].tracks, std::to_string(i), title);
  }
  gp.add("unset multiplot");
  gp.render_png(png, 1200, 60 + 500 * static_cast<int>(splits.size()));
}

}  // namespace synhead::dataset
