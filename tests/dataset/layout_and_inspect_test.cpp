// The dataset files (manifest.json, labels.csv) and the DataSource view over synhead, BIWI and 300-VW data.

#include "synhead/dataset/layout.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "biwi_fixture.h"
#include "dataset_fixture.h"
#include "synhead/dataset/inspect.h"
#include "synhead/dataset/source.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using testing::sample_labels;
using testing::sample_manifest;
using testing::TempDir;
using testing::tiny_camera;
using testing::user_error_of;
using testing::write_dataset;
using testing::write_file;
using testing::write_frame;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// --- manifest.json and labels.csv ------------------------------------------------------------------------------

TEST(DatasetFiles, ManifestRoundTrips) {
  TempDir dir;
  const DatasetManifest m = sample_manifest();
  write_manifest(dir.path(), m);
  const DatasetManifest back = read_manifest(dir.path());
  EXPECT_EQ(manifest_to_json(back), manifest_to_json(m));
  EXPECT_EQ(back.seed, 7u);
  ASSERT_EQ(back.sequences.size(), 2u);
  EXPECT_EQ(back.sequences[1].split, "test");
  EXPECT_EQ(back.sequences[1].camera.width, 32);
  EXPECT_EQ(back.sequences[0].frames, 3);
}

TEST(DatasetFiles, SequenceWithoutSplitHasNoSplitKey) {
  DatasetManifest m = sample_manifest();
  m.sequences[0].split.clear();
  const auto j = manifest_to_json(m);
  EXPECT_FALSE(j["sequences"][0].contains("split"));
  EXPECT_EQ(manifest_from_json(j, "m.json").sequences[0].split, "");
}

TEST(DatasetFiles, ManifestErrorsNameFileAndKey) {
  const auto good = manifest_to_json(sample_manifest());
  auto with = [&](auto edit) {
    nlohmann::json j = good;
    edit(j);
    return user_error_of([&] { manifest_from_json(j, "data/manifest.json"); });
  };
  EXPECT_TRUE(contains(with([](auto& j) { j["format"] = "synhead-tracks"; }),
                       "data/manifest.json: format 'synhead-tracks' is not 'synhead-dataset'"));
  EXPECT_TRUE(contains(with([](auto& j) { j["version"] = 99; }), "data/manifest.json: dataset version 99 is not supported"));
  EXPECT_TRUE(contains(with([](auto& j) { j.erase("seed"); }), "data/manifest.json: missing key 'seed'"));
  EXPECT_TRUE(contains(with([](auto& j) { j["sequences"][1].erase("frames"); }),
                       "data/manifest.json: sequences[1]: missing key 'frames'"));
  EXPECT_TRUE(contains(with([](auto& j) { j["sequences"][0]["camera"].erase("fx"); }),
                       "sequences[0]: camera: missing key 'fx'"));
  EXPECT_TRUE(contains(with([](auto& j) { j["sequences"][0]["frames"] = "many"; }), "key 'frames' has the wrong type"));

  TempDir dir;
  write_file(dir / "manifest.json", "{\"format\": ");
  EXPECT_TRUE(contains(user_error_of([&] { read_manifest(dir.path()); }), (dir / "manifest.json").string() + ": invalid JSON"));
}

