#include "synhead/renderer/landmark_annotator.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <fmt/format.h>
#include <glm/geometric.hpp>
#include <glm/mat3x3.hpp>

#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/renderer.h"

namespace synhead::renderer {
namespace {

using core::throw_user_error;
using Points2d = std::array<glm::dvec2, dataset::kLandmarkCount>;
using Points3d = std::array<glm::dvec3, dataset::kLandmarkCount>;

constexpr int kImageSize = 640;
constexpr double kFocalPx = 1400;        // a long lens: little perspective, as in most 300-W portraits
constexpr double kFill = 0.75;           // share of the image width the head spans: a face box of about 320 px
constexpr double kSideViewYawDeg = 10;   // the side views; at 20° dlib's far brow and jaw drift by 5–15 mm
constexpr double kEdgeJumpMm = 10;       // a depth step this large between pixels can be an occluding edge …
constexpr double kEdgeSlopeRatio = 4;    // … when it is this many times the surface's own step next to it
constexpr double kOutlineStepMm = 15;    // per pixel: a cheek grazing the ray steps up to ~13 mm, the cheek over an
                                         // ear or the chin over the neck 20 mm and more
constexpr double kOutlineReach = 0.08;   // how far outline points may move onto the outline, × eye distance (px)
constexpr double kMouthReach = 0.04;     // how far mouth points may move onto a lip, × eye distance (px)
constexpr double kInlierPx = 3;          // a candidate this close to the per-point median joins the mean
constexpr double kFaceNoseRelief = 0.18;  // nose tip in front of the nostril wings, × eye distance: a face's
constexpr double kMinNoseRelief = 0.08;   // … and the least that passes (a sphere's: ≈ 0.01)

// Several lightings of each view: dlib's cascade compares pixel intensities, so shading moves its answer by a pixel
// or two; combining the answers averages that out (and the 1 px rounding of dlib's output). All light from above
// as in most photos: under flat frontal light the shape predictor puts the mouth of a mesh without lip colour
// about 10 px too high.
std::vector<Appearance> lightings() {
  auto light = [](glm::vec3 direction) {
    Appearance a;
    a.light_direction = glm::normalize(direction);  // camera frame, from the light into the scene; +y is down
    a.ambient = glm::vec3(0.35f);
    a.light_color = glm::vec3(0.85f);
    a.specular_scale = 0.3f;  // little shine, as on skin in photos
    return a;
  };
  return {light({0.0f, 0.5f, 1.0f}), light({0.4f, 0.5f, 1.0f}), light({-0.4f, 0.5f, 1.0f}), light({0.0f, 0.9f, 1.0f})};
}

// R = I; the head's bounding box centred, its width spanning kFill of the image at the depth of its nearest point.
dataset::Pose frontal_pose(const HeadMesh& mesh, const dataset::Intrinsics& camera) {
  glm::dvec3 lo(INFINITY), hi(-INFINITY);
  for (const auto& p : mesh.positions) {
    lo = glm::min(lo, glm::dvec3(p));
    hi = glm::max(hi, glm::dvec3(p));
  }
  const double distance = camera.fx * (hi.x - lo.x) / (kFill * camera.width) - lo.z;
  return {glm::dmat3(1.0), {-(lo.x + hi.x) / 2, -(lo.y + hi.y) / 2, distance}};
}

dlib::array2d<dlib::rgb_pixel> to_dlib(const cv::Mat& bgr) {
  dlib::array2d<dlib::rgb_pixel> image(bgr.rows, bgr.cols);
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const auto& p = bgr.at<cv::Vec3b>(y, x);
      image[y][x] = dlib::rgb_pixel(p[2], p[1], p[0]);
    }
  return image;
}

float depth_at_pixel(const cv::Mat& depth, int x, int y) {
  if (x < 0 || y < 0 || x >= depth.cols || y >= depth.rows) return 0;
  return depth.at<float>(y, x);
}

// Camera z at an image position (pixel centres at +0.5): bilinear over the four nearest pixels when they lie on
// one smooth patch, otherwise the nearest pixel's; nullopt off the head.
std::optional<double> depth_at(const cv::Mat& depth, const glm::dvec2& p) {
  const double x = p.x - 0.5, y = p.y - 0.5;
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const double ax = x - x0, ay = y - y0;
  const float z00 = depth_at_pixel(depth, x0, y0), z10 = depth_at_pixel(depth, x0 + 1, y0);
  const float z01 = depth_at_pixel(depth, x0, y0 + 1), z11 = depth_at_pixel(depth, x0 + 1, y0 + 1);
  const float lo = std::min({z00, z10, z01, z11}), hi = std::max({z00, z10, z01, z11});
  if (lo > 0 && hi - lo < kEdgeJumpMm / 2)
    return (1 - ay) * ((1 - ax) * z00 + ax * z10) + ay * ((1 - ax) * z01 + ax * z11);
  const float nearest = depth_at_pixel(depth, static_cast<int>(std::floor(p.x)), static_cast<int>(std::floor(p.y)));
  if (nearest > 0) return nearest;
  return std::nullopt;
}

glm::dvec3 back_project(const glm::dvec2& p, double z, const dataset::Intrinsics& camera, const dataset::Pose& pose) {
  const glm::dvec3 camera_point((p.x - camera.cx) / camera.fx * z, (p.y - camera.cy) / camera.fy * z, z);
  return glm::transpose(pose.rotation) * (camera_point - pose.translation_mm);
}

// The face box dlib's HOG detector reports for a face whose 68 points span [lo, hi]: measured on its detections
// in frontal renders, the box is square, 0.95 as wide as the points, and sits 0.13 of their height higher (it
// takes in the brows' top and cuts the chin). The shape predictor was trained on such boxes.
dlib::rectangle detector_box(const glm::dvec2& lo, const glm::dvec2& hi) {
  const glm::dvec2 size = hi - lo;
  const double side = 0.95 * 0.5 * (size.x + size.y);
  const glm::dvec2 centre(0.5 * (lo.x + hi.x), 0.5 * (lo.y + hi.y) - 0.13 * size.y);
  // dlib's rectangles are inclusive pixel indices; synhead's pixel centres are at +0.5.
  return dlib::rectangle(std::lround(centre.x - side / 2 - 0.5), std::lround(centre.y - side / 2 - 0.5),
                         std::lround(centre.x + side / 2 - 0.5), std::lround(centre.y + side / 2 - 0.5));
}

dlib::rectangle detector_box(const Points2d& points) {
  glm::dvec2 lo(INFINITY), hi(-INFINITY);
  for (const auto& p : points) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  return detector_box(lo, hi);
}

// Where the canonical frame says the face is, before any point is known. The outline points 0 and 16 sit on the
// silhouette just above the ears, so the points span the head's width there (measured 25–45 mm above the origin,
// the ears' mid-point); vertically they run from 0.25 of that width above the origin to 0.74 below it (the
// MakeHuman head; on other heads the refinement in find_points absorbs the difference).
dlib::rectangle mesh_face_box(const cv::Mat& depth, const dataset::Intrinsics& camera, const dataset::Pose& pose) {
  const glm::dvec2 origin = camera.project(pose.translation_mm);
  const auto row = [&](double y_mm) { return static_cast<int>(camera.project(pose.to_camera({0, y_mm, 0})).y); };
  std::vector<double> widths, centres;
  for (int v = std::max(0, row(-45)); v <= std::min(depth.rows - 1, row(-25)); ++v) {
    int first = -1, last = -1;
    for (int u = 0; u < depth.cols; ++u)
      if (depth.at<float>(v, u) > 0) {
        if (first < 0) first = u;
        last = u;
      }
    if (first < 0) continue;
    widths.push_back(last + 1 - first);
    centres.push_back(0.5 * (first + last + 1));
  }
  if (widths.empty()) return detector_box(origin - 50.0, origin + 50.0);  // no head there: the checks will say so
  std::sort(widths.begin(), widths.end());
  std::sort(centres.begin(), centres.end());
  const double width = widths[widths.size() / 2], centre = centres[centres.size() / 2];
  return detector_box({centre - width / 2, origin.y - 0.25 * width}, {centre + width / 2, origin.y + 0.74 * width});
}

double overlap(const dlib::rectangle& a, const dlib::rectangle& b) {
  const double inter = static_cast<double>(a.intersect(b).area());
  return inter / (static_cast<double>(a.area() + b.area()) - inter);
}

struct Detection {
  Points2d points{};
  bool detected = false;  // the HOG detector found this face (otherwise the box came from the mesh)
};

// dlib's 68 points in one render (pixel centres at +0.5, as everywhere in synhead). From the detector's box when it
// finds the face where `expected` says it is; otherwise from `expected`, re-framed twice on the predicted points
// the way the detector would have framed them.
Detection find_points(const cv::Mat& bgr, dlib::frontal_face_detector& detector, const dlib::shape_predictor& predictor,
                      const dlib::rectangle& expected) {
  const auto image = to_dlib(bgr);
  Detection result;
  dlib::rectangle box = expected;
  double best = 0.3;  // a detection elsewhere (an ear, the neck) is not this face
  for (const auto& d : detector(image))
    if (overlap(d, expected) > best) {
      best = overlap(d, expected);
      box = d;
      result.detected = true;
    }
  const auto predict = [&] {
    const dlib::full_object_detection shape = predictor(image, box);
    for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
      const dlib::point& q = shape.part(static_cast<unsigned long>(i));  // dlib's pixel (x, y) is its centre
      result.points[i] = {static_cast<double>(q.x()) + 0.5, static_cast<double>(q.y()) + 0.5};
    }
  };
  predict();
  for (int refine = 0; refine < 2 && !result.detected; ++refine) {
    box = detector_box(result.points);
    predict();
  }
  return result;
}

