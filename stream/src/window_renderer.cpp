#include "synhead/stream/window_renderer.h"

#include <opencv2/imgproc.hpp>

#include "synhead/core/random.h"
#include "synhead/renderer/nuisance.h"
#include "synhead/renderer/sequence_look.h"
#include "synhead/trainer/augment.h"
#include "synhead/trainer/crop_camera.h"

namespace synhead::stream {
namespace {

using namespace synhead::renderer;

RendererConfig renderer_config(const trainer::DataConfig& config, int input_size, bool crop_render) {
  RendererConfig c = stream_config(config).dataset.scene.renderer;
  if (crop_render) c.camera = {input_size, input_size, 1, 1, input_size / 2.0, input_size / 2.0};
  return c;
}

// A frame rendered through crop_intrinsics into the next time step of `sample`: its labels are already in crop
// pixels, so crop units are pixels / S.
void append_crop_frame(trainer::WindowSample& sample, const Frame& frame, const dataset::Box& window) {
  const double size = frame.image.cols;
  sample.frames.push_back(frame.labels.frame);
  cv::Mat rgb;
  cv::cvtColor(frame.image, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(rgb, CV_32FC3, 1.0 / 255);
  sample.images.push_back(rgb);
  sample.pose_deg.push_back(frame.labels.angles);
  auto& landmarks = sample.landmarks.emplace_back();
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) landmarks[i] = frame.labels.landmarks[i] / size;
  sample.visible.push_back(frame.labels.visible);
  sample.windows.push_back(window);
}

}  // namespace

WindowRenderer::WindowRenderer(const StreamPlan& plan, PreparedHeads& heads, const BackgroundLibrary& backgrounds,
                               const trainer::DataConfig& config, int input_size)
    : plan_(plan),
      backgrounds_(backgrounds),
      config_(config),
      input_size_(input_size),
      crop_render_(stream_config(config).render == "crop"),
      renderer_(std::make_unique<Renderer>(renderer_config(config, input_size, crop_render_))) {
  // Every head up front: a worker's first windows then cost what the later ones do, and a head that does not load
  // fails here, before any batch.
  for (const std::string& spec : plan.heads()) {
    const std::shared_ptr<const PreparedHead> head = heads.get(spec);
    heads_.push_back({renderer_->upload(*head), head->mesh.landmarks});
  }
}

WindowRenderer::~WindowRenderer() = default;

trainer::WindowSample WindowRenderer::render(const StreamWindow& window, const StreamSeeds& seeds, bool augment) {
  const SceneConfig& scene = plan_.dataset().scene;
  const motion_tracks::Track& track = plan_.tracks()[window.track];
  const auto index = static_cast<std::uint64_t>(window.index);
  const Head& gpu_head = heads_[window.head];
  const SequenceLook look = sample_sequence_look(scene, seeds.looks, index);
  const Background background = sample_background(scene, backgrounds_, seeds.looks, index);
  const int image_size_x = crop_render_ ? input_size_ : look.camera.width;
  const int image_size_y = crop_render_ ? input_size_ : look.camera.height;
  const SequenceNuisances nuisances(scene.nuisances, look.nuisance_seed, static_cast<int>(track.size()), image_size_x,
                                    image_size_y);
  core::Rng rng(seeds.augment, index);
  const trainer::AugmentDraw draw = augment ? trainer::draw_augmentation(config_.augment, rng) : trainer::AugmentDraw{};
  const HeadInstance instance{gpu_head.gpu, look.appearance, look.body};
  if (!crop_render_) renderer_->set_background(background.image);

  trainer::WindowSample sample;
  sample.sequence = plan_.sequence_id(window);
  for (std::int32_t row = window.first; row < window.first + window.length; ++row) {
    const auto r = static_cast<std::size_t>(row);
    const dataset::Pose pose = dataset::Pose::from_track_frame(track.frames[r]);
    FrameOptions options = track_frame_options(track, r, look);
    // What a face detector would report on the full camera frame, then the crop the network sees.
    const dataset::Box detected =
        config_.crop.rule == "head_centre"
            ? dataset::head_centre_box(look.camera, pose.translation_mm, config_.crop.head_box_mm)
            : nuisances.jitter_box(project_labels(pose, gpu_head.landmarks, look.camera).box, row);
    const dataset::Box crop = trainer::crop_window(detected, config_.crop_margin, draw.jitter);
    if (crop_render_) {
      options.camera = trainer::crop_intrinsics(look.camera, crop, input_size_);
      renderer_->set_background(trainer::crop_background(background.image, crop, input_size_));
      Frame frame = renderer_->render(pose, instance, options);
      nuisances.apply(frame.image, row, frame.labels.box);
      append_crop_frame(sample, frame, crop);
    } else {
      Frame frame = renderer_->render(pose, instance, options);
      nuisances.apply(frame.image, row, frame.labels.box);
      trainer::append_frame(sample, frame.image, frame.labels, crop, input_size_);
    }
  }
  if (augment) trainer::apply_augmentation(sample, draw, config_.augment, rng);
  return sample;
}

}  // namespace synhead::stream
