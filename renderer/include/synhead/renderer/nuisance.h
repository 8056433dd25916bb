#pragma once
// Per-frame image nuisances of real video, applied to the composited frame (the GL renderer adds motion blur).
//
// Why: with appearance fixed per sequence, a per-frame CNN's errors would be a per-sequence offset that no temporal
// model can remove; real video varies from frame to frame. Modelled here, each with its own switch:
//  - sensor noise: Gaussian, standard deviation drawn per sequence, fresh noise every frame;
//  - JPEG artefacts: a share of frames goes through JPEG encode + decode at a quality drawn per frame;
//  - lighting flicker: a smooth random multiplicative gain around 1, plus a blue–red (colour temperature) wobble;
//  - a webcam's optics and sensor: defocus blur, and a sensor of lower resolution than the frame (the frame is
//    resampled down to it and back up, with the sensor noise added at the sensor's resolution, so it comes out
//    blotchy as a webcam's does);
//  - an occluder (hand, phone or cup) that enters from outside the face box, crosses it and leaves;
//  - detector-like jitter of the face box (for the crops a per-frame CNN sees): per-frame Gaussian jitter of centre
//    and scale plus a slowly varying bias.
// Every per-frame draw comes from an Rng stream of (seed, frame): a frame's result depends only on the config, the
// seed, the frame number, the input image and the face box — frames can be processed in any order, on any thread.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>

#include <opencv2/core.hpp>

#include "synhead/core/random.h"
#include "synhead/dataset/box.h"

namespace synhead::renderer {

struct SensorNoiseConfig {
  bool enabled = true;
  std::array<double, 2> sigma{0.5, 4};  // standard deviation in 8-bit levels, drawn per sequence (uniform)
};

struct JpegConfig {
  bool enabled = true;
  double probability = 0.5;               // share of frames that are JPEG-compressed
  std::array<double, 2> quality{40, 95};  // JPEG quality 1–100, drawn per frame (uniform integer)
};

struct FlickerConfig {
  bool enabled = true;
  std::array<double, 2> amplitude{0, 0.05};        // std of the gain around 1, drawn per sequence
  std::array<double, 2> color_amplitude{0, 0.02};  // std of the blue–red balance wobble, drawn per sequence
  std::array<double, 2> period_frames{6, 90};      // periods of the smooth variation
};

struct CameraEffectsConfig {
  bool enabled = false;
  double probability = 0.5;                  // share of sequences shot through a webcam-like camera
  std::array<double, 2> resolution{0.35, 1};  // sensor resolution relative to the frame's, drawn per sequence
  std::array<double, 2> defocus_px{0, 1.5};  // Gaussian blur σ in frame pixels, drawn per sequence
};

struct OccluderConfig {
  bool enabled = true;
  double probability = 0.15;                      // share of sequences with an occluder crossing the face
  double hand_fraction = 0.6;                     // share of hands among occluders (the others: phones and cups)
  std::array<double, 2> size{0.6, 1.2};           // occluder size relative to the face box height, drawn per sequence
  std::array<double, 2> crossing_frames{15, 60};  // frames from entering to leaving the face box area (its speed)
};

struct BoxJitterConfig {
  bool enabled = true;
  double center_sigma = 0.03;  // per-frame jitter of the box centre, relative to the box width / height
  double scale_sigma = 0.04;   // per-frame jitter of the box scale (std of its logarithm)
  double bias_sigma = 0.03;    // std of a slowly varying offset of centre (relative) and log scale
  std::array<double, 2> bias_period_frames{30, 150};  // periods of that slow variation
};

struct NuisanceConfig {
  SensorNoiseConfig noise;
  JpegConfig jpeg;
  FlickerConfig flicker;
  CameraEffectsConfig camera;
  OccluderConfig occluder;
  BoxJitterConfig box_jitter;

