#include "synhead/renderer/mesh_loader.h"

#include <gtest/gtest.h>

#include <glm/common.hpp>
#include <opencv2/imgcodecs.hpp>

#include "synhead/core/error.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

using synhead::testing::TempDir;
using synhead::testing::user_error_of;
using synhead::testing::write_file;

// A unit cube (8 corners, 12 triangles) in each format, +Y up.
const char* kCubeObj = R"(mtllib cube.mtl
v -1 -1 -1
v 1 -1 -1
v 1 1 -1
v -1 1 -1
v -1 -1 1
v 1 -1 1
v 1 1 1
v -1 1 1
vt 0 0
vt 1 0
vt 1 1
vt 0 1
usemtl skin
f 1/1 2/2 3/3 4/4
f 5/1 8/4 7/3 6/2
f 1/1 5/2 6/3 2/4
f 2/1 6/2 7/3 3/4
f 3/1 7/2 8/3 4/4
f 4/1 8/2 5/3 1/4
)";

const char* kCubePly = R"(ply
format ascii 1.0
element vertex 8
property float x
property float y
property float z
property uchar red
property uchar green
property uchar blue
element face 12
property list uchar int vertex_indices
end_header
-1 -1 -1 255 0 0
1 -1 -1 255 0 0
1 1 -1 255 0 0
-1 1 -1 255 0 0
-1 -1 1 0 0 255
1 -1 1 0 0 255
1 1 1 0 0 255
-1 1 1 0 0 255
3 0 2 1
3 0 3 2
3 4 5 6
3 4 6 7
3 0 1 5
3 0 5 4
3 1 2 6
3 1 6 5
3 2 3 7
3 2 7 6
3 3 0 4
3 3 4 7
)";

std::string gltf_triangle() {
  // One triangle: 3 float positions + 3 ushort indices (padded to 4 bytes), base64 in a data URI.
  const float positions[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
  const std::uint16_t indices[4] = {0, 1, 2, 0};
  std::string bytes(reinterpret_cast<const char*>(positions), sizeof(positions));
  bytes.append(reinterpret_cast<const char*>(indices), sizeof(indices));
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0) |
                       (i + 2 < bytes.size() ? static_cast<unsigned char>(bytes[i + 2]) : 0);
    b64 += alphabet[(n >> 18) & 63];
    b64 += alphabet[(n >> 12) & 63];
    b64 += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    b64 += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return R"({"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
  "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
  "buffers": [{"byteLength": 44, "uri": "data:application/octet-stream;base64,)" + b64 + R"("}],
  "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36}, {"buffer": 0, "byteOffset": 36, "byteLength": 6}],
  "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 1, 0]},
                {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"}]})";
}

std::string landmark_points_yaml(double x) {
  std::string yaml = "landmarks:\n  points:\n";
  for (int i = 0; i < dataset::kLandmarkCount; ++i) yaml += "    - [" + std::to_string(x) + ", 0, -1]\n";
  return yaml;
}

void write_textured_cube(const TempDir& dir) {
  write_file(dir / "cube.obj", kCubeObj);
  write_file(dir / "cube.mtl", "newmtl skin\nKd 1 1 1\nmap_Kd skin.png\n");
  cv::imwrite((dir / "skin.png").string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(10, 20, 200)));
}

TEST(MeshLoader, ObjWithTextureAndSidecar) {
  TempDir dir;
  write_textured_cube(dir);
  write_file(dir / "cube.obj.synhead.yaml", "scale: 50\norigin: [0, 0, 0]\nrotation_deg: [180, 0, 0]\n" + landmark_points_yaml(0.5));
  const HeadMesh mesh = load_head_mesh(dir / "cube.obj");
  EXPECT_EQ(mesh.indices.size(), 36u);
  ASSERT_EQ(mesh.submeshes.size(), 1u);
  const Material& skin = mesh.materials[static_cast<std::size_t>(mesh.submeshes[0].material)];
  EXPECT_EQ(skin.name, "skin");
  ASSERT_FALSE(skin.texture.empty());
  EXPECT_EQ(skin.texture.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 200));
  EXPECT_FLOAT_EQ(mesh.bounding_radius(), 50 * std::sqrt(3.0f));
  // canonical = 50 · Rx(180°) · source: (0.5, 0, −1) → (25, 0, 50)
  EXPECT_NEAR(mesh.landmarks[0].x, 25, 1e-4);
  EXPECT_NEAR(mesh.landmarks[0].z, 50, 1e-4);
  EXPECT_EQ(mesh.uvs.size(), mesh.positions.size());
}

TEST(MeshLoader, PlyWithVertexColours) {
  TempDir dir;
  write_file(dir / "cube.ply", kCubePly);
  LoadOptions options;
  options.require_landmarks = false;
  const HeadMesh mesh = load_head_mesh(dir / "cube.ply", options);
  EXPECT_EQ(mesh.indices.size(), 36u);
  ASSERT_EQ(mesh.colors.size(), mesh.positions.size());
  bool has_red = false, has_blue = false;
  for (const auto& c : mesh.colors) {
    has_red |= c.r > 0.9f && c.b < 0.1f;
    has_blue |= c.b > 0.9f && c.r < 0.1f;
  }
  EXPECT_TRUE(has_red && has_blue);
}

