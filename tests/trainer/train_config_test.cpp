#include <gtest/gtest.h>

#include "synhead/core/config.h"
#include "synhead/trainer/device.h"
#include "synhead/trainer/train_config.h"

#include <torch/cuda.h>

#include "user_error.h"

namespace synhead::trainer {
namespace {

const std::string kConfigPath = std::string(SYNHEAD_SOURCE_DIR) + "/configs/train_perframe.yaml";

// configs/train_perframe.yaml documents the built-in defaults: the two must not drift apart.
TEST(TrainConfig, ShippedFileEqualsBuiltInDefaults) {
  const auto from_file = core::load_config<TrainConfig>(core::ConfigDocument::from_file(kConfigPath));
  YAML::Node file = core::config_to_node(from_file);
#ifndef SYNHEAD_WITH_STREAM
  // Without the render stream data.stream has no defaults: the file's section is kept as written, unchecked.
  ASSERT_TRUE(file["data"]["stream"]);
  file["data"].remove("stream");
#endif
  EXPECT_EQ(core::node_to_yaml(file), core::config_to_yaml(TrainConfig{}));
}

void expect_documented(const YAML::Node& defaults, const YAML::Node& file, const std::string& prefix) {
  for (const auto& entry : defaults) {
    const auto key = entry.first.as<std::string>();
    ASSERT_TRUE(file[key]) << prefix << key;
    if (entry.second.IsMap()) expect_documented(entry.second, file[key], prefix + key + ".");
  }
}

// Every key except the stream's render-config, which is configs/synhead.yaml's vocabulary, documented there.
TEST(TrainConfig, EveryKeyIsInTheShippedFile) {
  YAML::Node defaults = core::config_to_node(TrainConfig{});
  defaults["data"]["stream"].remove("dataset");
  expect_documented(defaults, YAML::LoadFile(kConfigPath), "");
}

TEST(TrainConfig, DeviceNamesAreCpuCudaOrCudaIndex) {
  for (const char* name : {"cpu", "cuda", "cuda:0", "cuda:12"}) EXPECT_TRUE(is_device_name(name)) << name;
  for (const char* name : {"", "gpu", "CPU", "cuda:", "cuda:x", "cuda:-1", "cuda:0:1", "cuda0", "mps"}) {
    EXPECT_FALSE(is_device_name(name)) << name;
  }
  const auto load = [](const std::string& yaml) {
    return core::load_config<TrainConfig>(core::ConfigDocument::from_string(yaml, "test.yaml"));
  };
  EXPECT_EQ(load("device: cuda:1").device, "cuda:1");
  const std::string bad = testing::user_error_of([&] { load("device: gpu"); });
  EXPECT_NE(bad.find("device"), std::string::npos) << bad;
  EXPECT_NE(bad.find("cpu, cuda or cuda:N"), std::string::npos) << bad;
  const std::string amp = testing::user_error_of([&] { load("amp: true"); });
  EXPECT_NE(amp.find("amp"), std::string::npos) << amp;
  EXPECT_TRUE(load("amp: true\ndevice: cuda").amp);
  EXPECT_NE(testing::user_error_of([&] { load("eval_chunk_frames: 0"); }).find("eval_chunk_frames"), std::string::npos);
}

TEST(Devices, ResolveNamesTheOriginOfABadOrUnavailableDevice) {
  EXPECT_EQ(resolve_device("cpu", "device"), c10::Device(c10::kCPU));
  const std::string bad = testing::user_error_of([] { resolve_device("gpu", "--device"); });
  EXPECT_NE(bad.find("--device: 'gpu' is not a device"), std::string::npos) << bad;
  if (!torch::cuda::is_available()) {
    const std::string missing = testing::user_error_of([] { resolve_device("cuda:0", "device"); });
    EXPECT_NE(missing.find("no CUDA device"), std::string::npos) << missing;
  } else {
    EXPECT_TRUE(resolve_device("cuda", "device").is_cuda());
  }
}

TEST(Devices, TensorsAlreadyOnTheDeviceAreNotCopied) {
  const torch::Tensor t = torch::ones({2, 3});
  EXPECT_TRUE(to_device(t, c10::Device(c10::kCPU)).is_same(t));
  Batch batch;
  batch.frames = t;
  batch.sequence = {"a", "b"};
  const Batch moved = to_device(batch, c10::Device(c10::kCPU));
  EXPECT_TRUE(moved.frames.is_same(t));
  EXPECT_FALSE(moved.pose_deg.defined());
  EXPECT_EQ(moved.sequence, batch.sequence);
}

}  // namespace
}  // namespace synhead::trainer
