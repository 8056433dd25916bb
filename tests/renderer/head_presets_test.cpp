#include "synhead/renderer/head_presets.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <glm/geometric.hpp>

#include "synhead/renderer/head_source.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

using synhead::testing::TempDir;
using synhead::testing::user_error_of;
using synhead::testing::write_file;

TEST(BuiltinHeadPresets, FilesHoldTheParametersOfEachPerson) {
  const HeadParams f3 = builtin_head_params("female_03");
  EXPECT_EQ(f3.sex, Sex::female);
  EXPECT_EQ(f3.shape.masculinity, -0.7);
  EXPECT_EQ(f3.shape.nose_width_mm, 3.5);
  EXPECT_EQ(f3.shape.face_height, 1.02);
  EXPECT_EQ(f3.shape.size, 1.0);  // a default, written out
  EXPECT_EQ(f3.look.skin_tone, 0.86);
  EXPECT_EQ(f3.look.lip_redness, 0.2);
  EXPECT_EQ(f3.look.hair_color, glm::vec3(0.05f, 0.045f, 0.04f));
  EXPECT_EQ(builtin_head_seed("female_03"), 103u);

  const HeadParams m5 = builtin_head_params("male_05");
  EXPECT_EQ(m5.sex, Sex::male);
  EXPECT_EQ(m5.shape.ear_size, 1.12);
  EXPECT_EQ(m5.look.eyebrow_color, glm::vec3(0.4f, 0.38f, 0.35f));
  EXPECT_EQ(m5.look.iris_color, glm::vec3(0.45f, 0.5f, 0.55f));
  EXPECT_EQ(m5.look.hairline_mm, 18.0);
  EXPECT_EQ(builtin_head_seed("male_05"), 205u);
}

TEST(BuiltinHeadPresets, PathIsBelowTheResourceRootAndUnknownIdsAreUserErrors) {
  EXPECT_EQ(builtin_head_preset_path("male_01").filename(), "male_01.yaml");
  EXPECT_TRUE(std::filesystem::exists(builtin_head_preset_path("male_01")));
  const std::string message = user_error_of([] { builtin_head_preset_path("nobody"); });
  EXPECT_NE(message.find("unknown built-in head 'nobody'"), std::string::npos) << message;
  EXPECT_NE(message.find("female_01"), std::string::npos) << message;
}

TEST(HeadPresetFile, AbsentKeysKeepTheDefaults) {
  TempDir dir;
  write_file(dir / "p.yaml", "seed: 7\nsex: male\nshape:\n  jaw_width_mm: 2.5\nlook:\n  iris_color: [0.1, 0.2, 0.3]\n");
  const HeadPreset p = load_head_preset(dir / "p.yaml");
  EXPECT_EQ(p.seed, 7u);
  EXPECT_EQ(p.params.sex, Sex::male);
  EXPECT_EQ(p.params.shape.jaw_width_mm, 2.5);
  EXPECT_EQ(p.params.shape.nose_width_mm, HeadShape{}.nose_width_mm);
  EXPECT_EQ(p.params.look.iris_color, glm::vec3(0.1f, 0.2f, 0.3f));
  EXPECT_EQ(p.params.look.hair_color, HeadLook{}.hair_color);
}

