#include "synhead/renderer/nuisance.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"
#include "synhead/dataset/jpeg.h"

namespace synhead::renderer {
namespace {

constexpr double kPi = 3.14159265358979323846;

// One independent stream per nuisance: switching one off leaves the draws of the others unchanged.
enum Stream : std::uint64_t {
  kNoiseStream = 1,
  kJpegStream,
  kFlickerStream,
  kOccluderStream,
  kJitterStream,
  kCameraStream
};

// Every occluder shape fits in a circle of this radius, in units of its size, around its centre.
constexpr double kOccluderExtent = 0.6;
constexpr int kSupersample = 4;   // per axis: the occluder silhouette is anti-aliased by box-filtering 4×4 samples
constexpr int kFractionBits = 4;  // sub-pixel precision of OpenCV's drawing, so slow motion does not step

const cv::Scalar kSkinTones[] = {  // BGR, light to dark
    {185, 205, 240}, {160, 185, 228}, {130, 165, 215}, {105, 145, 195},
    {85, 120, 170},  {65, 95, 140},   {50, 72, 110},   {38, 55, 85}};

// Every draw is a statement of its own: function arguments are evaluated in an unspecified order, and the same
// seed must give the same occluder with every compiler.
cv::Scalar uniform_colour(core::Rng& rng, const cv::Scalar& low, const cv::Scalar& high) {
  cv::Scalar colour;
  for (int c = 0; c < 3; ++c) colour[c] = rng.uniform(low[c], high[c]);
  return colour;
}

cv::Scalar jittered(const cv::Scalar& colour, core::Rng& rng, double amount) {
  const double gain = rng.uniform(1 - amount, 1 + amount);
  const cv::Scalar tint = uniform_colour(rng, {0.95, 1, 0.95}, {1.05, 1, 1.05});
  return cv::Scalar(std::min(255.0, colour[0] * gain * tint[0]), std::min(255.0, colour[1] * gain),
                    std::min(255.0, colour[2] * gain * tint[2]));
}

cv::Scalar random_colour(core::Rng& rng, double min_value, double max_value) {
  cv::Scalar colour;
  const double value = rng.uniform(min_value, max_value), saturation = rng.uniform(0.3, 0.9);
  const int dominant = rng.uniform_int(0, 2);
  for (int c = 0; c < 3; ++c) colour[c] = 255 * value * (c == dominant ? 1.0 : 1 - saturation * rng.uniform(0.5, 1.0));
  return colour;
}

// Draws an occluder's primitives — given in the occluder's own frame, in units of its size, fingers toward −y — into
// supersampled alpha and colour canvases. `silhouette` primitives define the shape; the others only paint on it.
class OccluderCanvas {
 public:
  OccluderCanvas(cv::Size roi_size, cv::Point2d roi_origin, cv::Point2d centre, double size_px, double angle,
                 bool mirrored)
      : alpha_(roi_size * kSupersample, CV_8U, cv::Scalar(0)),
        colour_(roi_size * kSupersample, CV_8UC3, cv::Scalar::all(0)),
        origin_(roi_origin),
        centre_(centre),
        size_px_(size_px),
        angle_(angle),
        mirrored_(mirrored) {}

  void capsule(cv::Point2d a, cv::Point2d b, double radius, const cv::Scalar& colour) {
    const int thickness = std::max(1, static_cast<int>(std::lround(2 * radius * size_px_ * kSupersample)));
    paint(colour, true, [&](cv::Mat& canvas, const cv::Scalar& c) {
      cv::line(canvas, to_canvas(a), to_canvas(b), c, thickness, cv::LINE_8, kFractionBits);
    });
  }

  void ellipse(cv::Point2d centre, cv::Size2d axes, double angle, const cv::Scalar& colour, bool silhouette = true) {
    paint(colour, silhouette, [&](cv::Mat& canvas, const cv::Scalar& c) {
      cv::ellipse(canvas, to_canvas(centre), cv::Size(fixed(axes.width), fixed(axes.height)), degrees(angle), 0, 360, c,
                  cv::FILLED, cv::LINE_8, kFractionBits);
    });
  }

  void ring(cv::Point2d centre, cv::Size2d axes, double width, const cv::Scalar& colour) {
    const int thickness = std::max(1, static_cast<int>(std::lround(width * size_px_ * kSupersample)));
    paint(colour, true, [&](cv::Mat& canvas, const cv::Scalar& c) {
      cv::ellipse(canvas, to_canvas(centre), cv::Size(fixed(axes.width), fixed(axes.height)), degrees(0), 0, 360, c,
                  thickness, cv::LINE_8, kFractionBits);
    });
  }

