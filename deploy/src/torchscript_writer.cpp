#include "synhead/deploy/torchscript_writer.h"

#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>
#include <torch/script.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"

namespace synhead::deploy {
namespace {

// TorchScript attribute names must be identifiers: "backbone.features.0.weight+bn" → "backbone_features_0_weight_bn".
std::string identifier(const std::string& name) {
  std::string id = "w_";
  for (char c : name) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return id;
}

std::string statement(const StepOp& op, const std::map<std::string, std::string>& weights) {
  std::vector<std::string> in;
  for (const auto& name : op.inputs) {
    const auto found = weights.find(name);
    in.push_back(found == weights.end() ? name : "self." + found->second);
  }
  switch (op.type) {
    case StepOpType::Conv:
      return fmt::format("torch.conv2d({}, {}, {}, [{}, {}], [{}, {}])", in[0], in[1], in[2], op.stride, op.stride,
                         op.padding, op.padding);
    case StepOpType::MaxPool:
      return fmt::format("torch.max_pool2d({}, [{}, {}], [{}, {}], [{}, {}])", in[0], op.kernel, op.kernel, op.stride,
                         op.stride, op.padding, op.padding);
    case StepOpType::Relu: return fmt::format("torch.relu({})", in[0]);
    case StepOpType::GlobalAveragePool: return fmt::format("torch.mean({}, [2, 3], True)", in[0]);
    case StepOpType::Flatten: return fmt::format("torch.flatten({}, 1)", in[0]);
    case StepOpType::Gemm: return fmt::format("torch.addmm({}, {}, {}.t())", in[2], in[0], in[1]);
    case StepOpType::Add: return fmt::format("{} + {}", in[0], in[1]);
    case StepOpType::Sub: return fmt::format("{} - {}", in[0], in[1]);
    case StepOpType::Mul: return fmt::format("{} * {}", in[0], in[1]);
    case StepOpType::Sigmoid: return fmt::format("torch.sigmoid({})", in[0]);
    case StepOpType::Tanh: return fmt::format("torch.tanh({})", in[0]);
  }
  SYNHEAD_CHECK(false, "unknown step op");
  return "";
}

std::string forward_source(const StepGraph& graph, const std::map<std::string, std::string>& weights) {
  std::string source = fmt::format("def forward(self, {}):\n", fmt::join(graph.input_names(), ", "));
  for (const auto& op : graph.ops) source += fmt::format("    {} = {}\n", op.output, statement(op, weights));
  std::vector<std::string> entries;
  for (const auto& name : graph.output_names()) entries.push_back(fmt::format("\"{}\": {}", name, name));
  source += fmt::format("    return {{{}}}\n", fmt::join(entries, ", "));
  return source;
}

}  // namespace

void write_torchscript(const StepGraph& graph, const ModelCard& card, const std::filesystem::path& file) {
  torch::jit::Module module("synhead_" + graph.kind + "_step");
  std::map<std::string, std::string> weights;
  std::set<std::string> ids;
  for (const auto& [name, tensor] : graph.weights) {
    const std::string id = identifier(name);
    SYNHEAD_CHECK(ids.insert(id).second, "weight names must stay distinct as identifiers");
    weights[name] = id;
    module.register_buffer(id, tensor);
  }
  module.define(forward_source(graph, weights));
  module.eval();

  std::error_code ec;
  std::filesystem::create_directories(file.parent_path().empty() ? "." : file.parent_path(), ec);
  if (ec) core::throw_user_error("{}: cannot create directory: {}", file.parent_path().string(), ec.message());
  const std::filesystem::path temp = core::temp_sibling(file);
  try {
    module.save(temp.string(), {{kTorchScriptCardFile, card.to_json()}});
  } catch (const c10::Error& e) {
    std::filesystem::remove(temp, ec);
    core::throw_user_error("{}: cannot write the TorchScript model: {}", file.string(), e.what_without_backtrace());
  }
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(temp, ec);
    core::throw_user_error("{}: cannot rename the temporary file into place: {}", file.string(), why);
  }
}

}  // namespace synhead::deploy