// Per point: the mean of the candidates within kInlierPx of their component-wise median (robust to a bad one).
glm::dvec2 robust_mean(const std::vector<glm::dvec2>& candidates) {
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  std::vector<double> xs, ys;
  for (const auto& c : candidates) {
    xs.push_back(c.x);
    ys.push_back(c.y);
  }
  const glm::dvec2 m(median(xs), median(ys));
  glm::dvec2 sum(0.0);
  int count = 0;
  for (const auto& c : candidates)
    if (glm::distance(c, m) <= kInlierPx) {
      sum += c;
      ++count;
    }
  return count > 0 ? sum / static_cast<double>(count) : m;
}

Points2d combine(const std::vector<Detection>& detections) {
  Points2d combined{};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    std::vector<glm::dvec2> candidates;
    for (const auto& d : detections) candidates.push_back(d.points[i]);
    combined[i] = robust_mean(candidates);
  }
  return combined;
}

// Is there an occluding edge with a lip on its near side within `reach` pixels of `p` along `direction` (unit),
// and `p` behind it (in the gap between the lips)? Then the first pixel on the lip. An edge is a depth step of more
// than kEdgeJumpMm toward the camera, several times the surface's own step just past it.
std::optional<glm::dvec2> onto_lip(const cv::Mat& depth, const glm::dvec2& p, const glm::dvec2& direction, double reach) {
  const auto at = [&](int k) { return p + static_cast<double>(k) * direction; };
  const auto z = [&](int k) {
    const glm::dvec2 q = at(k);
    return depth_at_pixel(depth, static_cast<int>(std::floor(q.x)), static_cast<int>(std::floor(q.y)));
  };
  for (int k = 1; k <= static_cast<int>(std::ceil(reach)); ++k) {
    const float before = z(k - 1), here = z(k), next = z(k + 1);
    if (before <= 0 || here <= 0) return std::nullopt;
    const float step = here - before;
    if (std::abs(step) > kEdgeJumpMm && std::abs(step) > kEdgeSlopeRatio * (next > 0 ? std::abs(next - here) : 0))
      return step < 0 ? std::optional(at(k)) : std::nullopt;
  }
  return std::nullopt;
}