  void polygon(const std::vector<cv::Point2d>& corners, const cv::Scalar& colour, bool silhouette = true) {
    std::vector<cv::Point> points;
    for (const auto& corner : corners) points.push_back(to_canvas(corner));
    paint(colour, silhouette, [&](cv::Mat& canvas, const cv::Scalar& c) {
      cv::fillConvexPoly(canvas, points, c, cv::LINE_8, kFractionBits);
    });
  }

  // Box-filters the samples down to image pixels: alpha in [0, 1] and colour premultiplied by it.
  void resolve(cv::Size roi_size, cv::Mat& alpha, cv::Mat& premultiplied) const {
    cv::Mat small;
    cv::resize(alpha_, small, roi_size, 0, 0, cv::INTER_AREA);
    small.convertTo(alpha, CV_32F, 1.0 / 255);
    cv::resize(colour_, small, roi_size, 0, 0, cv::INTER_AREA);
    small.convertTo(premultiplied, CV_32FC3);
  }

 private:
  template <class Draw>
  void paint(const cv::Scalar& colour, bool silhouette, Draw draw) {
    draw(colour_, colour);
    if (silhouette) draw(alpha_, cv::Scalar(255));
  }

  cv::Point to_canvas(cv::Point2d q) const {
    if (mirrored_) q.x = -q.x;
    const double c = std::cos(angle_), s = std::sin(angle_);
    const cv::Point2d image = centre_ + size_px_ * cv::Point2d(c * q.x - s * q.y, s * q.x + c * q.y);
    // Canvas sample j covers image x in [origin + j/S, origin + (j+1)/S); OpenCV puts integer coordinates at centres.
    const cv::Point2d canvas = (image - origin_) * kSupersample - cv::Point2d(0.5, 0.5);
    return {static_cast<int>(std::lround(canvas.x * (1 << kFractionBits))),
            static_cast<int>(std::lround(canvas.y * (1 << kFractionBits)))};
  }
  int fixed(double units) const {
    return static_cast<int>(std::lround(units * size_px_ * kSupersample * (1 << kFractionBits)));
  }
  // A mirrored shape turns the other way: M·Rot(φ) = Rot(−φ)·M.
  double degrees(double local_angle) const { return (angle_ + (mirrored_ ? -local_angle : local_angle)) * 180 / kPi; }

