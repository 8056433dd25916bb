#pragma once
// A two-sequence synhead dataset for tests (manifest.json, labels.csv, tiny 32×24 PNG frames), with known angles.

#include <filesystem>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "synhead/dataset/layout.h"

namespace synhead::testing {

inline dataset::Intrinsics tiny_camera() {
  dataset::Intrinsics k;
  k.width = 32;
  k.height = 24;
  k.fx = k.fy = 30;
  k.cx = 16;
  k.cy = 12;
  return k;
}

inline dataset::FrameLabels labels_at(std::int64_t frame, const motion_tracks::EulerDeg& angles) {
  dataset::FrameLabels l;
  l.frame = frame;
  l.time_s = static_cast<double>(frame) / 30;
  l.angles = angles;
  l.rotation = motion_tracks::rotation_from_euler(angles);
  l.translation_mm = {1, 2, 900};
  l.box = {4, 5, 20, 18};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    l.landmarks[i] = {4 + 0.25 * static_cast<double>(i), 5 + 0.2 * static_cast<double>(i)};
    l.visible[i] = i % 4 != 0;
  }
  return l;
}

inline void write_frame(const std::filesystem::path& path, int width = 32, int height = 24) {
  std::filesystem::create_directories(path.parent_path());
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(height, width, CV_8UC3, cv::Scalar(40, 90, 160))));
}

inline dataset::DatasetManifest sample_manifest() {
  dataset::DatasetManifest m;
  m.tool_version = "0.1.0-test";
  m.seed = 7;
  m.config = {{"image", {{"format", "png"}}}};
  m.sequences.push_back({"female_01__track_000", "female_01", "track_000", "photo_03", 3, "train", tiny_camera(), "png"});
  m.sequences.push_back({"male_02__track_001", "male_02", "track_001", "room_17", 2, "test", tiny_camera(), "png"});
  return m;
}

// Two sequences with known angles: pitch {10, 20, 30 | -10, 0}, yaw {-20, 0, 20 | 40, 60}, roll {0, 5, 10 | -5, -15}.
inline const std::vector<std::vector<dataset::FrameLabels>>& sample_labels() {
  static const std::vector<std::vector<dataset::FrameLabels>> labels = {
      {labels_at(0, {10, -20, 0}), labels_at(1, {20, 0, 5}), labels_at(2, {30, 20, 10})},
      {labels_at(0, {-10, 40, -5}), labels_at(1, {0, 60, -15})}};
  return labels;
}

inline void write_dataset(const std::filesystem::path& dir) {
  const dataset::DatasetManifest m = sample_manifest();
  dataset::write_manifest(dir, m);
  for (std::size_t s = 0; s < m.sequences.size(); ++s) {
    const std::filesystem::path seq = dataset::sequence_dir(dir, m.sequences[s].id);
    std::filesystem::create_directories(seq);
    dataset::write_labels_csv(seq / "labels.csv", sample_labels()[s]);
    for (const auto& l : sample_labels()[s]) write_frame(dataset::frame_file(seq, l.frame, "png"));
  }
}

}  // namespace synhead::testing
