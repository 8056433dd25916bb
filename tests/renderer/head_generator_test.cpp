#include "synhead/renderer/head_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <glm/geometric.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"

namespace synhead::renderer {
namespace {

// Geometry and texture of generated heads; needs the MakeHuman mesh from assimp-testmodels.
class HeadGenerator : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(makehuman_mesh_path()))
      GTEST_SKIP() << "the MakeHuman base mesh " << makehuman_mesh_path() << " is not installed (tools/setup.sh installs assimp-testmodels)";
  }

  // Generating a head takes a few hundred ms: each preset is built once per test process.
  static const HeadMesh& preset(const std::string& id) {
    static std::map<std::string, HeadMesh> cache;
    auto it = cache.find(id);
    if (it == cache.end()) it = cache.emplace(id, make_builtin_head(id)).first;
    return it->second;
  }
};

const SubMesh& submesh_named(const HeadMesh& mesh, const std::string& prefix) {
  for (const auto& s : mesh.submeshes)
    if (mesh.materials[static_cast<std::size_t>(s.material)].name.rfind(prefix, 0) == 0) return s;
  throw std::runtime_error("no material " + prefix);
}

const cv::Mat& skin_texture(const HeadMesh& mesh) {
  return mesh.materials[static_cast<std::size_t>(submesh_named(mesh, "DefaultSkin").material)].texture;
}

std::vector<glm::vec3> vertices_of(const HeadMesh& mesh, const SubMesh& sub) {
  std::set<std::uint32_t> used(mesh.indices.begin() + sub.first_index, mesh.indices.begin() + sub.first_index + sub.index_count);
  std::vector<glm::vec3> out;
  for (auto v : used) out.push_back(mesh.positions[v]);
  return out;
}

struct Measures {
  float head_width;       // across the skull, above the ears
  float chin_to_crown;    // vertex of the head to the lowest point of the chin
  glm::vec3 ear_mid;      // mid-point between the ears' outermost points
  glm::vec3 most_forward; // the nose tip, if the face looks along −z
  float top_y;
};

// Everything but the eyes: skin, scalp and neck.
std::vector<glm::vec3> surface_vertices(const HeadMesh& head) {
  std::vector<glm::vec3> out;
  for (const auto& s : head.submeshes)
    if (head.materials[static_cast<std::size_t>(s.material)].name.rfind("Eye", 0) != 0) {
      const auto part = vertices_of(head, s);
      out.insert(out.end(), part.begin(), part.end());
    }
  return out;
}

Measures measure(const HeadMesh& head) {
  const auto skin = surface_vertices(head);
  Measures m{};
  float lo_x = 0, hi_x = 0, chin_y = -1e9f, crown_y = 1e9f;
  glm::vec3 left(0), right(0);
  m.most_forward = glm::vec3(0, 0, 1e9f);
  for (const auto& p : skin) {
    if (p.y < -40) {
      lo_x = std::min(lo_x, p.x);
      hi_x = std::max(hi_x, p.x);
    }
    if (std::abs(p.x) < 10 && p.z < -60) chin_y = std::max(chin_y, p.y);
    crown_y = std::min(crown_y, p.y);
    if (p.x > right.x) right = p;
    if (p.x < left.x) left = p;
    if (p.z < m.most_forward.z) m.most_forward = p;
  }
  m.head_width = hi_x - lo_x;
  m.chin_to_crown = chin_y - crown_y;
  m.ear_mid = 0.5f * (left + right);
  m.top_y = crown_y;
  return m;
}

// Distance from p to triangle abc (Ericson, Real-Time Collision Detection, 5.1.5).
float distance_to_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
  const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
  const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return glm::length(ap);
  const glm::vec3 bp = p - b;
  const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return glm::length(bp);
  const float vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return glm::length(ap - d1 / (d1 - d3) * ab);
  const glm::vec3 cp = p - c;
  const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return glm::length(cp);
  const float vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return glm::length(ap - d2 / (d2 - d6) * ac);
  const float va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return glm::length(bp - (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b));
  const float denom = 1 / (va + vb + vc);
  return glm::length(ap - ab * (vb * denom) - ac * (vc * denom));
}

