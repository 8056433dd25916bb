// The procedural skin texture. Every texel of the skin's UV layout is rasterised to the point of the base head it
// shows, and coloured as a function of that 3D point: noise is solid (3D) noise in millimetres, so its scale is the
// same everywhere on the face and UV seams do not show, and features (lips, brows, beard, hairline) are placed
// relative to the anatomical anchors. Colours are mixed in linear RGB and stored with kDisplayGamma (head_mesh.h),
// which the shader undoes.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include <glm/common.hpp>
#include <glm/exponential.hpp>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec2.hpp>
#include <opencv2/imgproc.hpp>

#include "head_generator_parts.h"
#include "synhead/core/error.h"
#include "synhead/core/random.h"

namespace synhead::renderer::detail {

namespace {

glm::vec3 to_linear(const glm::vec3& srgb) { return glm::pow(glm::clamp(srgb, 0.0f, 1.0f), glm::vec3(kDisplayGamma)); }

float gaussian(const glm::vec3& p, const glm::vec3& centre, const glm::vec3& sigma) {
  const glm::vec3 d = (p - centre) / sigma;
  return std::exp(-0.5f * glm::dot(d, d));
}

// Value noise on the integer lattice with a quintic fade (C2), in [−1, 1]; platform-independent integer hashing.
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : seed_(static_cast<std::uint32_t>(seed ^ (seed >> 32))) {}

  float operator()(const glm::vec3& p) const {
    const glm::vec3 cell = glm::floor(p);
    const glm::vec3 f = p - cell;
    const glm::vec3 w = f * f * f * (f * (f * 6.0f - 15.0f) + 10.0f);
    const int x = static_cast<int>(cell.x), y = static_cast<int>(cell.y), z = static_cast<int>(cell.z);
    auto mix = [](float a, float b, float t) { return a + t * (b - a); };
    auto edge = [&](int dy, int dz) { return mix(lattice(x, y + dy, z + dz), lattice(x + 1, y + dy, z + dz), w.x); };
    return mix(mix(edge(0, 0), edge(1, 0), w.y), mix(edge(0, 1), edge(1, 1), w.y), w.z);
  }
  // Octaves at doubling frequency and halving amplitude, normalised to about [−1, 1].
  float fbm(const glm::vec3& p, int octaves) const {
    float sum = 0, amplitude = 1, total = 0;
    glm::vec3 q = p;
    for (int i = 0; i < octaves; ++i) {
      sum += amplitude * (*this)(q);
      total += amplitude;
      amplitude *= 0.5f;
      q = q * 2.03f + glm::vec3(17.1f, 3.7f, 9.3f);  // off-lattice, so octaves do not align
    }
    return sum / total;
  }

 private:
  float lattice(int x, int y, int z) const {
    std::uint32_t h = seed_ ^ (static_cast<std::uint32_t>(x) * 0x8da6b343u) ^ (static_cast<std::uint32_t>(y) * 0xd8163841u) ^
                      (static_cast<std::uint32_t>(z) * 0xcb1ab31fu);
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    h ^= h >> 16;
    return static_cast<float>(h) * (2.0f / 4294967296.0f) - 1.0f;
  }
  std::uint32_t seed_;
};

struct Texel {
  int pixel;  // row-major index into the texture
  glm::vec3 position;
  SkinRegion region;
};

// Texel centres covered by each skin triangle (UV space, row 0 = v 0), with the base-head point they show.
std::vector<Texel> rasterise_texels(const HeadMesh& base, const SubMesh& skin, const std::vector<SkinRegion>& regions, int size) {
  std::vector<Texel> texels;
  std::vector<char> covered(static_cast<std::size_t>(size) * static_cast<std::size_t>(size), 0);
  for (std::size_t t = 0; t < regions.size(); ++t) {
    const std::uint32_t* tri = &base.indices[skin.first_index + 3 * t];
    glm::vec2 uv[3];
    for (int k = 0; k < 3; ++k) uv[k] = base.uvs[tri[k]] * static_cast<float>(size);
    const float area = (uv[1].x - uv[0].x) * (uv[2].y - uv[0].y) - (uv[2].x - uv[0].x) * (uv[1].y - uv[0].y);
    if (std::abs(area) < 1e-12f) continue;
    const glm::vec2 lo = glm::min(uv[0], glm::min(uv[1], uv[2])), hi = glm::max(uv[0], glm::max(uv[1], uv[2]));
    const int x0 = std::max(0, static_cast<int>(std::floor(lo.x))), x1 = std::min(size - 1, static_cast<int>(std::ceil(hi.x)));
    const int y0 = std::max(0, static_cast<int>(std::floor(lo.y))), y1 = std::min(size - 1, static_cast<int>(std::ceil(hi.y)));
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x) {
        const glm::vec2 c(x + 0.5f, y + 0.5f);
        auto edge = [&](int i, int j) { return ((uv[j].x - uv[i].x) * (c.y - uv[i].y) - (c.x - uv[i].x) * (uv[j].y - uv[i].y)) / area; };
        const float b0 = edge(1, 2), b1 = edge(2, 0), b2 = edge(0, 1);
        const int pixel = y * size + x;
        if (b0 < 0 || b1 < 0 || b2 < 0 || covered[static_cast<std::size_t>(pixel)]) continue;
        covered[static_cast<std::size_t>(pixel)] = 1;
        texels.push_back({pixel, b0 * base.positions[tri[0]] + b1 * base.positions[tri[1]] + b2 * base.positions[tri[2]], regions[t]});
      }
  }
  return texels;
}

