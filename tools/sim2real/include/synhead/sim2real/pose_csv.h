#pragma once
// The two per-frame pose files the sim-to-real check compares:
//  - `synhead infer`'s CSV (docs/conventions.md "synhead infer"): frame,timestamp,confidence,success,face_x,face_y,
//    face_w,face_h,pitch,yaw,roll[,x_0..x_67,y_0..y_67]; a pose where success is 1.
//  - the peer's CSV (`sim2real_check peer`): frame,timestamp,found,face_x,face_y,face_w,face_h,pitch,yaw,roll,
//    tx,ty,tz,reprojection_px; angles in synhead's convention (degrees), t of the generic face's origin (iBUG point
//    27) in mm, the RMS reprojection error of its fitted points in pixels; rows without a face hold zeros.
// Both are read strictly: a wrong header, a short row or a cell that is not a number is a core::UserError that
// names the file and line.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "synhead/sim2real/peer.h"

namespace synhead::sim2real {

struct PoseRow {
  std::int64_t frame = 0;
  double timestamp_s = 0;
  bool valid = false;                 // synhead: success; peer: found
  std::array<double, 3> pose_deg{};   // pitch, yaw, roll
};

struct PoseSeries {
  std::filesystem::path file;
  std::vector<PoseRow> rows;          // in file order; frame numbers strictly increasing
};

PoseSeries read_infer_csv(const std::filesystem::path& file);
PoseSeries read_peer_csv(const std::filesystem::path& file);

std::string peer_csv_header();
std::string peer_csv_row(std::int64_t frame, double timestamp_s, const PeerFrame& result);

}  // namespace synhead::sim2real
