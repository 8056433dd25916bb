#pragma once
// The on-disk dataset of `synhead render` (docs/conventions.md):
//   DIR/manifest.json                       format "synhead-dataset", version, resolved config, seed, tool version,
//                                           sequences [{id, subject, track, background, frames, split?, camera}]
//   DIR/sequences/<id>/labels.csv           header label_columns(), one row per frame
//   DIR/sequences/<id>/frames/NNNNNN.<ext>  NNNNNN = the row's `frame` value, 6 digits
// A sequence directory appears under its final name only when complete (written as .<id>.tmp…, then renamed).
//
// `synhead render --layout biwi|both` writes (instead of / besides sequences/) the BIWI Kinect head pose layout, so
// BIWI loaders read the data as is (docs/conventions.md "BIWI"):
//   DIR/hpdb/NN/frame_XXXXX_rgb.png         the same final image as frames/, always PNG; XXXXX = the frame number
//   DIR/hpdb/NN/frame_XXXXX_pose.txt        rows of the label R (synhead reads BIWI's M as its R, biwi.h), a blank
//                                           line, the head centre t (mm); numbers as labels.csv writes them
//   DIR/hpdb/NN/rgb.cal, depth.cal          the sequence camera's K, zero distortion, identity extrinsics, image size
//                                           (synhead has no depth camera: depth.cal repeats the RGB camera)
//   DIR/hpdb/sequences.json                 NN → sequence id, subject, track, split, background, frames
// NN = the sequence's 1-based position in manifest.json's `sequences`, 2 digits (3 when there are more than 99, …);
// manifest.json records `layout` and, per sequence, its `biwi` folder name. BIWI folders are complete or absent
// like sequence directories (temporary name .NN.tmp…, then renamed).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/dataset/labels.h"

namespace synhead::dataset {

inline constexpr const char* kDatasetFormat = "synhead-dataset";
inline constexpr int kDatasetVersion = 1;

// Which on-disk layouts `synhead render --layout` writes.
enum class DatasetLayout { Synhead, Biwi, Both };

DatasetLayout parse_dataset_layout(const std::string& name);  // synhead | biwi | both, else UserError
std::string to_string(DatasetLayout layout);
inline bool writes_synhead(DatasetLayout layout) { return layout != DatasetLayout::Biwi; }
inline bool writes_biwi(DatasetLayout layout) { return layout != DatasetLayout::Synhead; }

struct DatasetImageConfig {
  std::string format = "jpg";  // png | jpg: JPEG q95 keeps the paper-scale set at ≈ 55 GB instead of ≈ 250 GB
  int jpeg_quality = 95;
};

template <class V>
void describe(V& v, DatasetImageConfig& c) {
  v.field("format", c.format);
  v.require(c.format == "png" || c.format == "jpg", "format", "png or jpg");
  v.field("jpeg_quality", c.jpeg_quality);
  v.require(c.jpeg_quality >= 1 && c.jpeg_quality <= 100, "jpeg_quality", "an integer in [1, 100]");
}

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
  DatasetLayout layout = DatasetLayout::Synhead;      // of the run that wrote the manifest; absent key: synhead
  std::vector<SequenceEntry> sequences;
};

nlohmann::json manifest_to_json(const DatasetManifest& manifest);
// Strict: wrong format, version or missing keys are UserErrors naming `source` and the key.
DatasetManifest manifest_from_json(const nlohmann::json& json, const std::string& source);
DatasetManifest read_manifest(const std::filesystem::path& dataset_dir);
void write_manifest(const std::filesystem::path& dataset_dir, const DatasetManifest& manifest);  // atomic

std::filesystem::path sequence_dir(const std::filesystem::path& dataset_dir, const std::string& id);
std::filesystem::path frame_file(const std::filesystem::path& sequence_dir, std::int64_t frame, const std::string& extension);

// The BIWI layout: DIR/hpdb, its folder name for the sequence at manifest position `index` (0-based) of `count`,
// and the files of one frame.
std::filesystem::path biwi_root(const std::filesystem::path& dataset_dir);
std::string biwi_sequence_name(std::size_t index, std::size_t count);
std::filesystem::path biwi_rgb_file(const std::filesystem::path& biwi_sequence_dir, std::int64_t frame);
std::filesystem::path biwi_pose_file(const std::filesystem::path& biwi_sequence_dir, std::int64_t frame);

// labels.csv: strict reader (header, column count, numbers), errors name file and line.
std::vector<FrameLabels> read_labels_csv(const std::filesystem::path& path);
void write_labels_csv(const std::filesystem::path& path, const std::vector<FrameLabels>& labels);  // atomic

}  // namespace synhead::dataset
