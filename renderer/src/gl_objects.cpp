#include "gl_objects.h"

#include <vector>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

namespace synhead::renderer {

void throw_gl_error(GLenum error, const char* call, const char* file, int line) {
  const char* name = "unknown";
  switch (error) {
    case GL_INVALID_ENUM: name = "GL_INVALID_ENUM"; break;
    case GL_INVALID_VALUE: name = "GL_INVALID_VALUE"; break;
    case GL_INVALID_OPERATION: name = "GL_INVALID_OPERATION"; break;
    case GL_INVALID_FRAMEBUFFER_OPERATION: name = "GL_INVALID_FRAMEBUFFER_OPERATION"; break;
    case GL_OUT_OF_MEMORY: name = "GL_OUT_OF_MEMORY"; break;
  }
  throw GlError(fmt::format("OpenGL error {} (0x{:x}) after {} at {}:{}", name, error, call, file, line));
}

void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_renderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
void delete_program(GLuint id) { glDeleteProgram(id); }

namespace {

GLuint compile(GLenum type, const char* source, const char* name) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint length = 0;
    glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetShaderInfoLog(shader, length, nullptr, log.data());
    glDeleteShader(shader);
    throw GlError(fmt::format("compiling the {} {} shader failed:\n{}", name, type == GL_VERTEX_SHADER ? "vertex" : "fragment", log));
  }
  return shader;
}

}  // namespace

Program link_program(const char* name, const char* vertex_source, const char* fragment_source) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_source, name);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_source, name);
  Program program(glCreateProgram());
  glAttachShader(program.get(), vs);
  glAttachShader(program.get(), fs);
  glLinkProgram(program.get());
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint length = 0;
    glGetProgramiv(program.get(), GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
    glGetProgramInfoLog(program.get(), length, nullptr, log.data());
    throw GlError(fmt::format("linking the {} program failed:\n{}", name, log));
  }
  return program;
}

GLint uniform(const Program& program, const char* name) { return glGetUniformLocation(program.get(), name); }

Texture make_texture(GLenum internal_format, int width, int height, GLenum filter) {
  GLuint id = 0;
  GL_CHECK(glGenTextures(1, &id));
  Texture texture(id);
  GL_CHECK(glBindTexture(GL_TEXTURE_2D, id));
  const bool depth = internal_format == GL_DEPTH_COMPONENT24 || internal_format == GL_DEPTH_COMPONENT32F;
  const GLenum format = depth ? GL_DEPTH_COMPONENT : GL_RGBA;
  const GLenum type = depth ? GL_FLOAT : GL_UNSIGNED_BYTE;
  GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal_format), width, height, 0, format, type, nullptr));
  GL_CHECK(glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, static_cast<GLint>(filter)));
  const GLenum magnify = filter == GL_NEAREST ? GL_NEAREST : GL_LINEAR;  // mipmap modes only minify
  GL_CHECK(glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, static_cast<GLint>(magnify)));
  GL_CHECK(glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE));
  GL_CHECK(glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE));
  return texture;
}

void upload_bgr(const Texture& texture, const cv::Mat& image) {
  const cv::Mat continuous = image.isContinuous() ? image : image.clone();
  const bool alpha = continuous.channels() == 4;
  GL_CHECK(glBindTexture(GL_TEXTURE_2D, texture.get()));
  GL_CHECK(glPixelStorei(GL_UNPACK_ALIGNMENT, 1));
  GL_CHECK(glTexImage2D(GL_TEXTURE_2D, 0, alpha ? GL_RGBA8 : GL_RGB8, continuous.cols, continuous.rows, 0,
                        alpha ? GL_BGRA : GL_BGR, GL_UNSIGNED_BYTE, continuous.data));
}

Texture texture_from_bgr(const cv::Mat& bgr, bool mipmaps) {
  Texture texture = make_texture(GL_RGB8, 1, 1, mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
  upload_bgr(texture, bgr);
  if (mipmaps) GL_CHECK(glGenerateMipmap(GL_TEXTURE_2D));
  return texture;
}

void check_framebuffer(const char* what) {
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE) throw GlError(fmt::format("{} framebuffer incomplete (status 0x{:x})", what, status));
}

}  // namespace synhead::renderer
