#include "synhead/trainer/train_benchmark.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "synhead/core/resources.h"
#include "synhead/trainer/models.h"

#include "user_error.h"

namespace synhead::trainer {
namespace {

// Tiny at its CPU size, one timed step of a small batch: enough to exercise the whole step in well under a second.
std::vector<TrainBenchCase> quick_tiny_cases() {
  auto cases = train_bench_cases({"tiny"}, {"perframe", "rnn", "postrnn"}, 1, false);
  for (auto& c : cases) c.warmup_steps = 0;
  return cases;
}

TrainBenchOptions quick_options() {
  TrainBenchOptions options;
  options.batch = 2;
  options.window = 2;
  options.threads = 1;
  return options;
}

PythonSide repository_python() { return {"/usr/bin/python3", core::resolve_resource("tools/bench/train_step.py")}; }

TEST(TrainBenchmark, CasesUseEachBackbonesCpuSizeAndThePaperVggOnlyOnRequest) {
  const auto cases = train_bench_cases({"tiny", "resnet18", "vgg16"}, {"perframe", "rnn"}, 3, false);
  ASSERT_EQ(cases.size(), 6u);
  EXPECT_EQ(cases[0].model.input_size, 64);
  EXPECT_EQ(cases[2].model.input_size, 112);
  EXPECT_EQ(cases[4].model.backbone, "vgg16");
  EXPECT_EQ(cases[4].model.width, 0.5);
  EXPECT_EQ(cases[4].model.input_size, 112);
  for (const auto& c : cases) {
    EXPECT_EQ(c.setting, "cpu-default");
    EXPECT_EQ(c.timed_steps, 3);
  }

  const auto with_paper = train_bench_cases({"tiny"}, {"perframe"}, 3, true);
  ASSERT_EQ(with_paper.size(), 2u);
  EXPECT_EQ(with_paper[1].setting, "paper");
  EXPECT_EQ(with_paper[1].model.width, 1.0);
  EXPECT_EQ(with_paper[1].model.input_size, 224);

  EXPECT_NE(testing::user_error_of([] { train_bench_cases({"alexnet"}, {"perframe"}, 1, false); }).find("alexnet"),
            std::string::npos);
}

TEST(TrainBenchmark, CppStepTakesTimeAndCountsTheModelsParameters) {
  for (const auto& c : quick_tiny_cases()) {
    const StepTiming timing = time_cpp_train_step(c, quick_options());
    EXPECT_GT(timing.step_ms, 0) << c.model.variant;
    EXPECT_EQ(timing.params, parameter_count(*make_model(c.model))) << c.model.variant;
  }
}

TEST(TrainBenchmark, PythonMirrorHasTheCppParameterCountsOnTiny) {
  const auto cases = quick_tiny_cases();
  std::vector<std::int64_t> cpp_params;
  for (const auto& c : cases) cpp_params.push_back(parameter_count(*make_model(c.model)));
  try {
    const auto timings = time_python_train_steps(repository_python(), cases, cpp_params, quick_options(), 1);
    ASSERT_EQ(timings.size(), cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
      EXPECT_EQ(timings[i].params, cpp_params[i]) << cases[i].model.variant;
      EXPECT_GT(timings[i].step_ms, 0) << cases[i].model.variant;
    }
  } catch (const PythonUnavailable& e) {
    GTEST_SKIP() << "no Python PyTorch to compare with: " << e.what();
  }
}

TEST(TrainBenchmark, PythonMirrorRefusesADifferentParameterCount) {
  const auto cases = train_bench_cases({"tiny"}, {"perframe"}, 1, false);
  try {
    time_python_train_steps(repository_python(), cases, {12345}, quick_options(), 1);
    FAIL() << "a parameter-count mismatch must fail";
  } catch (const PythonUnavailable& e) {
    GTEST_SKIP() << "no Python PyTorch to compare with: " << e.what();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("12345"), std::string::npos) << e.what();
  }
}

TEST(TrainBenchmark, MissingPythonLeavesThePythonFiguresOutWithTheReason) {
  const auto cases = train_bench_cases({"tiny"}, {"postrnn"}, 1, false);
  const PythonSide absent{"/nonexistent/python3", core::resolve_resource("tools/bench/train_step.py")};
  int seen = 0;
  const TrainBenchReport report =
      run_train_benchmark(cases, quick_options(), absent, [&](const TrainBenchResult&) { ++seen; });
  EXPECT_EQ(seen, 1);
  ASSERT_EQ(report.results.size(), 1u);
  EXPECT_GT(report.results[0].step_ms_cpp, 0);
  EXPECT_FALSE(report.results[0].step_ms_python.has_value());
  EXPECT_NE(report.python_note.find("/nonexistent/python3"), std::string::npos) << report.python_note;
  EXPECT_EQ(report.threads, 1);
}

}  // namespace
}  // namespace synhead::trainer
