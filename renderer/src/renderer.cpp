#include "synhead/renderer/renderer.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/trigonometric.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <glm/mat4x4.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "gl_objects.h"
#include "synhead/core/error.h"
#include "synhead/renderer/gl_context.h"
#include "synhead/renderer/mesh_levels.h"
#include "synhead/renderer/shaders.h"

namespace synhead::renderer {

// Every GL call of the process runs under this lock, one context at a time. Mesa 22.3's llvmpipe (Debian 12) crashed
// inside glDrawElements (SIGSEGV in swrast_dri.so) while another context was drawing on another thread: twice in the
// first 930 batches of a stream training with two render workers. Its rasteriser is shared by every context of the
// process anyway, so each frame still uses every core; workers still overlap all their non-GL work (crops,
// nuisances, encoding). Recursive: public methods call each other.
namespace {
std::recursive_mutex& gl_mutex() {
  static std::recursive_mutex mutex;
  return mutex;
}
}  // namespace

class GpuHead {
 public:
  // GL objects are deleted in the context that made them, if it still exists, under the GL lock.
  ~GpuHead() {
    const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
    if (auto current = context.lock()) current->make_current();
    vao = VertexArray();
    vertices = Buffer();
    indices = Buffer();
    textures.clear();
  }
  const void* owner = nullptr;  // the Renderer::State whose context holds these objects
  std::weak_ptr<GlContext> context;
  VertexArray vao;
  Buffer vertices, indices;
  std::vector<Texture> textures;  // per material; empty name when the material has no texture
  std::vector<Material> materials;
  // Per mesh level (mesh_levels.h): its submeshes as ranges of the one index buffer, and its surface error.
  std::vector<std::vector<SubMesh>> level_submeshes;
  std::vector<double> level_errors_mm;
  std::array<glm::vec3, dataset::kLandmarkCount> landmarks{};
  float radius = 0;
  glm::vec3 box_min{0.0f}, box_max{0.0f};  // axis-aligned bounds in the head frame
  glm::vec3 neck_albedo{0.4f};  // linear RGB of the mesh's lowest part: the colour a body's skin continues with
};

namespace {

struct Vertex {
  glm::vec3 position, normal;
  glm::vec2 uv;
  glm::vec3 color;
};

int msaa_samples(const std::string& antialiasing) {
  if (antialiasing.rfind("msaa", 0) == 0) return std::stoi(antialiasing.substr(4));
  return 0;
}

// OpenCV camera frame → clip space; image row v maps to framebuffer row v (row 0 at the bottom), so reading the
// framebuffer bottom-up yields the image top-down. Pixel centres land at +0.5, as in the label projection.
glm::mat4 projection(const dataset::Intrinsics& k, double near_mm, double far_mm) {
  glm::dmat4 p(0.0);  // glm is column-major: p[col][row]
  p[0][0] = 2 * k.fx / k.width;
  p[2][0] = 2 * k.cx / k.width - 1;
  p[1][1] = 2 * k.fy / k.height;
  p[2][1] = 2 * k.cy / k.height - 1;
  p[2][2] = (far_mm + near_mm) / (far_mm - near_mm);
  p[3][2] = -2 * far_mm * near_mm / (far_mm - near_mm);
  p[2][3] = 1;
  return glm::mat4(p);
}

// The pixels the head's bounding box covers at `pose`, plus 2 pixels for the anti-aliasing filter's reach: the
// projection of a convex box is the hull of its projected corners, so this contains every head pixel.
cv::Rect head_screen_rect(const dataset::Pose& pose, const glm::vec3& lo, const glm::vec3& hi, const dataset::Intrinsics& k) {
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int corner = 0; corner < 8; ++corner) {
    const glm::dvec3 p(corner & 1 ? hi.x : lo.x, corner & 2 ? hi.y : lo.y, corner & 4 ? hi.z : lo.z);
    const glm::dvec3 c = pose.to_camera(p);
    if (c.z <= 1.0) return cv::Rect(0, 0, k.width, k.height);  // the box reaches behind the camera
    const glm::dvec2 q = k.project(c);
    x0 = std::min(x0, q.x);
    y0 = std::min(y0, q.y);
    x1 = std::max(x1, q.x);
    y1 = std::max(y1, q.y);
  }
  const int left = static_cast<int>(std::floor(x0)) - 2, top = static_cast<int>(std::floor(y0)) - 2;
  return {left, top, static_cast<int>(std::ceil(x1)) + 2 - left, static_cast<int>(std::ceil(y1)) + 2 - top};
}

// Sub-frames are spaced at most this far apart on screen: closer than that, blur needs no more samples.
constexpr double kBlurStepPx = 1.5;
// A smear shorter than this (half a pixel) is not rendered: it would soften only the finest detail, by less than
// FXAA does, and most frames are in fixations where the head merely trembles; each extra sub-frame costs a full
// head draw plus the accumulation.
constexpr double kMinBlurPx = 0.5;

// The largest on-screen distance a corner of the head's bounding box moves between two poses.
double screen_travel_px(const dataset::Pose& a, const dataset::Pose& b, const glm::vec3& lo, const glm::vec3& hi, const dataset::Intrinsics& k) {
  double travel = 0;
  for (int corner = 0; corner < 8; ++corner) {
    const glm::dvec3 p(corner & 1 ? hi.x : lo.x, corner & 2 ? hi.y : lo.y, corner & 4 ? hi.z : lo.z);
    const glm::dvec3 ca = a.to_camera(p), cb = b.to_camera(p);
    if (ca.z <= 1.0 || cb.z <= 1.0) return INFINITY;
    travel = std::max(travel, glm::length(k.project(ca) - k.project(cb)));
  }
  return travel;
}

dataset::Pose interpolate(const dataset::Pose& a, const dataset::Pose& b, double alpha) {
  const auto qa = glm::quat_cast(a.rotation), qb = glm::quat_cast(b.rotation);
  return {glm::mat3_cast(motion_tracks::slerp_shortest(qa, qb, alpha)),
          a.translation_mm + alpha * (b.translation_mm - a.translation_mm)};
}

// The mean linear albedo (material colour × vertex colour × texel) of the vertices in the mesh's lowest 15 mm: the
// neck's skin where a body joins it.
glm::vec3 lowest_albedo(const HeadMesh& mesh) {
  float lowest = -INFINITY;
  for (const auto& p : mesh.positions) lowest = std::max(lowest, p.y);
  glm::dvec3 sum(0.0);
  std::size_t count = 0;
  for (const auto& sub : mesh.submeshes) {
    const Material& material = mesh.materials[static_cast<std::size_t>(sub.material)];
    for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; ++i) {
      const std::uint32_t v = mesh.indices[i];
      if (mesh.positions[v].y < lowest - 15) continue;
      glm::vec3 albedo = material.diffuse * (mesh.colors.empty() ? glm::vec3(1.0f) : mesh.colors[v]);
      if (!material.texture.empty() && !mesh.uvs.empty()) {
        const cv::Mat& t = material.texture;
        const int x = std::clamp(static_cast<int>(mesh.uvs[v].x * static_cast<float>(t.cols)), 0, t.cols - 1);
        const int y = std::clamp(static_cast<int>(mesh.uvs[v].y * static_cast<float>(t.rows)), 0, t.rows - 1);
        const auto* texel = t.ptr<std::uint8_t>(y) + static_cast<std::ptrdiff_t>(x) * t.channels();
        const glm::vec3 rgb(texel[2] / 255.0f, texel[1] / 255.0f, texel[0] / 255.0f);
        albedo *= rgb * rgb;  // kDisplayGamma
      }
      sum += glm::dvec3(albedo);
      ++count;
    }
  }
  return count == 0 ? glm::vec3(0.4f) : glm::vec3(sum / static_cast<double>(count));
}

}  // namespace

