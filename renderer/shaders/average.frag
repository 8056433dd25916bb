#version 330 core
// Motion blur: the mean of the sub-frames, one per layer, each drawn at 8 bits; the mean is rounded once, on output.
// Layers hold the head alone over transparent black (premultiplied: colour × coverage, alpha = coverage), so the
// background is added once here, where the head left it visible, instead of being drawn under every sub-frame.
uniform sampler2DArray u_layers;
uniform sampler2D u_background;
uniform int u_count;
out vec4 o_color;

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  vec4 sum = vec4(0.0);
  for (int k = 0; k < u_count; ++k) sum += texelFetch(u_layers, ivec3(pixel, k), 0);
  vec4 head = sum / float(u_count);
  o_color = vec4(head.rgb + texelFetch(u_background, pixel, 0).rgb * (1.0 - head.a), head.a);
}