TEST(MeshLoader, GltfWithoutSidecarIsAutoAligned) {
  TempDir dir;
  write_file(dir / "tri.gltf", gltf_triangle());
  LoadOptions options;
  options.require_landmarks = false;
  const HeadMesh mesh = load_head_mesh(dir / "tri.gltf", options);
  ASSERT_EQ(mesh.indices.size(), 3u);
  // +Y up → +y down, 240 mm tall, centred on the bounding box.
  glm::vec3 lo(1e9f), hi(-1e9f);
  for (const auto& p : mesh.positions) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  EXPECT_NEAR(hi.y - lo.y, 240, 1e-3);
  EXPECT_NEAR(lo.y + hi.y, 0, 1e-3);
  EXPECT_NEAR(lo.x + hi.x, 0, 1e-3);
}

TEST(MeshLoader, MissingLandmarksAreAnErrorUnlessAllowed) {
  TempDir dir;
  write_file(dir / "cube.ply", kCubePly);
  const auto message = user_error_of([&] { load_head_mesh(dir / "cube.ply"); });
  EXPECT_NE(message.find("no landmarks"), std::string::npos) << message;
  EXPECT_NE(message.find("cube.ply.synhead.yaml"), std::string::npos) << message;
}

TEST(MeshLoader, MissingTextureNamesMeshAndTexture) {
  TempDir dir;
  write_textured_cube(dir);
  std::filesystem::remove(dir / "skin.png");
  LoadOptions options;
  options.require_landmarks = false;
  const auto message = user_error_of([&] { load_head_mesh(dir / "cube.obj", options); });
  EXPECT_NE(message.find("cube.obj"), std::string::npos) << message;
  EXPECT_NE(message.find("texture 'skin.png' cannot be read"), std::string::npos) << message;
}

TEST(MeshLoader, BrokenOrMissingMeshIsAUserError) {
  TempDir dir;
  write_file(dir / "broken.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n1\n");
  auto message = user_error_of([&] { load_head_mesh(dir / "broken.ply"); });
  EXPECT_NE(message.find("broken.ply: cannot read mesh"), std::string::npos) << message;
  message = user_error_of([&] { load_head_mesh(dir / "absent.obj"); });
  EXPECT_NE(message.find("absent.obj: mesh file not found"), std::string::npos) << message;
}

TEST(MeshLoader, SidecarErrorsNameFileLineAndKey) {
  TempDir dir;
  write_file(dir / "a.yaml", "scale: 1\nrotaton_deg: [0, 0, 0]\n");
  auto message = user_error_of([&] { read_sidecar(dir / "a.yaml"); });
  EXPECT_NE(message.find("a.yaml:2: unknown key 'rotaton_deg'"), std::string::npos) << message;
  write_file(dir / "b.yaml", "landmarks:\n  points:\n    - [1, 2, 3]\n");
  message = user_error_of([&] { read_sidecar(dir / "b.yaml"); });
  EXPECT_NE(message.find("b.yaml:3: key 'landmarks.points': expected 68 points"), std::string::npos) << message;
  write_file(dir / "c.yaml", "scale: -2\n");
  EXPECT_NE(user_error_of([&] { read_sidecar(dir / "c.yaml"); }).find("key 'scale'"), std::string::npos);
}

TEST(MeshLoader, KeepBelowCropsAndLandmarkVerticesFollowTheMesh) {
  TempDir dir;
  write_file(dir / "cube.ply", kCubePly);
  std::string vertices = "landmarks:\n  vertices: [";
  for (int i = 0; i < dataset::kLandmarkCount; ++i) vertices += (i ? ", " : "") + std::to_string(i % 8);
  write_file(dir / "cube.ply.synhead.yaml", "scale: 10\nrotation_deg: [180, 0, 0]\nkeep_below_mm: 5\n" + vertices + "]\n");
  const HeadMesh mesh = load_head_mesh(dir / "cube.ply");
  // Canonical +y is down: the bottom face (y = +10) goes, the sides are clipped exactly at y = 5.
  int on_cut = 0;
  for (const auto& p : mesh.positions) {
    EXPECT_LE(p.y, 5 + 1e-4);
    on_cut += std::abs(p.y - 5) < 1e-4;
  }
  EXPECT_EQ(on_cut, 8);  // 4 vertical edges + 4 side-face diagonals, each crossing shared by its two triangles
  EXPECT_EQ(mesh.indices.size() % 3, 0u);
  EXPECT_NEAR(std::abs(mesh.landmarks[0].x), 10, 1e-4);  // a cube corner, even though cropping renumbered vertices
}

}  // namespace
}  // namespace synhead::renderer