dataset::FrameLabels project_labels(const dataset::Pose& pose, const std::array<glm::vec3, dataset::kLandmarkCount>& landmarks, const dataset::Intrinsics& camera) {
  dataset::FrameLabels labels;
  labels.rotation = pose.rotation;
  labels.translation_mm = pose.translation_mm;
  labels.angles = motion_tracks::euler_from_rotation(pose.rotation);
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    const glm::dvec3 c = pose.to_camera(glm::dvec3(landmarks[static_cast<std::size_t>(i)]));
    const glm::dvec2 p = camera.project(c);
    labels.landmarks[static_cast<std::size_t>(i)] = p;
    labels.visible[static_cast<std::size_t>(i)] = c.z > 0 && p.x >= 0 && p.y >= 0 && p.x < camera.width && p.y < camera.height;
    x0 = std::min(x0, p.x);
    y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x);
    y1 = std::max(y1, p.y);
  }
  labels.box = {x0, y0, x1 - x0, y1 - y0};
  return labels;
}

struct Renderer::State {
  ~State() {
    if (context) context->make_current();  // the GL members below are deleted in this context
  }
  std::shared_ptr<GlContext> context;
  int width = 0, height = 0, samples = 0;
  bool fxaa = false;
  Program head_program, cutout_program, body_program, background_program, frame_background_program, average_program, fxaa_program;
  VertexArray empty_vao;
  Texture background;          // the photo as given
  Texture background_frame;    // stretched to the frame (background_fbo), once per set_background
  Framebuffer background_fbo;
  bool has_background = false;
  // The background as rendered (BGR, and BGRA with alpha 0), read back once per set_background: frames draw and read
  // back only the head's screen region and take every other pixel from here.
  cv::Mat background_bgr, background_bgra;
  // scene: where geometry is drawn (multisampled when MSAA is on); resolved: its single-sample colour + depth.
  // Motion blur: sub-frame k ends up in layer k of blur_layers (layer_fbos[k]), and their mean in accum. Without
  // MSAA a sub-frame is drawn straight into its layer (layer_fbos share resolved's depth): llvmpipe queues the
  // sub-frames back to back, where drawing into resolved and copying out made the render thread wait for the
  // rasteriser twice per sub-frame.
  Framebuffer scene_fbo, resolved_fbo, accum_fbo, output_fbo;
  std::vector<Framebuffer> layer_fbos;
  Renderbuffer scene_color_rb, scene_depth_rb;
  Texture resolved_color, resolved_depth, accum_color, output_color, blur_layers;

  void create_targets(int blur_samples);
  // Clears depth and draws the background inside `rect` only (pixels outside it keep what they held before), or
  // without `over_background` clears colour to transparent black there (blur layers: average.frag adds the
  // background). Without MSAA the scene goes to `target` (resolved_fbo or a blur layer); with MSAA to scene_fbo.
  void begin_scene(const cv::Rect& rect, GLuint target, bool over_background = true);
  void draw_head(const dataset::Pose& pose, const HeadInstance& head, std::size_t level, const dataset::Intrinsics& camera, double near_mm, double far_mm);
  // The torso under the head at `pose` (body.h); uploads the body mesh on first use.
  void draw_body(const dataset::Pose& pose, const HeadInstance& head, const dataset::Intrinsics& camera, double near_mm, double far_mm);
  std::shared_ptr<const GpuHead> body;  // the body mesh in this context, once a frame needed it
  // Resolves MSAA inside the rect begin_scene set.
  void end_scene();
  void draw_fullscreen(const Program& program, const Texture& source);
};

