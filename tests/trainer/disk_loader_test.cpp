#include "synhead/trainer/disk_loader.h"

#include <unistd.h>

#include <map>
#include <numeric>
#include <set>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <torch/torch.h>

#include "dataset_fixture.h"
#include "synhead/core/random.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::trainer {
namespace {

constexpr int kSize = 32;  // crop side S

struct SequenceSpec {
  std::string subject, track, split;
  int frames;
};

// Known labels: frame f of sequence s has pose (f, 2f − 10 + s, −f) and a box drifting right; landmarks on a grid
// inside the box.
dataset::FrameLabels labels_of(int s, int f) {
  dataset::FrameLabels l = testing::labels_at(f, {1.0 * f, 2.0 * f - 10 + s, -1.0 * f});
  l.box = {14 + 0.5 * f, 10, 24, 22};
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    l.landmarks[i] = {l.box.x + static_cast<double>(i % 10) * 2.4, l.box.y + static_cast<double>(i / 10) * 3};
  }
  return l;
}

// JPEG frames of 64×48 noise (every frame differs), labels.csv and manifest.json.
void write_noise_dataset(const std::filesystem::path& dir, const std::vector<SequenceSpec>& specs) {
  dataset::DatasetManifest manifest = testing::sample_manifest();
  manifest.sequences.clear();
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const SequenceSpec& spec = specs[s];
    const std::string id = spec.subject + "__" + spec.track;
    manifest.sequences.push_back(
        {id, spec.subject, spec.track, "bg", spec.frames, spec.split, testing::tiny_camera(), "jpg"});
    const auto seq = dataset::sequence_dir(dir, id);
    std::filesystem::create_directories(seq / "frames");
    std::vector<dataset::FrameLabels> labels;
    for (int f = 0; f < spec.frames; ++f) {
      labels.push_back(labels_of(static_cast<int>(s), f));
      core::Rng rng(s, static_cast<std::uint64_t>(f));
      cv::Mat image(48, 64, CV_8UC3);
      for (auto it = image.begin<cv::Vec3b>(); it != image.end<cv::Vec3b>(); ++it) {
        *it = {static_cast<uchar>(rng.uniform_int(0, 255)), static_cast<uchar>(rng.uniform_int(0, 255)),
               static_cast<uchar>(rng.uniform_int(0, 255))};
      }
      ASSERT_TRUE(cv::imwrite(dataset::frame_file(seq, f, "jpg").string(), image));
    }
    dataset::write_labels_csv(seq / "labels.csv", labels);
  }
  dataset::write_manifest(dir, manifest);
}

class DiskLoaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    torch::set_num_threads(1);
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("synhead_disk_loader_test_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*dir_);
    write_noise_dataset(*dir_, {{"h0", "t0", "train", 20},
                                {"h1", "t1", "train", 20},
                                {"h0", "t2", "train", 13},
                                {"h1", "t3", "train", 5},
                                {"h2", "t4", "test", 11}});
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  static const std::filesystem::path& dir() { return *dir_; }

  static DataConfig config(int workers = 2, int prefetch = 3) {
    DataConfig c;
    c.window = 8;
    c.window_stride = 4;
    c.batch_size = 3;
    c.validation_fraction = 0.25;  // one of the four train tracks
    c.workers = workers;
    c.prefetch = prefetch;
    c.augment.blur_probability = 0.5;  // exercise every augmentation
    return c;
  }

 private:
  static std::filesystem::path* dir_;
};

std::filesystem::path* DiskLoaderTest::dir_ = nullptr;

void expect_same(const Batch& a, const Batch& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_TRUE(torch::equal(a.frames, b.frames)) << "batch " << a.index;
  EXPECT_TRUE(torch::equal(a.pose_deg, b.pose_deg));
  EXPECT_TRUE(torch::equal(a.landmarks, b.landmarks));
  EXPECT_TRUE(torch::equal(a.visible, b.visible));
  EXPECT_TRUE(torch::equal(a.box, b.box));
  EXPECT_TRUE(torch::equal(a.frame, b.frame));
  EXPECT_EQ(a.sequence, b.sequence);
  EXPECT_EQ(a.flipped, b.flipped);
}

