#version 330 core
// The background photo; alpha 0 so that after the head (alpha 1) the resolved alpha is the head's coverage mask.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 o_color;

void main() { o_color = vec4(texture(u_image, v_uv).rgb, 0.0); }