void Renderer::State::create_targets(int blur_samples) {
  GLuint id = 0;
  auto new_fbo = [&]() {
    GL_CHECK(glGenFramebuffers(1, &id));
    return Framebuffer(id);
  };
  if (samples > 0) {
    scene_fbo = new_fbo();
    GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, scene_fbo.get()));
    GL_CHECK(glGenRenderbuffers(1, &id));
    scene_color_rb = Renderbuffer(id);
    GL_CHECK(glBindRenderbuffer(GL_RENDERBUFFER, id));
    GL_CHECK(glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_RGBA8, width, height));
    GL_CHECK(glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, id));
    GL_CHECK(glGenRenderbuffers(1, &id));
    scene_depth_rb = Renderbuffer(id);
    GL_CHECK(glBindRenderbuffer(GL_RENDERBUFFER, id));
    GL_CHECK(glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, GL_DEPTH_COMPONENT24, width, height));
    GL_CHECK(glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, id));
    check_framebuffer("multisampled scene");
  }
  resolved_fbo = new_fbo();
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, resolved_fbo.get()));
  resolved_color = make_texture(GL_RGBA8, width, height, GL_LINEAR);
  GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, resolved_color.get(), 0));
  resolved_depth = make_texture(GL_DEPTH_COMPONENT24, width, height, GL_NEAREST);
  GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, resolved_depth.get(), 0));
  check_framebuffer("scene");

  // 8-bit layers averaged in one pass rather than each sub-frame blended into a float target: llvmpipe copies and
  // samples 8-bit images on its fast paths, and FXAA then reads 8 bits too (−5 % CPU per 640×480 dataset frame).
  accum_fbo = new_fbo();
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, accum_fbo.get()));
  accum_color = make_texture(GL_RGBA8, width, height, GL_LINEAR);
  GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, accum_color.get(), 0));
  check_framebuffer("motion-blur mean");
  if (blur_samples > 1) {
    GL_CHECK(glGenTextures(1, &id));
    blur_layers = Texture(id);
    GL_CHECK(glBindTexture(GL_TEXTURE_2D_ARRAY, id));
    GL_CHECK(glTexImage3D(GL_TEXTURE_2D_ARRAY, 0, GL_RGBA8, width, height, blur_samples, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr));
    GL_CHECK(glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MIN_FILTER, GL_NEAREST));
    GL_CHECK(glTexParameteri(GL_TEXTURE_2D_ARRAY, GL_TEXTURE_MAG_FILTER, GL_NEAREST));
    for (int k = 0; k < blur_samples; ++k) {
      layer_fbos.push_back(new_fbo());
      GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, layer_fbos.back().get()));
      GL_CHECK(glFramebufferTextureLayer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, blur_layers.get(), 0, k));
      if (samples == 0) GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, resolved_depth.get(), 0));
      check_framebuffer("motion-blur layer");
    }
  }

  background_fbo = new_fbo();
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, background_fbo.get()));
  background_frame = make_texture(GL_RGBA8, width, height, GL_NEAREST);
  GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, background_frame.get(), 0));
  check_framebuffer("background");

  output_fbo = new_fbo();
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, output_fbo.get()));
  output_color = make_texture(GL_RGBA8, width, height, GL_NEAREST);
  GL_CHECK(glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, output_color.get(), 0));
  check_framebuffer("output");
}

void Renderer::State::draw_fullscreen(const Program& program, const Texture& source) {
  GL_CHECK(glUseProgram(program.get()));
  GL_CHECK(glActiveTexture(GL_TEXTURE0));
  GL_CHECK(glBindTexture(GL_TEXTURE_2D, source.get()));
  GL_CHECK(glUniform1i(uniform(program, "u_image"), 0));
  if (const GLint t = uniform(program, "u_texel"); t >= 0) GL_CHECK(glUniform2f(t, 1.0f / static_cast<float>(width), 1.0f / static_cast<float>(height)));
  GL_CHECK(glBindVertexArray(empty_vao.get()));
  GL_CHECK(glDrawArrays(GL_TRIANGLES, 0, 3));
}

void Renderer::State::begin_scene(const cv::Rect& rect, GLuint target, bool over_background) {
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, samples > 0 ? scene_fbo.get() : target));
  GL_CHECK(glViewport(0, 0, width, height));
  GL_CHECK(glEnable(GL_SCISSOR_TEST));  // clears, draws and the MSAA resolve blits all respect it
  GL_CHECK(glScissor(rect.x, rect.y, rect.width, rect.height));  // framebuffer rows = image rows
  GL_CHECK(glDisable(GL_BLEND));
  GL_CHECK(glDepthMask(GL_TRUE));  // clears respect it
  if (!over_background) {
    GL_CHECK(glClearColor(0, 0, 0, 0));
    GL_CHECK(glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT));
    return;
  }
  GL_CHECK(glClear(GL_DEPTH_BUFFER_BIT));
  GL_CHECK(glDisable(GL_DEPTH_TEST));
  GL_CHECK(glDepthMask(GL_FALSE));
  draw_fullscreen(frame_background_program, background_frame);
}

