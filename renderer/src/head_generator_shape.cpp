// The shape deformation: one smooth spatial map from the base head to a new person, built from Gaussian
// displacement fields at anatomical anchors. Each field's width is at least ~2.5× its largest displacement, which
// keeps the map's Jacobian close to the identity (no folds, volumes change smoothly) for parameters in range.

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <glm/geometric.hpp>

#include "head_generator_parts.h"

namespace synhead::renderer::detail {

namespace {

glm::vec3 mirror(const glm::vec3& p) { return {-p.x, p.y, p.z}; }

float f(double v) { return static_cast<float>(v); }

float gaussian(const glm::vec3& p, const glm::vec3& centre, const glm::vec3& sigma) {
  const glm::vec3 d = (p - centre) / sigma;
  return std::exp(-0.5f * glm::dot(d, d));
}

// The sex-typical part of the shape (see HeadShape::masculinity) folded into the individual fields.
HeadShape effective_shape(const HeadShape& s) {
  HeadShape e = s;
  const double m = s.masculinity;
  e.size *= 1 + 0.08 * std::max(m, 0.0);  // the base mesh already has a female-typical size
  e.face_height *= 1 + 0.025 * m;
  e.brow_ridge_mm += 3.5 * m;
  e.forehead_slope_mm += 4 * m;
  e.jaw_width_mm += 5 * m;
  e.chin_length_mm += 3 * m;
  e.chin_protrusion_mm += 1 * m;
  e.nose_length_mm += 2.5 * m;
  e.nose_width_mm += 1.5 * m;
  e.nose_projection_mm += 1 * m;
  e.lip_fullness_mm -= 1.5 * m;
  e.eye_size *= 1 - 0.03 * m;
  e.neck_width *= 1 + 0.06 * m;
  return e;
}

}  // namespace

void HeadWarp::add(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& translation) {
  if (translation != glm::vec3(0.0f)) terms_.push_back({centre, sigma, translation});
}

void HeadWarp::add_pair(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& translation) {
  add(centre, sigma, translation);
  add(mirror(centre), sigma, mirror(translation));
}

void HeadWarp::add_scaling(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& factor, const glm::vec3& pivot) {
  if (factor == glm::vec3(1.0f)) return;
  Term t{centre, sigma, glm::vec3(0.0f)};
  for (int axis = 0; axis < 3; ++axis) t.linear[axis][axis] = factor[axis] - 1;
  t.pivot = pivot;
  terms_.push_back(t);
}

void HeadWarp::add_skull(const FaceAnchors& a, const HeadShape& s) {
  add(a.back, {70, 60, 50}, {0, 0, f(s.head_length_mm)});
  add(a.crown, {60, 50, 70}, {0, -f(s.head_height_mm), 0});
  add(a.forehead, {45, 22, 30}, {0, 0, f(s.forehead_slope_mm)});
  add(a.glabella, {14, 9, 12}, {0, 0, -f(s.brow_ridge_mm)});
  add_pair(a.brow, {13, 8, 12}, {0, 0, -0.8f * f(s.brow_ridge_mm)});
}

// Face width and height are local scalings of the mid and lower face; the neck scales about its own axis and
// fades out before the chin and the jaw.
void HeadWarp::add_face(const FaceAnchors& a, const HeadShape& s) {
  add_scaling({0, a.eye.y + 45, a.stomion.z + 30}, {60, 45, 55}, {f(s.face_width), 1, 1}, glm::vec3(0.0f));
  add_scaling({0, a.stomion.y, a.stomion.z + 35}, {70, 50, 60}, {1, f(s.face_height), 1}, {0, a.eye.y, 0});
  add_scaling({0, a.menton.y + 28, 10}, {80, 25, 45}, {f(s.neck_width), 1, f(s.neck_width)}, {0, 0, 10});
  add_pair(a.malar, {14, 12, 14}, {0.6f * f(s.cheekbones_mm), 0, -0.6f * f(s.cheekbones_mm)});
  add_pair(a.gonion, {14, 16, 18}, {f(s.jaw_width_mm), 0, 0});
  add(0.5f * (a.chin + a.menton), {18, 14, 16}, {0, f(s.chin_length_mm), 0});
  add(a.chin, {16, 12, 14}, {0, 0, -f(s.chin_protrusion_mm)});
}

void HeadWarp::add_nose_and_mouth(const FaceAnchors& a, const HeadShape& s) {
  add(a.nose_tip + glm::vec3(0, 4, 0), {12, 10, 12}, {0, f(s.nose_length_mm), 0});
  add(a.nose_tip, {10, 10, 10}, {0, 0, -f(s.nose_projection_mm)});
  add_pair(a.ala, {7, 7, 8}, {f(s.nose_width_mm), 0, 0});
  add(0.5f * (a.nasion + a.nose_tip), {7, 10, 8}, {0, 0, -f(s.nose_bridge_mm)});
  // Fuller lips protrude more and show more red: the vermilion borders move away from the mouth line.
  add(a.upper_lip, {14, 5, 8}, {0, 0, -f(s.lip_fullness_mm)});
  add(a.lower_lip, {14, 5, 8}, {0, 0, -f(s.lip_fullness_mm)});
  add(a.upper_vermilion, {14, 3.5f, 6}, {0, -0.8f * f(s.lip_fullness_mm), 0});
  add(a.lower_vermilion, {14, 3.5f, 6}, {0, 0.8f * f(s.lip_fullness_mm), 0});
  add_pair(a.mouth_corner, {8, 7, 9}, {f(s.mouth_width_mm), 0, 0});
}

HeadWarp::HeadWarp(const FaceAnchors& a, const HeadShape& shape, const HeadLook* hair) : anchors_(a), hair_(hair) {
  const HeadShape s = effective_shape(shape);
  add_skull(a, s);
  add_face(a, s);
  add_nose_and_mouth(a, s);
  // The eye socket moves with the eye; the eyeball follows its centre and scales uniformly (the head's
  // anisotropic width would distort it), and the lids follow the eyeball.
  add_pair(a.eye, {11, 11, 14}, {f(s.eye_spacing_mm), 0, 0});
  ear_scale_ = f(s.ear_size);
  scale_ = f(s.size) * glm::vec3(f(s.head_width), 1, 1);
  eye_scale_ = f(s.eye_size) * f(s.size);
  eye_centre_ = {mirror(a.eye), a.eye};
  for (std::size_t k = 0; k < 2; ++k) eye_moved_[k] = scale_ * local(eye_centre_[k]);
  // Keep the mid-point between the ears where the base has it: the canonical origin stays the head centre.
  const glm::vec3 ear_mid(0, a.ear_root.y, a.ear_root.z);
  offset_ = ear_mid - 0.5f * ((*this)(a.ear_root) + (*this)(mirror(a.ear_root)));
}

glm::vec3 HeadWarp::local(const glm::vec3& p) const {
  glm::vec3 d(0.0f);
  for (const Term& t : terms_) d += gaussian(p, t.centre, t.sigma) * (t.translation + t.linear * (p - t.pivot));
  if (ear_scale_ != 1.0f) {
    // The pinna is what lies outside the skull's width; fading in over 5 mm keeps its root attached.
    const glm::vec3 root = p.x < 0 ? mirror(anchors_.ear_root) : anchors_.ear_root;
    const float lateral = smoothstep(anchors_.ear_root.x - 2, anchors_.ear_root.x + 3, std::abs(p.x));
    const float around = gaussian(glm::vec3(0, p.y, p.z), glm::vec3(0, root.y, root.z), glm::vec3(30));
    d += lateral * around * (ear_scale_ - 1) * (p - root);
  }
  return p + d;
}

glm::vec3 HeadWarp::operator()(const glm::vec3& p) const {
  glm::vec3 q = p;
  if (hair_ && hair_->hair_volume_mm > 0) {
    const glm::vec3 skull_centre(0, anchors_.eye.y - 20, anchors_.ear_root.z + 5);
    q += static_cast<float>(hair_->hair_volume_mm) * hair_cap_weight(anchors_, *hair_, p, 10) * glm::normalize(p - skull_centre);
  }
  glm::vec3 moved = scale_ * local(q);
  // Inside the eyeball's radius the map is exactly the eye's similarity; the lids blend into the face over 8 mm.
  for (std::size_t k = 0; k < 2; ++k) {
    const float r = glm::length(q - eye_centre_[k]);
    const float w = 1 - smoothstep(anchors_.eye_radius + 1, anchors_.eye_radius + 9, r);
    if (w > 0) moved += w * (eye_moved_[k] + eye_scale_ * (q - eye_centre_[k]) - moved);
  }
  return moved + offset_;
}

std::vector<std::uint32_t> weld_map(const HeadMesh& mesh, int material) {
  auto key = [&](std::uint32_t v) { return std::make_tuple(mesh.positions[v].x, mesh.positions[v].y, mesh.positions[v].z); };
  auto for_each_index = [&](auto&& visit) {
    for (const auto& sub : mesh.submeshes)
      if (sub.material == material)
        for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; ++i) visit(mesh.indices[i]);
  };
  std::map<std::tuple<float, float, float>, std::uint32_t> lowest_at;
  for_each_index([&](std::uint32_t v) {
    const auto it = lowest_at.emplace(key(v), v).first;
    it->second = std::min(it->second, v);
  });
  std::vector<std::uint32_t> rep(mesh.positions.size());
  for (std::uint32_t v = 0; v < rep.size(); ++v) rep[v] = v;
  for_each_index([&](std::uint32_t v) { rep[v] = lowest_at[key(v)]; });
  return rep;
}

HeadMesh warp_mesh(const HeadMesh& base, const HeadWarp& warp) {
  HeadMesh out = base;
  for (auto& p : out.positions) p = warp(p);
  for (auto& p : out.landmarks) p = warp(p);
  out.compute_normals();
  // Seam duplicates get the normal of the whole surface around them, or the seams would show as creases.
  const std::vector<std::uint32_t> rep = weld_map(base, find_base_materials(base).skin);
  std::vector<glm::vec3> sum(out.normals.size(), glm::vec3(0.0f));
  for (std::size_t v = 0; v < rep.size(); ++v) sum[rep[v]] += out.normals[v];
  for (std::size_t v = 0; v < rep.size(); ++v) out.normals[v] = glm::normalize(sum[rep[v]]);
  return out;
}

}  // namespace synhead::renderer::detail
