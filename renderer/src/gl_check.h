#pragma once
// GL_CHECK(call): runs a GL call and turns any pending GL error into a GlError naming the call and its location.
// Private to the renderer: public headers never expose GL.

#include <glad/gl.h>

#include <stdexcept>
#include <string>

namespace synhead::renderer {

class GlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void throw_gl_error(GLenum error, const char* call, const char* file, int line);

}  // namespace synhead::renderer

#define GL_CHECK(call)                                                                    \
  do {                                                                                    \
    call;                                                                                 \
    if (const GLenum gl_check_error = glGetError(); gl_check_error != GL_NO_ERROR)        \
      ::synhead::renderer::throw_gl_error(gl_check_error, #call, __FILE__, __LINE__);     \
  } while (false)