namespace {

// `source` with `#define name` after its #version line.
std::string with_define(const std::string& source, const char* name) {
  const std::size_t line_end = source.find('\n') + 1;
  return source.substr(0, line_end) + "#define " + name + "\n" + source.substr(line_end);
}

bool alpha_cutout(const GpuHead& gpu, const SubMesh& sub) {
  const auto m = static_cast<std::size_t>(sub.material);
  return gpu.textures[m].get() != 0 && gpu.materials[m].alpha_cutout;
}

void set_pose_uniforms(const Program& program, const dataset::Pose& pose, const dataset::Intrinsics& camera, double near_mm, double far_mm) {
  const glm::mat4 proj = projection(camera, near_mm, far_mm);
  const glm::mat3 rotation(pose.rotation);
  const glm::vec3 translation(pose.translation_mm);
  GL_CHECK(glUniformMatrix4fv(uniform(program, "u_projection"), 1, GL_FALSE, glm::value_ptr(proj)));
  GL_CHECK(glUniformMatrix3fv(uniform(program, "u_rotation"), 1, GL_FALSE, glm::value_ptr(rotation)));
  GL_CHECK(glUniform3fv(uniform(program, "u_translation"), 1, glm::value_ptr(translation)));
}

void draw_submesh(const SubMesh& sub) {
  GL_CHECK(glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(sub.index_count), GL_UNSIGNED_INT,
                          reinterpret_cast<const void*>(static_cast<std::uintptr_t>(sub.first_index) * sizeof(std::uint32_t))));
}

}  // namespace

void Renderer::State::draw_head(const dataset::Pose& pose, const HeadInstance& head, std::size_t level, const dataset::Intrinsics& camera, double near_mm,
                                double far_mm) {
  GL_CHECK(glEnable(GL_DEPTH_TEST));
  GL_CHECK(glDepthMask(GL_TRUE));
  const GpuHead& gpu = *head.gpu;
  GL_CHECK(glBindVertexArray(gpu.vao.get()));
  const Appearance& a = head.appearance;
  for (const Program* program : {&head_program, &cutout_program}) {
    GL_CHECK(glUseProgram(program->get()));
    set_pose_uniforms(*program, pose, camera, near_mm, far_mm);
    GL_CHECK(glUniform3fv(uniform(*program, "u_light_direction"), 1, glm::value_ptr(a.light_direction)));
    GL_CHECK(glUniform3fv(uniform(*program, "u_light_color"), 1, glm::value_ptr(a.light_color)));
    GL_CHECK(glUniform3fv(uniform(*program, "u_ambient"), 1, glm::value_ptr(a.ambient)));
    GL_CHECK(glUniform1f(uniform(*program, "u_exposure"), a.exposure));
    GL_CHECK(glUniform1i(uniform(*program, "u_texture"), 0));
  }
  for (const auto& sub : gpu.level_submeshes[level]) {
    const auto m = static_cast<std::size_t>(sub.material);
    const Material& material = gpu.materials[m];
    const Program& program = alpha_cutout(gpu, sub) ? cutout_program : head_program;
    GL_CHECK(glUseProgram(program.get()));
    GL_CHECK(glUniform3fv(uniform(program, "u_diffuse"), 1, glm::value_ptr(material.diffuse)));
    GL_CHECK(glUniform1f(uniform(program, "u_specular"), material.specular * a.specular_scale));
    GL_CHECK(glUniform1f(uniform(program, "u_shininess"), material.shininess));
    GL_CHECK(glUniform1i(uniform(program, "u_has_texture"), gpu.textures[m].get() != 0));
    GL_CHECK(glActiveTexture(GL_TEXTURE0));
    GL_CHECK(glBindTexture(GL_TEXTURE_2D, gpu.textures[m].get()));
    draw_submesh(sub);
  }
}

void Renderer::State::draw_body(const dataset::Pose& pose, const HeadInstance& head, const dataset::Intrinsics& camera, double near_mm,
                                double far_mm) {
  const BodyLook& look = *head.body;
  const dataset::Pose torso = body_pose(pose, look);
  const Program& program = body_program;
  GL_CHECK(glEnable(GL_DEPTH_TEST));
  GL_CHECK(glDepthMask(GL_TRUE));
  GL_CHECK(glUseProgram(program.get()));
  set_pose_uniforms(program, torso, camera, near_mm, far_mm);
  GL_CHECK(glUniformMatrix3fv(uniform(program, "u_head_rotation"), 1, GL_FALSE, glm::value_ptr(glm::mat3(pose.rotation))));
  GL_CHECK(glUniform3fv(uniform(program, "u_head_translation"), 1, glm::value_ptr(glm::vec3(pose.translation_mm))));
  GL_CHECK(glUniform2f(uniform(program, "u_blend_mm"), static_cast<float>(kNeckBlendTopMm), static_cast<float>(kNeckBlendBottomMm)));
  GL_CHECK(glUniform1f(uniform(program, "u_chin_top_mm"), static_cast<float>(kNeckBlendTopMm)));
  const Appearance& a = head.appearance;
  GL_CHECK(glUniform3fv(uniform(program, "u_light_direction"), 1, glm::value_ptr(a.light_direction)));
  GL_CHECK(glUniform3fv(uniform(program, "u_light_color"), 1, glm::value_ptr(a.light_color)));
  GL_CHECK(glUniform3fv(uniform(program, "u_ambient"), 1, glm::value_ptr(a.ambient)));
  GL_CHECK(glUniform1f(uniform(program, "u_exposure"), a.exposure));
  GL_CHECK(glUniform1f(uniform(program, "u_specular_scale"), a.specular_scale));
  GL_CHECK(glUniform3fv(uniform(program, "u_skin"), 1, glm::value_ptr(head.gpu->neck_albedo)));
  GL_CHECK(glUniform1f(uniform(program, "u_neckline_mm"), static_cast<float>(look.neckline_mm)));
  GL_CHECK(glUniform1f(uniform(program, "u_v_neck_mm"), static_cast<float>(look.v_neck_depth_mm)));
  GL_CHECK(glUniform1i(uniform(program, "u_pattern"), static_cast<int>(look.pattern)));
  GL_CHECK(glUniform3fv(uniform(program, "u_cloth"), 1, glm::value_ptr(look.cloth_color)));
  GL_CHECK(glUniform3fv(uniform(program, "u_cloth2"), 1, glm::value_ptr(look.cloth_color2)));
  GL_CHECK(glUniform1f(uniform(program, "u_period_mm"), static_cast<float>(look.pattern_period_mm)));
  const double angle = glm::radians(look.pattern_angle_deg);
  GL_CHECK(glUniform2f(uniform(program, "u_stripe_axis"), static_cast<float>(std::sin(angle)), static_cast<float>(std::cos(angle))));
  GL_CHECK(glBindVertexArray(body->vao.get()));
  for (const auto& sub : body->level_submeshes.front()) draw_submesh(sub);
}

