#include "synhead/inference/infer_csv.h"

#include <fmt/format.h>

#include "synhead/core/error.h"

namespace synhead::inference {

std::string infer_csv_header(bool landmarks) {
  std::string header = "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll";
  if (landmarks) {
    for (int i = 0; i < 68; ++i) header += fmt::format(",x_{}", i);
    for (int i = 0; i < 68; ++i) header += fmt::format(",y_{}", i);
  }
  return header;
}

std::string infer_csv_row(const FrameResult& r, bool landmarks) {
  if (!r.success) {
    std::string row = fmt::format("{},{:.4f},0,0,0,0,0,0,0,0,0", r.frame, r.timestamp_s);
    if (landmarks) {
      for (int i = 0; i < 136; ++i) row += ",0";
    }
    return row;
  }
  std::string row = fmt::format("{},{:.4f},{:.3f},1,{:.2f},{:.2f},{:.2f},{:.2f},{:.3f},{:.3f},{:.3f}", r.frame,
                                r.timestamp_s, r.confidence, r.face.x, r.face.y, r.face.w, r.face.h, r.pose_deg[0],
                                r.pose_deg[1], r.pose_deg[2]);
  if (landmarks) {
    SYNHEAD_CHECK(r.landmarks.size() == 136, "a landmark row needs x_0..x_67, y_0..y_67");
    for (double v : r.landmarks) row += fmt::format(",{:.2f}", v);
  }
  return row;
}

InferCsvWriter::InferCsvWriter(const std::filesystem::path& file, bool landmarks)
    : file_(file), landmarks_(landmarks) {
  file_.stream() << infer_csv_header(landmarks_) << '\n';
}

void InferCsvWriter::write(const FrameResult& result) { file_.stream() << infer_csv_row(result, landmarks_) << '\n'; }

void InferCsvWriter::commit() { file_.commit(); }

}  // namespace synhead::inference
