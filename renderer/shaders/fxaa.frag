#version 330 core
// Fast approximate anti-aliasing: find luma edges, estimate how far along the edge this pixel sits by walking to
// the edge's ends, and blend with the neighbour across the edge accordingly. One full-screen pass, far cheaper
// than 4× MSAA on a software rasteriser. The target already holds the unfiltered image: pixels FXAA leaves alone are
// discarded, because llvmpipe skips the rest of the shader only for blocks whose pixels are all discarded (a plain
// early return still runs every instruction under a mask).
in vec2 v_uv;
uniform sampler2D u_image;
uniform vec2 u_texel;
out vec4 o_color;

float luma(vec4 c) { return dot(c.rgb, vec3(0.299, 0.587, 0.114)); }
float luma_at(vec2 uv) { return luma(texture(u_image, uv)); }

// A neighbour's texel, clamped to the image like CLAMP_TO_EDGE. Every pixel of the region runs the tests below, so
// their reads are exact texel fetches: a bilinear fetch costs llvmpipe four texels and the filter, for the same value.
vec4 texel(ivec2 offset) {
  ivec2 last = textureSize(u_image, 0) - 1;
  return texelFetch(u_image, clamp(ivec2(gl_FragCoord.xy) + offset, ivec2(0), last), 0);
}

void main() {
  vec4 center = texel(ivec2(0, 0));
  vec4 north = texel(ivec2(0, 1));
  vec4 south = texel(ivec2(0, -1));
  vec4 east = texel(ivec2(1, 0));
  vec4 west = texel(ivec2(-1, 0));
  // Alpha is the head's coverage: pixels with no head around them are background photo, already free of
  // rasterisation aliasing; skipping them is most of the saving on a CPU rasteriser.
  if (max(max(center.a, north.a), max(max(south.a, east.a), west.a)) == 0.0) discard;
  float m = luma(center);
  float n = luma(north);
  float s = luma(south);
  float e = luma(east);
  float w = luma(west);
  float lo = min(m, min(min(n, s), min(e, w)));
  float hi = max(m, max(max(n, s), max(e, w)));
  float range = hi - lo;
  if (range < max(0.0625, hi * 0.166)) discard;  // the usual "fast" thresholds: skin texture is left alone
  float ne = luma(texel(ivec2(1, 1)));
  float nw = luma(texel(ivec2(-1, 1)));
  float se = luma(texel(ivec2(1, -1)));
  float sw = luma(texel(ivec2(-1, -1)));

  // Sub-pixel aliasing: how different the pixel is from its neighbourhood.
  float average = (2.0 * (n + s + e + w) + ne + nw + se + sw) / 12.0;
  float subpixel = smoothstep(0.0, 1.0, clamp(abs(average - m) / range, 0.0, 1.0));
  subpixel = subpixel * subpixel * 0.75;

  float horizontal = 2.0 * abs(n + s - 2.0 * m) + abs(ne + se - 2.0 * e) + abs(nw + sw - 2.0 * w);
  float vertical = 2.0 * abs(e + w - 2.0 * m) + abs(ne + nw - 2.0 * n) + abs(se + sw - 2.0 * s);
  bool is_horizontal = horizontal >= vertical;

  float positive = is_horizontal ? n : e;
  float negative = is_horizontal ? s : w;
  float gradient_positive = abs(positive - m);
  float gradient_negative = abs(negative - m);
  vec2 across = is_horizontal ? vec2(0.0, u_texel.y) : vec2(u_texel.x, 0.0);
  float edge_luma;
  float gradient;
  if (gradient_positive >= gradient_negative) {
    edge_luma = 0.5 * (positive + m);
    gradient = gradient_positive;
  } else {
    across = -across;
    edge_luma = 0.5 * (negative + m);
    gradient = gradient_negative;
  }

  // Walk along the edge, half a pixel across it, until the luma leaves the edge's.
  vec2 along = is_horizontal ? vec2(u_texel.x, 0.0) : vec2(0.0, u_texel.y);
  vec2 edge_uv = v_uv + 0.5 * across;
  const float steps[5] = float[5](1.0, 1.5, 2.0, 4.0, 8.0);
  vec2 uv_p = edge_uv + along, uv_n = edge_uv - along;
  float delta_p = luma_at(uv_p) - edge_luma, delta_n = luma_at(uv_n) - edge_luma;
  float threshold = gradient * 0.25;
  bool done_p = abs(delta_p) >= threshold, done_n = abs(delta_n) >= threshold;
  for (int i = 1; i < 5 && !(done_p && done_n); ++i) {
    if (!done_p) {
      uv_p += along * steps[i];
      delta_p = luma_at(uv_p) - edge_luma;
      done_p = abs(delta_p) >= threshold;
    }
    if (!done_n) {
      uv_n -= along * steps[i];
      delta_n = luma_at(uv_n) - edge_luma;
      done_n = abs(delta_n) >= threshold;
    }
  }
  float dist_p = is_horizontal ? (uv_p.x - v_uv.x) : (uv_p.y - v_uv.y);
  float dist_n = is_horizontal ? (v_uv.x - uv_n.x) : (v_uv.y - uv_n.y);
  bool closer_to_p = dist_p < dist_n;
  float nearest = min(dist_p, dist_n);
  // Only blend when the nearer end's luma change has the opposite sign of the centre's.
  bool good_span = ((closer_to_p ? delta_p : delta_n) < 0.0) != ((m - edge_luma) < 0.0);
  float edge_blend = good_span ? 0.5 - nearest / (dist_p + dist_n) : 0.0;
  float blend = max(edge_blend, subpixel);
  o_color = texture(u_image, v_uv + across * blend);
}
