#include "synhead/dataset/vw300_layout.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/videoio.hpp>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/dataset/source.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using core::location_prefix;
using core::throw_user_error;

constexpr double kDefaultFps = 30;

// Frames per second from the median frame interval of the source's times.
double sequence_fps(const std::vector<FrameLabels>& labels) {
  std::vector<double> steps;
  for (std::size_t i = 1; i < labels.size(); ++i) {
    const double dt = labels[i].time_s - labels[i - 1].time_s;
    if (dt > 0) steps.push_back(dt);
  }
  if (steps.empty()) return kDefaultFps;
  std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2), steps.end());
  return 1.0 / steps[steps.size() / 2];
}

void write_video(const DataSource& source, const SourceSequence& sequence, const fs::path& dir,
                 const Vw300WriteOptions& options, core::Progress& progress) {
  const std::vector<FrameLabels> labels = training_labels(source, sequence);
  fs::create_directories(dir / "annot");
  const fs::path video_path = dir / "vid.avi";
  const std::string& c = options.fourcc;
  if (c.size() != 4) throw_user_error("--fourcc '{}': expected four characters (e.g. MJPG)", c);
  cv::VideoWriter video;
  for (std::size_t row = 0; row < sequence.frames.size(); ++row) {
    const cv::Mat image = source.read_frame(sequence, row);
    if (!video.isOpened()) {
      const double fps = options.fps > 0 ? options.fps : sequence_fps(labels);
      if (!video.open(video_path.string(), cv::VideoWriter::fourcc(c[0], c[1], c[2], c[3]), fps, image.size()))
        throw_user_error("{}OpenCV cannot write a {} video here", location_prefix(video_path.string()), c);
    }
    video.write(image);
    core::write_text_atomic(dir / "annot" / fmt::format("{:06}.pts", row + 1), pts_text(labels[row].landmarks));
    progress.advance();
  }
  video.release();
}

}  // namespace

std::string pts_text(const std::array<glm::dvec2, kLandmarkCount>& landmarks) {
  std::string text = fmt::format("version: 1\nn_points: {}\n{{\n", kLandmarkCount);
  for (const auto& p : landmarks) text += fmt::format("{:.3f} {:.3f}\n", p.x, p.y);
  return text + "}\n";
}

std::size_t write_300vw_layout(const DataSource& source, const fs::path& out, const Vw300WriteOptions& options,
                               core::Progress& progress) {
  if (source.landmark_count() == 0)
    throw_user_error("data source '{}' ({}) labels no landmarks: the 300-VW layout needs them", source.spec(), source.kind());
  std::error_code error;
  fs::create_directories(out, error);
  if (error) throw_user_error("{}cannot create the output folder: {}", location_prefix(out.string()), error.message());

  nlohmann::json index = nlohmann::json::object();
  std::map<std::string, std::vector<std::string>> splits;
  std::size_t written = 0;
  const auto& sequences = source.sequences();
  for (std::size_t k = 0; k < sequences.size(); ++k) {
    const SourceSequence& sequence = sequences[k];
    const std::string id = fmt::format("{:03}", k + 1);
    index[id] = {{"sequence", sequence.id}, {"split", sequence.split}};
    if (!sequence.split.empty()) splits[sequence.split].push_back(id);
    const fs::path final_dir = out / id;
    if (fs::exists(final_dir)) {
      progress.advance(sequence.frames.size());
      continue;
    }
    const fs::path temp_dir = out / ("." + id + ".partial");
    fs::remove_all(temp_dir);
    write_video(source, sequence, temp_dir, options, progress);
    fs::rename(temp_dir, final_dir);
    ++written;
  }
  core::write_text_atomic(out / "sequences.json",
                          nlohmann::json{{"format", "synhead-300vw-index"}, {"source", source.spec()}, {"sequences", index}}
                                  .dump(2) + "\n");
  if (!splits.empty()) {
    const nlohmann::json file = {
        {"protocol", "synhead-300vw"},
        {"description", fmt::format("The split tags of {}, by 300-VW video id", source.spec())},
        {"splits", splits}};
    core::write_text_atomic(out / "splits.json", file.dump(2) + "\n");
  }
  return written;
}

}  // namespace synhead::dataset
