#include "synhead/sim2real/compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <opencv2/videoio.hpp>
#include <spdlog/spdlog.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/core/progress.h"
#include "synhead/sim2real/face_model.h"
#include "synhead/sim2real/metrics.h"

namespace synhead::sim2real {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_video(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".mp4" || ext == ".avi" || ext == ".webm" || ext == ".mkv" || ext == ".mov" || ext == ".m4v";
}

std::vector<std::filesystem::path> list_videos(const std::filesystem::path& videos) {
  if (std::filesystem::is_regular_file(videos)) return {videos};
  if (!std::filesystem::is_directory(videos)) core::throw_user_error("{}: no such video or folder of videos", videos.string());
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(videos))
    if (is_video(entry.path()) && !std::filesystem::is_directory(entry.path())) found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  if (found.empty())
    core::throw_user_error("{}: no videos in this folder (.mp4 .avi .webm .mkv .mov .m4v)", videos.string());
  for (std::size_t i = 1; i < found.size(); ++i)
    if (found[i].stem() == found[i - 1].stem())
      core::throw_user_error("{} and {}: two videos with one name; their CSVs would collide", found[i - 1].string(),
                             found[i].string());
  return found;
}

// "nan" never reaches a table: a figure that does not exist reads "–".
std::string number(double value, int digits = 2) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, digits) : "–";
}

nlohmann::json finite_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The overall figures of one angle: frame-weighted means of the per-video figures; the correlation also as its
// minimum over the videos where the peer saw enough motion to judge it.
struct Overall {
  std::size_t frames = 0;
  double mean_correlation = kNaN, min_correlation = kNaN, offset_free_mae_deg = kNaN;
  double jitter_synhead_deg = kNaN, jitter_peer_deg = kNaN;
  std::size_t judged_videos = 0;
};

Overall overall_of(const std::vector<VideoComparison>& videos, std::size_t angle, const AcceptanceBar& bar) {
  Overall o;
  double r = 0, r_frames = 0, mae = 0, js = 0, jp = 0, j_frames = 0;
  for (const auto& v : videos) {
    const AngleComparison& a = v.angles[angle];
    if (a.frames == 0) continue;
    o.frames += a.frames;
    mae += a.offset_free_mae_deg * static_cast<double>(a.frames);
    if (std::isfinite(a.jitter_synhead_deg) && std::isfinite(a.jitter_peer_deg)) {
      js += a.jitter_synhead_deg * static_cast<double>(a.frames);
      jp += a.jitter_peer_deg * static_cast<double>(a.frames);
      j_frames += static_cast<double>(a.frames);
    }
    if (a.peer_std_deg >= bar.min_motion_std_deg && std::isfinite(a.correlation)) {
      r += a.correlation * static_cast<double>(a.frames);
      r_frames += static_cast<double>(a.frames);
      o.min_correlation = std::isfinite(o.min_correlation) ? std::min(o.min_correlation, a.correlation) : a.correlation;
      ++o.judged_videos;
    }
  }
  if (o.frames > 0) o.offset_free_mae_deg = mae / static_cast<double>(o.frames);
  if (r_frames > 0) o.mean_correlation = r / r_frames;
  if (j_frames > 0) {
    o.jitter_synhead_deg = js / j_frames;
    o.jitter_peer_deg = jp / j_frames;
  }
  return o;
}

}  // namespace

