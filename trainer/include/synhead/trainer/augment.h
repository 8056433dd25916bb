#pragma once
// Training augmentation of one window (paper §4/§5: mirroring, reverse playback, scale/translation of the face
// window; colour, blur and noise are common practice). Every draw comes from the core::Rng the loader seeds with
// (seed, sample position) — sample position = batch index × B + row — so a batch is a pure function of
// (config, seed, batch index). Validation and evaluation never augment. Torch-free.

#include <array>

#include "synhead/core/random.h"
#include "synhead/trainer/data_config.h"
#include "synhead/trainer/face_crop.h"

namespace synhead::trainer {

// iBUG-68 left↔right correspondence (docs/conventions.md): the mirror image of landmark i is landmark kMirroredLandmark[i].
// An involution; points on the symmetry axis (nose ridge 27–30, 33, 8, 51, 57, 62, 66) map to themselves.
inline constexpr std::array<int, dataset::kLandmarkCount> kMirroredLandmark = {
    16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,  // jaw 0–16
    26, 25, 24, 23, 22, 21, 20, 19, 18, 17,                    // brows 17–26
    27, 28, 29, 30,                                            // nose ridge
    35, 34, 33, 32, 31,                                        // nostrils 31–35
    45, 44, 43, 42, 47, 46,                                    // right eye 36–41 ↔ left eye 42–47
    39, 38, 37, 36, 41, 40,                                    //
    54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,            // outer lips 48–59
    64, 63, 62, 61, 60, 67, 66, 65,                            // inner lips 60–67
};

// Everything random about one window. Drawn before cropping, because the crop jitter decides what is cropped.
struct AugmentDraw {
  bool flip = false;
  bool reverse = false;
  CropJitter jitter;
  double brightness = 1;  // factors, 1 = unchanged
  double contrast = 1;
  double saturation = 1;
  double blur_sigma = 0;  // crop pixels; 0 = no blur
};

// Draws in a fixed order (flip, reverse, scale, shift x, shift y, brightness, contrast, saturation, blur).
AugmentDraw draw_augmentation(const AugmentConfig& config, core::Rng& rng);

// Mirrors every image; pose: pitch kept, yaw → −yaw, roll → −roll; landmarks x → 1 − x and indices permuted with
// kMirroredLandmark, so each index keeps its iBUG meaning in the mirrored image (0 is again the jaw end on the
// image's left); visibility permuted likewise. Crop windows stay those of the source image; `flipped` toggles.
void flip_horizontally(WindowSample& sample);
// Plays the window backwards: every per-step vector reversed (frames then count down).
void reverse_playback(WindowSample& sample);
// pixel × brightness; then × contrast around the window's mean grey; then × saturation away from each pixel's grey
// (Rec. 601 luma). One set of factors for the whole window. Clamped to [0, 1].
void jitter_colour(WindowSample& sample, double brightness, double contrast, double saturation);
void gaussian_blur(WindowSample& sample, double sigma);
// Independent N(0, stddev) per pixel, channel and step (values in [0, 1]); clamped to [0, 1].
void add_noise(WindowSample& sample, double stddev, core::Rng& rng);

// The cropped (with draw.jitter) window's remaining augmentation: flip, reverse, colour, blur, then noise drawn
// from `rng` (the stream draw_augmentation used).
void apply_augmentation(WindowSample& sample, const AugmentDraw& draw, const AugmentConfig& config, core::Rng& rng);

}  // namespace synhead::trainer
