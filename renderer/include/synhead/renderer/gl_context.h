#pragma once
// A headless OpenGL 3.3 core context through EGL, current on the thread that created it (one context per thread:
// render workers each own one). Platforms tried, in order, unless SYNHEAD_EGL_PLATFORM names one:
//   device       EGL_EXT_platform_device — the path on GPU machines (NVIDIA/Mesa drivers), also Mesa's software device
//   surfaceless  EGL_MESA_platform_surfaceless — Mesa llvmpipe without any display
//   default      eglGetDisplay(EGL_DEFAULT_DISPLAY) — whatever the driver picks (needs X unless EGL_PLATFORM is set)
// When none works, the error lists every platform tried and why it failed.

#include <memory>
#include <stdexcept>
#include <string>

namespace synhead::renderer {

class GlContextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class GlContext {
 public:
  // Creates the context and makes it current on this thread; loads GL entry points (glad).
  static std::unique_ptr<GlContext> create_headless();
  ~GlContext();
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  void make_current();
  // "device 0 (EGL 1.5, Mesa llvmpipe …, OpenGL 4.5 core)"-style description, for logs and benchmarks.
  const std::string& description() const { return description_; }

 private:
  GlContext() = default;
  void* display_ = nullptr;
  void* context_ = nullptr;
  std::string description_;
};

// True when a headless context can be created here (tests use it to skip with a clear message).
bool headless_gl_available(std::string* why_not = nullptr);

}  // namespace synhead::renderer