void Renderer::State::end_scene() {
  if (samples > 0) {
    GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, scene_fbo.get()));
    GL_CHECK(glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolved_fbo.get()));
    GL_CHECK(glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    GL_CHECK(glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL_DEPTH_BUFFER_BIT, GL_NEAREST));
  }
  GL_CHECK(glDisable(GL_SCISSOR_TEST));
}

Renderer::Renderer(const RendererConfig& config) : config_(config), state_(std::make_unique<State>()) {
  const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
  try {
    init_state();
  } catch (...) {
    state_.reset();  // what was made so far goes under the lock too
    throw;
  }
}

void Renderer::init_state() {
  const RendererConfig& config = config_;
  State& s = *state_;
  s.context = GlContext::create_headless();
  s.width = config.camera.width;
  s.height = config.camera.height;
  s.samples = msaa_samples(config.antialiasing);
  s.fxaa = config.antialiasing == "fxaa";
  s.head_program = link_program("head", shaders::kHeadVert, shaders::kHeadFrag);
  s.cutout_program = link_program("head cut-out", shaders::kHeadVert, with_define(shaders::kHeadFrag, "ALPHA_CUTOUT").c_str());
  s.body_program = link_program("body", shaders::kBodyVert, shaders::kBodyFrag);
  s.background_program = link_program("background", shaders::kFullscreenVert, shaders::kBackgroundFrag);
  s.frame_background_program = link_program("frame background", shaders::kFullscreenVert, with_define(shaders::kBackgroundFrag, "FRAME_TEXELS").c_str());
  s.average_program = link_program("motion-blur mean", shaders::kFullscreenVert, shaders::kAverageFrag);
  s.fxaa_program = link_program("fxaa", shaders::kFullscreenVert, shaders::kFxaaFrag);
  GLuint vao = 0;
  GL_CHECK(glGenVertexArrays(1, &vao));
  s.empty_vao = VertexArray(vao);
  s.background = make_texture(GL_RGB8, 1, 1, GL_LINEAR);
  s.create_targets(config.motion_blur_samples);
  GL_CHECK(glPixelStorei(GL_PACK_ALIGNMENT, 1));
}

Renderer::~Renderer() {
  const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
  state_.reset();  // its GL objects and context go here, under the lock
}

const std::string& Renderer::gl_description() const { return state_->context->description(); }

// The checks, the levels and the vertex array are CPU work: they run before the GL lock, so another thread's
// renderer keeps drawing meanwhile.
std::shared_ptr<const GpuHead> Renderer::upload(const HeadMesh& mesh) {
  mesh.validate();
  return upload(mesh, build_mesh_levels(mesh));
}

