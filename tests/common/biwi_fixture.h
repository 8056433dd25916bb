#pragma once
// Writes BIWI-style pose files and a small hpdb tree for tests (the real database is not redistributable).

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "synhead/motion_tracks/rotation.h"
#include "temp_dir.h"

namespace synhead::testing {

// As BIWI writes it: rotation rows with trailing spaces, a blank line, the head centre (mm).
inline std::string biwi_pose_text(const motion_tracks::EulerDeg& angles, double x, double y, double z) {
  const auto r = motion_tracks::rows_of(motion_tracks::rotation_from_euler(angles));
  return fmt::format("{} {} {} \n{} {} {} \n{} {} {} \n\n{} {} {} \n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                     r[8], x, y, z);
}

inline std::string biwi_pose_name(int frame) { return fmt::format("frame_{:05}_pose.txt", frame); }

// rgb.cal / depth.cal as BIWI writes them: K, distortion, the extrinsic rotation rows and translation, the size.
inline std::string biwi_calibration_text(const std::string& rotation_rows, const std::string& translation) {
  return "517.679 0 320 \n0 517.679 240.5 \n0 0 1 \n\n0 0 0 0 \n\n" + rotation_rows + "\n" + translation + "\n\n640 480 \n";
}

// hpdb/01 has frames 3, 4, 7 (BIWI drops frames); hpdb/02 has frames 1, 2; 01's rgb.cal has identity extrinsics;
// readme.txt is no sequence.
inline void make_biwi_hpdb(const std::filesystem::path& root) {
  write_file(root / "01" / biwi_pose_name(3), biwi_pose_text({20, -30, 10}, 10, -20, 900));
  write_file(root / "01" / biwi_pose_name(4), biwi_pose_text({21, -29, 10}, 11, -20, 901));
  write_file(root / "01" / biwi_pose_name(7), biwi_pose_text({22, -28, 11}, 12, -21, 902));
  write_file(root / "01" / "rgb.cal", biwi_calibration_text("1 0 0 \n0 1 0 \n0 0 1 \n", "0 0 0 "));
  write_file(root / "02" / biwi_pose_name(1), biwi_pose_text({0, 40, 0}, 0, 0, 1000));
  write_file(root / "02" / biwi_pose_name(2), biwi_pose_text({0, 41, 0}, 0, 0, 1000));
  write_file(root / "readme.txt", "not a sequence");
}

}  // namespace synhead::testing
