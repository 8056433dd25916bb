// The onnx backend on a tiny one-step graph written here with the ONNX protobuf classes (the contract of
// deploy/model_card.h: crop, state_in → pose_deg, state_out; the card in metadata_props): card read back, outputs
// as the graph computes them, the hidden state carried between frames and cleared; bad files are user errors.

#include <gtest/gtest.h>

#include <fstream>

#include <onnx/onnx_pb.h>
#include <opencv2/core.hpp>

#include "synhead/core/error.h"
#include "synhead/inference/model_backend.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

constexpr int kSize = 32;

void add_tensor_input(onnx::GraphProto& graph, const std::string& name, const std::vector<std::int64_t>& dims,
                      bool output = false) {
  onnx::ValueInfoProto* v = output ? graph.add_output() : graph.add_input();
  v->set_name(name);
  auto* type = v->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  for (auto d : dims) type->mutable_shape()->add_dim()->set_dim_value(d);
}

void add_node(onnx::GraphProto& graph, const std::string& op, const std::vector<std::string>& in, const std::string& out) {
  auto* node = graph.add_node();
  node->set_op_type(op);
  node->set_name(out);
  for (const auto& i : in) node->add_input(i);
  node->add_output(out);
}

deploy::ModelCard tiny_card() {
  deploy::ModelCard card;
  card.synhead_version = "test";
  card.kind = "rnn";
  card.backbone = "tiny";
  card.input_size = kSize;
  card.mean = {0.5f, 0.5f, 0.5f};
  card.std = {0.25f, 0.25f, 0.25f};
  card.pose = true;
  card.state_shape = {1, 3};
  card.crop_margin = 0.3;
  return card;
}

// state_out = state_in + mean colour of the normalised crop; pose_deg = state_out × diag(10, 20, 30).
void write_tiny_model(const std::filesystem::path& file, bool with_card) {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("synhead-test");
  auto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(11);
  auto& graph = *model.mutable_graph();
  graph.set_name("tiny_step");
  add_tensor_input(graph, deploy::kCropInput, {1, 3, kSize, kSize});
  add_tensor_input(graph, deploy::kStateInput, {1, 3});
  auto* w = graph.add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(3);
  w->add_dims(3);
  for (float v : {10.f, 0.f, 0.f, 0.f, 20.f, 0.f, 0.f, 0.f, 30.f}) w->add_float_data(v);
  add_node(graph, "GlobalAveragePool", {deploy::kCropInput}, "pooled");
  add_node(graph, "Flatten", {"pooled"}, "features");
  add_node(graph, "Add", {deploy::kStateInput, "features"}, deploy::kStateOutput);
  add_node(graph, "MatMul", {deploy::kStateOutput, "w"}, deploy::kPoseOutput);
  add_tensor_input(graph, deploy::kPoseOutput, {1, 3}, true);
  add_tensor_input(graph, deploy::kStateOutput, {1, 3}, true);
  if (with_card) {
    for (const auto& [key, value] : tiny_card().to_metadata()) {
      auto* entry = model.add_metadata_props();
      entry->set_key(key);
      entry->set_value(value);
    }
  }
  std::ofstream out(file, std::ios::binary);
  ASSERT_TRUE(model.SerializeToOstream(&out));
}

cv::Mat crop_of(float r, float g, float b) { return cv::Mat(kSize, kSize, CV_32FC3, cv::Scalar(r, g, b)); }

TEST(OnnxBackend, RunsTheStepGraphAndCarriesTheState) {
  testing::TempDir dir;
  write_tiny_model(dir / "tiny.onnx", true);
  const auto backend = load_model_backend(dir / "tiny.onnx", {});
  EXPECT_EQ(backend->name(), "onnx");
  EXPECT_EQ(backend->card().kind, "rnn");
  EXPECT_EQ(backend->card().input_size, kSize);
  EXPECT_DOUBLE_EQ(backend->card().crop_margin, 0.3);
  // RGB (0.75, 0.5, 0.25) normalises to (1, 0, −1).
  const cv::Mat crop = crop_of(0.75f, 0.5f, 0.25f);
  ModelState state;
  auto out = backend->step(crop, state);
  ASSERT_TRUE(out.has_pose);
  EXPECT_NEAR(out.pose_deg[0], 10, 1e-4);
  EXPECT_NEAR(out.pose_deg[1], 0, 1e-4);
  EXPECT_NEAR(out.pose_deg[2], -30, 1e-4);
  ASSERT_EQ(state.values.size(), 3u);
  out = backend->step(crop, state);
  EXPECT_NEAR(out.pose_deg[0], 20, 1e-4);
  EXPECT_NEAR(out.pose_deg[2], -60, 1e-4);
  state.clear();
  out = backend->step(crop, state);
  EXPECT_NEAR(out.pose_deg[0], 10, 1e-4);
}

TEST(OnnxBackend, RefusesGraphsWithoutACardAndFilesThatAreNoModel) {
  testing::TempDir dir;
  write_tiny_model(dir / "plain.onnx", false);
  try {
    load_model_backend(dir / "plain.onnx", {});
    FAIL() << "a graph without a card loaded";
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("synhead.card"), std::string::npos) << e.what();
  }
  testing::write_file(dir / "corrupt.onnx", "this is not a protobuf \x01\x02\x03 at all");
  EXPECT_THROW(load_model_backend(dir / "corrupt.onnx", {}), core::UserError);
  testing::write_file(dir / "corrupt.ckpt", "garbage");
  try {
    load_model_backend(dir / "corrupt.ckpt", {});
    FAIL() << "a corrupt checkpoint loaded";
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt.ckpt"), std::string::npos) << e.what();
  }
  // An ONNX model handed to the torch backend, and a missing file.
  EXPECT_THROW(load_model_backend(dir / "plain.onnx", {"torch", "cpu", 1}), core::UserError);
  EXPECT_THROW(load_model_backend(dir / "missing.onnx", {}), core::UserError);
}

}  // namespace
}  // namespace synhead::inference
