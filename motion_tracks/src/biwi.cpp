#include "synhead/motion_tracks/biwi.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "synhead/core/error.h"

namespace synhead::motion_tracks {
namespace {

using core::location_prefix;
using core::throw_user_error;

const std::regex kPoseFileName(R"(frame_(\d+)_pose\.txt)");

bool is_pose_file(const std::filesystem::path& p, std::int64_t* frame = nullptr) {
  std::smatch match;
  const std::string name = p.filename().string();
  if (!std::regex_match(name, match, kPoseFileName)) return false;
  if (frame) *frame = std::stoll(match[1].str());
  return true;
}

bool has_pose_files(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && is_pose_file(entry.path())) return true;
  return false;
}

}  // namespace

BiwiNumberLines read_biwi_number_lines(const std::filesystem::path& path, const std::string& kind) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open BIWI {} file", location_prefix(path.string()), kind);
  BiwiNumberLines result;
  std::string line;
  while (std::getline(in, line)) {
    ++result.line_count;
    std::istringstream tokens(line);
    BiwiNumberLine numbers;
    for (std::string w; tokens >> w;) numbers.words.push_back(w);
    if (numbers.words.empty()) continue;
    numbers.text = line;
    numbers.where = location_prefix(path.string(), result.line_count);
    result.lines.push_back(std::move(numbers));
  }
  return result;
}

double parse_biwi_number(const std::string& word, const std::string& where, const std::string& what) {
  char* end = nullptr;
  const double value = std::strtod(word.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value)) {
    throw_user_error("{}expected a finite number{}, got '{}'", where, what.empty() ? "" : " (" + what + ")", word);
  }
  return value;
}

double rotation_deviation(const glm::dmat3& m) {
  const glm::dmat3 should_be_identity = glm::transpose(m) * m;
  double deviation = 0;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) deviation = std::max(deviation, std::abs(at(should_be_identity, r, c) - (r == c ? 1.0 : 0.0)));
  return deviation;
}

BiwiPose read_biwi_pose(const std::filesystem::path& path) {
  const BiwiNumberLines file = read_biwi_number_lines(path, "pose");
  std::vector<std::array<double, 3>> rows;
  for (const auto& numbers : file.lines) {
    if (rows.size() == 4)
      throw_user_error("{}unexpected extra line; a BIWI pose file has 3 rotation rows and 1 centre row", numbers.where);
    if (numbers.words.size() != 3) throw_user_error("{}expected 3 numbers, got {}", numbers.where, numbers.words.size());
    std::array<double, 3> row{};
    for (int i = 0; i < 3; ++i) row[i] = parse_biwi_number(numbers.words[i], numbers.where);
    rows.push_back(row);
  }
  if (rows.size() != 4)
    throw_user_error("{}expected 3 rotation rows and 1 head-centre row, found {} rows of numbers",
                     location_prefix(path.string(), file.line_count), rows.size());
  BiwiPose pose;
  pose.rotation = matrix_from_rows({rows[0][0], rows[0][1], rows[0][2], rows[1][0], rows[1][1], rows[1][2], rows[2][0],
                                    rows[2][1], rows[2][2]});
  const double deviation = rotation_deviation(pose.rotation);
  if (deviation > kBiwiRotationTolerance || glm::determinant(pose.rotation) < 0)
    throw_user_error("{}rows 1-3 are not a rotation matrix (|MᵀM − I| = {:.3g}, det = {:.3g})",
                     location_prefix(path.string()), deviation, glm::determinant(pose.rotation));
  pose.centre_mm = {rows[3][0], rows[3][1], rows[3][2]};
  return pose;
}

EulerDeg biwi_published_angles(const glm::dmat3& m) {
  constexpr double kDeg = 180.0 / M_PI;
  return {-std::atan2(at(m, 2, 1), at(m, 2, 2)) * kDeg,
          std::atan2(-at(m, 2, 0), std::hypot(at(m, 2, 1), at(m, 2, 2))) * kDeg,
          std::atan2(at(m, 1, 0), at(m, 0, 0)) * kDeg};
}

EulerDeg biwi_to_synhead_angles(const glm::dmat3& m) {
  const EulerDeg published = biwi_published_angles(m);
  return {-published.pitch, published.yaw, published.roll};
}