TEST(DatasetFiles, LabelsCsvRoundTripsExactly) {
  TempDir dir;
  const auto& labels = sample_labels()[0];
  write_labels_csv(dir / "labels.csv", labels);
  const auto back = read_labels_csv(dir / "labels.csv");
  ASSERT_EQ(back.size(), labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(labels_csv_row(back[i]), labels_csv_row(labels[i])) << i;
  EXPECT_EQ(back[2].angles.pitch, 30);
  EXPECT_EQ(back[2].landmarks[67], labels[2].landmarks[67]);
}

TEST(DatasetFiles, MalformedLabelsNameFileAndLine) {
  TempDir dir;
  const auto path = dir / "labels.csv";
  const std::string header = labels_csv_header() + "\n";
  const std::string row = labels_csv_row(sample_labels()[0][0]) + "\n";
  write_file(path, "frame,time_s,pitch\n" + row);
  EXPECT_TRUE(contains(user_error_of([&] { read_labels_csv(path); }), path.string() + ":1: bad header"));
  write_file(path, header + row + "1,2,3\n");
  EXPECT_TRUE(contains(user_error_of([&] { read_labels_csv(path); }), path.string() + ":3: expected 225 columns, got 3"));
  write_file(path, header + "x" + row);
  EXPECT_TRUE(contains(user_error_of([&] { read_labels_csv(path); }), path.string() + ":2: "));
  EXPECT_TRUE(contains(user_error_of([&] { read_labels_csv(dir / "none.csv"); }), "none.csv: cannot open labels"));
}

// --- synhead dataset source ------------------------------------------------------------------------------------

TEST(DataInspect, SummarizesADatasetExactly) {
  TempDir dir;
  write_dataset(dir.path());
  const auto source = open_data_source(dir.path().string());
  const DataSummary s = summarize(*source);
  EXPECT_EQ(s.kind, "synhead");
  EXPECT_EQ(s.sequences, 2u);
  EXPECT_EQ(s.frames, 5u);
  EXPECT_EQ(s.landmarks, 68);
  ASSERT_TRUE(s.pose.has_value());
  EXPECT_DOUBLE_EQ(s.pose->pitch.min, -10);
  EXPECT_DOUBLE_EQ(s.pose->pitch.max, 30);
  EXPECT_DOUBLE_EQ(s.pose->pitch.mean, 10);
  EXPECT_DOUBLE_EQ(s.pose->yaw.min, -20);
  EXPECT_DOUBLE_EQ(s.pose->yaw.max, 60);
  EXPECT_DOUBLE_EQ(s.pose->yaw.mean, 20);
  EXPECT_DOUBLE_EQ(s.pose->roll.min, -15);
  EXPECT_DOUBLE_EQ(s.pose->roll.max, 10);
  EXPECT_DOUBLE_EQ(s.pose->roll.mean, -1);
  EXPECT_EQ(s.splits.at("train").sequences, 1u);
  EXPECT_EQ(s.splits.at("train").frames, 3u);
  EXPECT_EQ(s.splits.at("test").frames, 2u);
  ASSERT_EQ(s.image_sizes.size(), 1u);
  EXPECT_EQ(s.image_sizes[0], (ImageSize{32, 24}));

  const auto j = to_json(s);
  for (const char* key : {"sequences", "frames", "pose", "landmarks", "splits", "image_sizes"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_DOUBLE_EQ(j["pose"]["yaw"]["mean"].get<double>(), 20);
  EXPECT_EQ(j["splits"]["test"]["sequences"].get<int>(), 1);
  EXPECT_TRUE(contains(format_summary(s), "| yaw | -20.00 | 60.00 | 20.00 |"));
}

TEST(DataInspect, CleanDatasetVerifies) {
  TempDir dir;
  write_dataset(dir.path());
  const auto report = verify(*open_data_source(dir.path().string(), AnnotationErrors::Collect));
  EXPECT_TRUE(report.clean()) << format_report(report);
  EXPECT_EQ(report.frames_checked, 5u);
  EXPECT_TRUE(report.incomplete.empty());
  EXPECT_TRUE(to_json(report)["clean"].get<bool>());
}

std::string problem_of(const VerificationReport& report, const fs::path& file) {
  for (const auto& p : report.problems)
    if (p.location.rfind(file.string(), 0) == 0) return p.what;
  return "<no problem reported for " + file.string() + ">\n" + format_report(report);
}

TEST(DataInspect, VerificationFindsEachKindOfProblem) {
  TempDir dir;
  write_dataset(dir.path());
  DatasetManifest m = sample_manifest();
  m.sequences[1].frames = 4;                                                           // row-count mismatch
  m.sequences.push_back({"gone", "female_02", "track_002", "room_1", 2, "test", tiny_camera(), "png"});  // no directory
  write_manifest(dir.path(), m);
  const fs::path first = sequence_dir(dir.path(), m.sequences[0].id), second = sequence_dir(dir.path(), m.sequences[1].id);
  fs::remove(frame_file(first, 1, "png"));                                             // missing frame
  write_file(frame_file(first, 2, "png"), "this is not a PNG file at all");            // corrupt frame
  write_frame(frame_file(second, 0, "png"), 40, 24);                                   // wrong size
  fs::create_directories(dir / "sequences" / ".x.tmp" / "frames");                     // interrupted write

  const auto source = open_data_source(dir.path().string(), AnnotationErrors::Collect);
  const auto report = verify(*source);
  EXPECT_FALSE(report.clean());
  EXPECT_TRUE(contains(problem_of(report, frame_file(first, 1, "png")), "missing (annotated by labels.csv row of frame 1)"));
  EXPECT_TRUE(contains(problem_of(report, frame_file(first, 2, "png")), "cannot be decoded"));
  EXPECT_TRUE(contains(problem_of(report, frame_file(second, 0, "png")), "is 40x24, expected 32x24"));
  EXPECT_TRUE(contains(problem_of(report, second / "labels.csv"), "2 rows, but manifest.json lists 4 frames"));
  EXPECT_TRUE(contains(problem_of(report, sequence_dir(dir.path(), "gone")), "listed in manifest.json but its directory is missing"));
  EXPECT_EQ(report.problems.size(), 5u) << format_report(report);
  ASSERT_EQ(report.incomplete.size(), 1u);
  EXPECT_EQ(report.incomplete[0].location, (dir / "sequences" / ".x.tmp").string());
  EXPECT_TRUE(contains(format_report(report), "interrupted"));

  // A partially rendered dataset still opens without collection: the missing directory is a problem, not an error.
  const auto strict = open_data_source(dir.path().string());
  EXPECT_EQ(summarize(*strict).sequences, 2u);
  EXPECT_EQ(strict->problems().size(), 2u);  // the missing directory and the row count
}

TEST(DataInspect, StrayTemporaryDirectoryAloneIsNotAnError) {
  TempDir dir;
  write_dataset(dir.path());
  fs::create_directories(dir / "sequences" / ".female_01__track_001.tmp123_0" / "frames");
  const auto report = verify(*open_data_source(dir.path().string(), AnnotationErrors::Collect));
  EXPECT_TRUE(report.clean()) << format_report(report);
  EXPECT_EQ(report.incomplete.size(), 1u);
}

TEST(DataInspect, MalformedLabelsAreCollectedOrThrown) {
  TempDir dir;
  write_dataset(dir.path());
  const auto labels = sequence_dir(dir.path(), sample_manifest().sequences[0].id) / "labels.csv";
  write_file(labels, labels_csv_header() + "\n1,2\n");
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(dir.path().string()); }), labels.string() + ":2: expected 225 columns"));
  const auto source = open_data_source(dir.path().string(), AnnotationErrors::Collect);
  ASSERT_EQ(source->problems().size(), 1u);
  EXPECT_EQ(source->problems()[0].location, labels.string() + ":2");
  EXPECT_EQ(source->sequences().size(), 1u);  // the readable sequence is still summarised
}

