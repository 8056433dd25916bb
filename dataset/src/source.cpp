#include "synhead/dataset/source.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/core/progress.h"
#include "synhead/motion_tracks/biwi.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/dataset/biwi_calibration.h"
#include "synhead/dataset/layout.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using core::location_prefix;
using core::throw_user_error;
using motion_tracks::Track;
using motion_tracks::TrackFrame;

constexpr const char* kAcceptedForms =
    "accepted: DIR (a synhead dataset with manifest.json), biwi:PATH (a BIWI hpdb folder or one sequence folder), "
    "300vw:PATH (a 300-VW folder of NNN/vid.avi + NNN/annot/NNNNNN.pts, or one NNN folder)";

ImageSize size_of(const cv::Mat& image) { return {image.cols, image.rows}; }

ImageSize image_file_size(const fs::path& path) {
  return fs::exists(path) ? size_of(cv::imread(path.string(), cv::IMREAD_UNCHANGED)) : ImageSize{};
}

// Decodes one frame image. An unknown `expected` size is set by the first frame that decodes.
void check_image(const fs::path& path, const std::string& annotated_by, ImageSize& expected,
                 std::vector<Problem>& problems) {
  if (!fs::exists(path)) {
    problems.push_back({path.string(), "missing (annotated by " + annotated_by + ")"});
    return;
  }
  const cv::Mat image = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  if (image.empty()) {
    problems.push_back({path.string(), "cannot be decoded as an image"});
  } else if (!expected.known()) {
    expected = size_of(image);
  } else if (size_of(image) != expected) {
    problems.push_back({path.string(), fmt::format("is {}x{}, expected {}x{}", image.cols, image.rows, expected.width,
                                                   expected.height)});
  }
}

cv::Mat read_image(const fs::path& path) {
  cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
  if (image.empty()) throw_user_error("{}cannot read frame image (missing or corrupt)", location_prefix(path.string()));
  return image;
}

TrackFrame track_frame_of(const FrameLabels& l) {
  TrackFrame f;
  f.frame = l.frame;
  f.time_s = l.time_s;
  f.set_euler(l.angles);
  f.tx = l.translation_mm.x;
  f.ty = l.translation_mm.y;
  f.tz = l.translation_mm.z;
  return f;
}

// --- synhead dataset -------------------------------------------------------------------------------------------

class DatasetSource final : public DataSource {
 public:
  DatasetSource(std::string spec, const fs::path& dir, AnnotationErrors errors)
      : DataSource(std::move(spec), errors) {
    const DatasetManifest manifest = read_manifest(dir);
    // A dataset rendered with --layout biwi has no sequences/ folder: its sequences are BIWI folders (dataset.h).
    if (!writes_synhead(manifest.layout))
      throw_user_error("data source '{}': rendered with --layout {}, so its frames and poses are in BIWI's layout; "
                       "inspect it as biwi:{} ({} maps the folders to sequence ids and splits)",
                       spec_, to_string(manifest.layout), biwi_root(dir).string(), (biwi_root(dir) / "sequences.json").string());
    seed_ = manifest.seed;
    for (const auto& entry : manifest.sequences) read_sequence(dir, entry);
    find_unfinished_writes(dir / "sequences", manifest);
  }

  std::string kind() const override { return "synhead"; }
  bool has_pose() const override { return true; }
  int landmark_count() const override { return kLandmarkCount; }

  cv::Mat read_frame(const SourceSequence& sequence, std::size_t row) const override {
    return read_image(frame_file(sequence.dir, sequence.frames.at(row), image_formats_.at(sequence.id)));
  }

  void check_frames(const SourceSequence& sequence, std::vector<Problem>& problems,
                    core::Progress& progress) const override {
    const std::string& extension = image_formats_.at(sequence.id);
    ImageSize expected = sequence.image_size;
    for (const auto frame : sequence.frames) {
      check_image(frame_file(sequence.dir, frame, extension), fmt::format("labels.csv row of frame {}", frame),
                  expected, problems);
      progress.advance();
    }
  }

