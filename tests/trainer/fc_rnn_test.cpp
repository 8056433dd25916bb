#include "synhead/trainer/fc_rnn.h"

#include <gtest/gtest.h>

#include "user_error.h"

namespace synhead::trainer {
namespace {

void set(torch::Tensor& parameter, const torch::Tensor& value) {
  torch::NoGradGuard no_grad;
  parameter.copy_(value);
}

TEST(FcRnn, FollowsEquationFiveInEvalMode) {
  torch::manual_seed(11);
  FcRnn layer(5, 4, 0.25, 0);
  layer->reset_recurrent("orthogonal", 0.8);
  layer->eval();
  const torch::Tensor x = torch::randn({2, 3, 5});
  const torch::Tensor f = layer->forward(x);
  ASSERT_EQ(f.sizes(), (std::vector<std::int64_t>{2, 3, 4}));
  torch::Tensor previous = torch::zeros({2, 4});
  for (std::int64_t t = 0; t < 3; ++t) {
    const torch::Tensor expected = torch::relu(torch::matmul(x.select(1, t), layer->weight.t()) +
                                               torch::matmul(previous, layer->weight_hh.t()) + layer->bias);
    EXPECT_TRUE(torch::allclose(f.select(1, t), expected, 1e-5, 1e-6)) << "t = " << t;
    previous = expected;
  }
}

TEST(FcRnn, StartsAsThePerFrameLayer) {
  torch::manual_seed(12);
  FcRnn layer(6, 4, 0.25, 0);
  EXPECT_TRUE(torch::equal(layer->weight_hh, torch::zeros({4, 4})));
  EXPECT_TRUE(torch::equal(layer->bias, torch::zeros({4})));
  layer->eval();
  const torch::Tensor x = torch::randn({3, 5, 6});
  EXPECT_TRUE(torch::allclose(layer->forward(x), torch::relu(torch::matmul(x, layer->weight.t())), 1e-5, 1e-6));
}

TEST(FcRnn, OrthogonalRecurrenceIsScaledByTheGain) {
  torch::manual_seed(13);
  FcRnn layer(3, 16, 0, 0);
  layer->reset_recurrent("orthogonal", 0.1);
  EXPECT_TRUE(torch::allclose(torch::matmul(layer->weight_hh, layer->weight_hh.t()), 0.01 * torch::eye(16), 1e-5, 1e-6));
  layer->reset_recurrent("zero", 0.1);
  EXPECT_TRUE(torch::equal(layer->weight_hh, torch::zeros({16, 16})));
  EXPECT_NE(testing::user_error_of([&] { layer->reset_recurrent("identity", 1); }).find("whh_init"), std::string::npos);
}

// W_io = I, b = 0, W_hh = 0 and a constant input of ones: f_t is the product of the input and output masks at every
// step, so both must be reused at every step; a unit survives both with probability (1 − p)².
TEST(FcRnn, InputAndOutputDropoutMasksAreTheSameAtEveryStepAndDifferAcrossSequences) {
  torch::manual_seed(14);
  const double p = 0.25;
  FcRnn layer(64, 64, p, p);
  set(layer->weight, torch::eye(64));
  layer->train();
  const torch::Tensor f = layer->forward(torch::ones({8, 6, 64}));
  const torch::Tensor kept = f.select(1, 0) > 0;
  for (std::int64_t t = 1; t < 6; ++t) EXPECT_TRUE(torch::equal(f.select(1, t), f.select(1, 0))) << "t = " << t;
  EXPECT_TRUE(torch::allclose(f.select(1, 0).masked_select(kept), torch::full({1}, 1 / ((1 - p) * (1 - p)))));
  const double dropped = 1 - kept.to(torch::kFloat64).mean().item<double>();
  EXPECT_GT(dropped, 0.3);  // expected 1 − 0.75² ≈ 0.44 over 512 units
  EXPECT_LT(dropped, 0.6);
  EXPECT_FALSE(torch::equal(kept[0], kept[1]));
}

// W_io = 0, b = 1, W_hh = I: the state is s_0 = 1 and s_t = 1 + m ⊙ s_{t−1}, so exactly the units the recurrent mask
// m drops stay at 1 from the second step on — the same units at every step if the mask is reused. The output is
// s_t ⊙ o with the output mask o, so s_t = f_t / f_0 wherever o keeps the unit.
TEST(FcRnn, RecurrentDropoutMaskIsTheSameAtEveryStepAndDiffersAcrossSequences) {
  torch::manual_seed(15);
  FcRnn layer(3, 64, 0.25, 0);
  set(layer->weight, torch::zeros({64, 3}));
  set(layer->bias, torch::ones({64}));
  set(layer->weight_hh, torch::eye(64));
  layer->train();
  const torch::Tensor f = layer->forward(torch::randn({4, 6, 3}));
  const torch::Tensor output_kept = f.select(1, 0) > 0;
  const torch::Tensor state = f / f.select(1, 0).unsqueeze(1).clamp_min(1e-12);
  const auto at_one = [&](std::int64_t t) { return torch::isclose(state.select(1, t), torch::ones({4, 64})) & output_kept; };
  const torch::Tensor dropped = at_one(1);
  EXPECT_GT(dropped.sum().item<std::int64_t>(), 0);
  EXPECT_LT(dropped.sum().item<std::int64_t>(), output_kept.sum().item<std::int64_t>());
  for (std::int64_t t = 2; t < 6; ++t) EXPECT_TRUE(torch::equal(at_one(t), dropped)) << "t = " << t;
  EXPECT_FALSE(torch::equal(dropped[0], dropped[1]));
}

TEST(FcRnn, DropsNothingInEvalMode) {
  torch::manual_seed(16);
  FcRnn with_dropout(8, 8, 0.5, 0.5);
  with_dropout->reset_recurrent("orthogonal", 0.5);
  FcRnn without(8, 8, 0, 0);
  set(without->weight, with_dropout->weight);
  set(without->bias, with_dropout->bias);
  set(without->weight_hh, with_dropout->weight_hh);
  with_dropout->eval();
  const torch::Tensor x = torch::randn({2, 4, 8});
  EXPECT_TRUE(torch::equal(with_dropout->forward(x), without->forward(x)));
}

TEST(FcRnn, ZeroRecurrentWeightsStillGetAGradientFromTheSecondStepOn) {
  torch::manual_seed(17);
  FcRnn layer(5, 6, 0, 0);
  layer->forward(torch::rand({2, 3, 5}) + 0.5).sum().backward();
  ASSERT_TRUE(layer->weight_hh.grad().defined());
  EXPECT_GT(layer->weight_hh.grad().abs().sum().item<double>(), 0);  // ∂L/∂W_hh = Σ δ_t f_{t−1}ᵀ

  FcRnn single(5, 6, 0, 0);
  single->forward(torch::rand({2, 1, 5})).sum().backward();
  EXPECT_FALSE(single->weight_hh.grad().defined() && single->weight_hh.grad().abs().sum().item<double>() > 0);
}

}  // namespace
}  // namespace synhead::trainer
