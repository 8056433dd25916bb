#include "synhead/trainer/torch_runtime.h"

#include <dlfcn.h>

#include <thread>

#include <spdlog/spdlog.h>
#include <torch/torch.h>

namespace synhead::trainer {
namespace {

// OpenBLAS reads OPENBLAS_NUM_THREADS when it is loaded, before main(); its setter is the only way in later. It is
// looked up at run time because which BLAS libtorch ends up with is an update-alternatives choice.
void limit_openblas_threads() {
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(1);
  } else {
    spdlog::debug("torch: OpenBLAS not loaded; BLAS threads left as they are");
  }
}

}  // namespace

int configure_torch_threads(int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int wanted = threads > 0 ? threads : cores;
  limit_openblas_threads();
  torch::set_num_threads(wanted);
  return torch::get_num_threads();
}

}  // namespace synhead::trainer