// Skin albedo (sRGB) along the tone axis, from very light to very dark, as seen in photographs under daylight.
glm::vec3 skin_albedo(double tone, double undertone) {
  static constexpr float kTones[6][3] = {{0.86f, 0.71f, 0.63f}, {0.82f, 0.64f, 0.53f}, {0.74f, 0.54f, 0.42f},
                                         {0.60f, 0.41f, 0.29f}, {0.42f, 0.27f, 0.18f}, {0.25f, 0.16f, 0.11f}};
  const float s = std::clamp(static_cast<float>(tone), 0.0f, 1.0f) * 5;
  const int i = std::min(4, static_cast<int>(s));
  const glm::vec3 a = to_linear({kTones[i][0], kTones[i][1], kTones[i][2]});
  const glm::vec3 b = to_linear({kTones[i + 1][0], kTones[i + 1][1], kTones[i + 1][2]});
  const float u = static_cast<float>(undertone);
  // Olive skin has more yellow (less blue, a little more green), pink skin more red and blue.
  return glm::mix(a, b, s - static_cast<float>(i)) * glm::vec3(1 - 0.03f * u, 1 + 0.03f * u, 1 - 0.1f * u);
}

// The eyebrows, in the frontal plane (x mirrored to the +x side): an arch highest ~60 % of the way out, thick at
// the head and tapering to the tail, filled with individual hairs drawn as soft strokes. Hairs grow up and out at
// the head of the brow and turn to lie flat and outward at the tail; the upper and lower rows converge on the
// brow's centre line. Each side gets its own hairs.
class Eyebrows {
 public:
  Eyebrows(const FaceAnchors& a, const HeadLook& look, core::Rng& rng)
      : a_(a), x_head_(a.eye.x - 14), x_tail_(a.eye.x + 19), thickness_(static_cast<float>(look.eyebrow_thickness)),
        density_(static_cast<float>(look.eyebrow_density)) {
    const int count = static_cast<int>(150 + 450 * density_);
    for (auto& side : hairs_)
      for (int k = 0; k < count; ++k) {
        const float t = static_cast<float>(rng.uniform(-0.04, 1.0));
        const float v = static_cast<float>(rng.uniform(-1, 1));
        const float angle = glm::radians(70 - 62 * std::clamp(t, 0.0f, 1.0f) + 18 * v + static_cast<float>(rng.normal(0, 7)));
        const float length = static_cast<float>(rng.uniform(3, 6)) * (1 - 0.3f * std::max(t, 0.0f));
        const float shade = static_cast<float>(rng.uniform(0.8, 1.15));
        if (rng.uniform() > (1 - 0.6 * v * v) * (1 - 0.4 * t)) continue;  // sparser at the edges and the tail
        const glm::vec2 root(x_head_ + t * (x_tail_ - x_head_), centre_y(t) + 0.85f * v * half_height(t));
        add(side, {root, root + length * glm::vec2(std::cos(angle), -std::sin(angle)), shade});
      }
  }

