#include "synhead/inference/detector_boxes.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <mutex>
#include <tuple>

#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/core/task_pool.h"
#include "synhead/inference/box_calibration.h"

namespace synhead::inference {
namespace {

double distance(const dataset::Box& box, const glm::dvec2& point) { return std::hypot(box.cx() - point.x, box.cy() - point.y); }

// A detector may list the same faces in another order from run to run (OpenCV's cascade merges the windows of its
// worker threads): a fixed order keeps the choice, and so the file, the same.
std::vector<Detection> canonical_order(std::vector<Detection> faces) {
  std::sort(faces.begin(), faces.end(), [](const Detection& a, const Detection& b) {
    return std::tie(a.box.x, a.box.y, a.box.w, a.box.h, a.confidence) <
           std::tie(b.box.x, b.box.y, b.box.w, b.box.h, b.confidence);
  });
  return faces;
}

const Detection& nearest(const std::vector<Detection>& faces, const glm::dvec2& point) {
  const Detection* best = &faces.front();
  for (const auto& f : faces)
    if (distance(f.box, point) < distance(best->box, point)) best = &f;
  return *best;
}

const Detection& highest_score(const std::vector<Detection>& faces) {
  const Detection* best = &faces.front();
  for (const auto& f : faces)
    if (f.confidence > best->confidence) best = &f;
  return *best;
}

deploy::BoxCalibration calibration_for(const std::string& detector, const std::optional<std::filesystem::path>& file) {
  const std::filesystem::path path = file ? *file : shipped_calibrations_file();
  if (!file && !std::filesystem::exists(path))
    core::throw_user_error("{}: the shipped detector calibrations are missing; give --calibration FILE", path.string());
  for (const auto& c : read_calibrations(path))
    if (c.detector == detector) return c;
  core::throw_user_error("{}: no calibration for the {} detector (fit one with synhead infer --calibrate DATASET "
                         "--detector {} --calibration-out FILE)", path.string(), detector, detector);
}

}  // namespace

std::vector<dataset::FaceBoxRow> choose_sequence_boxes(const std::string& sequence,
                                                       const std::vector<std::int64_t>& frames,
                                                       const std::vector<FrameCandidates>& candidates) {
  SYNHEAD_CHECK(frames.size() == candidates.size());
  std::vector<dataset::FaceBoxRow> rows(frames.size());
  std::optional<dataset::Box> previous;
  std::size_t first_found = frames.size();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    dataset::FaceBoxRow& row = rows[i];
    row.sequence = sequence;
    row.frame = frames[i];
    const std::vector<Detection> faces = canonical_order(candidates[i].faces);
    if (faces.empty()) {
      if (previous) row.box = *previous;
      row.rule = "detector_held";
      row.score = 0;
      continue;
    }
    const Detection& chosen = previous                   ? nearest(faces, {previous->cx(), previous->cy()})
                              : candidates[i].head_centre ? nearest(faces, *candidates[i].head_centre)
                                                          : highest_score(faces);
    row.box = chosen.box;
    row.rule = "detector";
    row.score = chosen.confidence;
    previous = chosen.box;
    first_found = std::min(first_found, i);
  }
  if (first_found == frames.size()) return {};
  for (std::size_t i = 0; i < first_found; ++i) rows[i].box = rows[first_found].box;
  return rows;
}

DetectorBoxes detector_box_rows(const dataset::DataSource& source, const DetectorBoxesOptions& options) {
  DetectorBoxes result;
  result.detector = options.detector.empty() ? available_detectors().front() : options.detector;
  make_face_detector(result.detector);  // an unknown or missing detector fails before any work
  result.calibration = calibration_for(result.detector, options.calibration);
  const deploy::BoxCalibration& calibration = result.calibration;
  const auto& sequences = source.sequences();
  std::size_t total = 0;
  for (const auto& s : sequences) total += s.frames.size();

  core::Progress progress("boxes " + result.detector, total, "frames");
  std::mutex progress_mutex;
  // The lowest index of a sequence that failed: later sequences give up, earlier ones run to their end, so the error
  // reported is always the first failing sequence's, whatever the worker count.
  std::atomic<std::size_t> first_failed{sequences.size()};
  auto record_failure = [&](std::size_t k) {
    std::size_t seen = first_failed.load();
    while (k < seen && !first_failed.compare_exchange_weak(seen, k)) {
    }
  };
  std::vector<std::vector<dataset::FaceBoxRow>> per_sequence(sequences.size());
  std::vector<std::size_t> detected(sequences.size(), 0);
  const bool with_pose = source.has_pose();

  auto run_sequence = [&](std::size_t k) {
    const dataset::SourceSequence& s = sequences[k];
    auto detector = make_face_detector(result.detector);
    std::vector<FrameCandidates> candidates(s.frames.size());
    auto give_up = [&] { return first_failed.load() < k; };
    for (std::size_t i = 0; i < s.frames.size() && !give_up(); ++i) {
      for (Detection d : detector->detect(source.read_frame(s, i))) {
        d.box = apply_calibration(calibration, d.box);
        candidates[i].faces.push_back(d);
      }
      if (!candidates[i].faces.empty()) ++detected[k];
      if (with_pose && s.poses.frames.size() == s.frames.size()) {
        const auto& f = s.poses.frames[i];
        if (f.tz > 0) candidates[i].head_centre = s.camera.project({f.tx, f.ty, f.tz});
      }
      const std::lock_guard<std::mutex> lock(progress_mutex);
      progress.advance();
    }
    if (give_up()) return;
    per_sequence[k] = choose_sequence_boxes(s.id, s.frames, candidates);
    if (per_sequence[k].empty() && !s.frames.empty()) {
      core::throw_user_error("data source '{}': the {} detector found no face in any of the {} frames of sequence "
                             "'{}' ({}){}", source.spec(), result.detector, s.frames.size(), s.id, s.dir.string(),
                             with_pose ? "; --rule head_centre places its boxes from the head pose instead" : "");
    }
  };

  const std::size_t workers = static_cast<std::size_t>(std::max(1, options.workers));
  if (workers == 1 || sequences.size() < 2) {
    for (std::size_t k = 0; k < sequences.size(); ++k) run_sequence(k);
  } else {
    std::vector<std::future<void>> done;
    {
      core::TaskPool pool(std::min(workers, sequences.size()), sequences.size());
      for (std::size_t k = 0; k < sequences.size(); ++k) {
        done.push_back(pool.submit([&, k] {
          try {
            run_sequence(k);
          } catch (...) {
            record_failure(k);
            throw;
          }
        }));
      }
    }
    // Every worker has stopped (the pool is gone): the first failure in sequence order.
    for (auto& d : done) d.get();
  }
  progress.finish();

  for (std::size_t k = 0; k < sequences.size(); ++k) {
    result.detected += detected[k];
    for (auto& row : per_sequence[k]) result.rows.push_back(std::move(row));
  }
  spdlog::info("boxes: the {} detector found a face in {} of {} frames; the other {} hold a found box (detector_held)",
               result.detector, result.detected, total, total - result.detected);
  return result;
}

}  // namespace synhead::inference
