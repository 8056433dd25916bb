#pragma once
// A generated 300-VW tree: NNN/vid.avi (MJPG, each frame a flat colour that encodes its number, a bright square
// where the face is) + NNN/annot/NNNNNN.pts with landmarks that move a known amount per frame.

#include <array>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <glm/vec2.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "synhead/dataset/labels.h"
#include "synhead/dataset/vw300_layout.h"
#include "temp_dir.h"

namespace synhead::testing {

// Landmark i of frame n (1-based): a 2-px grid drifting 1 px right per frame.
inline std::array<glm::dvec2, dataset::kLandmarkCount> vw300_landmarks(int frame) {
  std::array<glm::dvec2, dataset::kLandmarkCount> points{};
  for (int i = 0; i < dataset::kLandmarkCount; ++i) points[i] = {20.0 + 2 * (i % 10) + frame, 16.0 + 2 * (i / 10)};
  return points;
}

// The grey level frame n is painted with: far apart, so MJPG's loss cannot blur one frame into another.
inline int vw300_frame_level(int frame) { return (frame * 37) % 200 + 20; }

// video_frames frames of 80×64 at `fps`, annotated frames 1..annotated_frames.
inline void make_300vw_video(const std::filesystem::path& dir, int video_frames, int annotated_frames, double fps = 25) {
  std::filesystem::create_directories(dir / "annot");
  cv::VideoWriter writer((dir / "vid.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps, cv::Size(80, 64));
  for (int n = 1; n <= video_frames; ++n) {
    cv::Mat image(64, 80, CV_8UC3, cv::Scalar::all(vw300_frame_level(n)));
    cv::rectangle(image, cv::Rect(20 + n, 16, 20, 14), cv::Scalar(250, 250, 250), cv::FILLED);
    writer.write(image);
  }
  writer.release();
  for (int n = 1; n <= annotated_frames; ++n)
    write_file(dir / "annot" / fmt::format("{:06}.pts", n), dataset::pts_text(vw300_landmarks(n)));
}

}  // namespace synhead::testing