  cv::Mat alpha_, colour_;
  cv::Point2d origin_, centre_;
  double size_px_, angle_;
  bool mirrored_;
};

void draw_hand(OccluderCanvas& canvas, const cv::Scalar& skin) {
  canvas.capsule({0, 0.2}, {0, 0.46}, 0.12, skin);  // wrist
  canvas.ellipse({0, 0.05}, {0.2, 0.22}, 0, skin);  // palm
  const double base_x[] = {-0.14, -0.047, 0.047, 0.14}, length[] = {0.26, 0.31, 0.30, 0.24},
               splay[] = {-0.12, -0.04, 0.04, 0.12};
  for (int i = 0; i < 4; ++i) {
    const cv::Point2d base(base_x[i], -0.1);
    canvas.capsule(base, base + length[i] * cv::Point2d(std::sin(splay[i]), -std::cos(splay[i])), 0.042, skin);
  }
  canvas.capsule({0.16, 0.08}, {0.36, -0.08}, 0.05, skin);  // thumb
}

void draw_phone(OccluderCanvas& canvas, const cv::Scalar& body, const cv::Scalar& screen) {
  // A rounded rectangle: two crossed rectangles and four corner discs.
  canvas.polygon({{-0.2, -0.35}, {0.2, -0.35}, {0.2, 0.35}, {-0.2, 0.35}}, body);
  canvas.polygon({{-0.15, -0.4}, {0.15, -0.4}, {0.15, 0.4}, {-0.15, 0.4}}, body);
  for (const double x : {-0.15, 0.15})
    for (const double y : {-0.35, 0.35}) canvas.ellipse({x, y}, {0.05, 0.05}, 0, body);
  canvas.polygon({{-0.17, -0.33}, {0.17, -0.33}, {0.17, 0.33}, {-0.17, 0.33}}, screen, false);
}

void draw_cup(OccluderCanvas& canvas, const cv::Scalar& colour, const cv::Scalar& drink) {
  canvas.ring({0.28, -0.02}, {0.1, 0.13}, 0.045, colour);  // handle
  canvas.polygon({{-0.24, -0.28}, {0.24, -0.28}, {0.2, 0.3}, {-0.2, 0.3}}, colour);
  canvas.ellipse({0, 0.3}, {0.2, 0.04}, 0, colour);
  const cv::Scalar rim(std::min(255.0, colour[0] * 1.2 + 10), std::min(255.0, colour[1] * 1.2 + 10),
                       std::min(255.0, colour[2] * 1.2 + 10));
  canvas.ellipse({0, -0.28}, {0.24, 0.06}, 0, rim);
  canvas.ellipse({0, -0.275}, {0.21, 0.045}, 0, drink, false);
}

// Pixels whose centres lie inside `box`.
cv::Rect pixels_inside(const dataset::Box& box) {
  const int x0 = static_cast<int>(std::ceil(box.x - 0.5)), x1 = static_cast<int>(std::floor(box.x + box.w - 0.5));
  const int y0 = static_cast<int>(std::ceil(box.y - 0.5)), y1 = static_cast<int>(std::floor(box.y + box.h - 0.5));
  return {x0, y0, std::max(0, x1 - x0 + 1), std::max(0, y1 - y0 + 1)};
}

}  // namespace

NuisanceConfig NuisanceConfig::all_off() {
  NuisanceConfig config;
  config.noise.enabled = config.jpeg.enabled = config.flicker.enabled = config.camera.enabled =
      config.occluder.enabled = config.box_jitter.enabled = false;
  return config;
}

SequenceNuisances::SmoothSignal::SmoothSignal(core::Rng& rng, const std::array<double, 2>& period_frames) {
  for (std::size_t i = 0; i < frequency_.size(); ++i) {
    frequency_[i] = 2 * kPi / rng.uniform(period_frames[0], period_frames[1]);
    phase_[i] = rng.uniform(0, 2 * kPi);
  }
}

double SequenceNuisances::SmoothSignal::operator()(int frame) const {
  // Each sinusoid has variance 1/2; weights √(2/3) make the sum of three unit variance.
  double sum = 0;
  for (std::size_t i = 0; i < frequency_.size(); ++i) sum += std::sin(frequency_[i] * frame + phase_[i]);
  return std::sqrt(2.0 / 3.0) * sum;
}

struct SequenceNuisances::OccluderLayers {
  cv::Rect roi;  // image pixels the occluder touches inside the clip; empty when none
  cv::Mat alpha, premultiplied;
  cv::Point2d centre;
  double size_px = 0;
};

SequenceNuisances::SequenceNuisances(const NuisanceConfig& config, std::uint64_t seed, int frame_count, int width,
                                     int height)
    : config_(config), frame_count_(frame_count), width_(width), height_(height) {
  SYNHEAD_CHECK(frame_count > 0 && width > 0 && height > 0);
  core::Rng noise(seed, kNoiseStream), jpeg(seed, kJpegStream), flicker(seed, kFlickerStream),
      occluder(seed, kOccluderStream), jitter(seed, kJitterStream), camera(seed, kCameraStream);
  noise_seed_ = noise.next_u64();
  jpeg_seed_ = jpeg.next_u64();
  jitter_seed_ = jitter.next_u64();
  if (config.noise.enabled) noise_sigma_ = noise.uniform(config.noise.sigma[0], config.noise.sigma[1]);
  if (config.flicker.enabled) {
    flicker_amplitude_ = flicker.uniform(config.flicker.amplitude[0], config.flicker.amplitude[1]);
    color_amplitude_ = flicker.uniform(config.flicker.color_amplitude[0], config.flicker.color_amplitude[1]);
    flicker_gain_ = SmoothSignal(flicker, config.flicker.period_frames);
    flicker_color_ = SmoothSignal(flicker, config.flicker.period_frames);
  }
  if (config.occluder.enabled) occluder_ = plan_occluder(config.occluder, occluder, frame_count);
  if (config.camera.enabled && camera.bernoulli(config.camera.probability)) {
    sensor_resolution_ = camera.uniform(config.camera.resolution[0], config.camera.resolution[1]);
    defocus_px_ = camera.uniform(config.camera.defocus_px[0], config.camera.defocus_px[1]);
  }
  if (config.box_jitter.enabled) {
    bias_x_ = SmoothSignal(jitter, config.box_jitter.bias_period_frames);
    bias_y_ = SmoothSignal(jitter, config.box_jitter.bias_period_frames);
    bias_scale_ = SmoothSignal(jitter, config.box_jitter.bias_period_frames);
  }
}

std::optional<SequenceNuisances::Occluder> SequenceNuisances::plan_occluder(const OccluderConfig& config,
                                                                            core::Rng& rng, int frame_count) {
  if (!rng.bernoulli(config.probability)) return std::nullopt;
  Occluder o;
  o.frames = std::min(frame_count,
                      static_cast<int>(std::lround(rng.uniform(config.crossing_frames[0], config.crossing_frames[1]))));
  if (o.frames < 3) return std::nullopt;  // too short a sequence to enter, cross and leave
  o.first_frame = rng.uniform_int(0, frame_count - o.frames);
  o.direction = rng.uniform(0, 2 * kPi);
  o.offset = rng.uniform(-0.25, 0.25);
  o.size = rng.uniform(config.size[0], config.size[1]);
  const double light_angle = -kPi / 2 + rng.uniform(-0.7, 0.7);  // mostly from above
  o.light_from = {std::cos(light_angle), std::sin(light_angle)};
  if (rng.bernoulli(config.hand_fraction)) {
    o.kind = OccluderKind::hand;
    o.orientation = o.direction + kPi / 2 + rng.uniform(-0.5, 0.5);  // fingers lead: local −y along the motion
    o.spin = rng.uniform(-0.4, 0.4);
    o.mirrored = rng.bernoulli(0.5);
    o.colour = jittered(kSkinTones[rng.uniform_int(0, static_cast<int>(std::size(kSkinTones)) - 1)], rng, 0.08);
  } else if (rng.bernoulli(0.5)) {
    o.kind = OccluderKind::phone;
    o.orientation = rng.uniform(-0.5, 0.5);
    o.spin = rng.uniform(-0.3, 0.3);
    const double shade = rng.uniform();
    o.colour = shade < 0.4   ? cv::Scalar::all(rng.uniform(15, 50))
               : shade < 0.7 ? cv::Scalar::all(rng.uniform(190, 235))
                             : random_colour(rng, 0.3, 0.8);
    o.accent = rng.bernoulli(0.5) ? uniform_colour(rng, {180, 160, 130}, {240, 220, 200})  // lit screen
                                  : cv::Scalar::all(rng.uniform(20, 45));                  // dark screen
  } else {
    o.kind = OccluderKind::cup;
    o.orientation = rng.uniform(-0.25, 0.25);
    o.spin = rng.uniform(-0.15, 0.15);
    o.colour = random_colour(rng, 0.4, 0.95);
    o.accent = uniform_colour(rng, {10, 25, 45}, {40, 60, 90});  // coffee or tea
  }
  return o;
}

SequenceNuisances::OccluderLayers SequenceNuisances::occluder_layers(int frame, const dataset::Box& face_box,
                                                                     const cv::Rect& clip) const {
  OccluderLayers layers;
  const Occluder& o = *occluder_;
  if (frame < o.first_frame || frame >= o.first_frame + o.frames || face_box.empty()) return layers;
  const double progress = static_cast<double>(frame - o.first_frame) / (o.frames - 1);
  const double h = face_box.h;
  // At progress 0 and 1 the shape's circle is clear of the box's circumscribed circle (plus 2 pixels): it enters
  // from outside the face box and leaves it.
  const double reach = 0.5 * std::hypot(face_box.w / h, 1.0) + kOccluderExtent * o.size + 2.0 / h;
  const cv::Point2d along(std::cos(o.direction), std::sin(o.direction)), across(-along.y, along.x);
  layers.size_px = o.size * h;
  layers.centre =
      cv::Point2d(face_box.cx(), face_box.cy()) + h * ((2 * progress - 1) * reach * along + o.offset * across);

  const double radius = kOccluderExtent * layers.size_px + 1;
  const cv::Rect bounds(static_cast<int>(std::floor(layers.centre.x - radius)),
                        static_cast<int>(std::floor(layers.centre.y - radius)),
                        static_cast<int>(std::ceil(2 * radius)) + 1, static_cast<int>(std::ceil(2 * radius)) + 1);
  layers.roi = bounds & clip;
  if (layers.roi.empty()) return layers;

  OccluderCanvas canvas(layers.roi.size(), cv::Point2d(layers.roi.x, layers.roi.y), layers.centre, layers.size_px,
                        o.orientation + o.spin * (progress - 0.5), o.mirrored);
  switch (o.kind) {
    case OccluderKind::hand:
      draw_hand(canvas, o.colour);
      break;
    case OccluderKind::phone:
      draw_phone(canvas, o.colour, o.accent);
      break;
    case OccluderKind::cup:
      draw_cup(canvas, o.colour, o.accent);
      break;
  }
  canvas.resolve(layers.roi.size(), layers.alpha, layers.premultiplied);
  return layers;
}

void SequenceNuisances::draw_occluder(cv::Mat& bgr, int frame, const dataset::Box& face_box) const {
  const OccluderLayers layers = occluder_layers(frame, face_box, cv::Rect(0, 0, bgr.cols, bgr.rows));
  if (layers.roi.empty()) return;
  // Simple volume shading: darker toward the silhouette's rim (where the blurred alpha drops) and on the side away
  // from the light.
  cv::Mat blurred;
  cv::GaussianBlur(layers.alpha, blurred, cv::Size(), std::max(0.5, 0.04 * layers.size_px));
  const cv::Point2d light = occluder_->light_from;
  for (int y = 0; y < layers.roi.height; ++y) {
    auto* out = bgr.ptr<cv::Vec3b>(layers.roi.y + y) + layers.roi.x;
    const auto* alpha = layers.alpha.ptr<float>(y);
    const auto* rim = blurred.ptr<float>(y);
    const auto* colour = layers.premultiplied.ptr<cv::Vec3f>(y);
    for (int x = 0; x < layers.roi.width; ++x) {
      if (alpha[x] <= 0) continue;
      const cv::Point2d relative =
          (cv::Point2d(layers.roi.x + x + 0.5, layers.roi.y + y + 0.5) - layers.centre) / layers.size_px;
      const double shade = (0.7 + 0.3 * std::clamp(2.0 * rim[x] - 1.0, 0.0, 1.0)) * (1 + 0.25 * relative.dot(light));
      for (int c = 0; c < 3; ++c)
        out[x][c] = cv::saturate_cast<uchar>(out[x][c] * (1 - alpha[x]) + colour[x][c] * shade);
    }
  }
}

void SequenceNuisances::apply_flicker(cv::Mat& bgr, int frame) const {
  const double gain = 1 + flicker_amplitude_ * flicker_gain_(frame);
  const double warmth = color_amplitude_ * flicker_color_(frame);
  const double gains[3] = {gain * (1 - warmth), gain, gain * (1 + warmth)};  // B, G, R: warmer light is redder
  cv::Mat table(1, 256, CV_8UC3);
  for (int level = 0; level < 256; ++level)
    for (int c = 0; c < 3; ++c) table.at<cv::Vec3b>(level)[c] = cv::saturate_cast<uchar>(level * gains[c]);
  cv::LUT(bgr, table, bgr);
}

namespace {

// Unit Gaussian samples in 1/256 units, drawn once per process from a fixed seed. Each frame row adds a slice at an
// offset drawn per (frame, row): drawing fresh normals per pixel cost ~3.7 ms per 640×480 frame, slicing ~0.4 ms,
// and with 4 M samples the rows of a frame reuse almost none of them.
const std::vector<std::int16_t>& unit_noise_table() {
  static const std::vector<std::int16_t> table = [] {
    std::vector<std::int16_t> t(std::size_t{1} << 22);
    core::Rng rng(0x5eed, 0);
    for (auto& v : t) v = static_cast<std::int16_t>(std::clamp(std::lround(rng.normal() * 256), -8 * 256L, 8 * 256L));
    return t;
  }();
  return table;
}

}  // namespace

void detail::add_scaled_noise(std::uint8_t* values, const std::int16_t* noise, int count, std::int32_t scale) {
  SYNHEAD_CHECK(scale >= 0 && scale < 32768);
  int i = 0;
#if defined(__SSE2__)
  const __m128i factor = _mm_set1_epi16(static_cast<std::int16_t>(scale));
  const __m128i zero = _mm_setzero_si128();
  // (v · scale + 2^15) >> 16 from 16-bit halves: the product's high half, plus one when its low half is ≥ 2^15.
  const auto scaled = [&](const std::int16_t* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm_add_epi16(_mm_mulhi_epi16(v, factor), _mm_srli_epi16(_mm_mullo_epi16(v, factor), 15));
  };
  for (; i + 16 <= count; i += 16) {
    const __m128i pixels = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values + i));
    const __m128i low = _mm_add_epi16(_mm_unpacklo_epi8(pixels, zero), scaled(noise + i));
    const __m128i high = _mm_add_epi16(_mm_unpackhi_epi8(pixels, zero), scaled(noise + i + 8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(values + i), _mm_packus_epi16(low, high));  // saturates to [0, 255]
  }
#endif
  for (; i < count; ++i)
    values[i] = static_cast<std::uint8_t>(std::clamp(values[i] + ((noise[i] * scale + 32768) >> 16), 0, 255));
}