TEST(DataInspect, BadSourceNamesItAndTheAcceptedForms) {
  TempDir dir;
  for (const std::string& spec : {std::string("flickr:/data"), "biwi:" + (dir / "nope").string(), (dir / "nope").string()}) {
    const auto message = user_error_of([&] { open_data_source(spec); });
    EXPECT_TRUE(contains(message, "'" + spec + "'")) << message;
    EXPECT_TRUE(contains(message, "biwi:PATH")) << message;
    EXPECT_TRUE(contains(message, "300vw:PATH")) << message;
  }
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source("flickr:/data"); }), "unknown prefix 'flickr:'"));
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(dir.path().string()); }), "no manifest.json"));
}

TEST(DataInspect, PosesBySplitKeepManifestOrder) {
  TempDir dir;
  write_dataset(dir.path());
  const auto splits = poses_by_split(*open_data_source(dir.path().string()));
  ASSERT_EQ(splits.size(), 2u);
  EXPECT_EQ(splits[0].split, "train");
  EXPECT_EQ(splits[1].split, "test");
  ASSERT_EQ(splits[1].tracks.size(), 1u);
  EXPECT_DOUBLE_EQ(splits[1].tracks[0].frames[1].yaw, 60);
  EXPECT_DOUBLE_EQ(splits[0].tracks[0].frames[2].time_s, 2.0 / 30);
  EXPECT_DOUBLE_EQ(splits[0].tracks[0].frames[2].tz, 900);
}

