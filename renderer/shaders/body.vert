#version 330 core
// The torso (body.h): canonical head-frame positions (mm) placed by two rigid motions, the torso's (u_rotation,
// u_translation) and the head's (u_head_rotation, u_head_translation), blended over the neck: the top of the neck
// moves with the head, its base with the shoulders.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;

uniform mat4 u_projection;
uniform mat3 u_rotation;
uniform vec3 u_translation;
uniform mat3 u_head_rotation;
uniform vec3 u_head_translation;
uniform vec2 u_blend_mm;  // canonical y: the head's weight is 1 above x, 0 below y

out vec3 v_position;
out vec3 v_normal;
out vec3 v_canonical;

void main() {
  float w = 1.0 - smoothstep(u_blend_mm.x, u_blend_mm.y, a_position.y);
  v_position = mix(u_rotation * a_position + u_translation, u_head_rotation * a_position + u_head_translation, w);
  v_normal = mix(u_rotation * a_normal, u_head_rotation * a_normal, w);
  v_canonical = a_position;
  gl_Position = u_projection * vec4(v_position, 1.0);
}