// The outward normal of the face outline (points 0–16) at outline point `i`.
glm::dvec2 outline_normal(const Points2d& p, std::size_t i) {
  const glm::dvec2 tangent = p[std::min<std::size_t>(i + 1, 16)] - p[i > 0 ? i - 1 : 0];
  const glm::dvec2 normal = glm::normalize(glm::dvec2(tangent.y, -tangent.x));
  glm::dvec2 inner_face(0.0);
  for (std::size_t k = 17; k < dataset::kLandmarkCount; ++k) inner_face += p[k];
  inner_face /= static_cast<double>(dataset::kLandmarkCount - 17);
  return glm::dot(normal, inner_face - p[i]) > 0 ? -normal : normal;
}

// Outline point `i` on the surface. 300-W's points 0–16 lie on the face's outline in the image: the silhouette,
// the chin's edge over the neck, the cheek's over the ear. dlib finds it to a pixel or two, so its own pixel may
// show the background, the neck or an ear. The outline is found along the outline's normal through dlib's point:
// walking outward from `reach` pixels inside, the face is the run of pixels whose depth steps stay below
// kOutlineStepMm, and the outline is its last pixel; the point is that pixel's surface point. (The exact tangent
// point of the view ray would be better conditioned in depth, but on a coarse mesh it lies up to 15 mm behind the
// rasterised surface, and the renderer would then call the point hidden in the very view it was found in.)
// nullopt when there is no face `reach` pixels inside, or no outline within reach outside.
std::optional<glm::dvec3> outline_point(const cv::Mat& depth, const Points2d& p, std::size_t i, const dataset::Intrinsics& camera,
                                        const dataset::Pose& pose) {
  const glm::dvec2 normal = outline_normal(p, i);
  const int reach = static_cast<int>(std::ceil(kOutlineReach * glm::distance(p[36], p[45])));
  const auto at = [&](int k) { return p[i] + static_cast<double>(k) * normal; };
  const auto z = [&](int k) {
    const glm::dvec2 q = at(k);
    return depth_at_pixel(depth, static_cast<int>(std::floor(q.x)), static_cast<int>(std::floor(q.y)));
  };
  if (z(-reach) <= 0) return std::nullopt;
  int last = -reach;
  while (last < reach && z(last + 1) > 0 && std::abs(z(last + 1) - z(last)) < kOutlineStepMm) ++last;
  if (last == reach) return std::nullopt;
  return back_project(at(last), z(last), camera, pose);
}