float distance_to_surface(const HeadMesh& mesh, const glm::vec3& p) {
  float best = 1e9f;
  for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3)
    best = std::min(best, distance_to_triangle(p, mesh.positions[mesh.indices[i]], mesh.positions[mesh.indices[i + 1]], mesh.positions[mesh.indices[i + 2]]));
  return best;
}

double mean_vertex_distance(const HeadMesh& a, const HeadMesh& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.positions.size(); ++i) sum += glm::length(a.positions[i] - b.positions[i]);
  return sum / static_cast<double>(a.positions.size());
}

bool same_image(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// A shape at the edges of the documented ranges.
HeadShape strong_shape() {
  HeadShape s;
  s.size = 1.06;
  s.masculinity = 0.9;
  s.head_width = 1.06;
  s.face_width = 0.94;
  s.face_height = 1.07;
  s.jaw_width_mm = 5;
  s.chin_length_mm = 6;
  s.nose_length_mm = 5;
  s.nose_width_mm = 3;
  s.lip_fullness_mm = 2.5;
  s.mouth_width_mm = 4;
  s.eye_spacing_mm = 3;
  s.eye_size = 1.07;
  s.ear_size = 1.14;
  return s;
}

TEST(BuiltinHeads, AreFiveFemaleAndFiveMale) {
  const auto ids = builtin_head_ids();
  ASSERT_EQ(ids.size(), 10u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 10u);
  int female = 0, male = 0;
  for (const auto& id : ids) {
    const Sex sex = builtin_head_params(id).sex;
    EXPECT_EQ(id.rfind(sex == Sex::female ? "female_" : "male_", 0), 0u) << id;
    (sex == Sex::female ? female : male) += 1;
  }
  EXPECT_EQ(female, 5);
  EXPECT_EQ(male, 5);
}

TEST(BuiltinHeads, UnknownIdIsAUserErrorListingTheValidIds) {
  try {
    make_builtin_head("nobody");
    FAIL() << "expected a UserError";
  } catch (const core::UserError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("nobody"), std::string::npos) << message;
    for (const auto& id : builtin_head_ids()) EXPECT_NE(message.find(id), std::string::npos) << message;
  }
}

TEST(BuiltinHeads, MeshPathHonoursTheEnvironment) {
  const char* previous = std::getenv("SYNHEAD_MAKEHUMAN_MESH");
  const std::string saved = previous ? previous : "";
  ::setenv("SYNHEAD_MAKEHUMAN_MESH", "/elsewhere/human.zae", 1);
  EXPECT_EQ(makehuman_mesh_path(), std::filesystem::path("/elsewhere/human.zae"));
  ::unsetenv("SYNHEAD_MAKEHUMAN_MESH");
  EXPECT_EQ(makehuman_mesh_path(), std::filesystem::path("/usr/share/assimp/models/Collada/human.zae"));
  if (previous) ::setenv("SYNHEAD_MAKEHUMAN_MESH", saved.c_str(), 1);
  EXPECT_TRUE(std::filesystem::exists(makehuman_sidecar_path())) << makehuman_sidecar_path();
}

TEST(RandomHeadParams, FollowTheRequestedSex) {
  core::Rng rng(5);
  for (int i = 0; i < 20; ++i) {
    const HeadParams male = random_head_params(rng, Sex::male);
    EXPECT_EQ(male.sex, Sex::male);
    EXPECT_GT(male.shape.masculinity, 0);
    const HeadParams female = random_head_params(rng, Sex::female);
    EXPECT_EQ(female.sex, Sex::female);
    EXPECT_LT(female.shape.masculinity, 0);
    EXPECT_EQ(female.look.stubble, 0);
  }
}

TEST_F(HeadGenerator, PresetsAreValidPlausibleAndInTheCanonicalFrame) {
  for (const auto& id : builtin_head_ids()) {
    const HeadMesh& head = preset(id);
    EXPECT_NO_THROW(head.validate()) << id;
    const Measures m = measure(head);
    EXPECT_NEAR(m.ear_mid.x, 0, 1) << id;
    EXPECT_LT(glm::length(m.ear_mid), 15) << id << ": the origin is between the ears";
    EXPECT_LT(std::abs(m.most_forward.x), 2) << id << ": the nose tip is the most forward point";
    EXPECT_GT(m.most_forward.y, -40) << id;
    EXPECT_LT(m.most_forward.y, 50) << id;
    EXPECT_LT(m.top_y, -100) << id << ": the top of the head is at −y";
    EXPECT_GT(m.head_width, 130) << id;
    EXPECT_LT(m.head_width, 170) << id;
    EXPECT_GT(m.chin_to_crown, 200) << id;
    EXPECT_LT(m.chin_to_crown, 260) << id;
  }
}

