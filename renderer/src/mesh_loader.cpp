#include "synhead/renderer/mesh_loader.h"

#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <cmath>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/config.h"
#include "synhead/core/error.h"
#include "synhead/motion_tracks/rotation.h"

namespace synhead::renderer {

namespace {

using core::location_prefix;
using core::throw_user_error;

// The YAML shape of a sidecar, read through the config layer (unknown keys, types and lines are checked there).
struct SidecarLandmarks {
  std::vector<std::array<double, 3>> points;
  std::vector<double> vertices;
};

struct SidecarDocument {
  double scale = 1.0;
  std::vector<double> rotation_deg{0, 0, 0};
  std::vector<double> origin{0, 0, 0};
  double keep_below_mm = NAN;
  SidecarLandmarks landmarks;
};

template <class V>
void describe(V& v, SidecarLandmarks& c) {
  v.field("points", c.points);
  v.require(c.points.empty() || c.points.size() == dataset::kLandmarkCount, "points", "68 points [x, y, z]");
  v.field("vertices", c.vertices);
  v.require(c.vertices.empty() || c.vertices.size() == dataset::kLandmarkCount, "vertices", "68 vertex indices");
}

template <class V>
void describe(V& v, SidecarDocument& c) {
  v.field("scale", c.scale);
  v.require(c.scale > 0, "scale", "a positive number (source units → mm)");
  v.field("rotation_deg", c.rotation_deg);
  v.require(c.rotation_deg.size() == 3, "rotation_deg", "three angles [x, y, z] in degrees");
  v.field("origin", c.origin);
  v.require(c.origin.size() == 3, "origin", "a point [x, y, z] in source units");
  v.field("keep_below_mm", c.keep_below_mm);
  v.section("landmarks", c.landmarks);
}

// 8-bit BGR, or BGRA when the file has alpha (grey and 16-bit textures are converted).
cv::Mat normalise_texture(cv::Mat image) {
  if (image.depth() == CV_16U) image.convertTo(image, CV_8U, 1.0 / 257);
  if (image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
  return image;
}

cv::Mat read_texture(const aiScene& scene, const std::filesystem::path& mesh_path, const aiString& reference) {
  const std::string ref = reference.C_Str();
  if (const aiTexture* embedded = scene.GetEmbeddedTexture(ref.c_str())) {
    if (embedded->mHeight == 0) {  // compressed (PNG/JPEG bytes)
      const cv::Mat bytes(1, static_cast<int>(embedded->mWidth), CV_8U, embedded->pcData);
      cv::Mat image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
      if (image.empty()) throw_user_error("{}embedded texture '{}' cannot be decoded", location_prefix(mesh_path.string()), ref);
      return normalise_texture(image);
    }
    // aiTexel is b, g, r, a: already OpenCV's BGRA order.
    return cv::Mat(static_cast<int>(embedded->mHeight), static_cast<int>(embedded->mWidth), CV_8UC4, embedded->pcData).clone();
  }
  std::string relative = ref;
  std::replace(relative.begin(), relative.end(), '\\', '/');
  const auto path = mesh_path.parent_path() / relative;
  cv::Mat image = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  if (image.empty())
    throw_user_error("{}texture '{}' cannot be read (looked for {})", location_prefix(mesh_path.string()), ref, path.string());
  return normalise_texture(image);
}

Material read_material(const aiScene& scene, const aiMaterial& source, const std::filesystem::path& mesh_path) {
  Material m;
  aiString name;
  if (source.Get(AI_MATKEY_NAME, name) == AI_SUCCESS) m.name = name.C_Str();
  aiColor3D diffuse(0.8f, 0.8f, 0.8f);
  source.Get(AI_MATKEY_COLOR_DIFFUSE, diffuse);
  m.diffuse = {diffuse.r, diffuse.g, diffuse.b};
  aiString texture;
  if (source.GetTexture(aiTextureType_DIFFUSE, 0, &texture) == AI_SUCCESS) {
    m.texture = read_texture(scene, mesh_path, texture);
    m.diffuse = glm::vec3(1.0f);  // a textured material's colour is the texture's
    if (m.texture.channels() == 4) {
      double min_alpha = 255;
      cv::minMaxLoc(m.texture.reshape(1, static_cast<int>(m.texture.total())).col(3), &min_alpha);
      m.alpha_cutout = min_alpha < 128;
      if (!m.alpha_cutout) cv::cvtColor(m.texture, m.texture, cv::COLOR_BGRA2BGR);
    }
  }
  return m;
}

glm::dmat3 sidecar_rotation(const HeadSidecar& s) {
  return motion_tracks::rotation_from_euler({s.rotation_deg[0], s.rotation_deg[1], s.rotation_deg[2]});
}

// A vertex on edge (a, b) where it crosses the plane y = limit, attributes interpolated; shared by the two
// triangles of that edge so the cut stays watertight.
class PlaneCut {
 public:
  PlaneCut(HeadMesh& mesh, float limit) : mesh_(mesh), limit_(limit) {}

  std::uint32_t crossing(std::uint32_t a, std::uint32_t b) {
    const auto key = std::make_pair(std::min(a, b), std::max(a, b));
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    const float t = (limit_ - mesh_.positions[a].y) / (mesh_.positions[b].y - mesh_.positions[a].y);
    const auto index = static_cast<std::uint32_t>(mesh_.positions.size());
    mesh_.positions.push_back(glm::mix(mesh_.positions[a], mesh_.positions[b], t));
    mesh_.positions.back().y = limit_;
    mesh_.normals.push_back(glm::normalize(glm::mix(mesh_.normals[a], mesh_.normals[b], t)));
    if (!mesh_.uvs.empty()) mesh_.uvs.push_back(glm::mix(mesh_.uvs[a], mesh_.uvs[b], t));
    if (!mesh_.colors.empty()) mesh_.colors.push_back(glm::mix(mesh_.colors[a], mesh_.colors[b], t));
    cache_[key] = index;
    return index;
  }

 private:
  HeadMesh& mesh_;
  float limit_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> cache_;
};

// Keeps the part with canonical y <= limit (+y is down): triangles crossing the plane are clipped to it, so the
// neck ends in a clean cut rather than a saw-tooth of whole triangles. Unused vertices are dropped.
void crop_below(HeadMesh& mesh, float limit) {
  PlaneCut cut(mesh, limit);
  std::vector<std::uint32_t> kept;
  std::vector<SubMesh> kept_submeshes;
  const auto inside = [&](std::uint32_t v) { return mesh.positions[v].y <= limit; };
  for (const auto& sub : mesh.submeshes) {
    SubMesh out{static_cast<std::uint32_t>(kept.size()), 0, sub.material};
    for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; i += 3) {
      std::array<std::uint32_t, 3> t{mesh.indices[i], mesh.indices[i + 1], mesh.indices[i + 2]};
      const int count = inside(t[0]) + inside(t[1]) + inside(t[2]);
      if (count == 0) continue;
      if (count == 3) {
        kept.insert(kept.end(), t.begin(), t.end());
        continue;
      }
      // Rotate (keeping the winding) so that t[0] is the lone vertex on its side of the plane.
      const bool lone_is_inside = count == 1;
      while (inside(t[0]) != lone_is_inside || inside(t[1]) == lone_is_inside) std::rotate(t.begin(), t.begin() + 1, t.end());
      const std::uint32_t ab = cut.crossing(t[0], t[1]), ca = cut.crossing(t[2], t[0]);
      if (lone_is_inside) {
        kept.insert(kept.end(), {t[0], ab, ca});
      } else {
        kept.insert(kept.end(), {ab, t[1], t[2], ab, t[2], ca});
      }
    }
    out.index_count = static_cast<std::uint32_t>(kept.size()) - out.first_index;
    if (out.index_count > 0) kept_submeshes.push_back(out);
  }
  mesh.indices = std::move(kept);
  mesh.submeshes = std::move(kept_submeshes);
  mesh.drop_unused_vertices();
}

}  // namespace

std::filesystem::path default_sidecar_path(const std::filesystem::path& mesh) {
  return mesh.parent_path() / (mesh.filename().string() + ".synhead.yaml");
}

HeadSidecar read_sidecar(const std::filesystem::path& path) {
  const auto doc = core::load_config<SidecarDocument>(core::ConfigDocument::from_file(path));
  HeadSidecar s;
  s.scale = doc.scale;
  s.rotation_deg = {doc.rotation_deg[0], doc.rotation_deg[1], doc.rotation_deg[2]};
  s.origin = {doc.origin[0], doc.origin[1], doc.origin[2]};
  if (!std::isnan(doc.keep_below_mm)) s.keep_below_mm = doc.keep_below_mm;
  s.landmark_points = doc.landmarks.points;
  for (double v : doc.landmarks.vertices) {
    if (v < 0 || v != std::floor(v)) throw_user_error("{}landmarks.vertices: {} is not a vertex index", location_prefix(path.string()), v);
    s.landmark_vertices.push_back(static_cast<int>(v));
  }
  if (!s.landmark_points.empty() && !s.landmark_vertices.empty())
    throw_user_error("{}landmarks: give either points or vertices, not both", location_prefix(path.string()));
  return s;
}

HeadMesh load_head_mesh(const std::filesystem::path& path, const LoadOptions& options) {
  if (!std::filesystem::exists(path)) throw_user_error("{}mesh file not found", location_prefix(path.string()));
  std::optional<HeadSidecar> sidecar;
  if (options.sidecar) {
    sidecar = read_sidecar(*options.sidecar);
  } else if (std::filesystem::exists(default_sidecar_path(path))) {
    sidecar = read_sidecar(default_sidecar_path(path));
  }

  Assimp::Importer importer;
  const unsigned flags = aiProcess_Triangulate | aiProcess_JoinIdenticalVertices | aiProcess_GenSmoothNormals |
                         aiProcess_PreTransformVertices | aiProcess_TransformUVCoords | aiProcess_FlipUVs |
                         aiProcess_SortByPType;
  const aiScene* scene = importer.ReadFile(path.string(), flags);
  if (!scene || !scene->mRootNode || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE))
    throw_user_error("{}cannot read mesh: {}", location_prefix(path.string()), importer.GetErrorString());

