#pragma once
// The per-frame predictions CSV of `synhead eval --predictions` (docs/conventions.md), grouped into per-sequence,
// per-channel arrays so that temporal filters can run over them, and written back in the same format.
// Columns: sequence,frame,time_s, then optionally pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll (degrees), then optionally
// x_0..x_67,y_0..y_67 (image pixels). Rows of one sequence need not be contiguous or ordered (eval writes them per
// batch); they are sorted by frame, and times must increase with the frame number. Torch-free.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace synhead::estimation {

inline constexpr int kLandmarkChannels = 136;

struct PredictionSequence {
  std::string id;
  std::vector<std::int64_t> frames;  // increasing
  std::vector<double> times;         // seconds, strictly increasing
  std::array<std::vector<double>, 3> pose;        // pitch, yaw, roll estimates; empty without pose columns
  std::array<std::vector<double>, 3> pose_truth;  // gt_pitch, gt_yaw, gt_roll
  std::vector<std::vector<double>> landmarks;     // 136 channels (x_0..x_67, y_0..y_67); empty without them
  // Not in the CSV (empty when read from a file): what `synhead eval` knows when it hands the table on, so that
  // filtered landmarks can be scored (filters change estimates only).
  std::vector<std::vector<double>> landmarks_truth;  // 136 channels, image pixels
  std::vector<std::uint8_t> missed;                  // per frame: 1 where no face was found (detector boxes)
};

struct PredictionTable {
  bool has_pose = false;
  bool has_landmarks = false;
  std::vector<PredictionSequence> sequences;  // in order of first appearance in the file
};

inline constexpr const char* kPoseColumns[] = {"pitch", "yaw", "roll"};

// Throws core::UserError naming file:line for a bad header, a malformed cell, a duplicate frame, or times that do
// not increase with the frame number.
PredictionTable read_predictions(const std::filesystem::path& path);
// Writes atomically, sequences in table order and frames in order, with eval's number formatting.
void write_predictions(const std::filesystem::path& path, const PredictionTable& table);

}  // namespace synhead::estimation
