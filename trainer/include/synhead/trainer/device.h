#pragma once
// Where the model and its tensors live: the `device` key of a training config, `--device` on train, eval and
// report. Data sources always produce batches on the CPU; the training loop, validation and evaluation move them.
// Checkpoints hold CPU tensors and load on any device (checkpoint.h).

#include <string>

#include <c10/core/Device.h>
#include <torch/types.h>

#include "synhead/trainer/batch.h"

namespace synhead::trainer {

// "cpu", "cuda" or "cuda:N" as a device that can be used now. core::UserError naming `origin` (the config key or
// flag, e.g. "device" or "--device") when the name is not one of these, when CUDA is asked for but this libtorch
// has no usable CUDA device (a CPU build, or no driver/GPU), or when index N is not below the device count.
c10::Device resolve_device(const std::string& name, const std::string& origin);

// `tensor` on `device`: the tensor itself when it is already there; from the CPU to a CUDA device through pinned
// (page-locked) host memory with a non-blocking copy, so the transfer overlaps the work queued before it.
torch::Tensor to_device(const torch::Tensor& tensor, const c10::Device& device);

// The batch with its tensors on `device` (ids, flags and index unchanged).
Batch to_device(const Batch& batch, const c10::Device& device);

// Mixed precision for the scope of one forward pass: while alive, CUDA ops run under autocast with bfloat16 (no
// loss scaling needed, unlike float16). Does nothing when `enabled` is false. Only for CUDA devices: the `amp`
// key is refused with device cpu when the config is read.
class CudaAutocast {
 public:
  explicit CudaAutocast(bool enabled);
  ~CudaAutocast();
  CudaAutocast(const CudaAutocast&) = delete;
  CudaAutocast& operator=(const CudaAutocast&) = delete;

 private:
  bool enabled_;
  bool was_enabled_ = false;
};

}  // namespace synhead::trainer