VideoComparison compare_poses(const std::string& name, const PoseSeries& synhead, const PoseSeries& peer) {
  VideoComparison v;
  v.name = name;
  v.infer_csv = synhead.file;
  v.peer_csv = peer.file;
  std::map<std::int64_t, const PoseRow*> by_frame;
  for (const auto& row : synhead.rows) by_frame[row.frame] = &row;
  std::vector<std::int64_t> frames;
  std::array<std::vector<double>, 3> ours, theirs;
  for (const auto& p : peer.rows) {
    const auto s = by_frame.find(p.frame);
    if (s == by_frame.end()) continue;
    ++v.frames;
    v.peer_found += p.valid;
    v.synhead_success += s->second->valid;
    if (!p.valid || !s->second->valid) continue;
    ++v.both;
    frames.push_back(p.frame);
    for (std::size_t a = 0; a < 3; ++a) {
      ours[a].push_back(s->second->pose_deg[a]);
      theirs[a].push_back(p.pose_deg[a]);
    }
  }
  v.detection_rate = v.peer_found > 0 ? static_cast<double>(v.both) / static_cast<double>(v.peer_found) : kNaN;
  for (std::size_t a = 0; a < 3; ++a) {
    AngleComparison& c = v.angles[a];
    c.frames = frames.size();
    c.correlation = pearson(ours[a], theirs[a]);
    c.offset_free_mae_deg = frames.empty() ? kNaN : offset_free_mae(ours[a], theirs[a]);
    c.mean_offset_deg = frames.empty() ? kNaN : mean_offset(ours[a], theirs[a]);
    c.slope = slope(ours[a], theirs[a]);
    c.peer_std_deg = standard_deviation(theirs[a]);
    c.synhead_std_deg = standard_deviation(ours[a]);
    c.jitter_synhead_deg = jitter(ours[a], frames);
    c.jitter_peer_deg = jitter(theirs[a], frames);
    c.steps = consecutive_pairs(frames);
  }
  return v;
}

std::vector<Check> acceptance_checks(const VideoComparison& v, const AcceptanceBar& bar) {
  std::vector<Check> checks;
  Check detection{v.name, "", "detection", v.detection_rate, bar.min_detection_rate};
  detection.applies = std::isfinite(v.detection_rate);
  detection.passed = !detection.applies || v.detection_rate >= bar.min_detection_rate;
  checks.push_back(detection);
  for (std::size_t a = 0; a < 3; ++a) {
    const AngleComparison& c = v.angles[a];
    Check r{v.name, kAngleNames[a], "correlation", c.correlation, bar.min_correlation[a]};
    r.applies = c.peer_std_deg >= bar.min_motion_std_deg;
    r.passed = !r.applies || (std::isfinite(c.correlation) && c.correlation >= bar.min_correlation[a]);
    checks.push_back(r);
    if (a == 0) continue;  // jitter: yaw and roll
    const double ratio = c.jitter_peer_deg > 0 ? c.jitter_synhead_deg / c.jitter_peer_deg : kNaN;
    Check j{v.name, kAngleNames[a], "jitter_ratio", ratio, bar.max_jitter_ratio};
    j.applies = std::isfinite(ratio);
    j.passed = !j.applies || ratio <= bar.max_jitter_ratio;
    checks.push_back(j);
  }
  return checks;
}

