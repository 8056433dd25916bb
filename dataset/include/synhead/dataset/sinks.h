#pragma once
// Where `synhead render` puts a rendered sequence: one sink per on-disk layout (layout.h: the synhead layout
// sequences/<id>/, the BIWI layout hpdb/NN/). The writer renders each frame once and hands the final image and its
// labels to the sequence's SequenceOutput on an encoder thread; every sink writes its layout's files into a
// temporary sibling of its final directory, and commit() renames it once the sequence is complete. A new layout
// is a new LayoutWriter/SequenceSink pair in sinks.cpp; the render job (renderer/render_job.cpp) does not change.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/dataset/labels.h"
#include "synhead/dataset/layout.h"
#include "synhead/dataset/plan.h"

namespace synhead::dataset {

// A frame's final image, encoded at most once per file format: layouts that store the same format store the same
// bytes (and pay for one encoding).
class EncodedFrame {
 public:
  EncodedFrame(cv::Mat image, int jpeg_quality) : image_(std::move(image)), jpeg_quality_(jpeg_quality) {}
  const std::vector<unsigned char>& bytes(const std::string& format);  // "png" | "jpg"

 private:
  cv::Mat image_;
  int jpeg_quality_;
  std::vector<std::pair<std::string, std::vector<unsigned char>>> encoded_;
};

// One sequence in one layout, written under a temporary name until commit().
class SequenceSink {
 public:
  virtual ~SequenceSink();  // removes the temporary directory unless commit() succeeded
  SequenceSink(const SequenceSink&) = delete;
  SequenceSink& operator=(const SequenceSink&) = delete;

  // Called on the encoder threads, concurrently for different frames of the sequence.
  virtual void write_frame(const FrameLabels& labels, EncodedFrame& frame) const = 0;
  // The per-sequence files, then the rename: the directory appears under its final name only now.
  void commit(const std::vector<FrameLabels>& labels);

 protected:
  explicit SequenceSink(std::filesystem::path final_dir);
  virtual void write_sequence_files(const std::vector<FrameLabels>& labels) const = 0;
  const std::filesystem::path& dir() const { return temp_dir_; }  // where the files go until commit()

 private:
  std::filesystem::path final_dir_, temp_dir_;
  bool committed_ = false;
};

class LayoutWriter;

// The sinks of one sequence: one per layout of the run that does not have the sequence yet.
class SequenceOutput {
 public:
  SequenceOutput(std::vector<std::unique_ptr<SequenceSink>> sinks, int jpeg_quality)
      : sinks_(std::move(sinks)), jpeg_quality_(jpeg_quality) {}

  void write_frame(const FrameLabels& labels, cv::Mat image) const;  // encoder threads
  void commit(const std::vector<FrameLabels>& labels);

 private:
  std::vector<std::unique_ptr<SequenceSink>> sinks_;
  int jpeg_quality_;
};

// The layouts one `synhead render` run writes, synhead first.
class DatasetOutput {
 public:
  DatasetOutput(DatasetLayout layout, const std::filesystem::path& out, const DatasetImageConfig& image,
                std::size_t sequence_count);
  ~DatasetOutput();
  DatasetOutput(const DatasetOutput&) = delete;
  DatasetOutput& operator=(const DatasetOutput&) = delete;

  // Creates every layout's root folder and removes the temporary directories an interrupted run left there.
  void prepare() const;
  // Complete: every layout of the run has the sequence under its final name.
  bool complete(const SequencePlan& sequence) const;
  // Files a layout keeps beside the manifest (hpdb/sequences.json); written with it, atomically.
  void write_index(const DatasetManifest& manifest) const;
  // Shared, so that encoder tasks keep it alive until the last frame is written.
  std::shared_ptr<SequenceOutput> open(const SequencePlan& sequence, const Intrinsics& camera) const;

 private:
  std::vector<std::unique_ptr<const LayoutWriter>> layouts_;
  int jpeg_quality_;
};

// Estimated bytes on disk per frame for the image size and format, over the layouts written (free-space check).
double estimate_bytes_per_frame(const Intrinsics& camera, const DatasetImageConfig& image,
                                DatasetLayout layout = DatasetLayout::Synhead);

}  // namespace synhead::dataset
