#pragma once
// The frames `synhead infer` reads: a video file, a directory of images (sorted by name), or a camera
// ("camera:N", cv::VideoCapture(N)).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

namespace synhead::inference {

struct Frame {
  cv::Mat image;            // BGR 8-bit
  std::int64_t index = 0;   // 0-based
  double timestamp_s = 0;   // video: from the frame rate; image directory: index / fps; camera: wall clock
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual bool next(Frame& frame) = 0;       // false at the end
  virtual std::optional<std::size_t> frame_count() const = 0;  // unknown for cameras
  virtual double fps() const = 0;
  virtual bool live() const { return false; }
};

// core::UserError naming the input when it does not exist, cannot be opened or read, or holds no frame.
// `directory_fps` sets the time axis of an image directory.
std::unique_ptr<FrameSource> open_frame_source(const std::string& input, double directory_fps = 30);

}  // namespace synhead::inference