// Row of sequence `id` in the suite dataset (manifest order).
int sequence_number(const std::string& id) {
  static const std::map<std::string, int> numbers = {
      {"h0__t0", 0}, {"h1__t1", 1}, {"h0__t2", 2}, {"h1__t3", 3}, {"h2__t4", 4}};
  return numbers.at(id);
}

TEST_F(DiskLoaderTest, BatchesHaveTheDocumentedShapesAndTypes) {
  DiskLoader loader(dir(), config(), kSize, Subset::Train, 1);
  const Batch batch = loader.next();
  EXPECT_EQ(batch.index, 0);
  EXPECT_EQ(batch.frames.sizes(), (std::vector<std::int64_t>{3, 8, 3, kSize, kSize}));
  EXPECT_EQ(batch.frames.dtype(), torch::kFloat32);
  EXPECT_EQ(batch.pose_deg.sizes(), (std::vector<std::int64_t>{3, 8, 3}));
  EXPECT_EQ(batch.landmarks.sizes(), (std::vector<std::int64_t>{3, 8, 136}));
  EXPECT_EQ(batch.visible.sizes(), (std::vector<std::int64_t>{3, 8, 68}));
  EXPECT_EQ(batch.box.sizes(), (std::vector<std::int64_t>{3, 8, 4}));
  EXPECT_EQ(batch.frame.sizes(), (std::vector<std::int64_t>{3, 8}));
  EXPECT_EQ(batch.frame.dtype(), torch::kInt64);
  EXPECT_EQ(batch.sequence.size(), 3u);
  EXPECT_EQ(batch.flipped.size(), 3u);
  EXPECT_EQ(batch.size(), 3);
  EXPECT_EQ(batch.steps(), 8);
  // Normalised: roughly zero-mean, not raw [0, 1] or [0, 255].
  EXPECT_LT(batch.frames.mean().item<float>(), 1.0f);
  EXPECT_LT(batch.frames.min().item<float>(), 0.0f);
  EXPECT_EQ(loader.next().index, 1);
  EXPECT_EQ(loader.next_index(), 2);
  EXPECT_GE(loader.wait_seconds(), 0);
}

TEST_F(DiskLoaderTest, ReportsCountsPerSubset) {
  DiskLoader all(dir(), config(), kSize, Subset::All, 1);
  EXPECT_EQ(all.index().sequences().size(), 4u);  // split "train"
  EXPECT_EQ(all.index().frame_count(), 58);
  EXPECT_EQ(all.window_count(), 4 + 4 + 2);  // 20, 20, 13 frames; the 5-frame sequence is too short
  EXPECT_EQ(all.batches_per_epoch(), 4);     // ⌈10 / 3⌉
  EXPECT_EQ(all.index().short_sequences(), std::vector<std::string>{"h1__t3"});

  DiskLoader train(dir(), config(), kSize, Subset::Train, 1);
  DiskLoader validation(dir(), config(), kSize, Subset::Validation, 1);
  EXPECT_EQ(train.index().frame_count() + validation.index().frame_count(), 58);
  EXPECT_EQ(validation.index().sequences().size(), 1u);
}

TEST_F(DiskLoaderTest, SameSeedGivesTheSameStreamWhateverTheWorkerCount) {
  // 12 batches × 3 = 36 samples: several epochs of the ≤ 10 training windows.
  DiskLoader serial(dir(), config(1, 1), kSize, Subset::Train, 99);
  DiskLoader parallel(dir(), config(2, 4), kSize, Subset::Train, 99);
  for (int k = 0; k < 12; ++k) expect_same(serial.next(), parallel.next());
}

TEST_F(DiskLoaderTest, ResumingAtBatchKReproducesTheStream) {
  DiskLoader fresh(dir(), config(), kSize, Subset::Train, 5);
  std::vector<Batch> stream;
  for (int k = 0; k < 6; ++k) stream.push_back(fresh.next());
  DiskLoader resumed(dir(), config(), kSize, Subset::Train, 5, 4);
  EXPECT_EQ(resumed.next_index(), 4);
  expect_same(resumed.next(), stream[4]);
  expect_same(resumed.next(), stream[5]);
}