TEST_F(HeadGenerator, PresetsDifferFromEachOther) {
  const auto ids = builtin_head_ids();
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t j = i + 1; j < ids.size(); ++j)
      EXPECT_GT(mean_vertex_distance(preset(ids[i]), preset(ids[j])), 1.2) << ids[i] << " vs " << ids[j];
}

TEST_F(HeadGenerator, PresetSkinTonesSpanLightToDark) {
  std::vector<double> luminance;
  for (const auto& id : builtin_head_ids()) {
    const cv::Mat& texture = skin_texture(preset(id));
    ASSERT_EQ(texture.type(), CV_8UC3) << id;
    cv::Mat grey;
    cv::cvtColor(texture, grey, cv::COLOR_BGR2GRAY);
    luminance.push_back(cv::mean(grey)[0]);
  }
  const auto [lightest, darkest] = std::minmax_element(luminance.begin(), luminance.end(), std::greater<>());
  EXPECT_GT(*lightest, 130);
  EXPECT_LT(*darkest, 60);
  EXPECT_GT(*lightest - *darkest, 70);
}

TEST_F(HeadGenerator, SameParametersAndSeedGiveIdenticalHeads) {
  core::Rng rng(11);
  const HeadParams params = random_head_params(rng);
  const HeadMesh a = generate_head(params, 3), b = generate_head(params, 3), c = generate_head(params, 4);
  ASSERT_EQ(a.positions.size(), b.positions.size());
  EXPECT_EQ(std::memcmp(a.positions.data(), b.positions.data(), a.positions.size() * sizeof(glm::vec3)), 0);
  EXPECT_EQ(std::memcmp(a.landmarks.data(), b.landmarks.data(), sizeof(a.landmarks)), 0);
  for (std::size_t m = 0; m < a.materials.size(); ++m) EXPECT_TRUE(same_image(a.materials[m].texture, b.materials[m].texture));
  // The seed drives the texture only.
  EXPECT_EQ(std::memcmp(a.positions.data(), c.positions.data(), a.positions.size() * sizeof(glm::vec3)), 0);
  EXPECT_FALSE(same_image(skin_texture(a), skin_texture(c)));
  EXPECT_TRUE(same_image(skin_texture(make_builtin_head("male_02")), skin_texture(preset("male_02"))));
}

TEST_F(HeadGenerator, ThreadsBuildTheSameHeads) {
  std::vector<HeadMesh> built(2);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < built.size(); ++i) threads.emplace_back([&built, i] { built[i] = make_builtin_head(i == 0 ? "female_04" : "male_03"); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::memcmp(built[0].positions.data(), preset("female_04").positions.data(), built[0].positions.size() * sizeof(glm::vec3)), 0);
  EXPECT_TRUE(same_image(skin_texture(built[1]), skin_texture(preset("male_03"))));
}

TEST_F(HeadGenerator, DefaultShapeIsTheBaseMesh) {
  const HeadMesh& base = makehuman_base_head();
  const HeadMesh same = shape_head(base, HeadShape{});
  float worst = 0;
  for (std::size_t v = 0; v < base.positions.size(); ++v) worst = std::max(worst, glm::length(same.positions[v] - base.positions[v]));
  EXPECT_LT(worst, 1e-3f);
}

