#include "synhead/inference/frame_source.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <vector>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "synhead/core/error.h"

namespace synhead::inference {
namespace {

// OpenCV logs every backend it tries while opening a bad input; the UserError says what went wrong in one line.
class QuietOpenCv {
 public:
  QuietOpenCv() : previous_(cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT)) {}
  ~QuietOpenCv() { cv::utils::logging::setLogLevel(previous_); }

 private:
  cv::utils::logging::LogLevel previous_;
};

class VideoSource : public FrameSource {
 public:
  explicit VideoSource(const std::string& path) : path_(path) {
    if (!std::filesystem::is_regular_file(path)) core::throw_user_error("{}: no such video file", path);
    const QuietOpenCv quiet;
    if (!capture_.open(path) || !capture_.isOpened()) {
      core::throw_user_error("{}: cannot open the video (not a video format OpenCV reads)", path);
    }
    fps_ = capture_.get(cv::CAP_PROP_FPS);
    if (!(fps_ > 0 && fps_ < 1000)) fps_ = 30;
    const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
    if (count > 0) count_ = static_cast<std::size_t>(count);
    if (!capture_.read(first_) || first_.empty()) core::throw_user_error("{}: the video holds no readable frame", path);
  }

  bool next(Frame& frame) override {
    cv::Mat image;
    if (!first_.empty()) {
      image = first_;
      first_ = cv::Mat();
    } else if (!capture_.read(image) || image.empty()) {
      return false;
    }
    frame.image = image;
    frame.index = index_++;
    frame.timestamp_s = static_cast<double>(frame.index) / fps_;
    return true;
  }
  std::optional<std::size_t> frame_count() const override { return count_; }
  double fps() const override { return fps_; }

 private:
  std::string path_;
  cv::VideoCapture capture_;
  cv::Mat first_;
  double fps_ = 30;
  std::optional<std::size_t> count_;
  std::int64_t index_ = 0;
};

class ImageDirectorySource : public FrameSource {
 public:
  ImageDirectorySource(const std::filesystem::path& dir, double fps) : fps_(fps) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
      if (entry.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" ||
                                      ext == ".ppm" || ext == ".pgm" || ext == ".tif" || ext == ".tiff")) {
        files_.push_back(entry.path());
      }
    }
    if (files_.empty()) core::throw_user_error("{}: the directory holds no image (png, jpg, bmp, ppm, tif)", dir.string());
    std::sort(files_.begin(), files_.end());
  }

  bool next(Frame& frame) override {
    if (position_ >= files_.size()) return false;
    const auto& file = files_[position_];
    frame.image = cv::imread(file.string(), cv::IMREAD_COLOR);
    if (frame.image.empty()) core::throw_user_error("{}: cannot read the image", file.string());
    frame.index = static_cast<std::int64_t>(position_++);
    frame.timestamp_s = static_cast<double>(frame.index) / fps_;
    return true;
  }
  std::optional<std::size_t> frame_count() const override { return files_.size(); }
  double fps() const override { return fps_; }

 private:
  std::vector<std::filesystem::path> files_;
  std::size_t position_ = 0;
  double fps_;
};

class CameraSource : public FrameSource {
 public:
  explicit CameraSource(int device) {
    const QuietOpenCv quiet;
    if (!capture_.open(device) || !capture_.isOpened()) {
      core::throw_user_error("camera:{}: cannot open the camera (no such device, or it is busy)", device);
    }
    fps_ = capture_.get(cv::CAP_PROP_FPS);
    if (!(fps_ > 0 && fps_ < 1000)) fps_ = 30;
    start_ = std::chrono::steady_clock::now();
  }

  bool next(Frame& frame) override {
    cv::Mat image;
    if (!capture_.read(image) || image.empty()) return false;
    frame.image = image;
    frame.index = index_++;
    frame.timestamp_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return true;
  }
  std::optional<std::size_t> frame_count() const override { return std::nullopt; }
  double fps() const override { return fps_; }
  bool live() const override { return true; }

 private:
  cv::VideoCapture capture_;
  double fps_ = 30;
  std::int64_t index_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

std::unique_ptr<FrameSource> open_frame_source(const std::string& input, double directory_fps) {
  const std::string camera = "camera:";
  if (input.rfind(camera, 0) == 0) {
    const std::string number = input.substr(camera.size());
    if (number.empty() || !std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c); })) {
      core::throw_user_error("--input {}: expected camera:N with N a device number", input);
    }
    return std::make_unique<CameraSource>(std::stoi(number));
  }
  if (std::filesystem::is_directory(input)) return std::make_unique<ImageDirectorySource>(input, directory_fps);
  return std::make_unique<VideoSource>(input);
}

}  // namespace synhead::inference