// --- BIWI ------------------------------------------------------------------------------------------------------

void write_biwi_images(const fs::path& root) {
  for (const auto& [sequence, frame] : std::vector<std::pair<std::string, int>>{{"01", 3}, {"01", 4}, {"01", 7}, {"02", 1}, {"02", 2}})
    write_frame(root / sequence / fmt::format("frame_{:05}_rgb.png", frame), 64, 48);
}

TEST(DataInspect, BiwiSummaryUsesSynheadAngles) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  write_biwi_images(dir / "hpdb");
  const auto source = open_data_source("biwi:" + (dir / "hpdb").string());
  const DataSummary s = summarize(*source);
  EXPECT_EQ(s.kind, "biwi");
  EXPECT_EQ(s.sequences, 2u);
  EXPECT_EQ(s.frames, 5u);
  EXPECT_EQ(s.landmarks, 0);
  ASSERT_TRUE(s.pose.has_value());
  EXPECT_NEAR(s.pose->pitch.max, 22, 1e-9);  // the fixture's poses are synhead angles written as BIWI matrices
  EXPECT_NEAR(s.pose->yaw.min, -30, 1e-9);
  EXPECT_NEAR(s.pose->yaw.mean, (-30 - 29 - 28 + 40 + 41) / 5.0, 1e-9);
  EXPECT_NEAR(s.pose->roll.max, 11, 1e-9);
  EXPECT_EQ(s.splits.at(kNoSplit).sequences, 2u);
  EXPECT_EQ(s.image_sizes, (std::vector<ImageSize>{{64, 48}}));
  EXPECT_EQ(source->sequences()[0].frames, (std::vector<std::int64_t>{3, 4, 7}));  // BIWI's gaps are kept

  EXPECT_EQ(summarize(*open_data_source("biwi:" + (dir / "hpdb" / "01").string() + "/")).frames, 3u);
}

TEST(DataInspect, BiwiVerificationNeedsAnImagePerPose) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  write_biwi_images(dir / "hpdb");
  const std::string spec = "biwi:" + (dir / "hpdb").string();
  EXPECT_TRUE(verify(*open_data_source(spec, AnnotationErrors::Collect)).clean());
  fs::remove(dir / "hpdb" / "01" / "frame_00004_rgb.png");
  const auto report = verify(*open_data_source(spec, AnnotationErrors::Collect));
  ASSERT_EQ(report.problems.size(), 1u) << format_report(report);
  EXPECT_EQ(report.problems[0].location, (dir / "hpdb" / "01" / "frame_00004_rgb.png").string());
  EXPECT_TRUE(contains(report.problems[0].what, "frame_00004_pose.txt"));
}

// --- 300-VW ----------------------------------------------------------------------------------------------------

std::string pts_text(double offset) {
  std::string text = "version: 1\nn_points:  68\n{\n";
  for (int i = 0; i < dataset::kLandmarkCount; ++i) text += fmt::format("{} {}\n", 3 + 0.3 * i + offset, 4 + 0.2 * i);
  return text + "}\n";
}