 private:
  void read_sequence(const fs::path& dataset_dir, const SequenceEntry& entry) {
    SourceSequence s;
    s.id = entry.id;
    s.split = entry.split;
    s.track = entry.track;
    s.dir = sequence_dir(dataset_dir, entry.id);
    s.image_size = {entry.camera.width, entry.camera.height};
    s.camera = entry.camera;
    // The writer lists every planned sequence before rendering, so a partial run (interrupted, one shard of
    // several) is summarised from what is on disk; the gap is a problem, not a reason to stop.
    if (!fs::is_directory(s.dir)) {
      problems_.push_back({s.dir.string(), fmt::format("sequence '{}' is listed in manifest.json but its directory is "
                                                       "missing (not rendered yet, or rendered by another shard)", entry.id),
                           entry.id, entry.split});
      return;
    }
    const fs::path labels_path = s.dir / "labels.csv";
    std::vector<FrameLabels> labels;
    if (!read_or_record(labels_path, [&] { labels = read_labels_csv(labels_path); })) return;
    if (labels.size() != static_cast<std::size_t>(entry.frames))
      problems_.push_back({labels_path.string(), fmt::format("{} rows, but manifest.json lists {} frames for sequence '{}'",
                                                             labels.size(), entry.frames, entry.id), entry.id, entry.split});
    s.poses.name = entry.id;
    for (const auto& l : labels) {
      s.frames.push_back(l.frame);
      s.poses.frames.push_back(track_frame_of(l));
    }
    s.labels = std::move(labels);
    image_formats_[s.id] = entry.image_format;
    sequences_.push_back(std::move(s));
  }

  // The writer renders a sequence under a temporary name (.<id>.tmp…) and renames it when complete, so a killed
  // run leaves such a directory behind. A directory the manifest does not list (an earlier run with another
  // config in the same folder) is reported with them.
  void find_unfinished_writes(const fs::path& sequences_dir, const DatasetManifest& manifest) {
    if (!fs::is_directory(sequences_dir)) return;
    std::set<std::string> listed;
    for (const auto& entry : manifest.sequences) listed.insert(entry.id);
    for (const auto& entry : fs::directory_iterator(sequences_dir)) {
      const std::string name = entry.path().filename().string();
      if (name.front() == '.') {
        incomplete_.push_back({entry.path().string(), "temporary directory of an interrupted write (safe to delete)"});
      } else if (entry.is_directory() && listed.count(name) == 0) {
        incomplete_.push_back({entry.path().string(), "sequence directory not listed in manifest.json"});
      }
    }
    std::sort(incomplete_.begin(), incomplete_.end(), [](const Problem& a, const Problem& b) { return a.location < b.location; });
  }

  std::map<std::string, std::string> image_formats_;  // sequence id → frame file extension
};

// --- BIWI ------------------------------------------------------------------------------------------------------

// import_biwi names each track "biwi_<folder>" after the root itself (one sequence) or a folder inside it.
fs::path biwi_sequence_dir(const fs::path& root, const Track& track) {
  const fs::path inside = root / track.name.substr(std::string("biwi_").size());
  return fs::exists(biwi_pose_file(inside, track.frames.front().frame)) ? inside : root;
}

class BiwiSource final : public DataSource {
 public:
  // A pose file that does not parse stops the import in either AnnotationErrors mode: import_biwi reads the whole
  // tree and names the file and line.
  // rgb.cal (when present) is read like an annotation file: its extrinsics move the poses into the RGB camera.
  BiwiSource(std::string spec, const fs::path& root, AnnotationErrors errors) : DataSource(std::move(spec), errors) {
    for (auto& track : motion_tracks::import_biwi(root, motion_tracks::BiwiImportConfig{})) {
      SourceSequence s;
      s.dir = biwi_sequence_dir(root, track);
      s.id = s.dir.filename().string();
      s.track = s.id;
      const fs::path rgb_cal = s.dir / "rgb.cal";
      if (fs::exists(rgb_cal) && !read_or_record(rgb_cal, [&] {
            const BiwiCalibration calibration = read_biwi_calibration(rgb_cal);
            move_into_rgb_camera(calibration, track);
            s.camera = calibration.camera();
          }))
        continue;
      for (const auto& f : track.frames) s.frames.push_back(f.frame);
      s.image_size = image_file_size(biwi_rgb_file(s.dir, s.frames.front()));
      if (s.camera.width == 0 || s.camera.height == 0) {  // rgb.cal without its optional size line
        s.camera.width = s.image_size.width;
        s.camera.height = s.image_size.height;
      }
      s.poses = std::move(track);
      sequences_.push_back(std::move(s));
    }
  }

  std::string kind() const override { return "biwi"; }
  cv::Mat read_frame(const SourceSequence& sequence, std::size_t row) const override {
    return read_image(biwi_rgb_file(sequence.dir, sequence.frames.at(row)));
  }
  bool has_pose() const override { return true; }
  int landmark_count() const override { return 0; }

