// `synhead export` end to end: files, the verification table and exit codes.

#include <gtest/gtest.h>

#include "cli_runner.h"
#include "export_fixture.h"
#include "synhead/deploy/export_verify.h"

namespace synhead::deploy {
namespace {

using namespace synhead::testing;

TEST(ExportCli, WritesBothFormatsAndVerifiesOrSaysWhatIsMissing) {
  TempDir dir;
  const auto checkpoint = save_export_checkpoint(small_export_config("tiny", "postrnn", "pose"), dir / "best.ckpt");
  const CliResult r = run_cli("-q export --checkpoint " + quoted(checkpoint) + " --out " + quoted(dir / "out") +
                                  " --verify --verify-frames 6",
                              dir);
  const std::string missing = onnxruntime_node_missing();
  if (!missing.empty()) {
    // It says so before writing anything.
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_TRUE(contains(r.err, "onnxruntime-node")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out/best.onnx"));
    GTEST_SKIP() << "verification needs onnxruntime-node: " << missing;
  }
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out/best.onnx"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out/best.pt"));
  for (const char* line : {"wrote ", "cv::dnn      pose_deg", "onnxruntime  state_out", "torchscript  pose_deg"}) {
    EXPECT_TRUE(contains(r.out, line)) << line << " not in:\n" << r.out;
  }
}

TEST(ExportCli, BadCheckpointOrOutputIsExitTwoNamingIt) {
  TempDir dir;
  write_file(dir / "broken.ckpt", "garbage");
  CliResult r = run_cli("export --checkpoint " + quoted(dir / "broken.ckpt") + " --out " + quoted(dir / "out"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "broken.ckpt")) << r.err;

  const auto checkpoint = save_export_checkpoint(small_export_config("tiny", "perframe", "pose"), dir / "ok.ckpt");
  write_file(dir / "taken", "a file where the output directory should be");
  r = run_cli("export --checkpoint " + quoted(checkpoint) + " --out " + quoted(dir / "taken"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "taken")) << r.err;

  r = run_cli("export --checkpoint " + quoted(checkpoint) + " --out " + quoted(dir / "o") + " --format tflite", dir);
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace synhead::deploy
