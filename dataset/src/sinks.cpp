#include "synhead/dataset/sinks.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/dataset/jpeg.h"

namespace synhead::dataset {

namespace fs = std::filesystem;
using core::location_prefix;
using core::throw_user_error;

// One on-disk layout: the folder its sequences live in, where a sequence goes, and a sink that writes it there.
class LayoutWriter {
 public:
  explicit LayoutWriter(fs::path root) : root_(std::move(root)) {}
  virtual ~LayoutWriter() = default;
  LayoutWriter(const LayoutWriter&) = delete;
  LayoutWriter& operator=(const LayoutWriter&) = delete;

  const fs::path& root() const { return root_; }
  virtual fs::path sequence_dir(const SequencePlan& sequence) const = 0;
  virtual std::unique_ptr<SequenceSink> open(const SequencePlan& sequence, const Intrinsics& camera) const = 0;
  virtual void write_index(const DatasetManifest& /*manifest*/) const {}

 private:
  fs::path root_;
};

namespace {

void write_bytes(const fs::path& path, const char* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(data, static_cast<std::streamsize>(size));
  out.close();
  if (!out) throw_user_error("{}cannot write (disk full?)", location_prefix(path.string()));
}

void write_bytes(const fs::path& path, const std::vector<unsigned char>& bytes) {
  write_bytes(path, reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void write_text(const fs::path& path, const std::string& text) { write_bytes(path, text.data(), text.size()); }

// --- synhead layout: sequences/<id>/frames/NNNNNN.<ext> + labels.csv -------------------------------------------

class SynheadSink final : public SequenceSink {
 public:
  SynheadSink(fs::path final_dir, std::string format) : SequenceSink(std::move(final_dir)), format_(std::move(format)) {
    fs::create_directories(dir() / "frames");
  }

  void write_frame(const FrameLabels& labels, EncodedFrame& frame) const override {
    write_bytes(frame_file(dir(), labels.frame, format_), frame.bytes(format_));
  }

 private:
  void write_sequence_files(const std::vector<FrameLabels>& labels) const override {
    write_labels_csv(dir() / "labels.csv", labels);
  }

  std::string format_;
};

class SynheadLayout final : public LayoutWriter {
 public:
  SynheadLayout(const fs::path& out, std::string format) : LayoutWriter(out / "sequences"), out_(out), format_(std::move(format)) {}

  fs::path sequence_dir(const SequencePlan& sequence) const override { return dataset::sequence_dir(out_, sequence.id); }
  std::unique_ptr<SequenceSink> open(const SequencePlan& sequence, const Intrinsics&) const override {
    return std::make_unique<SynheadSink>(sequence_dir(sequence), format_);
  }

 private:
  fs::path out_;
  std::string format_;
};

// --- BIWI layout: hpdb/NN/frame_XXXXX_rgb.png + frame_XXXXX_pose.txt, rgb.cal, depth.cal -------------------------
// Numbers as BIWI lays them out (a row of numbers separated by single spaces, with a trailing space), each written
// as the shortest text that reads back as the same double, like labels.csv.

// BIWI's pose file: the rows of M (= synhead's R, biwi.h), a blank line, the head centre in mm.
std::string biwi_pose_text(const FrameLabels& labels) {
  const auto r = motion_tracks::rows_of(labels.rotation);
  const auto& t = labels.translation_mm;
  return fmt::format("{} {} {} \n{} {} {} \n{} {} {} \n\n{} {} {} \n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                     r[8], t.x, t.y, t.z);
}

// BIWI's rgb.cal / depth.cal: K (3 rows), blank, distortion k1 k2 p1 p2, blank, the extrinsic rotation (3 rows),
// blank, the extrinsic translation (mm), blank, image width and height. Rendered images have no distortion and
// one camera, so distortion is zero and the extrinsics are the identity.
std::string biwi_calibration_text(const Intrinsics& k) {
  return fmt::format("{} 0 {} \n0 {} {} \n0 0 1 \n\n0 0 0 0 \n\n1 0 0 \n0 1 0 \n0 0 1 \n\n0 0 0 \n\n{} {} \n", k.fx, k.cx,
                     k.fy, k.cy, k.width, k.height);
}

class BiwiSink final : public SequenceSink {
 public:
  BiwiSink(fs::path final_dir, const Intrinsics& camera) : SequenceSink(std::move(final_dir)), camera_(camera) {
    fs::create_directories(dir());
  }

  void write_frame(const FrameLabels& labels, EncodedFrame& frame) const override {
    write_bytes(biwi_rgb_file(dir(), labels.frame), frame.bytes("png"));  // BIWI's frames are PNG whatever image.format
    write_text(biwi_pose_file(dir(), labels.frame), biwi_pose_text(labels));
  }

 private:
  // synhead renders no depth: depth.cal describes the RGB camera again, so that loaders expecting it find it.
  void write_sequence_files(const std::vector<FrameLabels>&) const override {
    const std::string calibration = biwi_calibration_text(camera_);
    write_text(dir() / "rgb.cal", calibration);
    write_text(dir() / "depth.cal", calibration);
  }

  Intrinsics camera_;
};

class BiwiLayout final : public LayoutWriter {
 public:
  BiwiLayout(const fs::path& out, std::size_t sequence_count) : LayoutWriter(biwi_root(out)), count_(sequence_count) {}

  fs::path sequence_dir(const SequencePlan& sequence) const override {
    return root() / biwi_sequence_name(sequence.index, count_);
  }
  std::unique_ptr<SequenceSink> open(const SequencePlan& sequence, const Intrinsics& camera) const override {
    return std::make_unique<BiwiSink>(sequence_dir(sequence), camera);
  }

  // hpdb/sequences.json: NN → what the folder holds, so that nothing the manifest knows is lost without it.
  void write_index(const DatasetManifest& manifest) const override {
    nlohmann::json sequences = nlohmann::json::object();
    for (std::size_t i = 0; i < manifest.sequences.size(); ++i) {
      const auto& s = manifest.sequences[i];
      nlohmann::json entry = {{"id", s.id}, {"subject", s.subject}, {"track", s.track}, {"background", s.background},
                              {"frames", s.frames}};
      if (!s.split.empty()) entry["split"] = s.split;
      sequences[biwi_sequence_name(i, manifest.sequences.size())] = entry;
    }
    const nlohmann::json index = {{"format", "synhead-biwi-index"}, {"dataset", "../manifest.json"}, {"sequences", sequences}};
    core::write_text_atomic(root() / "sequences.json", index.dump(2) + "\n");
  }

 private:
  std::size_t count_;
};

}  // namespace

// --- EncodedFrame, SequenceSink, SequenceOutput, DatasetOutput ------------------------------------------------

const std::vector<unsigned char>& EncodedFrame::bytes(const std::string& format) {
  for (const auto& [name, data] : encoded_)
    if (name == format) return data;
  std::vector<unsigned char> data;
  if (format == "jpg")
    data = encode_jpeg(image_, jpeg_quality_);
  else if (!cv::imencode("." + format, image_, data))
    throw_user_error("cannot encode a frame as {}", format);
  encoded_.emplace_back(format, std::move(data));
  return encoded_.back().second;
}

SequenceSink::SequenceSink(fs::path final_dir) : final_dir_(std::move(final_dir)), temp_dir_(core::temp_sibling(final_dir_)) {}

SequenceSink::~SequenceSink() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(temp_dir_, ignored);
}

void SequenceSink::commit(const std::vector<FrameLabels>& labels) {
  write_sequence_files(labels);
  fs::rename(temp_dir_, final_dir_);  // the directory appears only now, complete
  committed_ = true;
}

void SequenceOutput::write_frame(const FrameLabels& labels, cv::Mat image) const {
  EncodedFrame frame(std::move(image), jpeg_quality_);
  for (const auto& sink : sinks_) sink->write_frame(labels, frame);
}

void SequenceOutput::commit(const std::vector<FrameLabels>& labels) {
  for (const auto& sink : sinks_) sink->commit(labels);
}

DatasetOutput::DatasetOutput(DatasetLayout layout, const fs::path& out, const DatasetImageConfig& image, std::size_t sequence_count)
    : jpeg_quality_(image.jpeg_quality) {
  if (writes_synhead(layout)) layouts_.push_back(std::make_unique<SynheadLayout>(out, image.format));
  if (writes_biwi(layout)) layouts_.push_back(std::make_unique<BiwiLayout>(out, sequence_count));
}

DatasetOutput::~DatasetOutput() = default;

void DatasetOutput::prepare() const {
  for (const auto& layout : layouts_) {
    fs::create_directories(layout->root());
    // Temporary directories (.<name>.tmp…) are what a killed run leaves; their sequences are rendered again.
    for (const auto& entry : fs::directory_iterator(layout->root()))
      if (entry.path().filename().string().rfind('.', 0) == 0) fs::remove_all(entry.path());
  }
}

bool DatasetOutput::complete(const SequencePlan& sequence) const {
  for (const auto& layout : layouts_)
    if (!fs::exists(layout->sequence_dir(sequence))) return false;
  return true;
}

void DatasetOutput::write_index(const DatasetManifest& manifest) const {
  for (const auto& layout : layouts_) layout->write_index(manifest);
}

std::shared_ptr<SequenceOutput> DatasetOutput::open(const SequencePlan& sequence, const Intrinsics& camera) const {
  std::vector<std::unique_ptr<SequenceSink>> sinks;
  for (const auto& layout : layouts_)
    if (!fs::exists(layout->sequence_dir(sequence))) sinks.push_back(layout->open(sequence, camera));
  return std::make_shared<SequenceOutput>(std::move(sinks), jpeg_quality_);
}

double estimate_bytes_per_frame(const Intrinsics& camera, const DatasetImageConfig& image, DatasetLayout layout) {
  // Measured on 640×480 frames over photo backgrounds (NOTES-machine.md): PNG ≈ 490 KB, JPEG q95 ≈ 110 KB.
  const double pixels = static_cast<double>(camera.width) * camera.height;
  const double per_pixel = image.format == "png" ? 1.6 : 0.36 * std::max(0.3, image.jpeg_quality / 95.0);
  double bytes = 0;
  if (writes_synhead(layout)) bytes += pixels * per_pixel + 2048;  // + the frame's labels row
  if (writes_biwi(layout)) bytes += pixels * 1.6 + 8192;           // always PNG, + the pose file's block
  return bytes;
}

}  // namespace synhead::dataset