  void check_frames(const SourceSequence& sequence, std::vector<Problem>& problems,
                    core::Progress& progress) const override {
    ImageSize expected = sequence.image_size;
    for (const auto frame : sequence.frames) {
      check_image(biwi_rgb_file(sequence.dir, frame), biwi_pose_file({}, frame).string(), expected, problems);
      progress.advance();
    }
  }
};

// --- 300-VW ----------------------------------------------------------------------------------------------------

fs::path pts_file(const fs::path& video_dir, std::int64_t frame) { return video_dir / "annot" / fmt::format("{:06}.pts", frame); }

bool is_300vw_video(const fs::path& dir) { return fs::exists(dir / "vid.avi") || fs::is_directory(dir / "annot"); }

std::vector<fs::path> find_300vw_videos(const fs::path& root) {
  if (is_300vw_video(root)) return {root};
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(root))
    if (entry.is_directory() && is_300vw_video(entry.path())) dirs.push_back(entry.path());
  if (dirs.empty())
    throw_user_error("{}no 300-VW videos found (expected NNN/vid.avi and NNN/annot/NNNNNN.pts below this folder)",
                     location_prefix(root.string()));
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// 300-VW videos run at 25-30 frames/s; a container that states no rate is taken to hold 30.
constexpr double kDefaultVideoFps = 30;

struct VideoInfo {
  ImageSize size;
  double fps = kDefaultVideoFps;
};

VideoInfo video_info(const fs::path& path) {
  cv::VideoCapture video(path.string());
  VideoInfo info;
  if (!video.isOpened()) return info;
  info.size = {static_cast<int>(video.get(cv::CAP_PROP_FRAME_WIDTH)), static_cast<int>(video.get(cv::CAP_PROP_FRAME_HEIGHT))};
  const double fps = video.get(cv::CAP_PROP_FPS);
  if (std::isfinite(fps) && fps > 0) info.fps = fps;
  return info;
}

