#include "synhead/renderer/preview_window.h"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#define GLFW_INCLUDE_NONE
#include <EGL/egl.h>
#include <GLFW/glfw3.h>

#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

#include "gl_objects.h"
#include "synhead/renderer/shaders.h"

namespace synhead::renderer {
namespace {

// libglvnd lets a thread have one API's context current at a time: the headless renderer's EGL context must be
// released before the window's GLX context is made current (the renderer makes its own current again per frame).
void release_egl_context() {
  if (eglGetCurrentContext() != EGL_NO_CONTEXT) eglMakeCurrent(eglGetCurrentDisplay(), EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
}

// Makes the window's context current for the lifetime of the scope, then releases it again.
class WindowContextScope {
 public:
  explicit WindowContextScope(GLFWwindow* window) {
    release_egl_context();
    glfwMakeContextCurrent(window);
  }
  ~WindowContextScope() { glfwMakeContextCurrent(nullptr); }
  WindowContextScope(const WindowContextScope&) = delete;
  WindowContextScope& operator=(const WindowContextScope&) = delete;
};

std::string glfw_error() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "unknown GLFW error";
}

}  // namespace

struct PreviewWindow::State {
  GLFWwindow* window = nullptr;
  Program program;
  VertexArray vao;
  Texture texture;
  PreviewKeys keys;
  cv::Mat last_image;

  void draw(const cv::Mat& bgr);
};

PreviewWindow::PreviewWindow(const std::string& title, int width, int height) : state_(std::make_unique<State>()) {
  if (!glfwInit()) throw std::runtime_error("cannot open a preview window: " + glfw_error() + " (no display? run under `xvfb-run -a`)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  state_->window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!state_->window) {
    const std::string reason = glfw_error();
    glfwTerminate();
    throw std::runtime_error("cannot open a preview window: " + reason);
  }
  glfwSetWindowUserPointer(state_->window, state_.get());
  glfwSetKeyCallback(state_->window, [](GLFWwindow* w, int key, int, int action, int) {
    if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
    auto& keys = static_cast<State*>(glfwGetWindowUserPointer(w))->keys;
    if (key == GLFW_KEY_ESCAPE || key == GLFW_KEY_Q) keys.quit = true;
    if (key == GLFW_KEY_SPACE) keys.toggle_pause = !keys.toggle_pause;
    if (key == GLFW_KEY_L) keys.toggle_overlay = !keys.toggle_overlay;
    if (key == GLFW_KEY_RIGHT) keys.step = 1;
    if (key == GLFW_KEY_LEFT) keys.step = -1;
  });
  WindowContextScope scope(state_->window);
  // The window's context gets its own entry points; with libglvnd they dispatch on whichever context is current.
  if (!gladLoadGL(glfwGetProcAddress)) throw std::runtime_error("cannot load OpenGL for the preview window");
  glfwSwapInterval(1);
  state_->program = link_program("preview", shaders::kFullscreenVert, shaders::kCopyFrag);
  GLuint vao = 0;
  GL_CHECK(glGenVertexArrays(1, &vao));
  state_->vao = VertexArray(vao);
  state_->texture = make_texture(GL_RGB8, 1, 1, GL_LINEAR);
}

PreviewWindow::~PreviewWindow() {
  if (state_->window) {
    {
      WindowContextScope scope(state_->window);
      state_->program.reset();
      state_->vao.reset();
      state_->texture.reset();
    }
    glfwDestroyWindow(state_->window);
  }
  glfwTerminate();
}

void PreviewWindow::State::draw(const cv::Mat& bgr) {
  cv::Mat flipped;
  cv::flip(bgr, flipped, 0);  // a window's framebuffer row 0 is the bottom of the screen
  upload_bgr(texture, flipped);
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, 0));
  GL_CHECK(glViewport(0, 0, width, height));
  GL_CHECK(glUseProgram(program.get()));
  GL_CHECK(glActiveTexture(GL_TEXTURE0));
  GL_CHECK(glBindTexture(GL_TEXTURE_2D, texture.get()));
  GL_CHECK(glUniform1i(uniform(program, "u_image"), 0));
  GL_CHECK(glBindVertexArray(vao.get()));
  GL_CHECK(glDrawArrays(GL_TRIANGLES, 0, 3));
}

PreviewKeys PreviewWindow::show(const cv::Mat& bgr) {
  WindowContextScope scope(state_->window);
  state_->draw(bgr);
  state_->last_image = bgr.clone();
  glfwSwapBuffers(state_->window);
  state_->keys = {};
  glfwPollEvents();
  return state_->keys;
}

cv::Mat PreviewWindow::screenshot() {
  WindowContextScope scope(state_->window);
  // The front buffer's content is undefined after a swap on many systems: draw the last frame again and read the
  // back buffer, which is exactly what the next swap would show.
  if (!state_->last_image.empty()) state_->draw(state_->last_image);
  int width = 0, height = 0;
  glfwGetFramebufferSize(state_->window, &width, &height);
  cv::Mat image(height, width, CV_8UC3);
  GL_CHECK(glReadBuffer(GL_BACK));
  GL_CHECK(glPixelStorei(GL_PACK_ALIGNMENT, 1));
  GL_CHECK(glReadPixels(0, 0, width, height, GL_BGR, GL_UNSIGNED_BYTE, image.data));
  cv::flip(image, image, 0);
  return image;
}

bool PreviewWindow::closed() const { return glfwWindowShouldClose(state_->window); }

}  // namespace synhead::renderer
