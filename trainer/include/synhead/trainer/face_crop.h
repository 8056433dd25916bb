#pragma once
// The face window the networks see: a square around the labelled face box, sampled to S×S, and the labels moved
// into that window's frame. Torch-free (OpenCV only); the loader packs the results into a Batch.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/labels.h"

namespace synhead::trainer {

// Normalisation of RGB crops with values in [0, 1]: (value − mean) / std per channel. The ImageNet statistics,
// which is what the paper's ImageNet-pretrained VGG16 (and any user-supplied pretrained backbone) expects.
inline constexpr std::array<float, 3> kRgbMean = {0.485f, 0.456f, 0.406f};
inline constexpr std::array<float, 3> kRgbStd = {0.229f, 0.224f, 0.225f};

// Augmentation of the window (augment.h draws it once per window, so motion inside the window stays natural).
struct CropJitter {
  double scale = 1;    // crop side × scale
  double shift_x = 0;  // crop centre + shift × the unjittered crop side
  double shift_y = 0;
};

// The square crop window in image pixels: centred on the box centre (+ shift), side (1 + margin) × max(w, h)
// (× scale). It may extend past the image borders.
dataset::Box crop_window(const dataset::Box& face_box, double margin, const CropJitter& jitter = {});

// Samples `window` of a BGR 8-bit image to size × size, as RGB float in [0, 1] (CV_32FC3). Bilinear sampling; when
// the window is at least twice the output, it is sampled at m·size (m = ⌊side / size⌋) and area-averaged down by m,
// so large faces do not alias. Parts of the window outside the image are black (constant border): the network then
// sees where the picture ends instead of smeared edge pixels.
cv::Mat crop_face(const cv::Mat& image_bgr, const dataset::Box& window, int size);

// Image pixels → crop units: 0 = the window's left/top edge, 1 = its right/bottom edge.
glm::dvec2 to_crop_units(const glm::dvec2& pixel, const dataset::Box& window);

// One window of consecutive frames, cropped, with its labels in crop units: what augment.h transforms and the
// loader packs into one row of a Batch. All vectors have one entry per time step. Copies share the images' pixels
// (cv::Mat handles) and augmentation works in place: clone the images for an independent copy.
struct WindowSample {
  std::string sequence;
  std::vector<std::int64_t> frames;                                  // frame numbers (labels.csv `frame`)
  std::vector<cv::Mat> images;                                       // size × size CV_32FC3 RGB in [0, 1]
  std::vector<motion_tracks::EulerDeg> pose_deg;
  std::vector<std::array<glm::dvec2, dataset::kLandmarkCount>> landmarks;  // crop units
  std::vector<std::array<std::uint8_t, dataset::kLandmarkCount>> visible;
  std::vector<dataset::Box> windows;                                // crop windows in image pixels
  bool flipped = false;

  std::size_t steps() const { return images.size(); }
};

// Crops one frame into the next time step of `sample`.
void append_frame(WindowSample& sample, const cv::Mat& image_bgr, const dataset::FrameLabels& labels,
                  const dataset::Box& window, int size);

// Writes a crop_face() result as planar (3 × size × size) normalised floats to `out`.
void normalise_to_chw(const cv::Mat& rgb, float* out);

}  // namespace synhead::trainer
