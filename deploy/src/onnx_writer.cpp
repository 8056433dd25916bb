#include "synhead/deploy/onnx_writer.h"

#include <onnx/onnx_pb.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"

namespace synhead::deploy {
namespace {

const char* onnx_op(StepOpType type) {
  switch (type) {
    case StepOpType::Conv: return "Conv";
    case StepOpType::Relu: return "Relu";
    case StepOpType::MaxPool: return "MaxPool";
    case StepOpType::GlobalAveragePool: return "GlobalAveragePool";
    case StepOpType::Flatten: return "Flatten";
    case StepOpType::Gemm: return "Gemm";
    case StepOpType::Add: return "Add";
    case StepOpType::Sub: return "Sub";
    case StepOpType::Mul: return "Mul";
    case StepOpType::Sigmoid: return "Sigmoid";
    case StepOpType::Tanh: return "Tanh";
  }
  SYNHEAD_CHECK(false, "unknown step op");
  return "";
}

void add_ints(onnx::NodeProto& node, const char* name, std::initializer_list<std::int64_t> values) {
  onnx::AttributeProto* attribute = node.add_attribute();
  attribute->set_name(name);
  attribute->set_type(onnx::AttributeProto::INTS);
  for (std::int64_t v : values) attribute->add_ints(v);
}

void add_int(onnx::NodeProto& node, const char* name, std::int64_t value) {
  onnx::AttributeProto* attribute = node.add_attribute();
  attribute->set_name(name);
  attribute->set_type(onnx::AttributeProto::INT);
  attribute->set_i(value);
}

// A float tensor value [1, rest...]. The batch is fixed at 1 (a video runs frame by frame): with a free batch
// dimension OpenCV 4.6's importer cannot tell that the GRU's two products have operands of one shape and rejects
// the Mul nodes.
void describe_value(onnx::ValueInfoProto& value, const std::string& name, std::initializer_list<std::int64_t> rest) {
  value.set_name(name);
  onnx::TypeProto_Tensor* tensor = value.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto* shape = tensor->mutable_shape();
  shape->add_dim()->set_dim_value(1);
  for (std::int64_t d : rest) shape->add_dim()->set_dim_value(d);
}

void add_node(onnx::GraphProto& graph, const StepOp& op) {
  onnx::NodeProto* node = graph.add_node();
  node->set_op_type(onnx_op(op.type));
  node->set_name(op.output);
  for (const auto& input : op.inputs) node->add_input(input);
  node->add_output(op.output);
  if (op.type == StepOpType::Conv || op.type == StepOpType::MaxPool) {
    add_ints(*node, "kernel_shape", {op.kernel, op.kernel});
    add_ints(*node, "strides", {op.stride, op.stride});
    add_ints(*node, "pads", {op.padding, op.padding, op.padding, op.padding});
  } else if (op.type == StepOpType::Gemm) {
    add_int(*node, "transB", 1);  // W is stored [out, in] as torch's Linear keeps it
  } else if (op.type == StepOpType::Flatten) {
    add_int(*node, "axis", 1);
  }
}

void add_initializer(onnx::GraphProto& graph, const std::string& name, const torch::Tensor& tensor) {
  onnx::TensorProto* init = graph.add_initializer();
  init->set_name(name);
  init->set_data_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : tensor.sizes()) init->add_dims(d);
  // raw_data is little-endian float32, as the tensor is on every platform synhead builds on.
  init->set_raw_data(tensor.data_ptr<float>(), static_cast<std::size_t>(tensor.numel()) * sizeof(float));
}

}  // namespace

void write_onnx(const StepGraph& step, const ModelCard& card, const std::filesystem::path& file) {
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("synhead");
  model.set_producer_version(card.synhead_version);
  model.set_doc_string("synhead " + card.kind + " model, one time step (docs/conventions.md, \"Exported models\")");
  onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOnnxOpset);
  for (const auto& [key, value] : card.to_metadata()) {
    onnx::StringStringEntryProto* entry = model.add_metadata_props();
    entry->set_key(key);
    entry->set_value(value);
  }

  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name("synhead_" + step.kind + "_step");
  describe_value(*graph.add_input(), kCropInput, {3, step.input_size, step.input_size});
  if (step.recurrent()) describe_value(*graph.add_input(), kStateInput, {step.state_size});
  for (const auto& name : step.output_names()) describe_value(*graph.add_output(), name, {step.output_width(name)});
  for (const auto& [name, tensor] : step.weights) add_initializer(graph, name, tensor);
  for (const auto& op : step.ops) add_node(graph, op);

  core::AtomicFile out(file);
  if (!model.SerializeToOstream(&out.stream())) {
    core::throw_user_error("{}: cannot serialise the ONNX model", file.string());
  }
  out.commit();
}

}  // namespace synhead::deploy