  // Coverage (0–1) and the mean shade of the hairs at a point of the frontal plane.
  std::pair<float, float> at(const glm::vec3& p) const {
    if (p.z > a_.eye.z) return {0, 1};
    const glm::vec2 q(std::abs(p.x), p.y);
    const auto& grid = hairs_[p.x < 0 ? 0 : 1];
    const auto it = grid.find(cell_of(q));
    // Under the hairs the skin of a dense brow is shadowed a little: a faint fill inside the outline.
    float clear = 1 - 0.2f * density_ * outline(q), shade_sum = 0, weight = 0;
    if (it != grid.end())
      for (const Hair& h : it->second) {
        const glm::vec2 ab = h.tip - h.root;
        const float along = std::clamp(glm::dot(q - h.root, ab) / glm::dot(ab, ab), 0.0f, 1.0f);
        const float distance = glm::length(q - h.root - along * ab);
        const float c = 0.85f * (1 - 0.6f * along) * (1 - smoothstep(0.08f, 0.28f, distance));
        clear *= 1 - c;
        shade_sum += c * h.shade;
        weight += c;
      }
    return {1 - clear, weight > 0 ? shade_sum / weight : 1.0f};
  }

 private:
  struct Hair {
    glm::vec2 root, tip;
    float shade;
  };
  using Cell = std::pair<int, int>;
  static constexpr float kCellMm = 1.5f;

  float centre_y(float t) const { return a_.eye.y - 15 - 6 * (1 - std::pow((t - 0.6f) / 0.62f, 2.0f)); }
  float half_height(float t) const { return thickness_ * (4.3f - 2.4f * std::clamp(t, 0.0f, 1.0f)); }
  float outline(const glm::vec2& q) const {
    const float t = (q.x - x_head_) / (x_tail_ - x_head_);
    const float along = smoothstep(-0.06f, 0.08f, t) * (1 - smoothstep(0.9f, 1.05f, t));
    return along * (1 - smoothstep(0.6f, 1.0f, std::abs(q.y - centre_y(t)) / half_height(t)));
  }
  static Cell cell_of(const glm::vec2& q) { return {static_cast<int>(std::floor(q.x / kCellMm)), static_cast<int>(std::floor(q.y / kCellMm))}; }
  // A hair is listed in every cell its stroke (plus its soft edge) touches.
  static void add(std::map<Cell, std::vector<Hair>>& grid, const Hair& h) {
    const glm::vec2 lo = glm::min(h.root, h.tip) - 0.3f, hi = glm::max(h.root, h.tip) + 0.3f;
    const Cell a = cell_of(lo), b = cell_of(hi);
    for (int x = a.first; x <= b.first; ++x)
      for (int y = a.second; y <= b.second; ++y) grid[{x, y}].push_back(h);
  }

  const FaceAnchors& a_;
  float x_head_, x_tail_, thickness_, density_;
  std::array<std::map<Cell, std::vector<Hair>>, 2> hairs_;
};

class SkinPainter {
 public:
  SkinPainter(const BaseAnalysis& analysis, const HeadLook& look, std::uint64_t seed)
      : a_(analysis.anchors), eye_opening_(analysis.eye_opening), look_(look), rng_(seed),
        tone_noise_(rng_.next_u64()), grain_noise_(rng_.next_u64()), freckle_noise_(rng_.next_u64()),
        hair_noise_(rng_.next_u64()), detail_noise_(rng_.next_u64()), eyebrows_(a_, look, rng_),
        skin_(skin_albedo(look.skin_tone, look.undertone)), hair_(to_linear(look.hair_color)),
        brow_(to_linear(look.eyebrow_color)), melanin_(static_cast<float>(look.skin_tone)) {}

  glm::vec3 colour(const Texel& t) const {
    if (t.region == SkinRegion::mouth_interior) return mouth_interior(t.position);
    const glm::vec3& p = t.position;
    glm::vec3 c = skin(p);
    if (const float lip = lips(p); lip > 0) c = glm::mix(c, lip_colour(p), lip);
    c *= 1 - mouth_line_shadow(p);
    c = stubble(p, c);
    c = eyebrows(p, c);
    c = glm::mix(c, glm::vec3(0.012f, 0.009f, 0.008f), lash_line(p));
    return hair_cap(p, c);
  }