// Landmark `i` of view `p` lifted onto the surface through the view's depth buffer: outline points onto the outline
// (outline_point; where it finds none, dlib's own pixel); mouth points next to a gap between the lips (corners 48,
// 54, 60, 64 and the inner lip) that fall into it onto their own lip (upper ones up, lower ones down, corners onto
// the nearer lip). nullopt when the point is off the head.
std::optional<glm::dvec3> lift(const cv::Mat& depth, const Points2d& p, std::size_t i, const dataset::Intrinsics& camera, const dataset::Pose& pose) {
  if (i <= 16)
    if (const auto on_outline = outline_point(depth, p, i, camera, pose)) return on_outline;
  glm::dvec2 at = p[i];
  if (i == 48 || i == 54 || i >= 60) {
    const glm::dvec2 along = glm::normalize(p[54] - p[48]);  // the mouth line, toward image right
    const glm::dvec2 down(-along.y, along.x);                // toward the chin (+y is down)
    std::vector<glm::dvec2> directions{-down, down};
    if (i > 60 && i < 64) directions = {-down};
    if (i > 64) directions = {down};
    std::optional<glm::dvec2> nearest;
    for (const glm::dvec2& direction : directions) {
      const auto lip = onto_lip(depth, p[i], direction, kMouthReach * glm::distance(p[36], p[45]));
      if (lip && (!nearest || glm::distance(*lip, p[i]) < glm::distance(*nearest, p[i]))) nearest = lip;
    }
    at = nearest.value_or(at);
  }
  const std::optional<double> z = depth_at(depth, at);
  if (!z) return std::nullopt;
  return back_project(at, *z, camera, pose);
}

// One view of the head under every lighting: dlib's points per lighting, their robust combination, the depth.
struct View {
  dataset::Pose pose;
  std::vector<Detection> detections;
  Points2d combined{};
  cv::Mat depth, image;
};

[[noreturn]] void throw_no_face(const HeadMesh& mesh, const std::string& why, int detected, int renders) {
  throw_user_error("head '{}': no face found: {} (dlib's detector found a face in {} of {} renders); is the face toward "
                   "−z in the canonical frame?", mesh.name, why, detected, renders);
}

std::string off_the_head(std::size_t i, const glm::dvec2& p) {
  return fmt::format("landmark {} at pixel ({:.1f}, {:.1f}) of the frontal render is off the head", i, p.x, p.y);
}

}  // namespace

