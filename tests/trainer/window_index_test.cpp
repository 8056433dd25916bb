#include "synhead/trainer/window_index.h"

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "dataset_fixture.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::trainer {
namespace {

struct SequenceSpec {
  std::string subject;
  std::string track;
  std::string split;
  int frames;
};

// A dataset of manifest + labels.csv only: the index never opens images.
void write_labels_dataset(const std::filesystem::path& dir, const std::vector<SequenceSpec>& specs) {
  dataset::DatasetManifest manifest = testing::sample_manifest();
  manifest.sequences.clear();
  for (const auto& spec : specs) {
    const std::string id = spec.subject + "__" + spec.track;
    manifest.sequences.push_back(
        {id, spec.subject, spec.track, "bg", spec.frames, spec.split, testing::tiny_camera(), "png"});
    std::vector<dataset::FrameLabels> labels;
    for (int f = 0; f < spec.frames; ++f) labels.push_back(testing::labels_at(f, {0, 1.0 * f, 0}));
    const auto seq = dataset::sequence_dir(dir, id);
    std::filesystem::create_directories(seq);
    dataset::write_labels_csv(seq / "labels.csv", labels);
  }
  dataset::write_manifest(dir, manifest);
}

DataConfig windows_of(int window, int stride, double validation_fraction = 0) {
  DataConfig c;
  c.window = window;
  c.window_stride = stride;
  c.validation_fraction = validation_fraction;
  return c;
}

std::set<std::string> tracks_of(const WindowIndex& index) {
  std::set<std::string> tracks;
  for (const auto& s : index.sequences()) tracks.insert(s.source->track);
  return tracks;
}

TEST(WindowIndex, CountsStridedWindowsThatNeverCrossASequenceEnd) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 20}, {"b", "t1", "train", 13}, {"c", "t2", "train", 5}});
  const WindowIndex index(dir.path(), windows_of(8, 4), Subset::All);

  ASSERT_EQ(index.sequences().size(), 3u);
  EXPECT_EQ(index.frame_count(), 38);
  // 20 frames: starts 0, 4, 8, 12; 13 frames: 0, 4; 5 frames: none.
  ASSERT_EQ(index.training_windows().size(), 6u);
  std::map<int, int> per_sequence;
  for (const Window& w : index.training_windows()) {
    EXPECT_EQ(w.length, 8);
    EXPECT_EQ(w.first % 4, 0);
    const auto& sequence = index.sequences()[static_cast<std::size_t>(w.sequence)];
    EXPECT_LE(w.first + w.length, static_cast<int>(sequence.labels().size()));
    ++per_sequence[w.sequence];
  }
  EXPECT_EQ(per_sequence, (std::map<int, int>{{0, 4}, {1, 2}}));
  EXPECT_EQ(index.short_sequences(), std::vector<std::string>{"c__t2"});
}

TEST(WindowIndex, EvaluationWindowsCoverEveryFrameExactlyOnce) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 20}, {"b", "t1", "train", 16}, {"c", "t2", "train", 5}});
  const WindowIndex index(dir.path(), windows_of(8, 4), Subset::All);

  std::vector<std::vector<int>> covered;
  for (const auto& s : index.sequences()) covered.emplace_back(s.labels().size(), 0);
  std::vector<int> lengths;
  int previous_end = 0, previous_sequence = -1;
  for (const Window& w : index.evaluation_windows()) {
    // Consecutive: each window starts where the previous one of its sequence ended.
    EXPECT_EQ(w.first, w.sequence == previous_sequence ? previous_end : 0);
    auto& rows = covered[static_cast<std::size_t>(w.sequence)];
    for (int r = w.first; r < w.first + w.length; ++r) ++rows[static_cast<std::size_t>(r)];
    previous_sequence = w.sequence;
    previous_end = w.first + w.length;
    lengths.push_back(w.length);
  }
  for (const auto& rows : covered) EXPECT_EQ(rows, std::vector<int>(rows.size(), 1));
  EXPECT_EQ(lengths, (std::vector<int>{8, 8, 4, 8, 8, 5}));  // shorter last windows, never padded
}

TEST(WindowIndex, HoldsOutWholeTracksForValidation) {
  testing::TempDir dir;
  std::vector<SequenceSpec> specs;
  for (const std::string subject : {"h0", "h1"}) {
    for (int t = 0; t < 5; ++t) specs.push_back({subject, "track_" + std::to_string(t), "train", 10});
  }
  write_labels_dataset(dir.path(), specs);
  const DataConfig config = windows_of(4, 2, 0.4);

  const WindowIndex train(dir.path(), config, Subset::Train);
  const WindowIndex validation(dir.path(), config, Subset::Validation);
  const WindowIndex all(dir.path(), config, Subset::All);
  EXPECT_EQ(tracks_of(validation).size(), 2u);  // round(0.4 × 5)
  EXPECT_EQ(tracks_of(train).size(), 3u);
  for (const auto& track : tracks_of(validation)) EXPECT_EQ(tracks_of(train).count(track), 0u) << track;
  EXPECT_EQ(train.sequences().size() + validation.sequences().size(), all.sequences().size());
  EXPECT_EQ(validation.sequences().size(), 4u);  // both heads of each held-out track

  // The hold-out is a function of the dataset alone.
  EXPECT_EQ(tracks_of(WindowIndex(dir.path(), config, Subset::Validation)), tracks_of(validation));
}