std::shared_ptr<const GpuHead> Renderer::upload(const HeadMesh& mesh, const std::vector<MeshLevel>& levels) {
  mesh.validate();
  SYNHEAD_CHECK(!levels.empty() && levels.front().indices.size() == mesh.indices.size(), "levels of another mesh");
  // Every level indexes this mesh's vertices: an index past them would make the rasteriser read out of bounds.
  for (const MeshLevel& level : levels) {
    for (const std::uint32_t i : level.indices) SYNHEAD_CHECK(i < mesh.positions.size(), "levels of another mesh");
    for (const SubMesh& sub : level.submeshes) SYNHEAD_CHECK(std::size_t{sub.first_index} + sub.index_count <= level.indices.size());
  }
  std::vector<Vertex> vertices(mesh.positions.size());
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    vertices[i] = {mesh.positions[i], mesh.normals[i], mesh.uvs.empty() ? glm::vec2(0) : mesh.uvs[i],
                   mesh.colors.empty() ? glm::vec3(1) : mesh.colors[i]};
  }
  const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
  state_->context->make_current();
  auto gpu = std::make_shared<GpuHead>();
  gpu->owner = state_.get();
  gpu->context = state_->context;
  GLuint id = 0;
  GL_CHECK(glGenVertexArrays(1, &id));
  gpu->vao = VertexArray(id);
  GL_CHECK(glBindVertexArray(id));
  GL_CHECK(glGenBuffers(1, &id));
  gpu->vertices = Buffer(id);
  GL_CHECK(glBindBuffer(GL_ARRAY_BUFFER, id));
  GL_CHECK(glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(Vertex)), vertices.data(), GL_STATIC_DRAW));
  GL_CHECK(glGenBuffers(1, &id));
  gpu->indices = Buffer(id);
  GL_CHECK(glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, id));
  std::vector<std::uint32_t> indices;  // every level's triangles, one after another
  for (const MeshLevel& level : levels) {
    auto& submeshes = gpu->level_submeshes.emplace_back(level.submeshes);
    for (auto& sub : submeshes) sub.first_index += static_cast<std::uint32_t>(indices.size());
    gpu->level_errors_mm.push_back(level.error_mm);
    indices.insert(indices.end(), level.indices.begin(), level.indices.end());
  }
  GL_CHECK(glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(std::uint32_t)), indices.data(), GL_STATIC_DRAW));
  const auto attribute = [](GLuint location, GLint size, std::size_t offset) {
    GL_CHECK(glEnableVertexAttribArray(location));
    GL_CHECK(glVertexAttribPointer(location, size, GL_FLOAT, GL_FALSE, sizeof(Vertex), reinterpret_cast<const void*>(offset)));
  };
  attribute(0, 3, offsetof(Vertex, position));
  attribute(1, 3, offsetof(Vertex, normal));
  attribute(2, 2, offsetof(Vertex, uv));
  attribute(3, 3, offsetof(Vertex, color));
  GL_CHECK(glBindVertexArray(0));
  for (const auto& material : mesh.materials)
    gpu->textures.push_back(material.texture.empty() ? Texture() : texture_from_bgr(material.texture, true));
  gpu->materials = mesh.materials;
  for (auto& m : gpu->materials) m.texture.release();  // the GPU copy is what renders
  gpu->landmarks = mesh.landmarks;
  gpu->radius = mesh.bounding_radius();
  gpu->neck_albedo = lowest_albedo(mesh);
  gpu->box_min = gpu->box_max = mesh.positions.front();
  for (const auto& p : mesh.positions) {
    gpu->box_min = glm::min(gpu->box_min, p);
    gpu->box_max = glm::max(gpu->box_max, p);
  }
  GL_CHECK(glFinish());  // mipmap generation may still be queued: nothing of this context stays in flight unlocked
  return gpu;
}

void Renderer::set_background(const cv::Mat& bgr) {
  const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
  SYNHEAD_CHECK(!bgr.empty() && bgr.type() == CV_8UC3, "background must be an 8-bit BGR image");
  State& s = *state_;
  s.context->make_current();
  upload_bgr(s.background, bgr);
  // Frames copy these texels exactly (and MSAA resolves a uniform background to itself), so the pixels read back
  // here are the ones a full-frame draw would give.
  GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, s.background_fbo.get()));
  GL_CHECK(glViewport(0, 0, s.width, s.height));
  GL_CHECK(glDisable(GL_SCISSOR_TEST));
  GL_CHECK(glDisable(GL_BLEND));
  GL_CHECK(glDisable(GL_DEPTH_TEST));
  s.draw_fullscreen(s.background_program, s.background);
  s.background_bgra.create(s.height, s.width, CV_8UC4);
  GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, s.background_fbo.get()));
  GL_CHECK(glReadPixels(0, 0, s.width, s.height, GL_BGRA, GL_UNSIGNED_BYTE, s.background_bgra.data));
  cv::cvtColor(s.background_bgra, s.background_bgr, cv::COLOR_BGRA2BGR);
  s.has_background = true;
}

Frame Renderer::render(const dataset::Pose& pose, const HeadInstance& head, const cv::Mat& background, const FrameOptions& options) {
  set_background(background);
  return render(pose, head, options);
}

