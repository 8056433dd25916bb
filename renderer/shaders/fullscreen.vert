#version 330 core
// One triangle covering the viewport; v_uv = (0, 0) at the framebuffer's first row, which holds image row 0.
out vec2 v_uv;

void main() {
  vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
  v_uv = corner * 0.5 + 0.5;
  gl_Position = vec4(corner, 0.0, 1.0);
}
