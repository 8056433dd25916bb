#include "synhead/renderer/preview_window.h"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

#include "gl_objects.h"
#include "synhead/renderer/shaders.h"

namespace synhead::renderer {
namespace {

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
  glfwMakeContextCurrent(state_->window);
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
    glfwMakeContextCurrent(state_->window);
    state_->program.reset();
    state_->vao.reset();
    state_->texture.reset();
    glfwDestroyWindow(state_->window);
  }
  glfwTerminate();
}

PreviewKeys PreviewWindow::show(const cv::Mat& bgr) {
  glfwMakeContextCurrent(state_->window);
  cv::Mat flipped;
  cv::flip(bgr, flipped, 0);  // a window's framebuffer row 0 is the bottom of the screen
  upload_bgr(state_->texture, flipped);
  int width = 0, height = 0;
  glfwGetFramebufferSize(state_->window, &width, &height);
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, 0));
  GL_CHECK(glViewport(0, 0, width, height));
  GL_CHECK(glUseProgram(state_->program.get()));
  GL_CHECK(glActiveTexture(GL_TEXTURE0));
  GL_CHECK(glBindTexture(GL_TEXTURE_2D, state_->texture.get()));
  GL_CHECK(glUniform1i(uniform(state_->program, "u_image"), 0));
  GL_CHECK(glUniform1f(uniform(state_->program, "u_weight"), 1.0f));
  GL_CHECK(glBindVertexArray(state_->vao.get()));
  GL_CHECK(glDrawArrays(GL_TRIANGLES, 0, 3));
  glfwSwapBuffers(state_->window);
  state_->keys = {};
  glfwPollEvents();
  return state_->keys;
}

cv::Mat PreviewWindow::screenshot() {
  glfwMakeContextCurrent(state_->window);
  int width = 0, height = 0;
  glfwGetFramebufferSize(state_->window, &width, &height);
  cv::Mat image(height, width, CV_8UC3);
  GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, 0));
  GL_CHECK(glReadBuffer(GL_FRONT));
  GL_CHECK(glPixelStorei(GL_PACK_ALIGNMENT, 1));
  GL_CHECK(glReadPixels(0, 0, width, height, GL_BGR, GL_UNSIGNED_BYTE, image.data));
  cv::flip(image, image, 0);
  return image;
}

bool PreviewWindow::closed() const { return glfwWindowShouldClose(state_->window); }

}  // namespace synhead::renderer