TEST(WindowIndex, HoldsOutAtLeastOneTrackButNeverAll) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 10}, {"a", "t1", "train", 10}});
  EXPECT_EQ(WindowIndex(dir.path(), windows_of(4, 2, 0.01), Subset::Validation).sequences().size(), 1u);
  EXPECT_EQ(WindowIndex(dir.path(), windows_of(4, 2, 0.99), Subset::Train).sequences().size(), 1u);
  EXPECT_EQ(WindowIndex(dir.path(), windows_of(4, 2, 0.0), Subset::Validation).sequences().size(), 0u);
  EXPECT_EQ(WindowIndex(dir.path(), windows_of(4, 2, 0.0), Subset::Train).sequences().size(), 2u);
}

TEST(WindowIndex, WithASingleTrackHoldsOutSequences) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 10}, {"b", "t0", "train", 10}, {"c", "t0", "train", 10}});
  const DataConfig config = windows_of(4, 2, 0.3);
  const WindowIndex train(dir.path(), config, Subset::Train);
  const WindowIndex validation(dir.path(), config, Subset::Validation);
  ASSERT_EQ(validation.sequences().size(), 1u);
  EXPECT_EQ(train.sequences().size(), 2u);
  for (const auto& s : train.sequences()) EXPECT_NE(s.id, validation.sequences()[0].id);
}

TEST(WindowIndex, SelectsSequencesBySplitTag) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 10}, {"b", "t1", "test", 12}, {"c", "t2", "train", 9}});
  DataConfig config = windows_of(4, 4);
  config.split = "test";
  const WindowIndex test(dir.path(), config, Subset::All);
  ASSERT_EQ(test.sequences().size(), 1u);
  EXPECT_EQ(test.sequences()[0].id, "b__t1");
  EXPECT_EQ(test.frame_count(), 12);

  config.split = "";
  EXPECT_EQ(WindowIndex(dir.path(), config, Subset::All).sequences().size(), 3u);

  config.split = "val";
  const std::string error = testing::user_error_of([&] { WindowIndex(dir.path(), config, Subset::All); });
  EXPECT_NE(error.find("manifest.json"), std::string::npos) << error;
  EXPECT_NE(error.find("'val'"), std::string::npos) << error;
  EXPECT_NE(error.find("test, train"), std::string::npos) << error;
}

TEST(WindowIndex, ReadsTheFixtureLabels) {
  testing::TempDir dir;
  testing::write_dataset(dir.path());
  DataConfig config = windows_of(2, 1);
  config.split = "train";
  const WindowIndex index(dir.path(), config, Subset::All);
  ASSERT_EQ(index.sequences().size(), 1u);
  const auto& labels = index.sequences()[0].labels();
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_DOUBLE_EQ(labels[2].angles.yaw, 20);
  EXPECT_EQ(index.training_windows().size(), 2u);
  EXPECT_EQ(index.sequences()[0].dir, dataset::sequence_dir(dir.path(), "female_01__track_000"));
}

TEST(WindowIndex, RejectsAnEmptyFaceBoxNamingFileAndLine) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 4}});
  const auto path = dataset::sequence_dir(dir.path(), "a__t0") / "labels.csv";
  auto labels = dataset::read_labels_csv(path);
  labels[2].box.w = 0;
  dataset::write_labels_csv(path, labels);
  const std::string error = testing::user_error_of([&] { WindowIndex(dir.path(), windows_of(2, 1), Subset::All); });
  EXPECT_NE(error.find(path.string() + ":4:"), std::string::npos) << error;
}

TEST(WindowIndex, ReportsAMissingSequence) {
  testing::TempDir dir;
  write_labels_dataset(dir.path(), {{"a", "t0", "train", 4}, {"b", "t1", "train", 4}});
  std::filesystem::remove_all(dataset::sequence_dir(dir.path(), "b__t1"));
  const std::string error = testing::user_error_of([&] { WindowIndex(dir.path(), windows_of(2, 1), Subset::All); });
  EXPECT_NE(error.find("b__t1"), std::string::npos) << error;
}

TEST(WindowIndex, ParsesSubsetNames) {
  for (Subset s : {Subset::Train, Subset::Validation, Subset::All}) EXPECT_EQ(parse_subset(to_string(s)), s);
  EXPECT_THROW(parse_subset("test"), core::UserError);
}

}  // namespace
}  // namespace synhead::trainer
