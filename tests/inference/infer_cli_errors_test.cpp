// `synhead infer` on inputs without a face and on bad inputs (no GL needed: the model is a barely trained one on
// the learnable test dataset; what matters here is the CSV and the exit codes, not the angles).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "cli_runner.h"
#include "csv_rows.h"
#include "learnable_dataset.h"

namespace synhead::inference {
namespace {

using testing::contains;
using testing::quoted;
using testing::run_cli;

// A checkpoint after two steps on the learnable dataset (seconds to make).
std::filesystem::path small_model(const testing::TempDir& dir) {
  testing::write_learnable_dataset(dir / "data", 4, 8);
  const auto r = run_cli("-q train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") +
                             " --steps 2 --threads 1 --set model.input_size=32 --set model.width=0.25"
                             " --set model.fc_units=16 --set data.window=2 --set data.batch_size=2"
                             " --set data.validation_fraction=0 --set validate_every=0 --set data.workers=1",
                         dir);
  EXPECT_EQ(r.code, 0) << r.err;
  return dir / "run" / "last.ckpt";
}

TEST(InferCli, AVideoWithoutAFaceGivesRowsWithoutSuccess) {
  testing::TempDir dir;
  const auto model = small_model(dir);
  {
    cv::VideoWriter video((dir / "empty.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25,
                          cv::Size(160, 120));
    ASSERT_TRUE(video.isOpened());
    for (int i = 0; i < 10; ++i) video.write(cv::Mat(120, 160, CV_8UC3, cv::Scalar(20 * i, 100, 140)));
  }
  const auto r = run_cli("-q infer --model " + quoted(model) + " --input " +
                             quoted(dir / "empty.avi") + " --out " + quoted(dir / "empty.csv") + " --detector haar",
                         dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = testing::read_csv_rows(dir / "empty.csv");
  ASSERT_EQ(rows.size(), 10u);
  for (const auto& row : rows) EXPECT_EQ(row[3], "0");
  EXPECT_NEAR(std::stod(rows[5][1]), 5 / 25.0, 1e-3);
}

TEST(InferCli, WithoutModelAndOutItRunsTheShippedModelIntoInputNameCsv) {
  testing::TempDir dir;
  {
    cv::VideoWriter video((dir / "clip.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, cv::Size(160, 120));
    ASSERT_TRUE(video.isOpened());
    for (int i = 0; i < 6; ++i) video.write(cv::Mat(120, 160, CV_8UC3, cv::Scalar(30 * i, 90, 150)));
  }
  const auto r = run_cli("infer --input clip.avi --detector haar", dir, "cd " + quoted(dir.path()) + " && ");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.err, "clip.synhead.csv")) << r.err;
  EXPECT_TRUE(contains(r.out, "onnx backend")) << r.out;
  const auto rows = testing::read_csv_rows(dir / "clip.synhead.csv");
  EXPECT_EQ(rows.size(), 6u);
}

TEST(InferCli, BadInputsExitWithCodeTwoNamingThem) {
  testing::TempDir tmp;
  const auto model = small_model(tmp);
  testing::write_file(tmp / "corrupt.ckpt", "not a checkpoint");
  testing::write_file(tmp / "corrupt.avi", std::string(2048, 'v'));
  std::filesystem::create_directories(tmp / "frames");
  cv::imwrite((tmp / "frames" / "000.png").string(), cv::Mat(48, 64, CV_8UC3, cv::Scalar(50, 60, 70)));
  const std::string model_flag = " --model " + quoted(model);
  auto r = run_cli("infer" + model_flag + " --input " + quoted(tmp / "corrupt.avi") + " --out " + quoted(tmp / "x.csv"), tmp);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "corrupt.avi")) << r.err;
  r = run_cli("infer --model " + quoted(tmp / "corrupt.ckpt") + " --input " + quoted(tmp / "frames") + " --out " + quoted(tmp / "x.csv"),
              tmp);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "corrupt.ckpt")) << r.err;
  r = run_cli("infer" + model_flag + " --input camera:93 --out " + quoted(tmp / "x.csv"), tmp);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "camera:93")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(tmp / "x.csv"));
}

}  // namespace
}  // namespace synhead::inference
