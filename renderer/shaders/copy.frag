#version 330 core
// Copies a texture to the viewport (the preview window shows frames through it).
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 o_color;

void main() { o_color = texture(u_image, v_uv); }