 private:
  // Bare skin: tone with low-frequency variation, flushed and shadowed areas, grain and freckles.
  glm::vec3 skin(const glm::vec3& p) const {
    const float blotch = static_cast<float>(look_.blotchiness);
    glm::vec3 c = skin_ * (1 + 0.05f * tone_noise_.fbm(p / 30.0f, 2) + 0.09f * blotch * tone_noise_.fbm(p / 6.0f + 50.0f, 3));
    const float flush = std::clamp(redness_map(p) + 0.35f * blotch * tone_noise_.fbm(p / 9.0f + 100.0f, 2), 0.0f, 1.0f);
    // Haemoglobin shows less through more melanin.
    c = glm::mix(c, c * glm::vec3(1.02f, 0.74f, 0.74f), static_cast<float>(look_.redness) * flush * (1 - 0.7f * melanin_));
    c *= 1 - shadow_map(p);
    const float scale = static_cast<float>(look_.pore_scale_mm);
    const float grain = 0.7f * grain_noise_(p / scale) + 0.3f * grain_noise_(p / (0.4f * scale) + 7.0f);
    c *= 1 + 0.09f * static_cast<float>(look_.pores) * grain;
    return freckled(p, c);
  }

  // Where a flush shows: cheeks, nose, ears and a little on chin and forehead.
  float redness_map(const glm::vec3& p) const {
    const glm::vec3 q(std::abs(p.x), p.y, p.z);
    const glm::vec3 cheek(a_.malar.x - 8, a_.malar.y + 12, a_.malar.z - 2);
    float r = gaussian(q, cheek, {15, 13, 15}) + 0.8f * gaussian(p, a_.nose_tip + glm::vec3(0, 3, 4), {10, 9, 9}) +
              0.3f * gaussian(p, a_.chin, {14, 10, 12}) + 0.15f * gaussian(p, a_.forehead, {35, 20, 20});
    if (q.x > a_.skull_half_width) r += 0.6f;
    return std::min(r, 1.0f);
  }

  // Darker skin in the orbits (under-eye hollows, lid creases) and under the jaw.
  float shadow_map(const glm::vec3& p) const {
    const glm::vec3 q(std::abs(p.x), p.y, p.z);
    const float under_eye = gaussian(q, a_.eye + glm::vec3(-2, 11, -13), {11, 4.5f, 8});
    const float crease = gaussian(q, a_.eye + glm::vec3(2, -9, -12), {12, 4, 8});
    const float under_jaw = smoothstep(a_.menton.y - 8, a_.menton.y + 6, p.y) * smoothstep(a_.menton.z - 5, a_.menton.z + 25, p.z);
    return 0.14f * under_eye + 0.08f * crease + 0.08f * under_jaw;
  }

  glm::vec3 freckled(const glm::vec3& p, const glm::vec3& c) const {
    if (look_.freckles <= 0) return c;
    // Sun-exposed areas: nose bridge and upper cheeks most, then forehead.
    const float area = std::min(1.0f, gaussian(p, glm::vec3(0, a_.eye.y + 15, a_.nose_tip.z + 20), {42, 16, 30}) +
                                          0.4f * gaussian(p, a_.forehead, {40, 18, 25}));
    const float threshold = 0.72f - 0.42f * static_cast<float>(look_.freckles) * area;
    const float spot = smoothstep(threshold, threshold + 0.1f, freckle_noise_(p / 1.4f));
    const float strength = 0.5f + 0.5f * freckle_noise_(p / 7.0f + 30.0f);
    return glm::mix(c, c * glm::vec3(0.78f, 0.6f, 0.48f), 0.85f * spot * strength);
  }

  // Height of the lips' meeting line at u = |x| / (half the mouth's width).
  float mouth_line_y(float u) const { return a_.stomion.y + (a_.mouth_corner.y - a_.stomion.y) * u * u; }

