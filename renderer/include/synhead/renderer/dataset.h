#pragma once
// The on-disk dataset of `synhead render` (CONVENTIONS.md):
//   DIR/manifest.json                       format "synhead-dataset", version, resolved config, seed, tool version,
//                                           sequences [{id, subject, track, background, frames, split?, camera}]
//   DIR/sequences/<id>/labels.csv           header label_columns(), one row per frame
//   DIR/sequences/<id>/frames/NNNNNN.<ext>  NNNNNN = the row's `frame` value, 6 digits
// A sequence directory appears under its final name only when complete (written as .<id>.tmp…, then renamed).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/renderer/camera.h"
#include "synhead/renderer/labels.h"

namespace synhead::renderer {

inline constexpr const char* kDatasetFormat = "synhead-dataset";
inline constexpr int kDatasetVersion = 1;

struct SequenceEntry {
  std::string id;
  std::string subject;     // head id
  std::string track;       // track name
  std::string background;  // background id (photo crop or procedural seed)
  int frames = 0;
  std::string split;       // "train" / "test" / … or empty when no split is configured
  Intrinsics camera;       // this sequence's (jittered) camera
  std::string image_format = "png";  // file extension of the frames
};

struct DatasetManifest {
  std::string format = kDatasetFormat;
  int version = kDatasetVersion;
  std::string tool_version;
  std::uint64_t seed = 0;
  nlohmann::json config = nlohmann::json::object();  // the fully resolved config
  std::vector<SequenceEntry> sequences;
};

nlohmann::json manifest_to_json(const DatasetManifest& manifest);
// Strict: wrong format, version or missing keys are UserErrors naming `source` and the key.
DatasetManifest manifest_from_json(const nlohmann::json& json, const std::string& source);
DatasetManifest read_manifest(const std::filesystem::path& dataset_dir);
void write_manifest(const std::filesystem::path& dataset_dir, const DatasetManifest& manifest);  // atomic

std::filesystem::path sequence_dir(const std::filesystem::path& dataset_dir, const std::string& id);
std::filesystem::path frame_file(const std::filesystem::path& sequence_dir, std::int64_t frame, const std::string& extension);

// labels.csv: strict reader (header, column count, numbers), errors name file and line.
std::vector<FrameLabels> read_labels_csv(const std::filesystem::path& path);
void write_labels_csv(const std::filesystem::path& path, const std::vector<FrameLabels>& labels);  // atomic

}  // namespace synhead::renderer
