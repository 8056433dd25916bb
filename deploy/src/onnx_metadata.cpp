#include "synhead/deploy/onnx_metadata.h"

#include <fstream>

#include <onnx/onnx_pb.h>

#include "synhead/core/error.h"

namespace synhead::deploy {

std::map<std::string, std::string> read_onnx_metadata(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) core::throw_user_error("{}: cannot open the ONNX model", file.string());
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&in) || !model.has_graph()) {
    core::throw_user_error("{}: not an ONNX model (cannot be parsed as onnx.ModelProto)", file.string());
  }
  std::map<std::string, std::string> metadata;
  for (const auto& entry : model.metadata_props()) metadata[entry.key()] = entry.value();
  return metadata;
}

}  // namespace synhead::deploy
