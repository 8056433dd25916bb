#pragma once
// The `data` section of configs/train_*.yaml: which frames the trainer sees and how they are cut, cropped and
// augmented. Torch-free.

#include <string>

#include "synhead/core/config.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/trainer/render_plugin.h"

namespace synhead::trainer {

// Paper §4/§5: mirroring, reverse playback, small random scaling and translation of the face window; colour,
// blur and noise are common practice. Every draw comes from the batch's seed (same seed, same batches).
struct AugmentConfig {
  bool enabled = true;           // false: no augmentation at all (validation and evaluation never augment)
  double flip_probability = 0.5;     // mirror: negate yaw and roll, swap left/right landmark indices
  double reverse_probability = 0.5;  // play the window backwards
  double scale_jitter = 0.1;     // crop side × U(1 − s, 1 + s), one draw per window
  double shift_jitter = 0.05;    // crop centre + U(−s, s) × crop side, per axis, one draw per window
  double brightness = 0.2;       // pixel × U(1 − b, 1 + b)
  double contrast = 0.2;         // around the window's mean, × U(1 − c, 1 + c)
  double saturation = 0.2;       // towards grey, × U(1 − s, 1 + s)
  double blur_probability = 0.1; // Gaussian blur (σ ∈ [0.5, 1.5] px at crop size) of the whole window
  double noise_std = 0.02;       // additive Gaussian pixel noise, std as a fraction of the 0–255 range
};

template <class V>
void describe(V& v, AugmentConfig& c) {
  v.field("enabled", c.enabled);
  v.field("flip_probability", c.flip_probability);
  v.require(c.flip_probability >= 0 && c.flip_probability <= 1, "flip_probability", "a probability in [0, 1]");
  v.field("reverse_probability", c.reverse_probability);
  v.require(c.reverse_probability >= 0 && c.reverse_probability <= 1, "reverse_probability", "a probability in [0, 1]");
  v.field("scale_jitter", c.scale_jitter);
  v.require(c.scale_jitter >= 0 && c.scale_jitter < 1, "scale_jitter", "a fraction in [0, 1)");
  v.field("shift_jitter", c.shift_jitter);
  v.require(c.shift_jitter >= 0 && c.shift_jitter < 1, "shift_jitter", "a fraction in [0, 1)");
  v.field("brightness", c.brightness);
  v.require(c.brightness >= 0 && c.brightness < 1, "brightness", "a fraction in [0, 1)");
  v.field("contrast", c.contrast);
  v.require(c.contrast >= 0 && c.contrast < 1, "contrast", "a fraction in [0, 1)");
  v.field("saturation", c.saturation);
  v.require(c.saturation >= 0 && c.saturation <= 1, "saturation", "a fraction in [0, 1]");
  v.field("blur_probability", c.blur_probability);
  v.require(c.blur_probability >= 0 && c.blur_probability <= 1, "blur_probability", "a probability in [0, 1]");
  v.field("noise_std", c.noise_std);
  v.require(c.noise_std >= 0 && c.noise_std < 1, "noise_std", "a fraction in [0, 1)");
}

struct DataConfig {
  std::string source = "disk";       // disk (data.path) | stream (rendered while training) | mix (both)
  double mix_stream_fraction = 0.5;  // mix: share of batches drawn from the stream (the others from disk)
  core::PluginSection stream = stream_section_default();  // source stream / mix: stream/stream_config.h
  std::string path;                  // a `synhead render` dataset directory (relative: to the working directory)
  std::string split = "train";       // split tag trained on (the manifest's, or the splits file's); "" = every sequence
  std::string splits;                // a split file (protocols/, dataset/splits_file.h) whose tags replace the source's
  double validation_fraction = 0.1;  // of the split's tracks held out for validation (whole tracks: no overlap)
  int window = 8;                    // T: frames per training window (the RNN's unrolled length)
  int window_stride = 4;             // frames between consecutive window starts when windows are indexed
  int batch_size = 8;                // B windows per batch
  dataset::CropRuleConfig crop;      // the face box the crop is centred on (dataset/face_boxes.h)
  double crop_margin = 0.3;          // crop side = (1 + margin) × max(box w, box h), centred on the face box
  int workers = 2;                   // decoding threads (OpenCV) producing batches ahead of the trainer
  int prefetch = 4;                  // batches buffered ahead (bounded queue)
  AugmentConfig augment;
};

template <class V>
void describe(V& v, DataConfig& c) {
  v.field("source", c.source);
  v.require(c.source == "disk" || c.source == "stream" || c.source == "mix", "source", "disk, stream or mix");
  v.require(c.source == "disk" || render_plugin(), "source", "disk (this synhead was built without the render stream)");
  v.field("mix_stream_fraction", c.mix_stream_fraction);
  v.require(c.mix_stream_fraction >= 0 && c.mix_stream_fraction <= 1, "mix_stream_fraction", "a fraction in [0, 1]");
  v.section("stream", c.stream);
  v.field("path", c.path);
  v.field("split", c.split);
  v.field("splits", c.splits);
  v.field("validation_fraction", c.validation_fraction);
  v.require(c.validation_fraction >= 0 && c.validation_fraction < 1, "validation_fraction", "a fraction in [0, 1)");
  v.field("window", c.window);
  v.require(c.window >= 1 && c.window <= 1024, "window", "an integer in [1, 1024]");
  v.field("window_stride", c.window_stride);
  v.require(c.window_stride >= 1, "window_stride", "an integer >= 1");
  v.field("batch_size", c.batch_size);
  v.require(c.batch_size >= 1, "batch_size", "an integer >= 1");
  v.section("crop", c.crop);
  v.require(c.source == "disk" || c.crop.rule != "boxes", "crop",
            "rule landmarks or head_centre when frames are rendered while training (boxes files are for data on disk)");
  v.field("crop_margin", c.crop_margin);
  v.require(c.crop_margin >= 0 && c.crop_margin <= 3, "crop_margin", "a number in [0, 3]");
  v.field("workers", c.workers);
  v.require(c.workers >= 1, "workers", "an integer >= 1");
  v.field("prefetch", c.prefetch);
  v.require(c.prefetch >= 1, "prefetch", "an integer >= 1");
  v.section("augment", c.augment);
}

}  // namespace synhead::trainer