void SequenceNuisances::add_noise(cv::Mat& bgr, int frame) const {
  core::Rng rng(noise_seed_, frame);
  const auto& table = unit_noise_table();
  const int values = bgr.cols * bgr.channels();
  // table × scale is the noise in 1/65536 levels: σ · N(0,1).
  const auto scale = static_cast<std::int32_t>(std::lround(noise_sigma_ * 256));
  const int last_offset = static_cast<int>(table.size()) - values;
  for (int y = 0; y < bgr.rows; ++y)
    detail::add_scaled_noise(bgr.ptr<uchar>(y), table.data() + rng.uniform_int(0, last_offset), values, scale);
}

void SequenceNuisances::expose_sensor(cv::Mat& bgr, int frame) const {
  if (defocus_px_ > 0.05) cv::GaussianBlur(bgr, bgr, cv::Size(), defocus_px_);
  const cv::Size sensor(std::max(1, static_cast<int>(std::lround(bgr.cols * sensor_resolution_))),
                        std::max(1, static_cast<int>(std::lround(bgr.rows * sensor_resolution_))));
  if (sensor == bgr.size()) {
    if (noise_sigma_ > 0) add_noise(bgr, frame);
    return;
  }
  cv::Mat small;
  cv::resize(bgr, small, sensor, 0, 0, cv::INTER_AREA);
  if (noise_sigma_ > 0) add_noise(small, frame);
  cv::resize(small, bgr, bgr.size(), 0, 0, cv::INTER_LINEAR);
}

