#include "synhead/trainer/grad_clip.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace synhead::trainer {
namespace {

torch::Tensor parameter_with_grad(const torch::Tensor& grad) {
  torch::Tensor parameter = torch::zeros_like(grad).requires_grad_(true);
  parameter.mutable_grad() = grad.clone();
  return parameter;
}

TEST(SoftClip, LeavesGradientsAtOrBelowTauUntouched) {
  const std::vector<torch::Tensor> parameters = {parameter_with_grad(torch::tensor({3.0f})),
                                                 parameter_with_grad(torch::tensor({{4.0f, 0.0f}}))};
  EXPECT_DOUBLE_EQ(soft_clip_gradients(parameters, 10), 5);
  EXPECT_DOUBLE_EQ(soft_clip_gradients(parameters, 5), 5);
  EXPECT_TRUE(torch::equal(parameters[0].grad(), torch::tensor({3.0f})));
  EXPECT_TRUE(torch::equal(parameters[1].grad(), torch::tensor({{4.0f, 0.0f}})));
}

TEST(SoftClip, RescalesAboveTauToNormTauKeepingTheDirection) {
  torch::manual_seed(18);
  const torch::Tensor a = torch::randn({7, 3}) * 20;
  const torch::Tensor b = torch::randn({5}) * 20;
  const std::vector<torch::Tensor> parameters = {parameter_with_grad(a), parameter_with_grad(b)};
  const double norm = std::sqrt(a.square().sum().item<double>() + b.square().sum().item<double>());
  ASSERT_GT(norm, 10);
  EXPECT_NEAR(soft_clip_gradients(parameters, 10), norm, 1e-4 * norm);
  const torch::Tensor clipped = torch::cat({parameters[0].grad().flatten(), parameters[1].grad().flatten()});
  EXPECT_NEAR(clipped.norm().item<double>(), 10, 1e-4);
  const torch::Tensor original = torch::cat({a.flatten(), b.flatten()});
  EXPECT_TRUE(torch::allclose(clipped, original * (10 / norm), 1e-5, 1e-6));
}

TEST(SoftClip, SkipsParametersWithoutGradient) {
  const std::vector<torch::Tensor> parameters = {torch::zeros({3}, torch::requires_grad()),
                                                 parameter_with_grad(torch::tensor({30.0f, 40.0f}))};
  EXPECT_DOUBLE_EQ(soft_clip_gradients(parameters, 10), 50);
  EXPECT_FALSE(parameters[0].grad().defined());
  EXPECT_TRUE(torch::allclose(parameters[1].grad(), torch::tensor({6.0f, 8.0f})));
  EXPECT_DOUBLE_EQ(soft_clip_gradients({}, 10), 0);
}

TEST(SoftClip, ReportsANonFiniteNormWithoutTouchingTheGradients) {
  const std::vector<torch::Tensor> parameters = {
      parameter_with_grad(torch::tensor({std::numeric_limits<float>::infinity(), 1.0f}))};
  EXPECT_TRUE(std::isinf(soft_clip_gradients(parameters, 10)));
  EXPECT_EQ(parameters[0].grad()[1].item<float>(), 1.0f);
}

}  // namespace
}  // namespace synhead::trainer
