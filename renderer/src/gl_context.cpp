#include "synhead/renderer/gl_context.h"

#include <glad/gl.h>
// glad must come first: it provides the GL types EGL's headers expect.
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace synhead::renderer {
namespace {

std::string egl_error_name(EGLint error) {
  switch (error) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    default: return fmt::format("EGL error 0x{:x}", error);
  }
}

struct Attempt {
  std::string platform;
  EGLDisplay display = EGL_NO_DISPLAY;
  std::string failure;
};

bool has_extension(const char* list, const char* name) {
  if (!list) return false;
  const std::string extensions = std::string(" ") + list + " ";
  return extensions.find(std::string(" ") + name + " ") != std::string::npos;
}

// Client extensions decide which platforms this libEGL can even try.
std::vector<Attempt> candidate_displays() {
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  const char* forced = std::getenv("SYNHEAD_EGL_PLATFORM");
  const std::string only = forced ? forced : "";
  std::vector<Attempt> attempts;
  auto wanted = [&](const char* name) { return only.empty() || only == name; };

  if (wanted("device")) {
    Attempt a{"device", EGL_NO_DISPLAY, ""};
    auto query_devices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLint count = 0;
    EGLDeviceEXT devices[8];
    if (!has_extension(client, "EGL_EXT_platform_device") || !query_devices || !get_platform_display) {
      a.failure = "libEGL lacks EGL_EXT_platform_device";
    } else if (!query_devices(8, devices, &count) || count == 0) {
      a.failure = "no EGL devices found";
    } else {
      a.display = get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[0], nullptr);
      if (a.display == EGL_NO_DISPLAY) a.failure = "eglGetPlatformDisplayEXT(device 0) failed: " + egl_error_name(eglGetError());
    }
    attempts.push_back(a);
  }
  if (wanted("surfaceless")) {
    Attempt a{"surfaceless", EGL_NO_DISPLAY, ""};
    auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (!has_extension(client, "EGL_MESA_platform_surfaceless") || !get_platform_display) {
      a.failure = "libEGL lacks EGL_MESA_platform_surfaceless (not a Mesa driver?)";
    } else {
      a.display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
      if (a.display == EGL_NO_DISPLAY) a.failure = "eglGetPlatformDisplayEXT(surfaceless) failed: " + egl_error_name(eglGetError());
    }
    attempts.push_back(a);
  }
  if (wanted("default")) {
    Attempt a{"default", EGL_NO_DISPLAY, ""};
    a.display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    if (a.display == EGL_NO_DISPLAY) a.failure = "eglGetDisplay(EGL_DEFAULT_DISPLAY) failed (no X display? set EGL_PLATFORM=surfaceless)";
    attempts.push_back(a);
  }
  if (attempts.empty()) attempts.push_back({only, EGL_NO_DISPLAY, "unknown SYNHEAD_EGL_PLATFORM (device | surfaceless | default)"});
  return attempts;
}

// Initialises `display` and creates a 3.3 core context; returns the failure reason or "".
std::string try_create(EGLDisplay display, EGLContext* context, std::string* version) {
  EGLint major = 0, minor = 0;
  if (!eglInitialize(display, &major, &minor)) return "eglInitialize failed: " + egl_error_name(eglGetError());
  *version = fmt::format("EGL {}.{}", major, minor);
  if (!eglBindAPI(EGL_OPENGL_API)) return "eglBindAPI(EGL_OPENGL_API) failed: " + egl_error_name(eglGetError());
  const EGLint config_attributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLConfig config = nullptr;
  EGLint configs = 0;
  const bool no_config_needed = has_extension(eglQueryString(display, EGL_EXTENSIONS), "EGL_KHR_no_config_context");
  if (!eglChooseConfig(display, config_attributes, &config, 1, &configs) || configs == 0) {
    if (!no_config_needed) return "no EGL config supports desktop OpenGL";
    config = EGL_NO_CONFIG_KHR;
  }
  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                       EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  *context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (*context == EGL_NO_CONTEXT) return "eglCreateContext(OpenGL 3.3 core) failed: " + egl_error_name(eglGetError());
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, *context)) {
    const std::string error = egl_error_name(eglGetError());
    eglDestroyContext(display, *context);
    *context = EGL_NO_CONTEXT;
    return "eglMakeCurrent without a surface failed: " + error +
           (error == "EGL_BAD_MATCH" ? " (driver lacks EGL_KHR_surfaceless_context?)" : " (another API's context current on this thread?)");
  }
  if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress))) {
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, *context);
    *context = EGL_NO_CONTEXT;
    return "glad could not load OpenGL 3.3 entry points";
  }
  return "";
}

}  // namespace

std::unique_ptr<GlContext> GlContext::create_headless() {
  std::string report;
  for (auto& attempt : candidate_displays()) {
    if (attempt.display != EGL_NO_DISPLAY) {
      EGLContext context = EGL_NO_CONTEXT;
      std::string egl_version;
      attempt.failure = try_create(attempt.display, &context, &egl_version);
      if (attempt.failure.empty()) {
        std::unique_ptr<GlContext> result(new GlContext());
        result->display_ = attempt.display;
        result->context_ = context;
        result->description_ = fmt::format("EGL {} platform ({}), {}, OpenGL {}", attempt.platform, egl_version,
                                           reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
                                           reinterpret_cast<const char*>(glGetString(GL_VERSION)));
        return result;
      }
    }
    report += fmt::format("\n  - {}: {}", attempt.platform, attempt.failure);
  }
  throw GlContextError("cannot create a headless OpenGL 3.3 core context; platforms tried:" + report +
                       "\n  (install libegl1-mesa-dev and libgl1-mesa-dri for software rendering, or a GPU driver with EGL)");
}

GlContext::~GlContext() {
  if (context_) {
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display_, context_);
  }
}

void GlContext::make_current() {
  if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_))
    throw GlContextError("eglMakeCurrent failed: " + egl_error_name(eglGetError()));
}

bool headless_gl_available(std::string* why_not) {
  try {
    GlContext::create_headless();
    return true;
  } catch (const GlContextError& e) {
    if (why_not) *why_not = e.what();
    return false;
  }
}

}  // namespace synhead::renderer
