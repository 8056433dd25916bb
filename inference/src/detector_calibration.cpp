#include "synhead/inference/detector_calibration.h"

#include <algorithm>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/layout.h"
#include "synhead/inference/box_calibration.h"

namespace synhead::inference {

deploy::BoxCalibration calibrate_detector(FaceDetector& detector, const CalibrationOptions& options) {
  const dataset::DatasetManifest manifest = dataset::read_manifest(options.dataset);
  struct Item {
    std::filesystem::path image;
    dataset::Box truth;
  };
  std::vector<Item> items;
  for (const auto& sequence : manifest.sequences) {
    const auto dir = dataset::sequence_dir(options.dataset, sequence.id);
    for (const auto& labels : dataset::read_labels_csv(dir / "labels.csv")) {
      items.push_back({dataset::frame_file(dir, labels.frame, sequence.image_format), labels.box});
    }
  }
  if (items.empty()) core::throw_user_error("{}: the dataset has no frames", options.dataset.string());
  // An even spread over every sequence, so each head and track has its share of the fit.
  if (options.max_frames > 0 && static_cast<std::int64_t>(items.size()) > options.max_frames) {
    std::vector<Item> spread;
    const double step = static_cast<double>(items.size()) / static_cast<double>(options.max_frames);
    for (std::int64_t i = 0; i < options.max_frames; ++i) spread.push_back(items[static_cast<std::size_t>(i * step)]);
    items = std::move(spread);
  }

  std::vector<CalibrationSample> samples;
  core::Progress progress("calibrate " + detector.name(), items.size(), "frames");
  for (const auto& item : items) {
    const cv::Mat image = cv::imread(item.image.string(), cv::IMREAD_COLOR);
    if (image.empty()) core::throw_user_error("{}: cannot read the frame", item.image.string());
    double best = options.min_iou;
    std::optional<dataset::Box> match;
    for (const auto& d : detector.detect(image)) {
      const double iou = intersection_over_union(d.box, item.truth);
      if (iou >= best) {
        best = iou;
        match = d.box;
      }
    }
    if (match) samples.push_back({*match, item.truth});
    progress.advance();
  }
  progress.finish();
  const auto& camera = manifest.sequences.front().camera;
  const std::string fitted_on =
      fmt::format("{}: {} frames of {} sequences, {}x{}", options.dataset.filename().string(), items.size(),
                  manifest.sequences.size(), camera.width, camera.height);
  const auto calibration = fit_box_calibration(samples, detector.name(), static_cast<std::int64_t>(items.size()), fitted_on);
  spdlog::info("calibrate {}: {} of {} frames detected; dx {:.3f}, dy {:.3f}, scale {:.3f}; median centre error "
               "{:.3f}, scale error {:.3f} (× face side)",
               detector.name(), samples.size(), items.size(), calibration.dx, calibration.dy, calibration.scale,
               calibration.median_centre_error, calibration.median_scale_error);
  return calibration;
}

}  // namespace synhead::inference
