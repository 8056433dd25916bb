#pragma once
// A BIWI tree (hpdb/NN/frame_XXXXX_rgb.png + _pose.txt + rgb.cal) that a network can learn from, without a GL
// context: the frames of learnable_dataset.h (64×64, pose drawn as an ellipse and a dot) with their poses written as
// BIWI stores them — in the depth camera's frame, which rgb.cal's extrinsics take to the RGB camera. Sequence 01 has
// identity extrinsics, the others a rotation of 10° about y and a translation; frame 5 is missing (BIWI drops frames).
// The head centre sits at (0, 0, 900) mm in the RGB camera (f = 60 px, principal point 32, 32), so a head_centre box
// of 600 mm is the learnable face box {12, 12, 40, 40}.

#include <cmath>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <glm/gtc/matrix_transform.hpp>
#include <opencv2/imgcodecs.hpp>

#include "biwi_fixture.h"
#include "learnable_dataset.h"

namespace synhead::testing {

inline constexpr double kLearnableHeadBoxMm = 600;

inline glm::dmat3 learnable_biwi_extrinsic_rotation(int sequence) {
  if (sequence == 0) return glm::dmat3(1.0);
  return motion_tracks::rotation_from_euler({0, 10, 0});
}
inline glm::dvec3 learnable_biwi_extrinsic_translation(int sequence) {
  return sequence == 0 ? glm::dvec3(0.0) : glm::dvec3(-25.0, 3.0, 1.5);
}

inline std::string matrix_rows(const glm::dmat3& m) {
  const auto r = motion_tracks::rows_of(m);
  return fmt::format("{} {} {} \n{} {} {} \n{} {} {} \n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
}

// `sequences` folders 01, 02, … of frames 0..frames (frame 5 left out).
inline void write_learnable_biwi(const std::filesystem::path& root, int sequences, int frames) {
  for (int s = 0; s < sequences; ++s) {
    const auto dir = root / fmt::format("{:02}", s + 1);
    const glm::dmat3 r = learnable_biwi_extrinsic_rotation(s);
    const glm::dvec3 t = learnable_biwi_extrinsic_translation(s);
    write_file(dir / "rgb.cal", "60 0 32 \n0 60 32 \n0 0 1 \n\n0 0 0 0 \n\n" + matrix_rows(r) + "\n" +
                                    fmt::format("{} {} {} \n\n64 64 \n", t.x, t.y, t.z));
    write_file(dir / "depth.cal", "60 0 32 \n0 60 32 \n0 0 1 \n\n0 0 0 0 \n\n" + matrix_rows(glm::dmat3(1.0)) +
                                      "\n0 0 0 \n\n64 64 \n");
    for (int f = 0; f <= frames; ++f) {
      if (f == 5) continue;
      const dataset::FrameLabels l = learnable_labels(s, f);
      // RGB pose (M, c) → depth camera: (Rᵀ M, Rᵀ (c − t)).
      const glm::dmat3 m = glm::transpose(r) * l.rotation;
      const glm::dvec3 c = glm::transpose(r) * (l.translation_mm - t);
      write_file(dir / biwi_pose_name(f), matrix_rows(m) + fmt::format("\n{} {} {} \n", c.x, c.y, c.z));
      cv::imwrite((dir / fmt::format("frame_{:05}_rgb.png", f)).string(), learnable_image(l));
    }
  }
}

}  // namespace synhead::testing
