#include "synhead/trainer/torch_runtime.h"

#include <dlfcn.h>
#include <malloc.h>

#include <limits>
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

// glibc hands allocations above its mmap threshold (128 KiB at first, adapting up to 32 MiB) to fresh mmaps and
// returns free memory at the top of the heap above the trim threshold to the kernel. A training step frees and
// re-allocates the same activation and gradient buffers (tens of MB) every time, so each step paid ~20k minor page
// faults (~80 MB of pages zeroed by the kernel) for the tiny CNN at batch 8 × 8 — most of the backward pass's
// overhead (bench train, 2 threads: 609 → 542 ms per step; 0 faults per step after). Keeping freed memory in the
// process makes later steps reuse it; the cost is that the process keeps its peak heap.
void keep_freed_memory() {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
}

}  // namespace

int configure_torch_threads(int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int wanted = threads > 0 ? threads : cores;
  keep_freed_memory();
  limit_openblas_threads();
  torch::set_num_threads(wanted);
  return torch::get_num_threads();
}

}  // namespace synhead::trainer
