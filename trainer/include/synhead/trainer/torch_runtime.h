#pragma once
// Thread settings of libtorch and its BLAS (NOTES-machine.md): torch's intra-op pool defaults to one thread and
// OpenBLAS to every core, which oversubscribes when both run; set both explicitly, once, before any torch work.
// Also the host allocator's settings, which decide how much of a CPU training step goes to page faults.

namespace synhead::trainer {

// Sets torch's intra-op threads to `threads` (0 = every core) and OpenBLAS to one thread when it is the BLAS in
// use, and makes glibc's malloc keep freed memory (no per-step mmap/munmap and heap trimming of the large tensor
// buffers; see torch_runtime.cpp). Returns the intra-op thread count now in effect.
int configure_torch_threads(int threads);

}  // namespace synhead::trainer