// 001/vid.avi: three 32×24 MJPG frames; 001/annot/000001..3.pts.
void make_300vw(const fs::path& root) {
  fs::create_directories(root / "001" / "annot");
  cv::VideoWriter writer((root / "001" / "vid.avi").string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, cv::Size(32, 24));
  ASSERT_TRUE(writer.isOpened());
  for (int i = 0; i < 3; ++i) writer.write(cv::Mat(24, 32, CV_8UC3, cv::Scalar(30 * i, 100, 200)));
  writer.release();
  for (int i = 1; i <= 3; ++i) write_file(root / "001" / "annot" / fmt::format("{:06}.pts", i), pts_text(i));
}

TEST(DataInspect, Vw300HasLandmarksButNoPose) {
  TempDir dir;
  make_300vw(dir / "300VW");
  const auto source = open_data_source("300vw:" + (dir / "300VW").string());
  const DataSummary s = summarize(*source);
  EXPECT_EQ(s.kind, "300vw");
  EXPECT_EQ(s.sequences, 1u);
  EXPECT_EQ(s.frames, 3u);
  EXPECT_EQ(s.landmarks, 68);
  EXPECT_FALSE(s.pose.has_value());
  EXPECT_TRUE(to_json(s)["pose"].is_null());
  EXPECT_EQ(s.image_sizes, (std::vector<ImageSize>{{32, 24}}));
  EXPECT_TRUE(contains(user_error_of([&] { poses_by_split(*source); }), "no head poses"));
  const auto report = verify(*open_data_source("300vw:" + (dir / "300VW").string(), AnnotationErrors::Collect));
  EXPECT_TRUE(report.clean()) << format_report(report);
  EXPECT_EQ(report.frames_checked, 3u);
}

TEST(DataInspect, Vw300VerificationMatchesPtsAndVideoFrames) {
  TempDir dir;
  make_300vw(dir / "300VW");
  const fs::path annot = dir / "300VW" / "001" / "annot";
  fs::remove(annot / "000002.pts");
  write_file(annot / "000005.pts", pts_text(0));
  const auto report = verify(*open_data_source("300vw:" + (dir / "300VW" / "001").string(), AnnotationErrors::Collect));
  ASSERT_EQ(report.problems.size(), 2u) << format_report(report);
  EXPECT_EQ(report.problems[0].location, (annot / "000002.pts").string());
  EXPECT_TRUE(contains(report.problems[0].what, "video frame 2 has no landmarks"));
  EXPECT_EQ(report.problems[1].location, (annot / "000005.pts").string());
  EXPECT_TRUE(contains(report.problems[1].what, "no frame 5 in vid.avi (3 frames decoded)"));
}

// --- frames through the one reader ------------------------------------------------------------------------------

TEST(DataSourceFrames, SynheadFramesAndLabelsComeFromTheSequenceFolder) {
  TempDir dir;
  write_dataset(dir.path());
  const auto source = open_data_source(dir.path().string());
  const SourceSequence& s = source->sequences()[0];
  EXPECT_EQ(s.track, sample_manifest().sequences[0].track);
  ASSERT_EQ(s.labels.size(), sample_labels()[0].size());
  EXPECT_EQ(labels_csv_row(s.labels[1]), labels_csv_row(sample_labels()[0][1]));
  EXPECT_EQ(source->seed(), sample_manifest().seed);
  const cv::Mat frame = source->read_frame(s, 1);
  ASSERT_EQ(frame.size(), cv::Size(32, 24));
  EXPECT_EQ(frame.at<cv::Vec3b>(5, 5), cv::Vec3b(40, 90, 160));
  fs::remove(frame_file(s.dir, s.frames[1], "png"));
  const std::string error = user_error_of([&] { source->read_frame(s, 1); });
  EXPECT_TRUE(contains(error, frame_file(s.dir, s.frames[1], "png").string())) << error;
}

