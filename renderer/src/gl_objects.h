#pragma once
// RAII owners of GL objects and the few helpers the renderer needs (shader programs, textures, framebuffers).
// All functions require the owning context to be current.

#include <string>

#include <opencv2/core/mat.hpp>

#include "gl_check.h"

namespace synhead::renderer {

// A GL name with a deleter; movable, not copyable.
template <void (*Delete)(GLuint)>
class GlName {
 public:
  GlName() = default;
  explicit GlName(GLuint id) : id_(id) {}
  ~GlName() { reset(); }
  GlName(GlName&& other) noexcept : id_(other.id_) { other.id_ = 0; }
  GlName& operator=(GlName&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      other.id_ = 0;
    }
    return *this;
  }
  GlName(const GlName&) = delete;
  GlName& operator=(const GlName&) = delete;
  GLuint get() const { return id_; }
  void reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

void delete_texture(GLuint id);
void delete_buffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_framebuffer(GLuint id);
void delete_renderbuffer(GLuint id);
void delete_program(GLuint id);

using Texture = GlName<delete_texture>;
using Buffer = GlName<delete_buffer>;
using VertexArray = GlName<delete_vertex_array>;
using Framebuffer = GlName<delete_framebuffer>;
using Renderbuffer = GlName<delete_renderbuffer>;
using Program = GlName<delete_program>;

// Compiles and links; a compile or link error becomes a GlError with the driver's log and `name`.
Program link_program(const char* name, const char* vertex_source, const char* fragment_source);
GLint uniform(const Program& program, const char* name);

// A 2D texture of `internal_format`; upload_bgr replaces its content with an 8-bit BGR or BGRA image.
Texture make_texture(GLenum internal_format, int width, int height, GLenum filter);
void upload_bgr(const Texture& texture, const cv::Mat& bgr);
Texture texture_from_bgr(const cv::Mat& bgr, bool mipmaps);

// Throws GlError when the bound framebuffer is incomplete.
void check_framebuffer(const char* what);

}  // namespace synhead::renderer