void SequenceNuisances::compress(cv::Mat& bgr, int frame) const {
  core::Rng rng(jpeg_seed_, frame);
  if (!rng.bernoulli(config_.jpeg.probability)) return;
  const int quality =
      rng.uniform_int(static_cast<int>(config_.jpeg.quality[0]), static_cast<int>(config_.jpeg.quality[1]));
  dataset::decode_jpeg(dataset::encode_jpeg(bgr, quality), bgr);
}

void SequenceNuisances::apply(cv::Mat& bgr, int frame, const dataset::Box& face_box) const {
  SYNHEAD_CHECK(bgr.type() == CV_8UC3 && bgr.cols == width_ && bgr.rows == height_,
                "frame size or type differs from the sequence's");
  SYNHEAD_CHECK(frame >= 0 && frame < frame_count_);
  if (occluder_) draw_occluder(bgr, frame, face_box);
  if (config_.flicker.enabled) apply_flicker(bgr, frame);
  expose_sensor(bgr, frame);
  if (config_.jpeg.enabled) compress(bgr, frame);
}

dataset::Box SequenceNuisances::jitter_box(const dataset::Box& face_box, int frame) const {
  SYNHEAD_CHECK(frame >= 0 && frame < frame_count_);
  if (!config_.box_jitter.enabled) return face_box;
  const BoxJitterConfig& c = config_.box_jitter;
  core::Rng rng(jitter_seed_, frame);
  const double dx = c.center_sigma * rng.normal() + c.bias_sigma * bias_x_(frame);
  const double dy = c.center_sigma * rng.normal() + c.bias_sigma * bias_y_(frame);
  const double scale = std::exp(c.scale_sigma * rng.normal() + c.bias_sigma * bias_scale_(frame));
  const double w = face_box.w * scale, h = face_box.h * scale;
  return {face_box.cx() + dx * face_box.w - w / 2, face_box.cy() + dy * face_box.h - h / 2, w, h};
}

double SequenceNuisances::occluder_coverage(int frame, const dataset::Box& face_box) const {
  SYNHEAD_CHECK(frame >= 0 && frame < frame_count_);
  if (!occluder_ || face_box.empty()) return 0;
  const cv::Rect pixels = pixels_inside(face_box);
  if (pixels.empty()) return 0;
  const OccluderLayers layers = occluder_layers(frame, face_box, pixels);
  return layers.roi.empty() ? 0 : cv::sum(layers.alpha)[0] / pixels.area();
}

}  // namespace synhead::renderer