Track read_biwi_sequence(const std::filesystem::path& dir, const BiwiImportConfig& config) {
  std::vector<std::pair<std::int64_t, std::filesystem::path>> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::int64_t frame = 0;
    if (entry.is_regular_file() && is_pose_file(entry.path(), &frame)) files.emplace_back(frame, entry.path());
  }
  if (files.empty()) throw_user_error("{}no frame_XXXXX_pose.txt files in this BIWI sequence folder", location_prefix(dir.string()));
  std::sort(files.begin(), files.end());
  Track track;
  track.name = "biwi_" + dir.filename().string();
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0 && files[i].first == files[i - 1].first)
      throw_user_error("{}frame {} appears twice (also {})", location_prefix(files[i].second.string()), files[i].first,
                       files[i - 1].second.filename().string());
    const BiwiPose pose = read_biwi_pose(files[i].second);
    TrackFrame f;
    f.frame = files[i].first;
    f.time_s = static_cast<double>(f.frame) / config.fps;
    f.set_euler(biwi_to_synhead_angles(pose.rotation));
    f.tx = pose.centre_mm.x;
    f.ty = pose.centre_mm.y;
    f.tz = pose.centre_mm.z;
    track.frames.push_back(f);
  }
  return track;
}

std::vector<std::filesystem::path> find_biwi_sequence_dirs(const std::filesystem::path& root) {
  if (!std::filesystem::is_directory(root)) return {};
  if (has_pose_files(root)) return {root};
  std::vector<std::filesystem::path> sequences;
  // Hidden folders are skipped: `synhead render --layout biwi` writes each sequence as .NN.tmp… until complete.
  for (const auto& entry : std::filesystem::directory_iterator(root))
    if (entry.is_directory() && entry.path().filename().string().rfind('.', 0) != 0 && has_pose_files(entry.path()))
      sequences.push_back(entry.path());
  std::sort(sequences.begin(), sequences.end());
  return sequences;
}

std::string describe_non_biwi_folder(const std::filesystem::path& root) {
  std::vector<std::string> folders, files;
  for (const auto& entry : std::filesystem::directory_iterator(root))
    (entry.is_directory() ? folders : files).push_back(entry.path().filename().string());
  if (folders.empty() && files.empty()) return "nothing (an empty folder)";
  std::sort(folders.begin(), folders.end());
  std::sort(files.begin(), files.end());
  // A few names are enough to recognise the folder; hpdb/ has 24 sequence folders.
  auto some = [](const std::vector<std::string>& names, const char* one, const char* many) {
    constexpr std::size_t kShown = 4;
    std::string text = fmt::format("{} {} (", names.size(), names.size() == 1 ? one : many);
    for (std::size_t i = 0; i < std::min(names.size(), kShown); ++i) text += (i ? ", " : "") + names[i];
    return text + (names.size() > kShown ? ", …)" : ")");
  };
  std::string found;
  if (!folders.empty()) found = some(folders, "folder", "folders");
  if (!files.empty()) found += (found.empty() ? "" : " and ") + some(files, "file", "files");
  return found + ", none with a frame_XXXXX_pose.txt";
}

std::vector<Track> import_biwi(const std::filesystem::path& root, const BiwiImportConfig& config) {
  if (!std::filesystem::is_directory(root)) throw_user_error("{}not a directory (expected a BIWI hpdb folder)", location_prefix(root.string()));
  const std::vector<std::filesystem::path> sequences = find_biwi_sequence_dirs(root);
  if (sequences.empty()) {
    const std::filesystem::path inside = root / "hpdb";
    const std::size_t inside_count = find_biwi_sequence_dirs(inside).size();
    const std::string hint =
        inside_count == 0 ? ""
                          : fmt::format("; hpdb/ inside holds {} BIWI sequence folder(s): give {} instead", inside_count, inside.string());
    throw_user_error("{}no BIWI sequences found: expected sequence folders NN/ holding frame_XXXXX_rgb.png and "
                     "frame_XXXXX_pose.txt (as in BIWI's hpdb/), or one such folder; found {}{}",
                     location_prefix(root.string()), describe_non_biwi_folder(root), hint);
  }
  std::vector<Track> tracks;
  for (const auto& dir : sequences) tracks.push_back(read_biwi_sequence(dir, config));
  return tracks;
}

}  // namespace synhead::motion_tracks