TEST_F(DiskLoaderTest, DifferentSeedsGiveDifferentStreams) {
  DiskLoader a(dir(), config(), kSize, Subset::Train, 1);
  DiskLoader b(dir(), config(), kSize, Subset::Train, 2);
  EXPECT_FALSE(torch::equal(a.next().frames, b.next().frames));
}

TEST_F(DiskLoaderTest, EachEpochVisitsEveryTrainingWindowOnce) {
  DataConfig c = config();
  c.validation_fraction = 0;
  DiskLoader loader(dir(), c, kSize, Subset::Train, 3);
  const std::int64_t windows = loader.window_count();
  ASSERT_EQ(windows, 10);
  std::vector<std::set<std::pair<std::string, std::int64_t>>> epochs(2);
  for (std::int64_t sample = 0; sample < 2 * windows;) {
    const Batch batch = loader.next();
    for (std::int64_t b = 0; b < batch.size() && sample < 2 * windows; ++b, ++sample) {
      // A reversed window runs backwards: its first frame is the smallest.
      epochs[static_cast<std::size_t>(sample / windows)].insert(
          {batch.sequence[static_cast<std::size_t>(b)], batch.frame[b].min().item<std::int64_t>()});
    }
  }
  for (const auto& epoch : epochs) EXPECT_EQ(static_cast<std::int64_t>(epoch.size()), windows);
  EXPECT_EQ(epochs[0], epochs[1]);
}

TEST_F(DiskLoaderTest, AugmentedLabelsFollowTheImages) {
  DiskLoader loader(dir(), config(), kSize, Subset::Train, 11);
  int flipped = 0, reversed = 0;
  for (int k = 0; k < 6; ++k) {
    const Batch batch = loader.next();
    for (std::int64_t b = 0; b < batch.size(); ++b) {
      const int s = sequence_number(batch.sequence[static_cast<std::size_t>(b)]);
      const bool flip = batch.flipped[static_cast<std::size_t>(b)];
      const std::int64_t step = batch.frame[b][1].item<std::int64_t>() - batch.frame[b][0].item<std::int64_t>();
      ASSERT_TRUE(step == 1 || step == -1);
      reversed += step < 0;
      flipped += flip;
      for (std::int64_t t = 0; t < batch.steps(); ++t) {
        const std::int64_t f = batch.frame[b][t].item<std::int64_t>();
        EXPECT_EQ(f, batch.frame[b][0].item<std::int64_t>() + step * t);
        const dataset::FrameLabels truth = labels_of(s, static_cast<int>(f));
        EXPECT_FLOAT_EQ(batch.pose_deg[b][t][0].item<float>(), static_cast<float>(truth.angles.pitch));
        const double sign = flip ? -1 : 1;
        EXPECT_FLOAT_EQ(batch.pose_deg[b][t][1].item<float>(), static_cast<float>(sign * truth.angles.yaw));
        EXPECT_FLOAT_EQ(batch.pose_deg[b][t][2].item<float>(), static_cast<float>(sign * truth.angles.roll));
        // Landmark 0 maps back to the image through the crop window (mirrored when flipped; its mirror is 16).
        const float x = batch.landmarks[b][t][flip ? 16 : 0].item<float>();
        const float wx = batch.box[b][t][0].item<float>(), ww = batch.box[b][t][2].item<float>();
        EXPECT_NEAR(wx + (flip ? 1 - x : x) * ww, truth.landmarks[0].x, 1e-3);
      }
    }
  }
  EXPECT_GT(flipped, 0);
  EXPECT_GT(reversed, 0);
}

