#version 330 core
// Copies (or, with additive blending and u_weight = 1/K, accumulates) a texture: motion-blur sub-frames.
in vec2 v_uv;
uniform sampler2D u_image;
uniform float u_weight;
out vec4 o_color;

void main() { o_color = texture(u_image, v_uv) * u_weight; }