  // Vermilion of the lips, in the frame of the mouth: u = 0 at the midline, 1 at the corners.
  float lips(const glm::vec3& p) const {
    if (p.z > a_.mouth_corner.z + 6) return 0;
    const float u = std::abs(p.x) / a_.mouth_corner.x;
    if (u > 1.2f) return 0;
    const float mouth_line = mouth_line_y(u);
    const float spread = std::max(0.0f, 1 - u * u);
    float height;
    if (p.y < mouth_line) {  // upper lip, with the Cupid's bow: peaks either side of the philtrum
      const float bow = 0.9f * std::exp(-std::pow((u - 0.27f) / 0.11f, 2.0f)) - 0.6f * std::exp(-std::pow(u / 0.08f, 2.0f));
      height = (a_.stomion.y - a_.upper_vermilion.y) * std::pow(spread, 0.5f) + bow * spread;
    } else {
      height = (a_.lower_vermilion.y - a_.stomion.y) * std::pow(spread, 0.6f);
    }
    return smoothstep(-0.7f, 0.7f, height - std::abs(p.y - mouth_line));
  }

  // Relative to the skin, lips reflect less green and blue (blood under a thin, less pigmented epithelium).
  glm::vec3 lip_colour(const glm::vec3& p) const {
    const glm::vec3 red = glm::mix(glm::vec3(0.92f, 0.64f, 0.66f), glm::vec3(0.86f, 0.4f, 0.44f), static_cast<float>(look_.lip_redness));
    // Fine vertical furrows of the vermilion.
    const float furrows = detail_noise_(glm::vec3(p.x / 0.7f, p.y / 4.0f, p.z / 0.7f));
    return skin_ * red * (1 - 0.45f * static_cast<float>(look_.lip_darkness)) * (1 + 0.06f * furrows);
  }

  // The shadowed line where the lips meet.
  float mouth_line_shadow(const glm::vec3& p) const {
    if (p.z > a_.mouth_corner.z + 6) return 0;
    const float u = std::abs(p.x) / a_.mouth_corner.x;
    const float mouth_line = mouth_line_y(u);
    return 0.55f * (1 - smoothstep(0.9f, 1.15f, u)) * (1 - smoothstep(0.3f, 1.0f, std::abs(p.y - mouth_line)));
  }

  glm::vec3 mouth_interior(const glm::vec3& p) const {
    const float depth = smoothstep(a_.stomion.z + 1, a_.stomion.z + 10, p.z);
    return glm::mix(lip_colour(p) * 0.35f, glm::vec3(0.04f, 0.006f, 0.006f), depth);
  }

