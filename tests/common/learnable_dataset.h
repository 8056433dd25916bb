#pragma once
// A small dataset a network can actually learn, without a GL context: each 64×64 frame shows a bright ellipse in a
// fixed face box whose orientation encodes roll, and a dark dot whose offset encodes yaw (x) and pitch (y), over a
// textured background.
// Poses follow smooth per-sequence sinusoids; half the sequences are tagged train, the rest test.

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/dataset/layout.h"

namespace synhead::testing {

inline double dot_offset(double angle_deg) { return 0.4 * angle_deg; }

inline dataset::FrameLabels learnable_labels(int sequence, int frame) {
  const double t = frame / 30.0;
  dataset::FrameLabels l;
  l.frame = frame;
  l.time_s = t;
  // About one period per 40-frame sequence, so every sequence spans the whole range.
  l.angles = {20 * std::sin(4.1 * t + sequence), 35 * std::sin(4.9 * t + 2.0 * sequence), 15 * std::cos(5.3 * t + sequence)};
  l.rotation = motion_tracks::rotation_from_euler(l.angles);
  l.translation_mm = {0, 0, 900};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    // Landmarks on a circle around the ellipse centre, so they also move with the pose.
    const double a = 2 * M_PI * static_cast<double>(i) / dataset::kLandmarkCount;
    l.landmarks[i] = {32 + dot_offset(l.angles.yaw) + 14 * std::cos(a), 32 + dot_offset(l.angles.pitch) + 14 * std::sin(a)};
    l.visible[i] = 1;
  }
  l.box = {12, 12, 40, 40};
  return l;
}

inline cv::Mat learnable_image(const dataset::FrameLabels& l) {
  cv::Mat image(64, 64, CV_8UC3);
  for (int y = 0; y < 64; ++y) {
    for (int x = 0; x < 64; ++x) image.at<cv::Vec3b>(y, x) = cv::Vec3b(40 + (x * 7 + y * 3) % 50, 60, 80 + (x ^ y) % 40);
  }
  cv::ellipse(image, cv::RotatedRect(cv::Point2f(32, 32), cv::Size2f(34, 16), static_cast<float>(l.angles.roll * 3)),
              cv::Scalar(230, 220, 250), cv::FILLED, cv::LINE_AA);
  cv::circle(image, cv::Point2d(32 + dot_offset(l.angles.yaw), 32 + dot_offset(l.angles.pitch)), 5,
             cv::Scalar(20, 20, 200), cv::FILLED, cv::LINE_AA);
  return image;
}

// `sequences` sequences of `frames` frames; tracks are shared pairwise so a track-wise validation split exists.
inline void write_learnable_dataset(const std::filesystem::path& dir, int sequences = 8, int frames = 40) {
  dataset::DatasetManifest manifest;
  manifest.tool_version = "test";
  manifest.config = {{"image", {{"format", "png"}}}};
  dataset::Intrinsics camera;
  camera.width = 64;
  camera.height = 64;
  camera.fx = camera.fy = 60;
  camera.cx = camera.cy = 32;
  for (int s = 0; s < sequences; ++s) {
    const std::string track = "track_" + std::to_string(s / 2);
    const std::string subject = s % 2 ? "male_01" : "female_01";
    const std::string split = s < sequences * 3 / 4 ? "train" : "test";
    manifest.sequences.push_back({subject + "__" + track, subject, track, "pattern", frames, split, camera, "png"});
    const auto seq_dir = dataset::sequence_dir(dir, manifest.sequences.back().id);
    std::filesystem::create_directories(seq_dir / "frames");
    std::vector<dataset::FrameLabels> labels;
    for (int f = 0; f < frames; ++f) {
      labels.push_back(learnable_labels(s, f));
      cv::imwrite(dataset::frame_file(seq_dir, f, "png").string(), learnable_image(labels.back()));
    }
    dataset::write_labels_csv(seq_dir / "labels.csv", labels);
  }
  dataset::write_manifest(dir, manifest);
}

}  // namespace synhead::testing
