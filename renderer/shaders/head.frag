#version 330 core
// Blinn-Phong with wrapped diffuse (softer terminator, closer to skin than plain Lambert), in linear RGB. Display
// gamma is kDisplayGamma = 2.0 (head_mesh.h: square in, square root out) rather than 2.2, an exact inverse pair too;
// llvmpipe evaluates sqrt in one instruction where pow costs a log2/exp2 polynomial per channel (≈ −5 % CPU of a 640×480
// dataset frame).
in vec3 v_position;
in vec3 v_normal;
in vec2 v_uv;
in vec3 v_color;

uniform vec3 u_light_direction;  // from the light into the scene, camera frame
uniform vec3 u_light_color;
uniform vec3 u_ambient;
uniform vec3 u_diffuse;
uniform float u_specular;
uniform float u_shininess;
uniform float u_exposure;
uniform bool u_has_texture;
uniform sampler2D u_texture;

out vec4 o_color;

void main() {
  vec3 n = normalize(v_normal);
  vec3 to_eye = normalize(-v_position);
  if (dot(n, to_eye) < 0.0) n = -n;  // inner surfaces (mouth, nostrils) seen from behind
  vec3 albedo = u_diffuse * v_color;
  if (u_has_texture) {
    vec4 texel = texture(u_texture, v_uv);
#ifdef ALPHA_CUTOUT
    if (texel.a < 0.5) discard;  // only in the cut-out variant: llvmpipe depth-tests shaders that may discard late
#endif
    albedo *= texel.rgb * texel.rgb;
  }
  vec3 to_light = normalize(-u_light_direction);
  const float wrap = 0.3;
  float diffuse = max((dot(n, to_light) + wrap) / (1.0 + wrap), 0.0);
  vec3 halfway = normalize(to_light + to_eye);
  float specular = u_specular * pow(max(dot(n, halfway), 0.0), u_shininess) * step(0.0, dot(n, to_light));
  vec3 color = albedo * (u_ambient + u_light_color * diffuse) + u_light_color * specular;
  o_color = vec4(sqrt(clamp(color * u_exposure, 0.0, 1.0)), 1.0);
}