  // Everything disabled: SequenceNuisances::apply is then the identity and jitter_box returns its input.
  static NuisanceConfig all_off();
};

namespace detail {
inline bool ordered_range(const std::array<double, 2>& r) { return r[0] <= r[1]; }
// values[i] += round(noise[i] · scale / 2^16) (halves up), clamped to [0, 255]; |noise| ≤ 2^11, 0 ≤ scale < 2^15.
// Sensor noise runs on every frame of every sequence, so it has an SSE2 path (same bytes as the scalar one).
void add_scaled_noise(std::uint8_t* values, const std::int16_t* noise, int count, std::int32_t scale);
}  // namespace detail

template <class V>
void describe(V& v, SensorNoiseConfig& c) {
  v.field("enabled", c.enabled);
  v.field("sigma", c.sigma);
  v.require(detail::ordered_range(c.sigma) && c.sigma[0] >= 0 && c.sigma[1] <= 64, "sigma",
            "[min, max] levels with 0 <= min <= max <= 64");
}

template <class V>
void describe(V& v, JpegConfig& c) {
  v.field("enabled", c.enabled);
  v.field("probability", c.probability);
  v.require(c.probability >= 0 && c.probability <= 1, "probability", "a probability in [0, 1]");
  v.field("quality", c.quality);
  v.require(detail::ordered_range(c.quality) && c.quality[0] >= 1 && c.quality[1] <= 100 &&
                c.quality[0] == std::floor(c.quality[0]) && c.quality[1] == std::floor(c.quality[1]),
            "quality", "[min, max] integers with 1 <= min <= max <= 100");
}

template <class V>
void describe(V& v, FlickerConfig& c) {
  v.field("enabled", c.enabled);
  v.field("amplitude", c.amplitude);
  v.require(detail::ordered_range(c.amplitude) && c.amplitude[0] >= 0 && c.amplitude[1] <= 0.3, "amplitude",
            "[min, max] with 0 <= min <= max <= 0.3");
  v.field("color_amplitude", c.color_amplitude);
  v.require(detail::ordered_range(c.color_amplitude) && c.color_amplitude[0] >= 0 && c.color_amplitude[1] <= 0.3,
            "color_amplitude", "[min, max] with 0 <= min <= max <= 0.3");
  v.field("period_frames", c.period_frames);
  v.require(detail::ordered_range(c.period_frames) && c.period_frames[0] >= 2, "period_frames",
            "[min, max] frames with 2 <= min <= max");
}

template <class V>
void describe(V& v, CameraEffectsConfig& c) {
  v.field("enabled", c.enabled);
  v.field("probability", c.probability);
  v.require(c.probability >= 0 && c.probability <= 1, "probability", "a probability in [0, 1]");
  v.field("resolution", c.resolution);
  v.require(detail::ordered_range(c.resolution) && c.resolution[0] >= 0.1 && c.resolution[1] <= 1, "resolution",
            "[min, max] with 0.1 <= min <= max <= 1");
  v.field("defocus_px", c.defocus_px);
  v.require(detail::ordered_range(c.defocus_px) && c.defocus_px[0] >= 0 && c.defocus_px[1] <= 8, "defocus_px",
            "[min, max] pixels with 0 <= min <= max <= 8");
}

template <class V>
void describe(V& v, OccluderConfig& c) {
  v.field("enabled", c.enabled);
  v.field("probability", c.probability);
  v.require(c.probability >= 0 && c.probability <= 1, "probability", "a probability in [0, 1]");
  v.field("hand_fraction", c.hand_fraction);
  v.require(c.hand_fraction >= 0 && c.hand_fraction <= 1, "hand_fraction", "a fraction in [0, 1]");
  v.field("size", c.size);
  v.require(detail::ordered_range(c.size) && c.size[0] > 0 && c.size[1] <= 3, "size",
            "[min, max] with 0 < min <= max <= 3");
  v.field("crossing_frames", c.crossing_frames);
  v.require(detail::ordered_range(c.crossing_frames) && c.crossing_frames[0] >= 3, "crossing_frames",
            "[min, max] frames with 3 <= min <= max");
}

template <class V>
void describe(V& v, BoxJitterConfig& c) {
  v.field("enabled", c.enabled);
  v.field("center_sigma", c.center_sigma);
  v.require(c.center_sigma >= 0 && c.center_sigma <= 0.5, "center_sigma", "a number in [0, 0.5]");
  v.field("scale_sigma", c.scale_sigma);
  v.require(c.scale_sigma >= 0 && c.scale_sigma <= 0.5, "scale_sigma", "a number in [0, 0.5]");
  v.field("bias_sigma", c.bias_sigma);
  v.require(c.bias_sigma >= 0 && c.bias_sigma <= 0.5, "bias_sigma", "a number in [0, 0.5]");
  v.field("bias_period_frames", c.bias_period_frames);
  v.require(detail::ordered_range(c.bias_period_frames) && c.bias_period_frames[0] >= 2, "bias_period_frames",
            "[min, max] frames with 2 <= min <= max");
}

template <class V>
void describe(V& v, NuisanceConfig& c) {
  v.section("noise", c.noise);
  v.section("jpeg", c.jpeg);
  v.section("flicker", c.flicker);
  v.section("camera", c.camera);
  v.section("occluder", c.occluder);
  v.section("box_jitter", c.box_jitter);
}

// The nuisances of one sequence. Per-sequence parameters (noise level, flicker and bias signals, the occluder and its
// path) are drawn in the constructor; everything else per frame. Const and thread-safe once constructed.
class SequenceNuisances {
 public:
  SequenceNuisances(const NuisanceConfig& config, std::uint64_t seed, int frame_count, int width, int height);

