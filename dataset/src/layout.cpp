#include "synhead/dataset/layout.h"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"

namespace synhead::dataset {
namespace {

using core::location_prefix;
using core::throw_user_error;

template <class T>
T required(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw_user_error("{}missing key '{}'", where, key);
  try {
    return object.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw_user_error("{}key '{}' has the wrong type ({})", where, key, object.at(key).type_name());
  }
}

nlohmann::json camera_to_json(const Intrinsics& k) {
  return {{"width", k.width}, {"height", k.height}, {"fx", k.fx}, {"fy", k.fy}, {"cx", k.cx}, {"cy", k.cy}};
}

Intrinsics camera_from_json(const nlohmann::json& j, const std::string& where) {
  return {required<int>(j, "width", where), required<int>(j, "height", where), required<double>(j, "fx", where),
          required<double>(j, "fy", where),  required<double>(j, "cx", where),    required<double>(j, "cy", where)};
}

}  // namespace

DatasetLayout parse_dataset_layout(const std::string& name) {
  if (name == "synhead") return DatasetLayout::Synhead;
  if (name == "biwi") return DatasetLayout::Biwi;
  if (name == "both") return DatasetLayout::Both;
  throw_user_error("layout '{}': expected synhead, biwi or both", name);
}

std::string to_string(DatasetLayout layout) {
  switch (layout) {
    case DatasetLayout::Synhead: return "synhead";
    case DatasetLayout::Biwi: return "biwi";
    case DatasetLayout::Both: return "both";
  }
  return "synhead";
}

nlohmann::json manifest_to_json(const DatasetManifest& m) {
  nlohmann::json sequences = nlohmann::json::array();
  for (std::size_t i = 0; i < m.sequences.size(); ++i) {
    const auto& s = m.sequences[i];
    nlohmann::json entry = {{"id", s.id},         {"subject", s.subject}, {"track", s.track},
                            {"background", s.background}, {"frames", s.frames}, {"camera", camera_to_json(s.camera)},
                            {"image_format", s.image_format}};
    if (!s.split.empty()) entry["split"] = s.split;
    if (writes_biwi(m.layout)) entry["biwi"] = biwi_sequence_name(i, m.sequences.size());
    sequences.push_back(entry);
  }
  return {{"format", m.format}, {"version", m.version}, {"tool_version", m.tool_version}, {"seed", m.seed},
          {"config", m.config}, {"layout", to_string(m.layout)}, {"sequences", sequences}};
}

DatasetManifest manifest_from_json(const nlohmann::json& j, const std::string& source) {
  const std::string where = location_prefix(source);
  DatasetManifest m;
  m.format = required<std::string>(j, "format", where);
  if (m.format != kDatasetFormat) throw_user_error("{}format '{}' is not '{}'", where, m.format, kDatasetFormat);
  m.version = required<int>(j, "version", where);
  if (m.version != kDatasetVersion) throw_user_error("{}dataset version {} is not supported (expected {})", where, m.version, kDatasetVersion);
  m.tool_version = required<std::string>(j, "tool_version", where);
  m.seed = required<std::uint64_t>(j, "seed", where);
  m.config = j.contains("config") ? j.at("config") : nlohmann::json::object();
  if (j.contains("layout")) {
    const auto layout = required<std::string>(j, "layout", where);
    try {
      m.layout = parse_dataset_layout(layout);
    } catch (const core::UserError& e) {
      throw_user_error("{}key 'layout': {}", where, e.what());
    }
  }
  const auto sequences = required<nlohmann::json>(j, "sequences", where);
  if (!sequences.is_array()) throw_user_error("{}key 'sequences' must be a list", where);
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    const std::string at = fmt::format("{}sequences[{}]: ", where, i);
    const auto& e = sequences[i];
    SequenceEntry s;
    s.id = required<std::string>(e, "id", at);
    s.subject = required<std::string>(e, "subject", at);
    s.track = required<std::string>(e, "track", at);
    s.background = required<std::string>(e, "background", at);
    s.frames = required<int>(e, "frames", at);
    s.split = e.contains("split") ? required<std::string>(e, "split", at) : "";
    s.camera = camera_from_json(required<nlohmann::json>(e, "camera", at), at + "camera: ");
    s.image_format = required<std::string>(e, "image_format", at);
    m.sequences.push_back(s);
  }
  return m;
}

DatasetManifest read_manifest(const std::filesystem::path& dataset_dir) {
  const auto path = dataset_dir / "manifest.json";
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open (is {} a synhead dataset?)", location_prefix(path.string()), dataset_dir.string());
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::parse_error& e) {
    throw_user_error("{}invalid JSON: {}", location_prefix(path.string()), e.what());
  }
  return manifest_from_json(j, path.string());
}

void write_manifest(const std::filesystem::path& dataset_dir, const DatasetManifest& manifest) {
  core::write_text_atomic(dataset_dir / "manifest.json", manifest_to_json(manifest).dump(2) + "\n");
}

std::filesystem::path sequence_dir(const std::filesystem::path& dataset_dir, const std::string& id) {
  return dataset_dir / "sequences" / id;
}

std::filesystem::path frame_file(const std::filesystem::path& dir, std::int64_t frame, const std::string& extension) {
  return dir / "frames" / fmt::format("{:06}.{}", frame, extension);
}

std::filesystem::path biwi_root(const std::filesystem::path& dataset_dir) { return dataset_dir / "hpdb"; }

std::string biwi_sequence_name(std::size_t index, std::size_t count) {
  // As BIWI's 01…24: two digits, more when the count needs them, so that the names sort in manifest order.
  const std::size_t width = std::max<std::size_t>(2, std::to_string(count).size());
  return fmt::format("{:0{}}", index + 1, width);
}

std::filesystem::path biwi_rgb_file(const std::filesystem::path& dir, std::int64_t frame) {
  return dir / fmt::format("frame_{:05}_rgb.png", frame);
}

std::filesystem::path biwi_pose_file(const std::filesystem::path& dir, std::int64_t frame) {
  return dir / fmt::format("frame_{:05}_pose.txt", frame);
}

std::vector<FrameLabels> read_labels_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open labels", location_prefix(path.string()));
  std::string line;
  if (!std::getline(in, line) || line != labels_csv_header())
    throw_user_error("{}bad header: expected the {} labels.csv columns of docs/conventions.md", location_prefix(path.string(), 1),
                     label_columns().size());
  std::vector<FrameLabels> labels;
  int number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    try {
      labels.push_back(labels_from_csv_row(line));
    } catch (const std::exception& e) {
      throw_user_error("{}{}", location_prefix(path.string(), number), e.what());
    }
  }
  return labels;
}

void write_labels_csv(const std::filesystem::path& path, const std::vector<FrameLabels>& labels) {
  core::AtomicFile file(path);
  file.stream() << labels_csv_header() << '\n';
  for (const auto& l : labels) file.stream() << labels_csv_row(l) << '\n';
  file.commit();
}

}  // namespace synhead::dataset