  HeadMesh mesh;
  mesh.name = path.stem().string();
  for (unsigned m = 0; m < scene->mNumMaterials; ++m) mesh.materials.push_back(read_material(*scene, *scene->mMaterials[m], path));
  bool any_uv = false, any_color = false;
  for (unsigned i = 0; i < scene->mNumMeshes; ++i) {
    any_uv |= scene->mMeshes[i]->HasTextureCoords(0);
    any_color |= scene->mMeshes[i]->HasVertexColors(0);
  }
  for (unsigned i = 0; i < scene->mNumMeshes; ++i) {
    const aiMesh& m = *scene->mMeshes[i];
    if (!(m.mPrimitiveTypes & aiPrimitiveType_TRIANGLE)) continue;  // points and lines are not surfaces
    const auto base = static_cast<std::uint32_t>(mesh.positions.size());
    for (unsigned v = 0; v < m.mNumVertices; ++v) {
      mesh.positions.emplace_back(m.mVertices[v].x, m.mVertices[v].y, m.mVertices[v].z);
      mesh.normals.emplace_back(m.mNormals[v].x, m.mNormals[v].y, m.mNormals[v].z);
      if (any_uv) mesh.uvs.push_back(m.HasTextureCoords(0) ? glm::vec2(m.mTextureCoords[0][v].x, m.mTextureCoords[0][v].y) : glm::vec2(0));
      if (any_color) {
        const aiColor4D c = m.HasVertexColors(0) ? m.mColors[0][v] : aiColor4D(1, 1, 1, 1);
        mesh.colors.emplace_back(std::pow(c.r, kDisplayGamma), std::pow(c.g, kDisplayGamma), std::pow(c.b, kDisplayGamma));
      }
    }
    SubMesh sub{static_cast<std::uint32_t>(mesh.indices.size()), 0, static_cast<int>(m.mMaterialIndex)};
    for (unsigned f = 0; f < m.mNumFaces; ++f) {
      if (m.mFaces[f].mNumIndices != 3) continue;
      for (unsigned k = 0; k < 3; ++k) mesh.indices.push_back(base + m.mFaces[f].mIndices[k]);
      sub.index_count += 3;
    }
    mesh.submeshes.push_back(sub);
  }
  if (mesh.indices.empty()) throw_user_error("{}the mesh has no triangles", location_prefix(path.string()));

