#version 330 core
// Motion blur: the mean of the sub-frames, one per layer, each drawn at 8 bits; the mean is rounded once, on output.
uniform sampler2DArray u_layers;
uniform int u_count;
out vec4 o_color;

void main() {
  ivec2 pixel = ivec2(gl_FragCoord.xy);
  vec4 sum = vec4(0.0);
  for (int k = 0; k < u_count; ++k) sum += texelFetch(u_layers, ivec3(pixel, k), 0);
  o_color = sum / float(u_count);
}