Frame Renderer::render(const dataset::Pose& pose, const HeadInstance& head, const FrameOptions& options) {
  const std::lock_guard<std::recursive_mutex> lock(gl_mutex());
  State& s = *state_;
  SYNHEAD_CHECK(head.gpu && head.gpu->owner == &s, "the head was uploaded by another Renderer (GL objects belong to one context)");
  SYNHEAD_CHECK(s.has_background, "set_background() before rendering");
  const dataset::Intrinsics camera = options.camera.value_or(config_.camera);
  SYNHEAD_CHECK(camera.width == s.width && camera.height == s.height, "per-frame intrinsics must keep the renderer's image size");
  s.context->make_current();

  // Motion blur: sub-frames along the pose change within the shutter, as many as the head's on-screen travel
  // needs (one per kBlurStepPx, at most motion_blur_samples): a still (or sub-pixel moving) head costs a single render.
  const GpuHead& gpu = *head.gpu;
  int sub_frames = 1;
  if (options.previous_pose && config_.motion_blur_samples > 1 && options.shutter > 0) {
    const double travel = options.shutter * screen_travel_px(*options.previous_pose, pose, gpu.box_min, gpu.box_max, camera);
    if (travel >= kMinBlurPx) sub_frames = std::clamp(static_cast<int>(std::ceil(travel / kBlurStepPx)) + 1, 1, config_.motion_blur_samples);
  }
  if (head.body && !s.body) {
    const HeadMesh& mesh = body_mesh();
    s.body = upload(mesh, {MeshLevel{mesh.indices, mesh.submeshes, 0}});
  }
  // Depth range from the head's bounding sphere over the whole shutter interval, and its body's: the torso's
  // placement moves its points up to twice the pivot's distance from where the head's would put them.
  const double head_radius = gpu.radius * 1.05 + 1;
  const double radius = head.body ? std::max(head_radius, (s.body->radius + 2 * glm::length(kNeckPivotMm)) * 1.05 + 1) : head_radius;
  double nearest = pose.translation_mm.z, farthest = pose.translation_mm.z;
  if (sub_frames > 1) {
    nearest = std::min(nearest, options.previous_pose->translation_mm.z);
    farthest = std::max(farthest, options.previous_pose->translation_mm.z);
  }
  const double near_mm = std::max(1.0, nearest - radius);
  const double far_mm = std::max(near_mm + 1.0, farthest + radius);
  // The head's nearest point is where a millimetre of surface error looks largest.
  const double head_near_mm = std::max(1.0, nearest - head_radius);
  const std::size_t level = choose_mesh_level(gpu.level_errors_mm, std::max(camera.fx, camera.fy) / head_near_mm, config_.lod_tolerance_px);

  // Everything that differs between sub-frames, and everything anti-aliasing can change, lies in the head's screen
  // box over the shutter: later sub-frames, the accumulation and FXAA work there only; the rest is background.
  // The body's neck lies between its placements by the torso's and the head's motion: both boxes bound it.
  const auto screen_rect = [&](const dataset::Pose& at) {
    cv::Rect rect = head_screen_rect(at, gpu.box_min, gpu.box_max, camera);
    if (head.body) {
      rect |= head_screen_rect(body_pose(at, *head.body), s.body->box_min, s.body->box_max, camera);
      rect |= head_screen_rect(at, s.body->box_min, s.body->box_max, camera);
    }
    return rect;
  };
  cv::Rect region = screen_rect(pose);
  if (sub_frames > 1) region |= screen_rect(*options.previous_pose);
  region &= cv::Rect(0, 0, s.width, s.height);
  // FXAA samples up to ~18 texels around a pixel: the accumulated image must be valid that far around the region.
  const cv::Rect accumulated = cv::Rect(region.x - 20, region.y - 20, region.width + 40, region.height + 40) & cv::Rect(0, 0, s.width, s.height);

  // The depth clear covers the whole frame when depth is read back: outside the region it would hold older frames'.
  const cv::Rect scene_rect = options.want_depth ? cv::Rect(0, 0, s.width, s.height) : accumulated;
  for (int k = 0; k < sub_frames; ++k) {
    // The last sub-frame is the labelled pose, so the depth buffer left behind matches the labels.
    const double alpha = sub_frames == 1 ? 1.0 : 1.0 - options.shutter * (1.0 - static_cast<double>(k) / (sub_frames - 1));
    const dataset::Pose sub_pose = sub_frames == 1 ? pose : interpolate(*options.previous_pose, pose, alpha);
    const auto layer = static_cast<std::size_t>(k);
    s.begin_scene(scene_rect, sub_frames > 1 ? s.layer_fbos[layer].get() : s.resolved_fbo.get(), sub_frames == 1);
    s.draw_head(sub_pose, head, level, camera, near_mm, far_mm);
    if (head.body) s.draw_body(sub_pose, head, camera, near_mm, far_mm);
    s.end_scene();
    if (sub_frames > 1 && s.samples > 0 && !region.empty()) {
      GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, s.resolved_fbo.get()));
      GL_CHECK(glBindFramebuffer(GL_DRAW_FRAMEBUFFER, s.layer_fbos[layer].get()));
      const int x1 = accumulated.x + accumulated.width, y1 = accumulated.y + accumulated.height;
      GL_CHECK(glBlitFramebuffer(accumulated.x, accumulated.y, x1, y1, accumulated.x, accumulated.y, x1, y1, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    }
  }
  if (sub_frames > 1 && !region.empty()) {
    GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, s.accum_fbo.get()));
    GL_CHECK(glEnable(GL_SCISSOR_TEST));
    GL_CHECK(glScissor(accumulated.x, accumulated.y, accumulated.width, accumulated.height));
    GL_CHECK(glDisable(GL_DEPTH_TEST));
    GL_CHECK(glUseProgram(s.average_program.get()));
    GL_CHECK(glActiveTexture(GL_TEXTURE0));
    GL_CHECK(glBindTexture(GL_TEXTURE_2D_ARRAY, s.blur_layers.get()));
    GL_CHECK(glUniform1i(uniform(s.average_program, "u_layers"), 0));
    GL_CHECK(glActiveTexture(GL_TEXTURE1));
    GL_CHECK(glBindTexture(GL_TEXTURE_2D, s.background_frame.get()));
    GL_CHECK(glUniform1i(uniform(s.average_program, "u_background"), 1));
    GL_CHECK(glActiveTexture(GL_TEXTURE0));
    GL_CHECK(glUniform1i(uniform(s.average_program, "u_count"), sub_frames));
    GL_CHECK(glBindVertexArray(s.empty_vao.get()));
    GL_CHECK(glDrawArrays(GL_TRIANGLES, 0, 3));
    GL_CHECK(glDisable(GL_SCISSOR_TEST));
  }
  // Where the region's final pixels are: the anti-aliased output, the blur accumulation, or (neither) the scene.
  GLuint region_fbo = s.resolved_fbo.get();
  if (s.fxaa && !region.empty()) {
    // The shader discards the pixels it leaves unchanged, so the output starts as a copy of its input.
    GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, sub_frames > 1 ? s.accum_fbo.get() : s.resolved_fbo.get()));
    GL_CHECK(glBindFramebuffer(GL_DRAW_FRAMEBUFFER, s.output_fbo.get()));
    GL_CHECK(glBlitFramebuffer(region.x, region.y, region.x + region.width, region.y + region.height, region.x, region.y,
                               region.x + region.width, region.y + region.height, GL_COLOR_BUFFER_BIT, GL_NEAREST));
    GL_CHECK(glBindFramebuffer(GL_FRAMEBUFFER, s.output_fbo.get()));
    GL_CHECK(glDisable(GL_DEPTH_TEST));
    GL_CHECK(glEnable(GL_SCISSOR_TEST));
    GL_CHECK(glScissor(region.x, region.y, region.width, region.height));
    s.draw_fullscreen(s.fxaa_program, sub_frames > 1 ? s.accum_color : s.resolved_color);
    GL_CHECK(glDisable(GL_SCISSOR_TEST));
    region_fbo = s.output_fbo.get();
  } else if (sub_frames > 1 && !region.empty()) {
    region_fbo = s.accum_fbo.get();
  }

  Frame frame;
  frame.mesh_level = level;
  if (!options.read_image) {
    GL_CHECK(glFinish());
  } else {
    // Outside the region every pixel is background: copied, not read back.
    cv::Mat pixels = (options.want_mask ? s.background_bgra : s.background_bgr).clone();
    if (!region.empty()) {
      GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, region_fbo));
      GL_CHECK(glPixelStorei(GL_PACK_ROW_LENGTH, s.width));
      GL_CHECK(glReadPixels(region.x, region.y, region.width, region.height, options.want_mask ? GL_BGRA : GL_BGR, GL_UNSIGNED_BYTE,
                            pixels.ptr(region.y, region.x)));
      GL_CHECK(glPixelStorei(GL_PACK_ROW_LENGTH, 0));
    }
    if (options.want_mask) {
      cv::Mat channels[4];
      cv::split(pixels, channels);
      cv::merge(channels, 3, frame.image);
      frame.mask = channels[3];
    } else {
      frame.image = pixels;
    }
  }

  frame.labels = project_labels(pose, head.gpu->landmarks, camera);
  frame.labels.frame = options.frame;
  frame.labels.time_s = options.time_s;

  // Depth (window value d in [0, 1]) back to camera z in mm: z = 2fn / (f + n − (2d − 1)(f − n)).
  const auto to_mm = [&](float d) { return 2 * far_mm * near_mm / (far_mm + near_mm - (2.0 * d - 1) * (far_mm - near_mm)); };
  GL_CHECK(glBindFramebuffer(GL_READ_FRAMEBUFFER, s.resolved_fbo.get()));
  auto& l = frame.labels;
  int x0 = s.width, y0 = s.height, x1 = -1, y1 = -1;
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    if (!l.visible[static_cast<std::size_t>(i)]) continue;
    const auto& p = l.landmarks[static_cast<std::size_t>(i)];
    x0 = std::min(x0, static_cast<int>(p.x) - 1);
    y0 = std::min(y0, static_cast<int>(p.y) - 1);
    x1 = std::max(x1, static_cast<int>(p.x) + 1);
    y1 = std::max(y1, static_cast<int>(p.y) + 1);
  }
  if (x1 >= 0) {
    x0 = std::max(x0, 0);
    y0 = std::max(y0, 0);
    x1 = std::min(x1, s.width - 1);
    y1 = std::min(y1, s.height - 1);
    cv::Mat depth(y1 - y0 + 1, x1 - x0 + 1, CV_32F);
    GL_CHECK(glReadPixels(x0, y0, depth.cols, depth.rows, GL_DEPTH_COMPONENT, GL_FLOAT, depth.data));
    // Larger than any simplified level's error at the sizes it is drawn (a few mm at most: lod_tolerance_px).
    constexpr double kSurfaceToleranceMm = 5.0;
    for (int i = 0; i < dataset::kLandmarkCount; ++i) {
      auto& visible = l.visible[static_cast<std::size_t>(i)];
      if (!visible) continue;
      const auto& p = l.landmarks[static_cast<std::size_t>(i)];
      const double z = pose.to_camera(glm::dvec3(head.gpu->landmarks[static_cast<std::size_t>(i)])).z;
      // The farthest surface in the 3×3 neighbourhood: a landmark on a silhouette is not hidden by its own edge.
      double farthest_surface = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int px = std::clamp(static_cast<int>(p.x) + dx, x0, x1) - x0;
          const int py = std::clamp(static_cast<int>(p.y) + dy, y0, y1) - y0;
          const float d = depth.at<float>(py, px);
          farthest_surface = std::max(farthest_surface, d >= 1.0f ? INFINITY : to_mm(d));
        }
      visible = z <= farthest_surface + kSurfaceToleranceMm;
    }
  }
  if (options.want_depth) {
    cv::Mat depth(s.height, s.width, CV_32F);
    GL_CHECK(glReadPixels(0, 0, s.width, s.height, GL_DEPTH_COMPONENT, GL_FLOAT, depth.data));
    frame.depth_mm.create(s.height, s.width, CV_32F);
    for (int y = 0; y < s.height; ++y)
      for (int x = 0; x < s.width; ++x) {
        const float d = depth.at<float>(y, x);
        frame.depth_mm.at<float>(y, x) = d >= 1.0f ? 0.0f : static_cast<float>(to_mm(d));
      }
  }
  return frame;
}

}  // namespace synhead::renderer
