#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/torch.h>

#include "export_fixture.h"
#include "temp_dir.h"
#include "user_error.h"
#include "synhead/deploy/export_verify.h"
#include "synhead/deploy/exporter.h"
#include "synhead/deploy/onnx_metadata.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::deploy {
namespace {

using synhead::testing::save_export_checkpoint;
using synhead::testing::small_export_config;
using synhead::testing::TempDir;
using synhead::testing::user_error_of;

// Small models on a shared 2-core machine: one torch thread.
class OneThreadEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { trainer::configure_torch_threads(1); }
};
[[maybe_unused]] const auto* const kOneThread = ::testing::AddGlobalTestEnvironment(new OneThreadEnvironment);

// Debian's python3-onnx / python3-torch live under /usr/bin/python3 (a pyenv python3 on PATH lacks them).
bool debian_python_has(const std::string& module) {
  return std::system(("/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1").c_str()) == 0;
}

bool onnx_checker_passes(const std::filesystem::path& file) {
  const std::string command =
      "/usr/bin/python3 -c 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)' '" +
      file.string() + "'";
  return std::system(command.c_str()) == 0;
}

using Case = std::tuple<std::string, std::string, std::string>;  // backbone, variant, outputs

class ExportedModel : public ::testing::TestWithParam<Case> {};

TEST_P(ExportedModel, PassesTheCheckerCarriesTheCardAndMatchesLibtorchInEveryRuntime) {
  const auto& [backbone, variant, outputs] = GetParam();
  TempDir dir;
  ExportOptions options;
  options.checkpoint = save_export_checkpoint(small_export_config(backbone, variant, outputs), dir / "run.ckpt");
  options.out_dir = dir / "export";
  options.calibration = dir / "detectors.json";
  synhead::testing::write_file(
      options.calibration,
      R"([{"detector": "hog", "dx": 0.01, "dy": 0.1, "scale": 1.2, "median_centre_error": 0.05,
           "median_scale_error": 0.04, "detection_rate": 0.95, "frames": 40, "fitted_on": "test"}])");
  const ExportResult result = export_model(options);
  const std::filesystem::path onnx = dir / "export/run.onnx", script = dir / "export/run.pt";
  ASSERT_EQ(result.files, (std::vector<std::filesystem::path>{onnx, script}));

  if (debian_python_has("onnx")) {
    EXPECT_TRUE(onnx_checker_passes(onnx)) << "onnx.checker rejects " << onnx;
  } else {
    std::cerr << "[ note ] onnx.checker not run: /usr/bin/python3 lacks onnx (Debian package python3-onnx)\n";
  }

  const ModelCard card = ModelCard::from_metadata(read_onnx_metadata(onnx), onnx.string());
  EXPECT_EQ(card.kind, variant);
  EXPECT_EQ(card.backbone, backbone);
  EXPECT_EQ(card.pose, outputs != "landmarks");
  EXPECT_EQ(card.landmarks, outputs != "pose");
  EXPECT_EQ(card.step, 321);
  EXPECT_DOUBLE_EQ(card.crop_margin, 0.4);
  EXPECT_EQ(card.box_source, "landmarks68");
  EXPECT_EQ(card.synhead_version, SYNHEAD_TEST_VERSION);
  ASSERT_EQ(card.calibrations.size(), 1u);
  EXPECT_DOUBLE_EQ(card.calibrations[0].scale, 1.2);
  const std::int64_t units = variant == "rnn" ? 16 : 8;
  const std::vector<std::int64_t> state_shape =
      variant == "perframe" ? std::vector<std::int64_t>{} : std::vector<std::int64_t>{1, units};
  EXPECT_EQ(card.state_shape, state_shape);
  EXPECT_EQ(card.to_json(), result.card.to_json());

  auto model = trainer::load_model(options.checkpoint);
  const torch::Tensor crops = verification_crops(card, 10, 7);
  const SequenceOutputs reference = run_libtorch(*model, card, crops);
  VerifyReport report;
  report.frames = 10;
  report.tolerance = 1e-4;
  add_differences(report, "cv::dnn", card.input_size, reference, run_cvdnn(onnx, card, crops));
  add_differences(report, "torchscript", card.input_size, reference, run_torchscript(script, card, crops));
  const std::string missing = onnxruntime_node_missing();
  if (missing.empty()) {
    add_differences(report, "onnxruntime", card.input_size, reference,
                    run_onnxruntime_node(onnx, card, crops, dir / "ort"));
  }
  EXPECT_TRUE(report.passed()) << report.table();
  // These models' outputs are in a trained model's range: there even the exported units (degrees, crop pixels)
  // agree within 1e-4.
  for (const auto& d : report.differences) EXPECT_LE(d.max_abs_diff_exported, 1e-4) << report.table();
  EXPECT_EQ(report.differences.size(), reference.size() * (missing.empty() ? 3 : 2));

  if (card.recurrent()) {
    // The state must matter, or carrying it proves nothing: frame 5 alone (zero state) differs from frame 5 of the
    // sequence.
    const SequenceOutputs alone = run_libtorch(*model, card, crops.narrow(0, 5, 1));
    const std::string first = reference.begin()->first;
    EXPECT_GT((alone.at(first)[0] - reference.at(first)[5]).abs().max().item<double>(), 1e-3);
  }
  if (!missing.empty()) GTEST_SKIP() << "ONNX Runtime part skipped: " << missing;
}

