// The render stream's sampling plan, crop camera and mix order: no GL needed.

#include <set>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "stream_test_config.h"
#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/renderer/render_job.h"
#include "synhead/renderer/renderer.h"
#include "synhead/trainer/crop_camera.h"
#include "synhead/trainer/face_crop.h"
#include "synhead/trainer/mixed_source.h"
#include "synhead/stream/stream_plan.h"

namespace synhead::trainer {
namespace {

using namespace synhead::stream;

std::set<std::string> json_names(const nlohmann::json& list) {
  std::set<std::string> names;
  for (const auto& n : list) names.insert(n.get<std::string>());
  return names;
}

TEST(StreamPlan, NeverDrawsTestHeadsTestTracksOrValidationTracksForTraining) {
  const DataConfig config = testing::tiny_stream_config();
  const dataset::DatasetPlan dataset = renderer::plan_render(stream_config(config).dataset);
  const auto test_heads = json_names(dataset.splits["test"]["heads"]);
  const auto test_tracks = json_names(dataset.splits["test"]["tracks"]);
  const StreamPlan train(config, Subset::Train), validation(config, Subset::Validation);

  std::set<std::string> validation_tracks;
  for (const auto& t : validation.tracks()) validation_tracks.insert(t.name);
  EXPECT_EQ(validation_tracks.size(), 1u);  // round(0.25 × 4 training-split tracks)
  std::set<std::string> heads_seen, tracks_seen;
  for (std::int64_t i = 0; i < 400; ++i) {
    const StreamWindow w = train.window(11, i);
    const std::string head = train.heads()[w.head], track = train.tracks()[w.track].name;
    heads_seen.insert(head);
    tracks_seen.insert(track);
    EXPECT_EQ(test_heads.count(head), 0u) << head;
    EXPECT_EQ(test_tracks.count(track), 0u) << track;
    EXPECT_EQ(validation_tracks.count(track), 0u) << track;
    EXPECT_GE(w.first, 0);
    EXPECT_LE(w.first + w.length, static_cast<int>(train.tracks()[w.track].size()));
    EXPECT_EQ(train.sequence_id(w), head + "__" + track);
  }
  EXPECT_EQ(heads_seen.size(), 2u);   // every training head is drawn
  EXPECT_EQ(tracks_seen.size(), 3u);  // and every training track
  for (const auto& t : validation_tracks) EXPECT_EQ(test_tracks.count(t), 0u);
  EXPECT_EQ(std::set<std::string>(train.held_out_heads().begin(), train.held_out_heads().end()), test_heads);
}

TEST(StreamPlan, WindowIsAPureFunctionOfSeedAndIndex) {
  const StreamPlan plan(testing::tiny_stream_config(), Subset::Train);
  const StreamWindow a = plan.window(5, 17), b = plan.window(5, 17);
  EXPECT_EQ(a.head, b.head);
  EXPECT_EQ(a.track, b.track);
  EXPECT_EQ(a.first, b.first);
  int differ = 0;
  for (std::int64_t i = 0; i < 20; ++i) differ += plan.window(5, i).first != plan.window(6, i).first;
  EXPECT_GT(differ, 10);
}

TEST(StreamPlan, ErrorsNameTheKeys) {
  DataConfig config = testing::tiny_stream_config();
  config.window = 41;  // longer than every 40-frame track
  try {
    StreamPlan plan(config, Subset::Train);
    FAIL() << "expected a UserError";
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("data.window"), std::string::npos) << e.what();
  }
}

TEST(CropCamera, RenderingThroughTheCropCameraGivesCropUnitLabels) {
  const dataset::Intrinsics camera{640, 480, 517.7, 515.0, 321.5, 238.0};
  const dataset::Box window{250.3, 140.7, 181.2, 181.2};
  const int size = 64;
  const dataset::Intrinsics crop = crop_intrinsics(camera, window, size);
  EXPECT_EQ(crop.width, size);
  EXPECT_EQ(crop.height, size);
  for (const glm::dvec3 point : {glm::dvec3{10, -20, 800}, glm::dvec3{-60, 45, 950}, glm::dvec3{0, 0, 700}}) {
    const glm::dvec2 expected = to_crop_units(camera.project(point), window);
    const glm::dvec2 got = crop.project(point) / static_cast<double>(size);
    EXPECT_NEAR(got.x, expected.x, 1e-12);
    EXPECT_NEAR(got.y, expected.y, 1e-12);
  }
}

TEST(CropCamera, BackgroundCropMatchesTheFaceCropOfTheSameWindow) {
  cv::Mat image(120, 160, CV_8UC3);
  core::Rng rng(1);
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) image.at<cv::Vec3b>(y, x) = {static_cast<uchar>(x), static_cast<uchar>(y), static_cast<uchar>(x + y)};
  const dataset::Box window{30.5, 20.25, 70, 70};
  const cv::Mat background = crop_background(image, window, 32);
  cv::Mat expected = crop_face(image, window, 32);  // RGB float in [0, 1]
  cv::Mat got;
  cv::cvtColor(background, got, cv::COLOR_BGR2RGB);
  got.convertTo(got, CV_32FC3, 1.0 / 255);
  EXPECT_LT(cv::norm(got, expected, cv::NORM_INF), 1.0 / 255 + 1e-6);
}

TEST(MixedSource, StreamBatchesBeforeCountsTheSeededDraws) {
  EXPECT_EQ(MixedSource::stream_batches_before(0.0, 3, 100), 0);
  EXPECT_EQ(MixedSource::stream_batches_before(1.0, 3, 100), 100);
  const std::int64_t half = MixedSource::stream_batches_before(0.5, 3, 1000);
  EXPECT_GT(half, 430);
  EXPECT_LT(half, 570);
  EXPECT_EQ(MixedSource::stream_batches_before(0.5, 3, 1000), half);
}

}  // namespace
}  // namespace synhead::trainer