LandmarkAnnotation annotate_landmarks(const HeadMesh& mesh, const std::filesystem::path& shape_predictor) {
  if (!std::filesystem::exists(shape_predictor))
    throw_user_error("{}: dlib shape predictor model not found (install libdlib-data)", shape_predictor.string());
  dlib::shape_predictor predictor;
  try {
    dlib::deserialize(shape_predictor.string()) >> predictor;
  } catch (const dlib::error& e) {
    throw_user_error("{}: not a dlib shape predictor model: {}", shape_predictor.string(), e.what());
  }
  if (predictor.num_parts() != dataset::kLandmarkCount)
    throw_user_error("{}: the model predicts {} points, not the iBUG 68", shape_predictor.string(), predictor.num_parts());

  RendererConfig config;
  config.camera = {kImageSize, kImageSize, kFocalPx, kFocalPx, kImageSize / 2.0, kImageSize / 2.0};
  config.antialiasing = "msaa4";
  config.lod_tolerance_px = 0;  // the points are measured on the mesh itself, not on a simplified level of it
  const dataset::Intrinsics& camera = config.camera;
  Renderer renderer(config);
  const auto gpu = renderer.upload(mesh);
  const cv::Mat background(8, 8, CV_8UC3, cv::Scalar(110, 110, 110));
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  int renders = 0, detected = 0;
  const auto render_view = [&](const dataset::Pose& pose, const std::optional<dlib::rectangle>& expected) {
    View view{pose, {}, {}, {}, {}};
    std::optional<dlib::rectangle> box = expected;
    for (const Appearance& appearance : lightings()) {
      FrameOptions options;
      options.want_depth = view.depth.empty();
      const Frame frame = renderer.render(pose, HeadInstance{gpu, appearance}, background, options);
      if (view.depth.empty()) {
        view.depth = frame.depth_mm;
        view.image = frame.image;
        if (!box) box = mesh_face_box(view.depth, camera, pose);
      }
      view.detections.push_back(find_points(frame.image, detector, predictor, *box));
      ++renders;
      detected += view.detections.back().detected;
    }
    view.combined = combine(view.detections);
    return view;
  };

  // The frontal view alone gives a first estimate; the side views frame their faces from it.
  const View front = render_view(frontal_pose(mesh, camera), std::nullopt);
  Points3d estimate{};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    const auto p = lift(front.depth, front.combined, i, camera, front.pose);
    if (!p) throw_no_face(mesh, off_the_head(i, front.combined[i]), detected, renders);
    estimate[i] = *p;
  }

  // Inner points (17–67) seen from the side views too, carried into the frontal image through their own depth;
  // outline points only from the front: a turned head has another outline.
  std::array<std::vector<glm::dvec2>, dataset::kLandmarkCount> candidates;
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) candidates[i].push_back(front.combined[i]);
  std::vector<std::vector<std::optional<glm::dvec3>>> side_points;
  for (const double yaw : {-kSideViewYawDeg, kSideViewYawDeg}) {
    const dataset::Pose pose{motion_tracks::rotation_from_euler({0, yaw, 0}), front.pose.translation_mm};
    Points2d projected{};
    for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) projected[i] = camera.project(pose.to_camera(estimate[i]));
    const View side = render_view(pose, detector_box(projected));
    auto& lifted = side_points.emplace_back(dataset::kLandmarkCount);
    for (std::size_t i = 17; i < dataset::kLandmarkCount; ++i) {
      lifted[i] = lift(side.depth, side.combined, i, camera, pose);
      if (lifted[i]) candidates[i].push_back(camera.project(front.pose.to_camera(*lifted[i])));
    }
  }

  LandmarkAnnotation result;
  result.camera = camera;
  result.frontal_pose = front.pose;
  result.frontal_image = front.image;
  auto& q = result.quality;
  q.renders = renders;
  q.detected = detected;
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) result.detected_px[i] = robust_mean(candidates[i]);
  for (const auto& d : front.detections)
    for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i)
      q.mean_spread_px += glm::distance(d.points[i], front.combined[i]) / static_cast<double>(dataset::kLandmarkCount * front.detections.size());

  Points3d points{};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    const auto p = lift(front.depth, result.detected_px, i, camera, front.pose);
    if (!p) throw_no_face(mesh, off_the_head(i, result.detected_px[i]), detected, renders);
    points[i] = *p;
    result.points[i] = glm::vec3(*p);
    const double error = glm::distance(camera.project(front.pose.to_camera(*p)), result.detected_px[i]);
    q.mean_reprojection_px += error / dataset::kLandmarkCount;
    q.max_reprojection_px = std::max(q.max_reprojection_px, error);
  }
  int compared = 0;
  for (const auto& lifted : side_points)
    for (std::size_t i = 17; i < dataset::kLandmarkCount; ++i)
      if (lifted[i]) {
        q.mean_view_disagreement_mm += glm::distance(*lifted[i], points[i]);
        ++compared;
      }
  if (compared > 0) q.mean_view_disagreement_mm /= compared;

  q.eye_distance_mm = glm::distance(points[36], points[45]);
  q.nose_relief_mm = 0.5 * (points[31].z + points[35].z) - points[30].z;  // the face front is −z
  if (q.nose_relief_mm < kMinNoseRelief * q.eye_distance_mm)
    throw_no_face(mesh,
                  fmt::format("the nose stands {:.1f} mm in front of the nostril wings (a face's: about {:.0f} mm at "
                              "this eye distance, at least {:.1f} mm)",
                              q.nose_relief_mm, kFaceNoseRelief * q.eye_distance_mm, kMinNoseRelief * q.eye_distance_mm),
                  detected, renders);
  return result;
}

}  // namespace synhead::renderer