TEST(HeadPresetFile, MalformedFilesFailNamingFileLineAndKey) {
  TempDir dir;
  const auto error_of = [&](const std::string& yaml) {
    write_file(dir / "bad.yaml", yaml);
    return user_error_of([&] { load_head_preset(dir / "bad.yaml"); });
  };
  const std::string file = (dir / "bad.yaml").string();

  const std::string unknown = error_of("seed: 1\nshape:\n  nose_wdth_mm: 2\n");
  EXPECT_NE(unknown.find(file + ":3:"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("unknown key 'shape.nose_wdth_mm'"), std::string::npos) << unknown;

  const std::string type = error_of("look:\n  freckles: many\n");
  EXPECT_NE(type.find(file + ":2:"), std::string::npos) << type;
  EXPECT_NE(type.find("'look.freckles'"), std::string::npos) << type;

  const std::string colour = error_of("look:\n  hair_color: [0.1, 0.2]\n");
  EXPECT_NE(colour.find("'look.hair_color'"), std::string::npos) << colour;
  EXPECT_NE(colour.find("[r, g, b]"), std::string::npos) << colour;

  const std::string sex = error_of("sex: other\n");
  EXPECT_NE(sex.find(file + ":1:"), std::string::npos) << sex;
  EXPECT_NE(sex.find("female or male"), std::string::npos) << sex;

  const std::string missing = user_error_of([&] { load_head_preset(dir / "none.yaml"); });
  EXPECT_NE(missing.find((dir / "none.yaml").string()), std::string::npos) << missing;
}

// FNV-1a over everything a generated head is made of: geometry, landmarks and each material's texture and
// settings.
class MeshDigest {
 public:
  template <class T>
  void add(const std::vector<T>& values) {
    add(values.data(), values.size() * sizeof(T));
  }
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 1099511628211ULL;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 1469598103934665603ULL;
};

std::uint64_t digest(const HeadMesh& head) {
  MeshDigest d;
  d.add(head.positions);
  d.add(head.normals);
  d.add(head.uvs);
  d.add(head.colors);
  d.add(head.indices);
  d.add(head.landmarks.data(), sizeof(head.landmarks));
  for (const auto& m : head.materials) {
    d.add(m.name.data(), m.name.size());
    d.add(&m.diffuse, sizeof(m.diffuse));
    d.add(&m.specular, sizeof(m.specular));
    d.add(&m.shininess, sizeof(m.shininess));
    const cv::Mat texture = m.texture.isContinuous() ? m.texture : m.texture.clone();
    d.add(texture.data, texture.total() * texture.elemSize());
  }
  return d.value();
}

// Recorded from the heads the presets built when they were C++ assignments: the files reproduce them bit for bit.
TEST(BuiltinHeadPresets, BuildTheSameHeadsAsTheFormerCodePresets) {
  if (!std::filesystem::exists(makehuman_mesh_path()))
    GTEST_SKIP() << "the MakeHuman base mesh " << makehuman_mesh_path() << " is not installed (tools/setup.sh installs assimp-testmodels)";
  const std::map<std::string, std::uint64_t> expected{
      {"female_01", 0x7d701da641ce8b84ULL}, {"female_02", 0x46038f41219cd216ULL}, {"female_03", 0x1ef8f2b2a2008765ULL},
      {"female_04", 0xe34bec44916e4376ULL}, {"female_05", 0x918a82914cf45e08ULL}, {"male_01", 0x4a9d695b006960e2ULL},
      {"male_02", 0xcba712cd26ab58b7ULL},   {"male_03", 0xe206f383df864b6aULL},   {"male_04", 0xe0641e3a1e39ac40ULL},
      {"male_05", 0xbbfdc7e013235ca2ULL}};
  for (const auto& id : builtin_head_ids()) {
    EXPECT_EQ(digest(make_builtin_head(id)), expected.at(id)) << id;
  }
}

}  // namespace
}  // namespace synhead::renderer

namespace synhead::renderer {
namespace {

TEST(RandomHeads, SameNumberSamePersonOtherNumberAnother) {
  if (!std::filesystem::exists(makehuman_mesh_path()))
    GTEST_SKIP() << "the MakeHuman base mesh " << makehuman_mesh_path() << " is not installed (tools/setup.sh installs assimp-testmodels)";
  const HeadMesh a = resolve_head("random:7"), b = resolve_head("random:7"), c = resolve_head("random:8");
  EXPECT_EQ(a.name, "random:7");
  ASSERT_EQ(a.positions.size(), b.positions.size());
  EXPECT_EQ(a.positions, b.positions);
  EXPECT_EQ(a.landmarks, b.landmarks);
  double moved = 0;
  const std::size_t n = std::min(a.positions.size(), c.positions.size());
  for (std::size_t i = 0; i < n; ++i) moved = std::max(moved, static_cast<double>(glm::length(a.positions[i] - c.positions[i])));
  EXPECT_GT(moved, 1.0) << "two numbers give two head shapes";
}

TEST(RandomHeads, MalformedNumbersAreUserErrors) {
  for (const char* spec : {"random:", "random:x", "random:-1", "random:1.5", "random:12345678901"})
    EXPECT_NE(synhead::testing::user_error_of([&] { resolve_head(spec); }).find("random:N"), std::string::npos) << spec;
}

}  // namespace
}  // namespace synhead::renderer
