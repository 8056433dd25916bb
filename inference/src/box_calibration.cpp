#include "synhead/inference/box_calibration.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/resources.h"

namespace synhead::inference {
namespace {

double side_of(const dataset::Box& b) { return std::max(b.w, b.h); }

double median(std::vector<double> v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  return (upper + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
}

}  // namespace

dataset::Box apply_calibration(const deploy::BoxCalibration& c, const dataset::Box& detector_box) {
  const double side = side_of(detector_box);
  const double cx = detector_box.cx() + c.dx * side;
  const double cy = detector_box.cy() + c.dy * side;
  const double s = c.scale * side;
  return {cx - s / 2, cy - s / 2, s, s};
}

deploy::BoxCalibration fit_box_calibration(const std::vector<CalibrationSample>& samples, const std::string& detector,
                                           std::int64_t frames_seen, const std::string& fitted_on) {
  if (samples.empty()) {
    core::throw_user_error("{}: the {} detector found no face on any of its {} frames: nothing to calibrate on",
                           fitted_on, detector, frames_seen);
  }
  std::vector<double> dx, dy, scale;
  for (const auto& s : samples) {
    const double side = side_of(s.detected);
    dx.push_back((s.truth.cx() - s.detected.cx()) / side);
    dy.push_back((s.truth.cy() - s.detected.cy()) / side);
    scale.push_back(side_of(s.truth) / side);
  }
  deploy::BoxCalibration c;
  c.detector = detector;
  // Medians: a few detections on the wrong thing (an ear, a hand) do not pull the fit.
  c.dx = median(dx);
  c.dy = median(dy);
  c.scale = median(scale);
  std::vector<double> centre_error, scale_error;
  for (const auto& s : samples) {
    const dataset::Box mapped = apply_calibration(c, s.detected);
    const double truth_side = side_of(s.truth);
    centre_error.push_back(std::hypot(mapped.cx() - s.truth.cx(), mapped.cy() - s.truth.cy()) / truth_side);
    scale_error.push_back(std::abs(mapped.w / truth_side - 1));
  }
  c.median_centre_error = median(centre_error);
  c.median_scale_error = median(scale_error);
  c.frames = static_cast<std::int64_t>(samples.size());
  c.detection_rate = frames_seen > 0 ? static_cast<double>(samples.size()) / static_cast<double>(frames_seen) : 0;
  c.fitted_on = fitted_on;
  return c;
}

std::filesystem::path shipped_calibrations_file() {
  return core::resolve_resource("assets/calibration/detectors.json");
}

std::vector<deploy::BoxCalibration> read_calibrations(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) core::throw_user_error("{}: cannot read the detector calibrations", file.string());
  std::stringstream text;
  text << in.rdbuf();
  return deploy::calibrations_from_json(text.str(), file.string());
}

void store_calibration(const std::filesystem::path& file, const deploy::BoxCalibration& calibration) {
  std::vector<deploy::BoxCalibration> all;
  if (std::filesystem::exists(file)) all = read_calibrations(file);
  auto same = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.detector == calibration.detector; });
  if (same != all.end()) {
    *same = calibration;
  } else {
    all.push_back(calibration);
  }
  core::write_text_atomic(file, deploy::calibrations_to_json(all) + "\n");
}

}  // namespace synhead::inference