  // Beard area: the moustache above the upper lip, the cheeks below a line from the mouth's level up to the
  // sideburn, the chin and jaw, fading out on the upper neck; never the lips.
  float beard_area(const glm::vec3& p) const {
    const float x = std::abs(p.x);
    const float x0 = a_.ala.x + 2, x1 = a_.mouth_corner.x + 8, x2 = a_.skull_half_width - 3;
    const float y0 = a_.subnasale.y + 1, y1 = a_.stomion.y - 12, y2 = a_.ear_root.y - 4;
    const float cheek_line = x < x0   ? y0
                             : x < x1 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0)
                                      : y1 + (y2 - y1) * std::min(1.0f, (x - x1) / (x2 - x1));
    // Density thins out gradually up the cheek rather than stopping at a line.
    const float ragged = 2.0f * hair_noise_(p / 3.0f + 20.0f);
    const float below_cheek = smoothstep(cheek_line - 6, cheek_line + 10, p.y + ragged);
    const float above_neck = 1 - smoothstep(a_.menton.y - 4, a_.menton.y + 14, p.y + ragged);
    const float in_front_of_ear = 1 - smoothstep(a_.ear_root.z - 12, a_.ear_root.z - 2, p.z);
    return below_cheek * above_neck * in_front_of_ear * (1 - lips(p));
  }

  // Stubble reads as a shadow (hair under and just above the skin) more than as single hairs; its density varies
  // over a few millimetres.
  glm::vec3 stubble(const glm::vec3& p, const glm::vec3& c) const {
    if (look_.stubble <= 0) return c;
    const float amount = static_cast<float>(look_.stubble) * beard_area(p);
    if (amount <= 0) return c;
    const float density = 0.75f + 0.25f * hair_noise_.fbm(p / 1.2f + 25.0f, 2);
    const glm::vec3 shadow = glm::mix(c * glm::vec3(0.6f, 0.63f, 0.68f), hair_, 0.3f);
    return glm::mix(c, shadow, std::min(1.0f, 0.7f * amount * density));
  }

  glm::vec3 eyebrows(const glm::vec3& p, const glm::vec3& c) const {
    const auto [cover, shade] = eyebrows_.at(p);
    return cover > 0 ? glm::mix(c, brow_ * shade, cover) : c;
  }

  // Lashes and the lid margin along the edges of the eye opening: dark and widening outward on the upper lid,
  // faint on the lower one. Only the lids in front of the eyeball get them.
  float lash_line(const glm::vec3& p) const {
    const glm::vec3 q(std::abs(p.x), p.y, p.z);
    if (glm::length(q - a_.eye) > a_.eye_radius + 4 || p.z > a_.eye.z) return 0;
    const float distance = eye_opening_.distance_mm({q.x, q.y});
    if (distance <= 0) return 0;
    const float outward = std::clamp((q.x - a_.eye.x) / a_.eye_radius, -1.0f, 1.0f);
    const bool upper = p.y < a_.eye.y;
    const float width = upper ? 1.2f + 0.5f * outward : 0.4f;
    return (upper ? 0.9f : 0.4f) * (1 - smoothstep(0.5f * width, width, distance));
  }

  glm::vec3 hair_cap(const glm::vec3& p, const glm::vec3& c) const {
    if (look_.hair <= 0) return c;
    // A ragged hairline: fine hairs thin out over a few millimetres rather than along a painted edge.
    if (hair_cap_weight(a_, look_, p, 5.5f) <= 0) return c;  // beyond the reach of the ragged edge
    const glm::vec3 jitter(0, 2.5f * hair_noise_(p / 3.0f + 60.0f) + 1.2f * hair_noise_(p / 0.8f + 70.0f), 0);
    const float cap = hair_cap_weight(a_, look_, p + jitter, 1.5f);
    if (cap <= 0) return c;
    // Short hair lies away from the whorl behind the vertex: its strands are noise stretched along that flow
    // (distance from the whorl) and thin across it (arc length around the whorl).
    const glm::vec3 from_whorl = p - (a_.crown + glm::vec3(0, 2, 30));
    const float around = std::atan2(from_whorl.x, -from_whorl.z) * std::hypot(from_whorl.x, from_whorl.z);
    const float fine = hair_noise_(glm::vec3(glm::length(from_whorl) / 2.0f, around / 0.3f, 80.0f));
    const float clumps = hair_noise_.fbm(p / 4.0f + 90.0f, 2);
    const glm::vec3 strand_colour = hair_ * (0.8f + 0.45f * fine + 0.25f * clumps);
    // Thin hair lets the scalp, a little shadowed by it, show through.
    const float coverage = cap * static_cast<float>(look_.hair) * (0.92f + 0.08f * fine);
    return glm::mix(c * 0.85f, strand_colour, std::clamp(coverage, 0.0f, 1.0f));
  }

  const FaceAnchors& a_;
  const EyeOpening& eye_opening_;
  const HeadLook& look_;
  core::Rng rng_;
  Noise tone_noise_, grain_noise_, freckle_noise_, hair_noise_, detail_noise_;
  Eyebrows eyebrows_;
  glm::vec3 skin_, hair_, brow_;
  float melanin_;
};

// Fills untouched texels from their surroundings (push-pull over an image pyramid), so that bilinear filtering
// and mipmaps near UV-island edges never blend in an unrelated colour.
void fill_empty(cv::Mat& colour, cv::Mat& weight) {
  if (colour.rows <= 1 || colour.cols <= 1) return;
  cv::Mat small_colour, small_weight;
  cv::resize(colour, small_colour, cv::Size(colour.cols / 2, colour.rows / 2), 0, 0, cv::INTER_AREA);
  cv::resize(weight, small_weight, small_colour.size(), 0, 0, cv::INTER_AREA);
  fill_empty(small_colour, small_weight);
  cv::Mat up_colour, up_weight;
  cv::resize(small_colour, up_colour, colour.size(), 0, 0, cv::INTER_LINEAR);
  cv::resize(small_weight, up_weight, colour.size(), 0, 0, cv::INTER_LINEAR);
  for (int y = 0; y < colour.rows; ++y)
    for (int x = 0; x < colour.cols; ++x)
      if (weight.at<float>(y, x) == 0) {
        colour.at<cv::Vec3f>(y, x) = up_colour.at<cv::Vec3f>(y, x);
        weight.at<float>(y, x) = up_weight.at<float>(y, x);
      }
}

}  // namespace

