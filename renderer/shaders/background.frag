#version 330 core
// The background; alpha 0 so that after the head (alpha 1) the resolved alpha is the head's coverage mask.
// Once per sequence the photo is stretched to the frame (filtered); frames then copy that frame-sized image texel for
// texel (FRAME_TEXELS), which costs llvmpipe one texel instead of four and the filter.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 o_color;

void main() {
#ifdef FRAME_TEXELS
  o_color = vec4(texelFetch(u_image, ivec2(gl_FragCoord.xy), 0).rgb, 0.0);
#else
  o_color = vec4(texture(u_image, v_uv).rgb, 0.0);
#endif
}