nlohmann::json comparisons_to_json(const std::vector<VideoComparison>& videos, const AcceptanceBar& bar) {
  nlohmann::json out;
  out["tool"] = "sim2real_check compare";
  out["date"] = utc_now();
  nlohmann::json model = nlohmann::json::array();
  for (const ModelPoint& p : kGenericFace) model.push_back({{"landmark", p.landmark}, {"xyz_mm", {p.x, p.y, p.z}}});
  out["peer"] = {{"method", "dlib HOG frontal face detector + 68-point shape predictor + cv::solvePnP (SQPnP, LM) "
                            "of a generic face"},
                 {"generic_face", model}};
  out["bar"] = {{"min_motion_std_deg", bar.min_motion_std_deg},
                {"min_correlation", {{"pitch", bar.min_correlation[0]}, {"yaw", bar.min_correlation[1]},
                                     {"roll", bar.min_correlation[2]}}},
                {"min_detection_rate", bar.min_detection_rate},
                {"max_jitter_ratio_yaw_roll", bar.max_jitter_ratio}};
  bool passed = true;
  nlohmann::json failed = nlohmann::json::array();
  out["videos"] = nlohmann::json::array();
  for (const auto& v : videos) {
    nlohmann::json j{{"name", v.name},
                     {"video", v.video.string()},
                     {"infer_csv", v.infer_csv.string()},
                     {"peer_csv", v.peer_csv.string()},
                     {"frames", v.frames},
                     {"peer_found", v.peer_found},
                     {"synhead_success", v.synhead_success},
                     {"both", v.both},
                     {"detection_rate", finite_or_null(v.detection_rate)}};
    for (std::size_t a = 0; a < 3; ++a) {
      const AngleComparison& c = v.angles[a];
      j["angles"][kAngleNames[a]] = {{"frames", c.frames},
                                     {"correlation", finite_or_null(c.correlation)},
                                     {"offset_free_mae_deg", finite_or_null(c.offset_free_mae_deg)},
                                     {"mean_offset_deg", finite_or_null(c.mean_offset_deg)},
                                     {"slope", finite_or_null(c.slope)},
                                     {"peer_std_deg", c.peer_std_deg},
                                     {"synhead_std_deg", c.synhead_std_deg},
                                     {"jitter_synhead_deg", finite_or_null(c.jitter_synhead_deg)},
                                     {"jitter_peer_deg", finite_or_null(c.jitter_peer_deg)},
                                     {"jitter_steps", c.steps}};
    }
    bool video_passed = true;
    j["checks"] = nlohmann::json::array();
    for (const Check& c : acceptance_checks(v, bar)) {
      j["checks"].push_back({{"angle", c.angle},
                             {"criterion", c.criterion},
                             {"value", finite_or_null(c.value)},
                             {"threshold", c.threshold},
                             {"applies", c.applies},
                             {"passed", c.passed}});
      if (!c.passed) {
        video_passed = false;
        failed.push_back(fmt::format("{} {} {} {} (bar {})", v.name, c.angle, c.criterion, number(c.value, 3),
                                     c.threshold));
      }
    }
    j["passed"] = video_passed;
    passed = passed && video_passed;
    out["videos"].push_back(j);
  }
  std::size_t found = 0, both = 0;
  for (const auto& v : videos) {
    found += v.peer_found;
    both += v.both;
  }
  out["overall"]["detection_rate"] = found > 0 ? nlohmann::json(static_cast<double>(both) / found) : nlohmann::json();
  for (std::size_t a = 0; a < 3; ++a) {
    const Overall o = overall_of(videos, a, bar);
    out["overall"]["angles"][kAngleNames[a]] = {{"frames", o.frames},
                                                {"mean_correlation", finite_or_null(o.mean_correlation)},
                                                {"min_correlation", finite_or_null(o.min_correlation)},
                                                {"judged_videos", o.judged_videos},
                                                {"offset_free_mae_deg", finite_or_null(o.offset_free_mae_deg)},
                                                {"jitter_synhead_deg", finite_or_null(o.jitter_synhead_deg)},
                                                {"jitter_peer_deg", finite_or_null(o.jitter_peer_deg)}};
  }
  out["overall"]["passed"] = passed;
  out["overall"]["failed"] = failed;
  return out;
}

std::string comparisons_markdown(const std::vector<VideoComparison>& videos, const AcceptanceBar& bar) {
  std::ostringstream md;
  md << "### Per video\n\n"
     << "| video | frames | peer found | synhead found where the peer did | angle | peer std (°) | r | "
        "offset-free MAE (°) | offset (°) | slope | jitter synhead (°) | jitter peer (°) | pass |\n"
     << "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const auto& v : videos) {
    const std::vector<Check> checks = acceptance_checks(v, bar);
    for (std::size_t a = 0; a < 3; ++a) {
      const AngleComparison& c = v.angles[a];
      std::string verdict = "yes";
      for (const Check& k : checks)
        if (!k.passed && (k.angle == kAngleNames[a] || (k.angle.empty() && a == 0)))
          verdict = k.criterion == "correlation" ? "no (r)" : k.criterion == "detection" ? "no (detection)" : "no (jitter)";
      if (c.peer_std_deg < bar.min_motion_std_deg && verdict == "yes") verdict = "yes (r not judged: std < 3°)";
      md << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", a == 0 ? v.name : "",
                        a == 0 ? std::to_string(v.frames) : "", a == 0 ? std::to_string(v.peer_found) : "",
                        a == 0 ? fmt::format("{} ({})", v.both, number(v.detection_rate, 3)) : "", kAngleNames[a],
                        number(c.peer_std_deg, 1), number(c.correlation, 3), number(c.offset_free_mae_deg, 1),
                        number(c.mean_offset_deg, 1), number(c.slope, 2), number(c.jitter_synhead_deg, 2),
                        number(c.jitter_peer_deg, 2), verdict);
    }
  }
  std::size_t found = 0, both = 0;
  for (const auto& v : videos) {
    found += v.peer_found;
    both += v.both;
  }
  md << fmt::format("\n### Overall ({} videos; synhead found the face in {} of the {} frames where the peer did: {})\n\n",
                    videos.size(), both, found, number(found > 0 ? static_cast<double>(both) / found : kNaN, 3))
     << "| angle | frames | mean r | min r | videos judged (std ≥ " << bar.min_motion_std_deg
     << "°) | offset-free MAE (°) | jitter synhead (°) | jitter peer (°) |\n"
     << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (std::size_t a = 0; a < 3; ++a) {
    const Overall o = overall_of(videos, a, bar);
    md << fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", kAngleNames[a], o.frames,
                      number(o.mean_correlation, 3), number(o.min_correlation, 3), o.judged_videos,
                      number(o.offset_free_mae_deg, 1), number(o.jitter_synhead_deg, 2), number(o.jitter_peer_deg, 2));
  }
  md << fmt::format("\nBar (issue 18): r ≥ {} pitch, {} yaw, {} roll where the peer's std ≥ {}°; synhead finds the "
                    "face in ≥ {:.0f} % of the frames where the peer does; yaw and roll jitter ≤ {}× the peer's. "
                    "Overall figures are frame-weighted means of the per-video ones.\n\n",
                    bar.min_correlation[0], bar.min_correlation[1], bar.min_correlation[2], bar.min_motion_std_deg,
                    100 * bar.min_detection_rate, bar.max_jitter_ratio);
  std::vector<std::string> failed;
  for (const auto& v : videos)
    for (const Check& c : acceptance_checks(v, bar))
      if (!c.passed)
        failed.push_back(fmt::format("{}{}{}: {} (bar {})", v.name, c.angle.empty() ? "" : " ", c.angle,
                                     c.criterion == "detection" ? "detection rate " + number(c.value, 3)
                                     : c.criterion == "correlation" ? "r " + number(c.value, 3)
                                                                    : "jitter ratio " + number(c.value, 2),
                                     c.threshold));
  if (failed.empty()) {
    md << "**Result: passes the bar.**\n";
  } else {
    md << fmt::format("**Result: fails the bar** ({} checks):\n\n", failed.size());
    for (const auto& f : failed) md << "- " << f << "\n";
  }
  return md.str();
}