cv::Mat paint_skin(const HeadMesh& base, const BaseAnalysis& analysis, const HeadLook& look, std::uint64_t seed, int size) {
  const BaseMaterials materials = find_base_materials(base);
  const auto skin = std::find_if(base.submeshes.begin(), base.submeshes.end(), [&](const SubMesh& s) { return s.material == materials.skin; });
  SYNHEAD_CHECK(skin != base.submeshes.end(), "the base head has skin");
  const SkinPainter painter(analysis, look, seed);
  // Premultiplied colour and weight, as the push-pull fill expects.
  cv::Mat colour(size, size, CV_32FC3, cv::Scalar::all(0));
  cv::Mat weight(size, size, CV_32F, cv::Scalar(0));
  for (const Texel& t : rasterise_texels(base, *skin, analysis.triangle_region, size)) {
    const glm::vec3 c = glm::pow(glm::clamp(painter.colour(t), 0.0f, 1.0f), glm::vec3(1 / kDisplayGamma));
    colour.at<cv::Vec3f>(t.pixel / size, t.pixel % size) = {c.b, c.g, c.r};
    weight.at<float>(t.pixel / size, t.pixel % size) = 1;
  }
  fill_empty(colour, weight);
  cv::Mat weight3, texture;
  cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
  cv::divide(colour, cv::max(weight3, 1e-6), colour);
  colour.convertTo(texture, CV_8UC3, 255.0);
  return texture;
}

cv::Mat tint_iris(const cv::Mat& eye_texture, const glm::vec3& iris_srgb) {
  SYNHEAD_CHECK(eye_texture.type() == CV_8UC3, "the base's eye texture is 8-bit BGR");
  // The iris is the one strongly coloured area; opening removes the thin red veins of the sclera, closing takes
  // in the pupil and the dark limbal ring. A quarter of the resolution is plenty for that shape.
  cv::Mat small, hsv;
  cv::resize(eye_texture, small, eye_texture.size() / 4, 0, 0, cv::INTER_AREA);
  cv::cvtColor(small, hsv, cv::COLOR_BGR2HSV);
  cv::Mat saturation;
  cv::extractChannel(hsv, saturation, 1);
  cv::Mat iris = saturation > 90;
  const int r = std::max(1, small.cols / 100);
  cv::morphologyEx(iris, iris, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * r + 1, 2 * r + 1}));
  cv::morphologyEx(iris, iris, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, {8 * r + 1, 8 * r + 1}));
  cv::Mat soft;
  iris.convertTo(soft, CV_32F, 1 / 255.0);
  cv::resize(soft, soft, eye_texture.size(), 0, 0, cv::INTER_LINEAR);
  cv::GaussianBlur(soft, soft, {0, 0}, 2);

  cv::Mat luminance;
  cv::cvtColor(eye_texture, luminance, cv::COLOR_BGR2GRAY);
  const double mean_iris = std::max(1.0, cv::mean(luminance, soft > 0.5f)[0]);
  // The fibres keep their brightness relative to the iris's mean (in linear light) with the new hue.
  const glm::vec3 target = to_linear(iris_srgb);
  std::array<glm::vec3, 256> recoloured;
  for (int l = 0; l < 256; ++l) {
    const float relative = std::pow(static_cast<float>(l) / static_cast<float>(mean_iris), kDisplayGamma);
    recoloured[static_cast<std::size_t>(l)] = glm::pow(glm::clamp(target * relative, 0.0f, 1.0f), glm::vec3(1 / kDisplayGamma)) * 255.0f;
  }
  cv::Mat out = eye_texture.clone();
  for (int y = 0; y < out.rows; ++y)
    for (int x = 0; x < out.cols; ++x) {
      const float w = soft.at<float>(y, x);
      if (w <= 0) continue;
      const glm::vec3& c = recoloured[luminance.at<std::uint8_t>(y, x)];
      cv::Vec3b& px = out.at<cv::Vec3b>(y, x);
      px = cv::Vec3b(cv::saturate_cast<std::uint8_t>(px[0] + w * (c.b - px[0])), cv::saturate_cast<std::uint8_t>(px[1] + w * (c.g - px[1])),
                     cv::saturate_cast<std::uint8_t>(px[2] + w * (c.r - px[2])));
    }
  return out;
}

}  // namespace synhead::renderer::detail