  HeadSidecar s;
  if (sidecar) {
    s = *sidecar;
  } else {
    // No sidecar: +Y up, facing +Z, bounding-box centred, 240 mm tall.
    glm::vec3 lo(INFINITY), hi(-INFINITY);
    for (const auto& p : mesh.positions) {
      lo = glm::min(lo, p);
      hi = glm::max(hi, p);
    }
    const glm::vec3 centre = 0.5f * (lo + hi);
    s.scale = 240.0 / std::max(1e-9f, hi.y - lo.y);
    s.rotation_deg = {180, 0, 0};
    s.origin = {centre.x, centre.y, centre.z};
  }
  const glm::dmat3 rotation = sidecar_rotation(s);
  const glm::dvec3 origin(s.origin[0], s.origin[1], s.origin[2]);
  auto to_canonical = [&](const glm::dvec3& p) { return glm::vec3(s.scale * (rotation * (p - origin))); };
  for (auto& p : mesh.positions) p = to_canonical(glm::dvec3(p));
  for (auto& n : mesh.normals) n = glm::normalize(glm::vec3(rotation * glm::dvec3(n)));

  std::vector<glm::vec3> landmark_vertices;  // looked up before cropping renumbers vertices
  for (int v : s.landmark_vertices) {
    if (static_cast<std::size_t>(v) >= mesh.positions.size())
      throw_user_error("{}landmark vertex {} out of range: the loaded mesh has {} vertices", location_prefix(path.string()), v, mesh.positions.size());
    landmark_vertices.push_back(mesh.positions[static_cast<std::size_t>(v)]);
  }
  if (s.keep_below_mm) crop_below(mesh, static_cast<float>(*s.keep_below_mm));
  if (mesh.indices.empty()) throw_user_error("{}keep_below_mm removed every triangle", location_prefix(path.string()));

  if (!s.landmark_points.empty()) {
    for (int i = 0; i < dataset::kLandmarkCount; ++i) {
      const auto& p = s.landmark_points[static_cast<std::size_t>(i)];
      mesh.landmarks[static_cast<std::size_t>(i)] = to_canonical({p[0], p[1], p[2]});
    }
  } else if (!landmark_vertices.empty()) {
    std::copy(landmark_vertices.begin(), landmark_vertices.end(), mesh.landmarks.begin());
  } else if (options.require_landmarks) {
    throw_user_error("{}no landmarks: give the 68 iBUG landmarks in a sidecar ({})", location_prefix(path.string()),
                     default_sidecar_path(path).string());
  }
  mesh.validate();
  return mesh;
}

}  // namespace synhead::renderer
