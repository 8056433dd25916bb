// Defaults of `synhead infer`: the shipped reference model's path and the results file named after the input.

#include <gtest/gtest.h>

#include "synhead/inference/reference_model.h"

namespace synhead::inference {
namespace {

TEST(ReferenceModel, ResultsAreNamedAfterTheInput) {
  EXPECT_EQ(default_results_path("videos/clip.mp4"), std::filesystem::path("clip.synhead.csv"));
  EXPECT_EQ(default_results_path("/data/frames/"), std::filesystem::path("frames.synhead.csv"));
  EXPECT_EQ(default_results_path("/data/frames"), std::filesystem::path("frames.synhead.csv"));
  EXPECT_EQ(default_results_path("camera:0"), std::filesystem::path("camera0.synhead.csv"));
  EXPECT_EQ(default_results_path("/"), std::filesystem::path("input.synhead.csv"));
}

TEST(ReferenceModel, IsTheShippedOnnxFile) {
  const auto path = reference_model_path();
  EXPECT_EQ(path.filename(), "reference.onnx");
  EXPECT_EQ(path.parent_path().filename(), "models");
}

}  // namespace
}  // namespace synhead::inference
