#pragma once
// A GLFW window that shows rendered frames (for `synhead view`). It has its own GL context; frames come in as
// images, so the renderer keeps its headless context and both work on one thread. Needs a display (X11 or
// Wayland; `xvfb-run -a` on a server).

#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

namespace synhead::renderer {

struct PreviewKeys {
  bool quit = false;
  bool toggle_pause = false;
  bool toggle_overlay = false;
  int step = 0;  // −1 / +1: previous / next frame
};

class PreviewWindow {
 public:
  // Throws std::runtime_error naming GLFW's reason when no window can be opened (e.g. no display).
  PreviewWindow(const std::string& title, int width, int height);
  ~PreviewWindow();
  PreviewWindow(const PreviewWindow&) = delete;
  PreviewWindow& operator=(const PreviewWindow&) = delete;

  // Shows an 8-bit BGR image scaled to the window and returns the keys pressed since the last call.
  PreviewKeys show(const cv::Mat& bgr);
  // The window's current content (8-bit BGR), e.g. to verify what a user sees.
  cv::Mat screenshot();
  bool closed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace synhead::renderer
