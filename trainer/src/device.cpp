#include "synhead/trainer/device.h"

#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/version.h>

#include "synhead/core/error.h"
#include "synhead/trainer/train_config.h"

// libtorch 2.4 replaced the CUDA-only autocast setters with per-device-type ones (the old ones are deprecated).
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define SYNHEAD_AUTOCAST_PER_DEVICE 1
#else
#define SYNHEAD_AUTOCAST_PER_DEVICE 0
#endif

namespace synhead::trainer {

c10::Device resolve_device(const std::string& name, const std::string& origin) {
  if (!is_device_name(name)) {
    core::throw_user_error("{}: '{}' is not a device (expected cpu, cuda or cuda:N with N a device index)", origin,
                           name);
  }
  if (name == "cpu") return c10::Device(c10::kCPU);
  if (!torch::cuda::is_available()) {
    core::throw_user_error("{}: '{}' asked for, but this libtorch sees no CUDA device (a CPU-only build, or no GPU "
                           "or driver); use cpu",
                           origin, name);
  }
  const c10::Device device(name);
  const auto count = static_cast<std::int64_t>(torch::cuda::device_count());
  if (device.has_index() && device.index() >= count) {
    core::throw_user_error("{}: '{}' asked for, but there {} {} CUDA device{} (cuda:0 … cuda:{})", origin, name,
                           count == 1 ? "is" : "are", count, count == 1 ? "" : "s", count - 1);
  }
  return device;
}

torch::Tensor to_device(const torch::Tensor& tensor, const c10::Device& device) {
  if (!tensor.defined() || tensor.device() == device) return tensor;
  if (tensor.device().is_cpu() && device.is_cuda()) return tensor.pin_memory().to(device, /*non_blocking=*/true);
  return tensor.to(device);
}

Batch to_device(const Batch& batch, const c10::Device& device) {
  Batch moved = batch;
  moved.frames = to_device(batch.frames, device);
  moved.pose_deg = to_device(batch.pose_deg, device);
  moved.landmarks = to_device(batch.landmarks, device);
  moved.visible = to_device(batch.visible, device);
  moved.box = to_device(batch.box, device);
  moved.frame = to_device(batch.frame, device);
  return moved;
}

CudaAutocast::CudaAutocast(bool enabled) : enabled_(enabled) {
  if (!enabled_) return;
#if SYNHEAD_AUTOCAST_PER_DEVICE
  was_enabled_ = at::autocast::is_autocast_enabled(c10::kCUDA);
  at::autocast::set_autocast_dtype(c10::kCUDA, at::kBFloat16);
  at::autocast::set_autocast_enabled(c10::kCUDA, true);
#else
  was_enabled_ = at::autocast::is_enabled();
  at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
  at::autocast::set_enabled(true);
#endif
}

CudaAutocast::~CudaAutocast() {
  if (!enabled_) return;
#if SYNHEAD_AUTOCAST_PER_DEVICE
  at::autocast::set_autocast_enabled(c10::kCUDA, was_enabled_);
#else
  at::autocast::set_enabled(was_enabled_);
#endif
  // The casts of the weights are cached for the duration of one forward pass, as torch.autocast does on exit.
  if (!was_enabled_) at::autocast::clear_cache();
}

}  // namespace synhead::trainer
