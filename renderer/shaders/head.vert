#version 330 core
// Positions are in the canonical head frame (mm); u_rotation/u_translation place the head in the OpenCV camera
// frame and u_projection maps that frame to clip space with image row 0 at the bottom of the framebuffer, so
// glReadPixels returns rows top-down.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec2 a_uv;
layout(location = 3) in vec3 a_color;

uniform mat4 u_projection;
uniform mat3 u_rotation;
uniform vec3 u_translation;

out vec3 v_position;
out vec3 v_normal;
out vec2 v_uv;
out vec3 v_color;

void main() {
  v_position = u_rotation * a_position + u_translation;
  v_normal = u_rotation * a_normal;
  v_uv = a_uv;
  v_color = a_color;
  gl_Position = u_projection * vec4(v_position, 1.0);
}