  // In place on a width × height CV_8UC3 frame: occluder → flicker → defocus → (down to the sensor's resolution →
  // noise → back up) → JPEG (the occluder is part of the scene, so the light flickers on it too). `face_box` is the exact face box of `frame`; the occluder aims at it.
  void apply(cv::Mat& bgr, int frame, const dataset::Box& face_box) const;

  // What a face detector would report for `face_box` in `frame`.
  dataset::Box jitter_box(const dataset::Box& face_box, int frame) const;

  bool has_occluder() const { return occluder_.has_value(); }
  // Share of the face box covered by the occluder in `frame` (0 when none), for labels and debugging.
  double occluder_coverage(int frame, const dataset::Box& face_box) const;

  double noise_sigma() const { return noise_sigma_; }
  // The webcam-like camera of this sequence: sensor resolution relative to the frame (1: none) and defocus σ (px).
  double sensor_resolution() const { return sensor_resolution_; }
  double defocus_px() const { return defocus_px_; }

 private:
  // A smooth zero-mean random signal of unit standard deviation: three sinusoids with random periods and phases.
  // Unlike a filtered random walk it can be evaluated at any frame without the frames before.
  class SmoothSignal {
   public:
    SmoothSignal() = default;
    SmoothSignal(core::Rng& rng, const std::array<double, 2>& period_frames);
    double operator()(int frame) const;

   private:
    std::array<double, 3> frequency_{}, phase_{};
  };

  enum class OccluderKind { hand, phone, cup };
  struct Occluder {
    OccluderKind kind = OccluderKind::hand;
    int first_frame = 0, frames = 0;
    double direction = 0;    // of motion, radians in the image
    double offset = 0;       // of the path from the face centre, perpendicular to it, in face box heights
    double size = 0;         // relative to the face box height
    double orientation = 0;  // of the shape at mid-crossing, radians
    double spin = 0;         // rotation over the whole crossing, radians
    bool mirrored = false;   // left instead of right hand
    cv::Scalar colour, accent;
    cv::Point2d light_from;  // unit vector: which side of the occluder is lit
  };
  struct OccluderLayers;

  static std::optional<Occluder> plan_occluder(const OccluderConfig& config, core::Rng& rng, int frame_count);
  // The occluder's alpha and premultiplied colour in `frame`, rendered inside `clip` (empty when it is not there).
  OccluderLayers occluder_layers(int frame, const dataset::Box& face_box, const cv::Rect& clip) const;
  void draw_occluder(cv::Mat& bgr, int frame, const dataset::Box& face_box) const;
  void apply_flicker(cv::Mat& bgr, int frame) const;
  void add_noise(cv::Mat& bgr, int frame) const;
  // Defocus, then sensor noise at the sensor's resolution (resampled down and back up when it is below the frame's).
  void expose_sensor(cv::Mat& bgr, int frame) const;
  void compress(cv::Mat& bgr, int frame) const;

  NuisanceConfig config_;
  int frame_count_, width_, height_;
  double noise_sigma_ = 0, flicker_amplitude_ = 0, color_amplitude_ = 0;
  double sensor_resolution_ = 1, defocus_px_ = 0;
  SmoothSignal flicker_gain_, flicker_color_, bias_x_, bias_y_, bias_scale_;
  std::optional<Occluder> occluder_;
  // Seeds of the per-frame streams: Rng(seed, frame).
  std::uint64_t noise_seed_ = 0, jpeg_seed_ = 0, jitter_seed_ = 0;
};

}  // namespace synhead::renderer
