#pragma once
// Where the face of each annotated frame is, by one of three rules (data.crop of the train configs):
//   landmarks    the tight box around the 68 labelled landmarks (synhead datasets; what the inference detectors are
//                calibrated to, assets/calibration/detectors.json)
//   head_centre  a square of head_box_mm millimetres around the head centre, projected with the sequence camera:
//                side = f · head_box_mm / z. BIWI gives no 2D box, only the head centre; the box uses the centre's
//                position and never the rotation, so the crop carries no information about the pose.
//   boxes        read from a boxes CSV (`synhead data boxes`, e.g. detector boxes of real frames)
// Torch-free: the trainer's window index and `synhead data boxes` share it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <glm/vec3.hpp>

#include "synhead/dataset/box.h"
#include "synhead/dataset/camera.h"
#include "synhead/dataset/labels.h"
#include "synhead/dataset/source.h"

namespace synhead::dataset {

// 200 mm: about a head's breadth with hair (adult head breadth is 140–165 mm), so that the face stays inside the box
// at BIWI's largest poses, where the face centre is up to ~70 mm from the head centre (|yaw| 75°).
inline constexpr double kDefaultHeadBoxMm = 200;

struct CropRuleConfig {
  std::string rule = "landmarks";        // landmarks | head_centre | boxes
  double head_box_mm = kDefaultHeadBoxMm;  // head_centre: side of the square around the head centre (mm)
  std::string boxes;                     // boxes: a boxes CSV written by `synhead data boxes`
};

template <class V>
void describe(V& v, CropRuleConfig& c) {
  v.field("rule", c.rule);
  v.require(c.rule == "landmarks" || c.rule == "head_centre" || c.rule == "boxes", "rule",
            "landmarks, head_centre or boxes");
  v.field("head_box_mm", c.head_box_mm);
  v.require(c.head_box_mm >= 50 && c.head_box_mm <= 1000, "head_box_mm", "a size in millimetres in [50, 1000]");
  v.field("boxes", c.boxes);
  v.require(c.rule != "boxes" || !c.boxes.empty(), "boxes", "a boxes CSV (synhead data boxes) when rule is boxes");
}

// The square of side f · side_mm / z centred on the projection of `centre_mm` (camera frame, z > 0).
Box head_centre_box(const Intrinsics& camera, const glm::dvec3& centre_mm, double side_mm);

// One row of a boxes CSV: `sequence,frame,box_x,box_y,box_w,box_h,rule,score`.
struct FaceBoxRow {
  std::string sequence;
  std::int64_t frame = 0;
  Box box;
  // head_centre | detector | detector_held (the detector missed: the last found box, held) | detector_smoothed
  // (the sequence's detections smoothed over time, smoothed_detector_rows) | detector_interpolated (a missed
  // frame's box from the smoothed detections around it)
  std::string rule;
  double score = 0;   // the detector's score; 1 for head_centre
};

// Whether the row's box is where a face was found in that frame (head_centre, detector, detector_smoothed), not one
// carried over a frame where the detector found none (detector_held, detector_interpolated).
bool face_found(const FaceBoxRow& row);

std::string boxes_csv_header();
// Written atomically (temporary file, then rename).
void write_boxes_csv(const std::filesystem::path& path, const std::vector<FaceBoxRow>& rows);

class BoxTable {
 public:
  // UserError naming file:line for a wrong header, a malformed row, an empty box or a repeated (sequence, frame).
  static BoxTable read(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  // UserError naming the file when (sequence, frame) has no row.
  const FaceBoxRow& at(const std::string& sequence, std::int64_t frame) const;
  std::size_t size() const { return rows_.size(); }

 private:
  std::filesystem::path path_;
  std::map<std::pair<std::string, std::int64_t>, FaceBoxRow> rows_;
};

// The paper's 300-VW crops (§5) from per-frame detector rows (rule detector or detector_held, in sequence and frame
// order, as `synhead data boxes --rule detector` writes them): per sequence, the box centres of the frames where a
// face was found are smoothed with a Gaussian over frame numbers (σ = sigma_frames, cut at 3σ); a frame without a
// face takes the smoothed centre of the detections within 3σ, or the nearest detection's when there is none; every
// box of the sequence gets the width and height of its largest detection. Rules become detector_smoothed and
// detector_interpolated (score 0). Rows of a sequence without any face found are kept as they are.
std::vector<FaceBoxRow> smoothed_detector_rows(const std::vector<FaceBoxRow>& rows, double sigma_frames);

// The face box of every annotated frame of `sequence` by `rule` (boxes: looked up in `boxes`, which must be given).
// UserError when the rule needs what the source lacks (landmarks of BIWI, a pose of 300-VW), naming the source and
// the rule that would work.
std::vector<Box> face_boxes(const DataSource& source, const SourceSequence& sequence, const CropRuleConfig& rule,
                            const BoxTable* boxes);

// Rows of a boxes CSV by rule head_centre for every annotated frame of `source`, in its sequence and frame order:
// rule column "head_centre", score 1. UserError when the source has no pose (as face_boxes).
std::vector<FaceBoxRow> head_centre_rows(const DataSource& source, double head_box_mm = kDefaultHeadBoxMm);

// The labels the trainer works with, one per annotated frame: a synhead dataset's own, or for a pose-only source
// (BIWI) the pose, time and frame with no landmarks (all marked not visible) and an empty box.
std::vector<FrameLabels> training_labels(const DataSource& source, const SourceSequence& sequence);

}  // namespace synhead::dataset
