#pragma once
// BIWI Kinect head pose database import.
//
// A pose file `frame_XXXXX_pose.txt` holds the head rotation M (three rows), a blank line and the head centre (mm)
// in the camera frame. The published BIWI results (Hopenet, FSA-Net, 6DRepNet) read
//   roll = atan2(M10, M00), yaw = atan2(−M20, √(M21² + M22²)), pitch = −atan2(M21, M22).
// synhead takes R = M, i.e. pitch_synhead = −pitch_published, yaw_synhead = yaw_published,
// roll_synhead = roll_published: in the published convention pitch > 0 looks up, in synhead it looks down, while
// yaw (> 0: face toward image left) and roll (> 0: top toward image right) already agree. MAE is unaffected.

#include <filesystem>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

struct BiwiPose {
  glm::dmat3 rotation{1.0};
  glm::dvec3 centre_mm{0.0};
};

struct BiwiImportConfig {
  double fps = 30;  // time axis = frame number / fps
};

template <class V>
void describe(V& v, BiwiImportConfig& c) {
  v.field("fps", c.fps);
  v.require(c.fps > 0, "fps", "a positive frame rate");
}

// BIWI's text files (pose files, rgb.cal, depth.cal) are lines of whitespace-separated numbers; blank lines only
// separate blocks. Their non-blank lines, each with the "file:line: " prefix its errors start with;
// core::UserError "cannot open BIWI <kind> file" when the file cannot be read.
struct BiwiNumberLine {
  std::string where;
  std::string text;  // the line as written
  std::vector<std::string> words;
};
struct BiwiNumberLines {
  std::vector<BiwiNumberLine> lines;
  int line_count = 0;  // lines in the file, blank ones included
};
BiwiNumberLines read_biwi_number_lines(const std::filesystem::path& path, const std::string& kind);

// `word` as a finite number, else core::UserError "<where>expected a finite number[ (what)], got '<word>'".
double parse_biwi_number(const std::string& word, const std::string& where, const std::string& what = "");

// max |MᵀM − I|: BIWI prints few digits, so a matrix it stores is a rotation when this is ≤ 1e-2 and det M > 0.
inline constexpr double kBiwiRotationTolerance = 1e-2;
double rotation_deviation(const glm::dmat3& m);

// Strict: four non-blank lines of three finite numbers; the matrix must be a rotation (orthonormal, det +1).
BiwiPose read_biwi_pose(const std::filesystem::path& path);

EulerDeg biwi_published_angles(const glm::dmat3& m);
EulerDeg biwi_to_synhead_angles(const glm::dmat3& m);

// One sequence folder (e.g. hpdb/01) → track named "biwi_<folder>", frames keeping their real numbers.
Track read_biwi_sequence(const std::filesystem::path& dir, const BiwiImportConfig& config);

// The sequence folders below `root`: `root` itself when it holds frame_XXXXX_pose.txt files, else its folders that
// do (hidden ones, such as an unfinished write's .NN.tmp…, are skipped), sorted; empty when there are none.
std::vector<std::filesystem::path> find_biwi_sequence_dirs(const std::filesystem::path& root);

// What a folder without BIWI sequences holds, for error messages: "2 folders (hpdb, misc) and 1 file (readme.txt),
// none with a frame_XXXXX_pose.txt" or "nothing (an empty folder)".
std::string describe_non_biwi_folder(const std::filesystem::path& root);

// An hpdb root (sequence folders inside) or a single sequence folder. core::UserError when there is no sequence,
// saying what the folder holds, what was expected, and where a BIWI tree inside it (hpdb/) is.
std::vector<Track> import_biwi(const std::filesystem::path& root, const BiwiImportConfig& config);

}  // namespace synhead::motion_tracks
