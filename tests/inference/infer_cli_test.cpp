// `synhead infer` end to end: a short video written here from rendered frames, a small model trained here on the
// rendered set; infer's angles must match the ground truth about as well as the model does on the exact
// (ground-truth) crops of the same frames — what is left is the detector-box calibration and the video codec — and
// must track the model's own per-frame estimates.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "cli_runner.h"
#include "csv_rows.h"
#include "gl_skip.h"
#include "synhead/dataset/layout.h"

namespace synhead::inference {
namespace {

using testing::contains;
using testing::quoted;
using testing::run_cli;

class InferCli : public ::testing::Test {
 protected:
  // One rendered set and one trained model for every case (the expensive part).
  static void SetUpTestSuite() {
    std::string why;
    if (!renderer::headless_gl_available(&why)) {
      skip_ = "no headless OpenGL: " + why;
      return;
    }
    if (!std::filesystem::exists(renderer::makehuman_mesh_path())) {
      skip_ = "the MakeHuman mesh is not installed (tools/setup.sh installs assimp-testmodels)";
      return;
    }
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("synhead_infer_cli_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    std::filesystem::create_directories(*dir_);
    const std::string root = SYNHEAD_SOURCE_DIR;
    // Near-frontal motion, where a frontal-face detector works; procedural backgrounds need no extracted photos.
    // 448² frames with twice the demo's focal length: faces of about 90 px, where HOG finds every face (at 224², faces
    // of 45 px sit below HOG's 80-px window, and the upsampled detections wander by a quarter of the face).
    run("render", "render --config " + root + "/configs/synhead_small.yaml --out " + quoted(*dir_ / "data") +
        " --seed 3 --limit-frames 40 --set heads=[female_01,male_02,female_03,male_04] --set tracks.count=2"
        " --set split.enabled=false --set tracks.generator.yaw_range=[-35,35]"
        " --set tracks.generator.pitch_range=[-25,25] --set tracks.generator.roll_range=[-20,20]"
        " --set background.source=procedural --set renderer.motion_blur_samples=1"
        " --set renderer.camera.width=448 --set renderer.camera.height=448 --set renderer.camera.fx=840"
        " --set renderer.camera.fy=840 --set renderer.camera.cx=224 --set renderer.camera.cy=224");
    // One torch thread: on a loaded 2-core machine two threads can be ten times slower.
    // A narrow tiny backbone, briefly trained: about 4° mean error on these frames (a constant guess: about 10°).
    run("train", "train --config " + root + "/configs/train_perframe.yaml --data " + quoted(*dir_ / "data") +
        " --out " + quoted(*dir_ / "run") + " --steps 250 --threads 1 --set data.workers=1 --set \"data.split=''\""
        " --set data.validation_fraction=0 --set validate_every=0 --set data.window=2 --set model.width=0.5"
        " --set model.fc_units=256");
    run("eval", "eval --checkpoint " + quoted(*dir_ / "run" / "last.ckpt") + " --data " + quoted(*dir_ / "data") +
        " --split '' --threads 1 --predictions " + quoted(*dir_ / "predictions.csv"));
  }
  static void TearDownTestSuite() {
    if (dir_) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
    ASSERT_TRUE(failure_.empty()) << failure_;
  }

  static void run(const std::string& what, const std::string& args) {
    if (!failure_.empty()) return;
    const std::string command = testing::cli_path() + " -q " + args + " 2>" + quoted(*dir_ / "setup.err");
    if (std::system(command.c_str()) != 0) failure_ = what + " failed: " + testing::read_file(*dir_ / "setup.err");
  }

  static std::filesystem::path* dir_;
  static std::string skip_;
  static std::string failure_;
};

std::filesystem::path* InferCli::dir_ = nullptr;
std::string InferCli::skip_;
std::string InferCli::failure_;

TEST_F(InferCli, AnglesOnAVideoMatchTheModelOnGroundTruthCrops) {
  const auto data = *dir_ / "data";
  const auto manifest = dataset::read_manifest(data);
  const auto& sequence = manifest.sequences.front();
  const auto seq_dir = dataset::sequence_dir(data, sequence.id);
  const auto labels = dataset::read_labels_csv(seq_dir / "labels.csv");
  {
    cv::VideoWriter video((*dir_ / "video.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30,
                          cv::Size(sequence.camera.width, sequence.camera.height));
    ASSERT_TRUE(video.isOpened());
    for (const auto& l : labels) video.write(cv::imread(dataset::frame_file(seq_dir, l.frame, sequence.image_format).string()));
  }
  const auto r = run_cli("-q infer --model " + quoted(*dir_ / "run" / "last.ckpt") + " --input " +
                             quoted(*dir_ / "video.avi") + " --out " + quoted(*dir_ / "infer.csv") + " --overlay " +
                             quoted(*dir_ / "overlay.avi") + " --threads 1",
                         testing::TempDir());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GT(std::filesystem::file_size(*dir_ / "overlay.avi"), 1000u);
  std::string header;
  const auto rows = testing::read_csv_rows(*dir_ / "infer.csv", &header);
  EXPECT_EQ(header, "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll");
  ASSERT_EQ(rows.size(), labels.size());

  // The model's estimates on the exact crops of these frames (synhead eval).
  std::map<std::int64_t, std::array<double, 3>> model;
  for (const auto& row : testing::read_csv_rows(*dir_ / "predictions.csv")) {
    if (row[0] == sequence.id) model[std::stoll(row[1])] = {std::stod(row[3]), std::stod(row[4]), std::stod(row[5])};
  }
  ASSERT_EQ(model.size(), labels.size());

  double infer_error = 0, model_error = 0, constant_error = 0, infer_vs_model = 0;
  int found = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(std::stoll(rows[i][0]), static_cast<long long>(i));
    if (rows[i][3] != "1") continue;
    ++found;
    const double truth[3] = {labels[i].angles.pitch, labels[i].angles.yaw, labels[i].angles.roll};
    for (int a = 0; a < 3; ++a) {
      const double estimate = std::stod(rows[i][8 + a]);
      infer_error += std::abs(estimate - truth[a]);
      model_error += std::abs(model[labels[i].frame][a] - truth[a]);
      constant_error += std::abs(truth[a]);
      infer_vs_model += std::abs(estimate - model[labels[i].frame][a]);
    }
  }
  ASSERT_GT(found, 0.8 * rows.size()) << "the detector found the face in " << found << " of " << rows.size() << " frames";
  infer_error /= 3 * found;
  model_error /= 3 * found;
  constant_error /= 3 * found;
  infer_vs_model /= 3 * found;
  std::cerr << "mean absolute error over " << found << " frames: infer " << infer_error << "°, model on exact crops "
            << model_error << "°, constant 0° " << constant_error << "°; infer vs model " << infer_vs_model << "°\n";
  // The model learned something (else the comparison below could not fail) ...
  EXPECT_LT(model_error, 0.7 * constant_error);
  // ... and infer, cropping from detections, keeps most of it.
  EXPECT_LT(infer_error, 1.5 * model_error + 2.0);
  EXPECT_LT(infer_vs_model, 0.75 * constant_error);
}

}  // namespace
}  // namespace synhead::inference