TEST_F(DiskLoaderTest, EvaluationCoversEveryFrameOnceWithoutAugmentation) {
  DataConfig c = config();
  c.split = "";
  DiskLoader loader = DiskLoader::evaluation(dir(), c, kSize, Subset::All);
  std::map<std::string, std::vector<std::int64_t>> frames;
  std::int64_t batches = 0;
  while (!loader.done()) {
    const Batch batch = loader.next();
    EXPECT_EQ(batch.index, batches++);
    EXPECT_LE(batch.size(), 3);
    for (std::int64_t b = 0; b < batch.size(); ++b) {
      const std::string& id = batch.sequence[static_cast<std::size_t>(b)];
      EXPECT_FALSE(batch.flipped[static_cast<std::size_t>(b)]);
      for (std::int64_t t = 0; t < batch.steps(); ++t) {
        const std::int64_t f = batch.frame[b][t].item<std::int64_t>();
        frames[id].push_back(f);
        const dataset::FrameLabels truth = labels_of(sequence_number(id), static_cast<int>(f));
        EXPECT_FLOAT_EQ(batch.pose_deg[b][t][1].item<float>(), static_cast<float>(truth.angles.yaw));
        const dataset::Box window = crop_window(truth.box, c.crop_margin);
        EXPECT_FLOAT_EQ(batch.box[b][t][0].item<float>(), static_cast<float>(window.x));
        EXPECT_FLOAT_EQ(batch.box[b][t][2].item<float>(), static_cast<float>(window.w));
        EXPECT_FLOAT_EQ(batch.landmarks[b][t][68 + 11].item<float>(),
                        static_cast<float>((truth.landmarks[11].y - window.y) / window.h));
      }
    }
  }
  EXPECT_EQ(batches, loader.batches_per_epoch());
  const std::map<std::string, int> lengths = {
      {"h0__t0", 20}, {"h1__t1", 20}, {"h0__t2", 13}, {"h1__t3", 5}, {"h2__t4", 11}};
  ASSERT_EQ(frames.size(), lengths.size());
  for (const auto& [id, n] : lengths) {
    std::vector<std::int64_t> expected(static_cast<std::size_t>(n));
    std::iota(expected.begin(), expected.end(), 0);
    EXPECT_EQ(frames[id], expected) << id;  // every frame once, in order
  }
}

TEST_F(DiskLoaderTest, EvaluationIsIdenticalToAnUnaugmentedRead) {
  DataConfig c = config(1, 1);
  DiskLoader a = DiskLoader::evaluation(dir(), c, kSize, Subset::Validation);
  c.workers = 2;
  DiskLoader b = DiskLoader::evaluation(dir(), c, kSize, Subset::Validation);
  while (!a.done()) expect_same(a.next(), b.next());
  EXPECT_TRUE(b.done());
}

TEST_F(DiskLoaderTest, AnEmptySubsetIsAUserError) {
  DataConfig c = config();
  c.split = "test";  // a single sequence: none can be held out, so validation is empty
  const std::string error = testing::user_error_of([&] { DiskLoader(dir(), c, kSize, Subset::Validation, 1); });
  EXPECT_NE(error.find("no window"), std::string::npos) << error;
}

TEST_F(DiskLoaderTest, StopsCleanlyWhenTheConsumerStopsEarly) {
  for (int workers : {1, 2, 4}) {
    DiskLoader idle(dir(), config(workers, 2), kSize, Subset::Train, 1);
    DiskLoader used(dir(), config(workers, 2), kSize, Subset::Train, 1);
    used.next();
  }
}

class DiskLoaderErrorTest : public DiskLoaderTest {
 protected:
  // A private copy of the suite dataset whose first evaluation frame is broken by `damage`.
  template <class F>
  std::string first_error(F&& damage) {
    std::filesystem::copy(dir(), copy_.path(), std::filesystem::copy_options::recursive);
    const auto frame = dataset::frame_file(dataset::sequence_dir(copy_.path(), "h0__t0"), 2, "jpg");
    damage(frame);
    DiskLoader loader = DiskLoader::evaluation(copy_.path(), config(2, 4), kSize, Subset::All);
    const std::string error = testing::user_error_of([&] { loader.next(); });
    EXPECT_NE(error.find(frame.string()), std::string::npos) << error;
    // The failed batch is not skipped: asking again reports it again.
    EXPECT_EQ(testing::user_error_of([&] { loader.next(); }), error);
    return error;
  }

  testing::TempDir copy_;
};

TEST_F(DiskLoaderErrorTest, AMissingFrameIsReportedByNextNamingTheFile) {
  EXPECT_NE(first_error([](const std::filesystem::path& f) { std::filesystem::remove(f); }).find("cannot read"),
            std::string::npos);
}

TEST_F(DiskLoaderErrorTest, ACorruptFrameIsReportedByNextNamingTheFile) {
  EXPECT_NE(first_error([](const std::filesystem::path& f) { testing::write_file(f, "not a JPEG"); }).find("corrupt"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::trainer