void plot_comparison(const VideoComparison& video, const PoseSeries& synhead, const PoseSeries& peer,
                     const std::filesystem::path& png) {
  // Each series as runs of consecutive valid frames: a blank row breaks the line where a pose is missing.
  const auto rows_of = [](const PoseSeries& s, std::size_t angle) {
    std::vector<std::vector<double>> rows;
    std::int64_t last = -2;
    for (const auto& r : s.rows) {
      if (!r.valid) continue;
      if (r.frame != last + 1 && !rows.empty()) rows.push_back({});
      rows.push_back({r.timestamp_s, r.pose_deg[angle]});
      last = r.frame;
    }
    if (rows.empty()) rows.push_back({0, 0});  // gnuplot refuses an empty data block; a lone point shows nothing
    return rows;
  };
  core::GnuplotScript gp;
  gp.add("set multiplot layout 3,1 title '" + video.name + ": peer (dlib 68 + PnP) vs synhead infer'");
  gp.add("set grid; set key outside right; set ylabel '°'");
  for (const std::size_t a : {std::size_t{1}, std::size_t{0}, std::size_t{2}}) {  // yaw, pitch, roll
    const std::string peer_name = fmt::format("peer{}", a), ours_name = fmt::format("synhead{}", a);
    gp.add_data(peer_name, rows_of(peer, a));
    gp.add_data(ours_name, rows_of(synhead, a));
    const AngleComparison& c = video.angles[a];
    gp.add(fmt::format("set title '{}: r {}, offset-free MAE {}°, offset {}°'", kAngleNames[a], number(c.correlation, 3),
                       number(c.offset_free_mae_deg, 1), number(c.mean_offset_deg, 1)));
    gp.add(a == 2 ? "set xlabel 'time (s)'" : "unset xlabel");
    gp.add(fmt::format("plot ${} using 1:2 with lines lw 1.2 lc rgb '#444444' title 'peer', "
                       "${} using 1:2 with lines lw 1.2 lc rgb '#d62728' title 'synhead'",
                       peer_name, ours_name));
  }
  gp.add("unset multiplot");
  gp.render_png(png, 1200, 900);
}