TEST_F(HeadGenerator, EyeballsMoveRigidly) {
  const HeadMesh& base = makehuman_base_head();
  const HeadMesh shaped = shape_head(base, strong_shape());
  const SubMesh& eyes = submesh_named(base, "Eye");
  std::set<std::uint32_t> used(base.indices.begin() + eyes.first_index, base.indices.begin() + eyes.first_index + eyes.index_count);
  for (const bool left : {true, false}) {
    std::vector<std::uint32_t> side;
    for (auto v : used)
      if ((base.positions[v].x < 0) == left) side.push_back(v);
    ASSERT_GT(side.size(), 10u);
    // A similarity: every distance scales by the same factor.
    double lo = 1e9, hi = 0;
    for (std::size_t i = 0; i < side.size(); i += 7)
      for (std::size_t j = i + 1; j < side.size(); j += 13) {
        const double before = glm::length(base.positions[side[i]] - base.positions[side[j]]);
        if (before < 1) continue;
        const double ratio = glm::length(shaped.positions[side[i]] - shaped.positions[side[j]]) / before;
        lo = std::min(lo, ratio);
        hi = std::max(hi, ratio);
      }
    EXPECT_NEAR(hi / lo, 1.0, 1e-3) << (left ? "left" : "right") << " eye scales by " << lo << " to " << hi;
  }
}

TEST_F(HeadGenerator, LandmarksMoveWithTheSurface) {
  // Landmarks on the base surface (triangle centroids spread over the face) must stay on the shaped surface: the
  // same point of the same triangle.
  HeadMesh base = makehuman_base_head();
  const SubMesh& skin = submesh_named(base, "DefaultSkin");
  std::vector<std::uint32_t> face_triangles;
  for (std::uint32_t i = skin.first_index; i < skin.first_index + skin.index_count; i += 3)
    if (base.positions[base.indices[i]].z < -60) face_triangles.push_back(i);
  ASSERT_GE(face_triangles.size(), static_cast<std::size_t>(dataset::kLandmarkCount));
  std::array<std::uint32_t, dataset::kLandmarkCount> chosen{};
  for (int k = 0; k < dataset::kLandmarkCount; ++k) {
    chosen[static_cast<std::size_t>(k)] = face_triangles[static_cast<std::size_t>(k) * face_triangles.size() / dataset::kLandmarkCount];
    const std::uint32_t i = chosen[static_cast<std::size_t>(k)];
    base.landmarks[static_cast<std::size_t>(k)] =
        (base.positions[base.indices[i]] + base.positions[base.indices[i + 1]] + base.positions[base.indices[i + 2]]) / 3.0f;
  }
  const HeadMesh shaped = shape_head(base, strong_shape());
  for (int k = 0; k < dataset::kLandmarkCount; ++k) {
    const std::uint32_t i = chosen[static_cast<std::size_t>(k)];
    const glm::vec3 on_surface =
        (shaped.positions[shaped.indices[i]] + shaped.positions[shaped.indices[i + 1]] + shaped.positions[shaped.indices[i + 2]]) / 3.0f;
    EXPECT_LT(glm::length(shaped.landmarks[static_cast<std::size_t>(k)] - on_surface), 1.0) << "landmark " << k;
  }
}

TEST_F(HeadGenerator, PresetLandmarksStayOnTheSurface) {
  const HeadMesh& base = makehuman_base_head();
  for (const auto& id : {"female_03", "male_05"}) {
    const HeadMesh& head = preset(id);
    int on_surface = 0;
    for (int k = 0; k < dataset::kLandmarkCount; ++k) {
      const auto i = static_cast<std::size_t>(k);
      if (distance_to_surface(base, base.landmarks[i]) > 0.5f) continue;  // only those the sidecar puts on the skin
      ++on_surface;
      EXPECT_LT(distance_to_surface(head, head.landmarks[i]), 1.0f) << id << " landmark " << k;
    }
    EXPECT_GE(on_surface, dataset::kLandmarkCount / 2) << id;
  }
}

TEST_F(HeadGenerator, RandomHeadsArePlausible) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    core::Rng rng(seed);
    const HeadParams params = random_head_params(rng);
    const HeadMesh head = shape_head(makehuman_base_head(), params.shape);
    EXPECT_NO_THROW(head.validate());
    const Measures m = measure(head);
    EXPECT_GT(m.head_width, 130) << "seed " << seed;
    EXPECT_LT(m.head_width, 170) << "seed " << seed;
    EXPECT_GT(m.chin_to_crown, 200) << "seed " << seed;
    EXPECT_LT(m.chin_to_crown, 260) << "seed " << seed;
  }
}

}  // namespace
}  // namespace synhead::renderer