INSTANTIATE_TEST_SUITE_P(
    Variants, ExportedModel,
    ::testing::Values(Case{"tiny", "perframe", "both"}, Case{"tiny", "rnn", "pose"}, Case{"tiny", "postrnn", "both"},
                      Case{"resnet18", "postrnn", "pose"}, Case{"vgg16", "rnn", "landmarks"}),
    [](const auto& info) {
      return std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" + std::get<2>(info.param);
    });

TEST(Export, VerifyComparesEveryExportedFile) {
  TempDir dir;
  ExportOptions options;
  options.checkpoint = save_export_checkpoint(small_export_config("tiny", "rnn", "both"), dir / "best.ckpt");
  options.out_dir = dir / "out";
  options.format = "torchscript";
  options.verify = true;
  options.name = "head";
  const ExportResult result = export_model(options);
  ASSERT_EQ(result.files, (std::vector<std::filesystem::path>{dir / "out/head.pt"}));
  EXPECT_FALSE(std::filesystem::exists(dir / "out/head.onnx"));
  ASSERT_TRUE(result.verify.has_value());
  EXPECT_TRUE(result.verify->passed) << result.verify->table;
  EXPECT_NE(result.verify->table.find("torchscript  state_out"), std::string::npos) << result.verify->table;
  EXPECT_EQ(result.verify->table.find("cv::dnn"), std::string::npos);
  // Only the exported files are left behind (no verification scratch, no temporary files).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "out"), std::filesystem::directory_iterator()), 1);
}

TEST(Export, VerifyReportFailsOnADifferenceOrAMissingOutput) {
  SequenceOutputs reference{{"pose_deg", torch::zeros({4, 3})},
                            {"landmarks", torch::zeros({4, 136})},
                            {"state_out", torch::zeros({4, 8})}};
  // The tolerance is in network units: 5e-3° = 5.6e-5 of 90°, 3e-3 px = 9.4e-5 of S/2 = 32 px.
  SequenceOutputs close = reference;
  close["pose_deg"] = torch::full({4, 3}, 5e-3);
  close["landmarks"] = torch::full({4, 136}, -3e-3);
  VerifyReport ok;
  ok.tolerance = 1e-4;
  add_differences(ok, "cv::dnn", 64, reference, close);
  EXPECT_TRUE(ok.passed()) << ok.table();
  EXPECT_NEAR(ok.differences[0].max_abs_diff_exported, 3e-3, 1e-9);  // map order: landmarks, pose_deg, state_out

  auto failing = [&](const std::string& output, double value) {
    SequenceOutputs actual = reference;
    actual[output] = actual[output].clone();
    actual[output][2][1] = value;
    VerifyReport report = ok;
    add_differences(report, "onnxruntime", 64, reference, actual);
    return !report.passed() && report.table().find("FAIL") != std::string::npos;
  };
  EXPECT_TRUE(failing("pose_deg", 1e-2));
  EXPECT_TRUE(failing("landmarks", 4e-3));
  EXPECT_TRUE(failing("state_out", 2e-4));
  EXPECT_TRUE(failing("pose_deg", std::numeric_limits<float>::quiet_NaN()));

  VerifyReport lacking = ok;
  add_differences(lacking, "torchscript", 64, reference, {{"pose_deg", torch::zeros({4, 3})}});
  EXPECT_FALSE(lacking.passed());
  EXPECT_FALSE(VerifyReport{}.passed()) << "nothing compared is no pass";
}

