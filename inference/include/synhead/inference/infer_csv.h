#pragma once
// The per-frame results of `synhead infer` as an OpenFace-like CSV (docs/conventions.md "synhead infer"):
//   frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll[,x_0..x_67,y_0..y_67]
// one row per input frame; a frame without a face has success 0 and zeros elsewhere. Written to a temporary
// sibling and renamed when complete.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "synhead/core/atomic_file.h"
#include "synhead/dataset/box.h"

namespace synhead::inference {

struct FrameResult {
  std::int64_t frame = 0;
  double timestamp_s = 0;
  double confidence = 0;
  bool success = false;
  dataset::Box face;                   // the calibrated, smoothed face box the crop was made from
  bool has_pose = false;               // false for landmark-only models (their angle columns are 0)
  std::array<double, 3> pose_deg{};    // pitch, yaw, roll
  std::vector<double> landmarks;       // x_0..x_67, y_0..y_67 image pixels (when the model predicts landmarks)
  dataset::Box crop;                   // the crop window (overlay only; not in the CSV)
};

std::string infer_csv_header(bool landmarks);
std::string infer_csv_row(const FrameResult& result, bool landmarks);

class InferCsvWriter {
 public:
  InferCsvWriter(const std::filesystem::path& file, bool landmarks);
  void write(const FrameResult& result);
  void commit();

 private:
  core::AtomicFile file_;
  bool landmarks_;
};

}  // namespace synhead::inference