PeerRunSummary run_peer(const std::filesystem::path& video, const std::filesystem::path& csv, PeerEstimator& peer,
                        std::int64_t max_frames) {
  if (!std::filesystem::is_regular_file(video)) core::throw_user_error("{}: video not found", video.string());
  cv::VideoCapture capture(video.string());
  if (!capture.isOpened()) core::throw_user_error("{}: cannot open the video", video.string());
  PeerRunSummary summary;
  summary.fps = capture.get(cv::CAP_PROP_FPS);
  if (!(summary.fps > 0)) summary.fps = 30;
  const auto total = static_cast<std::int64_t>(capture.get(cv::CAP_PROP_FRAME_COUNT));
  const std::int64_t expected = max_frames > 0 && (total <= 0 || max_frames < total) ? max_frames : std::max<std::int64_t>(total, 0);
  core::AtomicFile out(csv);
  out.stream() << peer_csv_header() << '\n';
  core::Progress progress("peer " + video.filename().string(), static_cast<std::size_t>(expected), "frames");
  const auto start = std::chrono::steady_clock::now();
  cv::Mat frame;
  for (std::int64_t i = 0; (max_frames <= 0 || i < max_frames) && capture.read(frame); ++i) {
    if (frame.empty()) break;
    if (frame.type() != CV_8UC3) core::throw_user_error("{}: frame {} is not 8-bit colour", video.string(), i);
    const PeerFrame result = peer.estimate(frame);
    out.stream() << peer_csv_row(i, static_cast<double>(i) / summary.fps, result) << '\n';
    ++summary.frames;
    summary.found += result.found;
    progress.advance();
  }
  progress.finish();
  if (summary.frames == 0) core::throw_user_error("{}: the video holds no frame", video.string());
  out.commit();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

CompareResult run_compare(const CompareOptions& o) {
  if (o.out.empty()) core::throw_user_error("--out is required (the folder for sim2real.json, sim2real.md, plots)");
  const std::vector<std::filesystem::path> videos = list_videos(o.videos);
  if (!std::filesystem::is_directory(o.infer_dir))
    core::throw_user_error("{}: no such folder (the synhead infer CSVs)", o.infer_dir.string());
  if (!o.peer_dir.empty() && !std::filesystem::is_directory(o.peer_dir))
    core::throw_user_error("{}: no such folder (the peer CSVs)", o.peer_dir.string());
  // Everything is read or checked before the first (slow) peer run: a mistake costs nothing.
  std::vector<PoseSeries> ours;
  std::vector<std::optional<PoseSeries>> theirs;
  for (const auto& video : videos) {
    ours.push_back(read_infer_csv(o.infer_dir / (video.stem().string() + ".csv")));
    if (!o.peer_dir.empty()) theirs.emplace_back(read_peer_csv(o.peer_dir / (video.stem().string() + ".csv")));
    else theirs.emplace_back();
  }
  std::unique_ptr<PeerEstimator> peer;
  if (o.peer_dir.empty()) peer = std::make_unique<PeerEstimator>(o.peer);
  CompareResult result;
  for (std::size_t i = 0; i < videos.size(); ++i) {
    const std::string name = videos[i].stem().string();
    if (!theirs[i]) {
      const std::filesystem::path csv = o.out / "peer" / (name + ".csv");
      std::filesystem::create_directories(csv.parent_path());
      const PeerRunSummary s = run_peer(videos[i], csv, *peer, o.max_frames);
      spdlog::info("{}: the peer found a face in {} of {} frames ({:.1f} frames/s)", name, s.found, s.frames,
                   s.frames / std::max(s.seconds, 1e-9));
      theirs[i] = read_peer_csv(csv);
    }
    VideoComparison v = compare_poses(name, ours[i], *theirs[i]);
    v.video = videos[i];
    if (v.frames == 0)
      core::throw_user_error("{} and {}: no frame number in common", ours[i].file.string(), theirs[i]->file.string());
    plot_comparison(v, ours[i], *theirs[i], o.out / "plots" / (name + ".png"));
    result.videos.push_back(std::move(v));
  }
  const nlohmann::json json = comparisons_to_json(result.videos, o.bar);
  result.passed = json["overall"]["passed"].get<bool>();
  result.markdown = comparisons_markdown(result.videos, o.bar);
  core::write_text_atomic(o.out / "sim2real.json", json.dump(2) + "\n");
  core::write_text_atomic(o.out / "sim2real.md", "## Sim-to-real check\n\n" + result.markdown);
  return result;
}

}  // namespace synhead::sim2real