TEST(DataSourceFrames, BiwiFramesAreTheRgbImagesOfThePoseFrames) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  write_biwi_images(dir / "hpdb");
  cv::imwrite((dir / "hpdb" / "01" / "frame_00007_rgb.png").string(), cv::Mat(48, 64, CV_8UC3, cv::Scalar(1, 2, 3)));
  const auto source = open_data_source("biwi:" + (dir / "hpdb").string());
  const SourceSequence& s = source->sequences()[0];
  EXPECT_EQ(s.track, s.id);
  EXPECT_TRUE(s.labels.empty());  // BIWI has poses, but no face box or landmarks
  EXPECT_EQ(source->read_frame(s, 2).at<cv::Vec3b>(0, 0), cv::Vec3b(1, 2, 3));  // row 2 = frame 7 (gaps kept)
  EXPECT_EQ(source->read_frame(s, 0).at<cv::Vec3b>(0, 0), cv::Vec3b(40, 90, 160));
}

TEST(DataSourceFrames, Vw300FramesAreDecodedAtTheirOneBasedNumber) {
  TempDir dir;
  make_300vw(dir / "300VW");
  const auto source = open_data_source("300vw:" + (dir / "300VW").string());
  const SourceSequence& s = source->sequences()[0];
  for (std::size_t row = 0; row < 3; ++row) {
    const cv::Mat frame = source->read_frame(s, row);
    ASSERT_EQ(frame.size(), cv::Size(32, 24));
    // MJPG is lossy: the blue channel written as 30 × (frame − 1) comes back within a few levels.
    EXPECT_NEAR(frame.at<cv::Vec3b>(12, 16)[0], 30.0 * static_cast<double>(row), 6) << "row " << row;
  }
  fs::remove(dir / "300VW" / "001" / "vid.avi");
  EXPECT_TRUE(contains(user_error_of([&] { source->read_frame(s, 0); }), "vid.avi"));
}

TEST(DataInspect, PtsReaderIsStrict) {
  TempDir dir;
  const auto path = dir / "a.pts";
  write_file(path, pts_text(0));
  const auto points = read_pts(path);
  EXPECT_DOUBLE_EQ(points[0].x, 3);
  EXPECT_DOUBLE_EQ(points[67].y, 4 + 0.2 * 67);
  write_file(path, "version: 1\nn_points: 49\n{\n");
  EXPECT_TRUE(contains(user_error_of([&] { read_pts(path); }), path.string() + ":2: expected 'n_points: 68', got 'n_points: 49'"));
  std::string text = pts_text(0);
  text.replace(text.find("3.3 4.2"), 7, "3.3 oops");
  write_file(path, text);
  EXPECT_TRUE(contains(user_error_of([&] { read_pts(path); }), path.string() + ":5: expected two finite numbers"));
  write_file(path, pts_text(0).substr(0, 39));  // ends after the second landmark line
  EXPECT_TRUE(contains(user_error_of([&] { read_pts(path); }), "unexpected end of file"));
}

TEST(DataInspect, Vw300MalformedPtsIsCollectedWithItsLine) {
  TempDir dir;
  make_300vw(dir / "300VW");
  const auto pts = dir / "300VW" / "001" / "annot" / "000003.pts";
  write_file(pts, "version: 2\n");
  const std::string spec = "300vw:" + (dir / "300VW").string();
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), pts.string() + ":1: expected 'version: 1'"));
  const auto source = open_data_source(spec, AnnotationErrors::Collect);
  ASSERT_EQ(source->problems().size(), 1u);
  EXPECT_EQ(source->problems()[0].location, pts.string() + ":1");
}

TEST(DataInspect, SplitPlotWritesAPng) {
  TempDir dir;
  write_dataset(dir / "data");
  plot_split_pose_distributions(poses_by_split(*open_data_source((dir / "data").string())), dir / "splits.png");
  const std::string png = testing::read_file(dir / "splits.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
}

}  // namespace
}  // namespace synhead::dataset