// The labels of annot/NNNNNN.pts in frame order: landmarks (all visible), their tight box, time (frame - 1) / fps.
// Every file is parsed here, so a malformed one is found when opening.
std::vector<FrameLabels> read_300vw_annotations(const fs::path& annot, double fps) {
  if (!fs::is_directory(annot)) throw_user_error("{}missing annotation folder (expected annot/NNNNNN.pts)", location_prefix(annot.string()));
  std::vector<std::pair<std::int64_t, fs::path>> files;
  for (const auto& entry : fs::directory_iterator(annot)) {
    if (entry.path().extension() != ".pts") continue;
    const std::string stem = entry.path().stem().string();
    if (stem.empty() || stem.size() > 9 || !std::all_of(stem.begin(), stem.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoll(stem) < 1)
      throw_user_error("{}expected a 1-based frame number as the file name (NNNNNN.pts)", location_prefix(entry.path().string()));
    files.emplace_back(std::stoll(stem), entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<FrameLabels> labels(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    FrameLabels& l = labels[i];
    l.frame = files[i].first;
    l.time_s = static_cast<double>(l.frame - 1) / fps;
    l.landmarks = read_pts(files[i].second);
    l.visible.fill(1);
    l.box = landmark_box(l.landmarks);
  }
  return labels;
}

// Reads frames of one video in order without seeking: training windows and evaluation walk frames forwards, and
// seeking an AVI re-decodes from the previous key frame. One per thread, so read_frame stays thread-safe.
class VideoCursor {
 public:
  cv::Mat read(const fs::path& path, std::int64_t frame) {
    if (path != path_ || !video_.isOpened() || frame < next_) {
      video_.open(path.string());
      if (!video_.isOpened()) throw_user_error("{}missing or cannot be opened as a video", location_prefix(path.string()));
      path_ = path;
      next_ = 1;
    }
    if (frame - next_ > kMaxSkippedFrames) {
      video_.set(cv::CAP_PROP_POS_FRAMES, static_cast<double>(frame - 1));
      next_ = frame;
    }
    for (; next_ < frame; ++next_)
      if (!video_.grab()) break;
    cv::Mat image;
    if (next_ != frame || !video_.read(image) || image.empty()) {
      path_.clear();
      return {};
    }
    next_ = frame + 1;
    return image;
  }

 private:
  static constexpr std::int64_t kMaxSkippedFrames = 50;
  fs::path path_;
  cv::VideoCapture video_;
  std::int64_t next_ = 1;  // 1-based number of the frame read() decodes next
};

class Vw300Source final : public DataSource {
 public:
  Vw300Source(std::string spec, const fs::path& root, AnnotationErrors errors) : DataSource(std::move(spec), errors) {
    for (const auto& dir : find_300vw_videos(root)) {
      SourceSequence s;
      s.id = dir.filename().string();
      s.track = s.id;
      s.dir = dir;
      const VideoInfo video = video_info(dir / "vid.avi");
      if (!read_or_record(dir / "annot", [&] { s.labels = read_300vw_annotations(dir / "annot", video.fps); })) continue;
      for (const auto& l : s.labels) s.frames.push_back(l.frame);
      s.image_size = video.size;
      sequences_.push_back(std::move(s));
    }
  }

  std::string kind() const override { return "300vw"; }
  cv::Mat read_frame(const SourceSequence& sequence, std::size_t row) const override {
    thread_local VideoCursor cursor;
    const fs::path path = sequence.dir / "vid.avi";
    const std::int64_t frame = sequence.frames.at(row);
    cv::Mat image = cursor.read(path, frame);
    if (image.empty())
      throw_user_error("{}cannot decode video frame {} (annotated by {}): the video is shorter or damaged",
                       location_prefix(path.string()), frame, pts_file(sequence.dir, frame).string());
    return image;
  }
  bool has_pose() const override { return false; }
  int landmark_count() const override { return kLandmarkCount; }

  // Decodes the whole video: every video frame needs a .pts file and every .pts file a video frame.
  void check_frames(const SourceSequence& sequence, std::vector<Problem>& problems,
                    core::Progress& progress) const override {
    const fs::path path = sequence.dir / "vid.avi";
    cv::VideoCapture video(path.string());
    if (!video.isOpened()) {
      problems.push_back({path.string(), "missing or cannot be opened as a video"});
      progress.advance(sequence.frames.size());
      return;
    }
    const std::set<std::int64_t> annotated(sequence.frames.begin(), sequence.frames.end());
    ImageSize expected = sequence.image_size;
    std::int64_t decoded = 0;
    for (cv::Mat image; video.read(image);) {
      ++decoded;
      if (!expected.known()) expected = size_of(image);
      if (size_of(image) != expected)
        problems.push_back({path.string(), fmt::format("frame {} is {}x{}, expected {}x{}", decoded, image.cols, image.rows,
                                                       expected.width, expected.height)});
      if (annotated.count(decoded) != 0) {
        progress.advance();
      } else {
        problems.push_back({pts_file(sequence.dir, decoded).string(), fmt::format("missing: video frame {} has no landmarks", decoded)});
      }
    }
    for (const auto frame : sequence.frames) {
      if (frame >= 1 && frame <= decoded) continue;
      problems.push_back({pts_file(sequence.dir, frame).string(), fmt::format("no frame {} in vid.avi ({} frames decoded)", frame, decoded)});
      progress.advance();
    }
  }
};

// --- opening ---------------------------------------------------------------------------------------------------

fs::path existing_folder(const std::string& spec, const std::string& path) {
  fs::path folder(path);
  if (!folder.has_filename()) folder = folder.parent_path();  // "hpdb/01/" names the folder "01"
  if (!fs::is_directory(folder)) throw_user_error("data source '{}': '{}' is not a directory; {}", spec, path, kAcceptedForms);
  return folder;
}

// biwi:PATH where PATH holds no BIWI sequence: the parent of hpdb/ and a synhead dataset get their own answer; any
// other folder, what it holds and what was expected.
void check_biwi_folder(const std::string& spec, const fs::path& folder) {
  if (!motion_tracks::find_biwi_sequence_dirs(folder).empty()) return;
  const fs::path hpdb = biwi_root(folder);
  const std::size_t inside = motion_tracks::find_biwi_sequence_dirs(hpdb).size();
  const bool manifest = fs::exists(folder / "manifest.json");
  if (inside > 0) {
    throw_user_error("data source '{}': no BIWI frames in {} itself, but hpdb/ inside it holds {} sequence folder(s) "
                     "(NN/frame_XXXXX_rgb.png + frame_XXXXX_pose.txt){}: use biwi:{}",
                     spec, folder.string(), inside,
                     manifest ? " — a synhead dataset rendered with --layout biwi or both, whose BIWI tree that is" : "",
                     hpdb.string());
  }
  if (manifest) {
    throw_user_error("data source '{}': {} is a synhead dataset (manifest.json), not a BIWI tree (no "
                     "NN/frame_XXXXX_pose.txt): drop the biwi: prefix and give {}",
                     spec, folder.string(), folder.string());
  }
  throw_user_error("data source '{}': no BIWI sequences in {}: expected sequence folders NN/ holding "
                   "frame_XXXXX_rgb.png and frame_XXXXX_pose.txt (BIWI's hpdb/), or one such folder; found {}",
                   spec, folder.string(), motion_tracks::describe_non_biwi_folder(folder));
}

bool looks_like_prefix(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

}  // namespace

// A UserError reads "file:line: what"; splitting it keeps the location a column of its own in the report.
Problem problem_from_error(const fs::path& file, const core::UserError& error) {
  const std::string message = error.what();
  const std::string name = file.string();
  if (message.rfind(name, 0) == 0) {
    const auto end = message.find(": ", name.size());
    if (end != std::string::npos) return {message.substr(0, end), message.substr(end + 2)};
  }
  return {name, message};
}

bool DataSource::read_or_record(const fs::path& file, const std::function<void()>& read) {
  try {
    read();
    return true;
  } catch (const core::UserError& e) {
    if (errors_ == AnnotationErrors::Throw) throw;
    problems_.push_back(problem_from_error(file, e));
    return false;
  }
}

std::unique_ptr<DataSource> open_data_source(const std::string& spec, AnnotationErrors errors) {
  const auto colon = spec.find(':');
  const std::string prefix = colon == std::string::npos ? "" : spec.substr(0, colon);
  if (prefix == "biwi") {
    const fs::path folder = existing_folder(spec, spec.substr(colon + 1));
    check_biwi_folder(spec, folder);
    return std::make_unique<BiwiSource>(spec, folder, errors);
  }
  if (prefix == "300vw") return std::make_unique<Vw300Source>(spec, existing_folder(spec, spec.substr(colon + 1)), errors);
  // A dataset folder may contain ':' itself; only a name that is not a folder is read as an unknown prefix.
  if (looks_like_prefix(prefix) && !fs::is_directory(spec))
    throw_user_error("data source '{}': unknown prefix '{}:'; {}", spec, prefix, kAcceptedForms);
  const fs::path dir = existing_folder(spec, spec);
  if (!fs::exists(dir / "manifest.json"))
    throw_user_error("data source '{}': no manifest.json in this folder, so it is not a synhead dataset; {}", spec, kAcceptedForms);
  return std::make_unique<DatasetSource>(spec, dir, errors);
}

std::array<glm::dvec2, kLandmarkCount> read_pts(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open landmark file", location_prefix(path.string()));
  int number = 0;
  std::string line;
  // The next non-blank line, trimmed (300-W files carry CRs and padding such as "n_points:  68").
  auto next = [&](const char* expected) {
    while (std::getline(in, line)) {
      ++number;
      const auto first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos) continue;
      line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
      return;
    }
    throw_user_error("{}unexpected end of file, expected {}", location_prefix(path.string(), number), expected);
  };
  auto header = [&](const std::string& key, const std::string& value) {
    next(key.c_str());
    const auto colon = line.find(':');
    std::string got = colon == std::string::npos ? "" : line.substr(colon + 1);
    got.erase(0, got.find_first_not_of(' '));
    if (colon == std::string::npos || line.substr(0, colon) != key || got != value)
      throw_user_error("{}expected '{}: {}', got '{}'", location_prefix(path.string(), number), key, value, line);
  };
  header("version", "1");
  header("n_points", std::to_string(kLandmarkCount));
  next("'{'");
  if (line != "{") throw_user_error("{}expected '{{', got '{}'", location_prefix(path.string(), number), line);
  std::array<glm::dvec2, kLandmarkCount> points{};
  for (auto& p : points) {
    next("a landmark line 'x y'");
    std::istringstream xy(line);
    std::string rest;
    if (!(xy >> p.x >> p.y) || (xy >> rest) || !std::isfinite(p.x) || !std::isfinite(p.y))
      throw_user_error("{}expected two finite numbers 'x y', got '{}'", location_prefix(path.string(), number), line);
  }
  next("'}'");
  if (line != "}") throw_user_error("{}expected '}}' after {} points, got '{}'", location_prefix(path.string(), number), kLandmarkCount, line);
  return points;
}

}  // namespace synhead::dataset
