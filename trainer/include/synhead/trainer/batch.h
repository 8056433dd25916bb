#pragma once
// What every data source (datasets on disk, the render stream) hands the trainer: B windows of T frames, cropped
// around the face, with their labels in the crop's frame.

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace synhead::trainer {

struct Batch {
  torch::Tensor frames;     // [B, T, 3, S, S] float32, RGB, normalised (kRgbMean / kRgbStd of face_crop.h)
  torch::Tensor pose_deg;   // [B, T, 3] float32: pitch, yaw, roll in degrees (after augmentation)
  torch::Tensor landmarks;  // [B, T, 136] float32: x_0..x_67, y_0..y_67 in crop units (0 = left/top edge, 1 = right/bottom)
  torch::Tensor visible;    // [B, T, 68] float32: 1 visible, 0 self-occluded
  torch::Tensor box;        // [B, T, 4] float32: the crop window in image pixels (x, y, w, h), to map landmarks back
  torch::Tensor frame;      // [B, T] int64: frame numbers in their sequence (reversed windows run backwards)
  std::vector<std::string> sequence;  // B sequence ids
  std::vector<bool> flipped;          // B: mirrored horizontally
  std::int64_t index = 0;             // position of this batch in its source's deterministic order

  std::int64_t size() const { return frames.defined() ? frames.size(0) : 0; }
  std::int64_t steps() const { return frames.defined() ? frames.size(1) : 0; }
};

}  // namespace synhead::trainer
