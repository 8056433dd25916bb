#version 330 core
// Skin above the neckline, clothes below it (body.h), lit as head.frag lights the head (same light, exposure and
// display gamma). Patterns and the fabric's grain are functions of the canonical position, so they stay on the
// torso as it moves.
in vec3 v_position;
in vec3 v_normal;
in vec3 v_canonical;

uniform vec3 u_light_direction;  // from the light into the scene, camera frame
uniform vec3 u_light_color;
uniform vec3 u_ambient;
uniform float u_exposure;
uniform float u_specular_scale;
uniform vec3 u_skin;             // linear albedo of the head's neck
uniform float u_neckline_mm;     // canonical y where clothes begin at the front
uniform float u_v_neck_mm;       // depth of a V at the front (0 = crew neck)
uniform int u_pattern;           // 0 plain, 1 stripes, 2 checks
uniform vec3 u_cloth;
uniform vec3 u_cloth2;
uniform float u_period_mm;
uniform vec2 u_stripe_axis;      // canonical (x, y) direction across the stripes
uniform float u_chin_top_mm;     // canonical y of the neck's top (the head's cut)

out vec4 o_color;

float grain(vec3 p) { return fract(sin(dot(floor(p / 1.5), vec3(12.9898, 78.233, 37.719))) * 43758.5453); }

void main() {
  vec3 n = normalize(v_normal);
  vec3 to_eye = normalize(-v_position);
  if (dot(n, to_eye) < 0.0) n = -n;  // the open cuts at the shoulders and chest seen from inside
  vec3 p = v_canonical;
  float front = smoothstep(10.0, -30.0, p.z);  // the face looks along −z
  float v_drop = u_v_neck_mm * max(0.0, 1.0 - abs(p.x) / max(u_v_neck_mm * 0.8, 1.0)) * front;
  float neckline = u_neckline_mm + v_drop - 25.0 * (1.0 - front);  // clothes reach higher at the back
  float cloth = smoothstep(neckline - 1.0, neckline + 1.0, p.y);

  vec3 fabric = u_cloth;
  if (u_pattern == 1) {
    float s = dot(p.xy, u_stripe_axis) / u_period_mm;
    fabric = mix(u_cloth, u_cloth2, step(0.5, fract(s)));
  } else if (u_pattern == 2) {
    vec2 c = floor(p.xy / u_period_mm);
    fabric = mix(u_cloth, u_cloth2, mod(c.x + c.y, 2.0));
  }
  fabric *= 0.92 + 0.16 * grain(p);

  // The head's shadow on the front of the neck when the light comes from above.
  vec3 to_light = normalize(-u_light_direction);
  float under_chin = (1.0 - smoothstep(u_chin_top_mm, u_chin_top_mm + 40.0, p.y)) * front * clamp(-to_light.y * 2.0 + 0.3, 0.0, 1.0);
  vec3 skin = u_skin * (1.0 - 0.5 * under_chin);

  vec3 albedo = mix(skin, fabric, cloth);
  float wrap = mix(0.3, 0.5, cloth);  // cloth scatters light further past the terminator than skin
  float diffuse = max((dot(n, to_light) + wrap) / (1.0 + wrap), 0.0);
  vec3 halfway = normalize(to_light + to_eye);
  float strength = mix(0.12, 0.03, cloth) * u_specular_scale;
  float specular = strength * pow(max(dot(n, halfway), 0.0), mix(16.0, 6.0, cloth)) * step(0.0, dot(n, to_light));
  vec3 color = albedo * (u_ambient + u_light_color * diffuse) + u_light_color * specular;
  o_color = vec4(sqrt(clamp(color * u_exposure, 0.0, 1.0)), 1.0);
}