TEST(Export, TorchScriptLoadsInPythonWithTheSameOutputs) {
  if (!debian_python_has("torch")) GTEST_SKIP() << "/usr/bin/python3 lacks torch (Debian package python3-torch)";
  TempDir dir;
  ExportOptions options;
  options.checkpoint = save_export_checkpoint(small_export_config("tiny", "postrnn", "both"), dir / "m.ckpt");
  options.out_dir = dir.path();
  options.format = "torchscript";
  const ExportResult result = export_model(options);
  // Two frames with the state carried, in Python, without synhead: crop = 0.1 everywhere, then −0.2.
  const std::string python = R"(
import json, sys, torch
extra = {"synhead.card.json": ""}
m = torch.jit.load(sys.argv[1], _extra_files=extra)
card = json.loads(extra["synhead.card.json"])
s = card["input_size"]
state = torch.zeros(card["state_shape"])
for value in (0.1, -0.2):
    out = m(torch.full((1, 3, s, s), value), state)
    state = out["state_out"]
print(card["kind"], " ".join(repr(v) for v in out["pose_deg"][0].tolist() + out["landmarks"][0, :2].tolist()))
)";
  synhead::testing::write_file(dir / "load.py", python);
  const std::string command =
      "/usr/bin/python3 '" + (dir / "load.py").string() + "' '" + result.files[0].string() + "' > '" +
      (dir / "py.txt").string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::istringstream printed(synhead::testing::read_file(dir / "py.txt"));
  std::string kind;
  std::vector<double> values(5);
  printed >> kind >> values[0] >> values[1] >> values[2] >> values[3] >> values[4];
  EXPECT_EQ(kind, "postrnn");

  torch::jit::Module module = torch::jit::load(result.files[0].string());
  torch::Tensor state = torch::zeros({1, 8}), pose, landmarks;
  for (double value : {0.1, -0.2}) {
    const auto out = module.forward({torch::full({1, 3, 32, 32}, value), state}).toGenericDict();
    state = out.at("state_out").toTensor();
    pose = out.at("pose_deg").toTensor();
    landmarks = out.at("landmarks").toTensor();
  }
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(values[i], pose[0][i].item<double>(), 1e-4);
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(values[3 + i], landmarks[0][i].item<double>(), 1e-4);
}

TEST(Export, BadInputIsAUserErrorNamingTheFile) {
  TempDir dir;
  ExportOptions options;
  options.out_dir = dir / "out";
  options.checkpoint = dir / "missing.ckpt";
  EXPECT_NE(user_error_of([&] { export_model(options); }).find("missing.ckpt"), std::string::npos);

  options.checkpoint = dir / "corrupt.ckpt";
  synhead::testing::write_file(options.checkpoint, "PK\x03\x04 this is not a checkpoint");
  EXPECT_NE(user_error_of([&] { export_model(options); }).find("corrupt.ckpt: not a synhead checkpoint"),
            std::string::npos);

  options.checkpoint = save_export_checkpoint(small_export_config("tiny", "perframe", "pose"), dir / "ok.ckpt");
  options.calibration = dir / "detectors.json";
  synhead::testing::write_file(options.calibration, R"({"hog": {}})");
  EXPECT_NE(user_error_of([&] { export_model(options); }).find("detectors.json"), std::string::npos);

  options.calibration.clear();
  options.out_dir = dir / "a_file";
  synhead::testing::write_file(options.out_dir, "x");
  EXPECT_NE(user_error_of([&] { export_model(options); }).find("a_file"), std::string::npos);

  options.out_dir = dir / "out";
  options.format = "tflite";
  EXPECT_NE(user_error_of([&] { export_model(options); }).find("'tflite'"), std::string::npos);

  synhead::testing::write_file(dir / "model.onnx", "not a protobuf message at all");
  EXPECT_NE(user_error_of([&] { read_onnx_metadata(dir / "model.onnx"); }).find("model.onnx: not an ONNX model"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::deploy
