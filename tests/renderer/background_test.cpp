#include "synhead/renderer/background.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/config.h"
#include "synhead/core/error.h"
#include "synhead/renderer/nuisance.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

bool same_bytes(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

double mean_channel_std(const cv::Mat& image) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(image, mean, stddev);
  return (stddev[0] + stddev[1] + stddev[2]) / 3;
}

// Photo i: blue encodes x, green encodes y, red encodes i — so a crop, a flip and the photo are recognisable.
cv::Mat test_photo(int index, cv::Size size) {
  cv::Mat photo(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      photo.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<uchar>(x * 255 / size.width), static_cast<uchar>(y * 255 / size.height),
                    static_cast<uchar>(40 + 50 * index));
  return photo;
}

void write_photos(const fs::path& folder, int count, cv::Size size) {
  fs::create_directories(folder);
  for (int i = 0; i < count; ++i)
    cv::imwrite((folder / ("photo" + std::to_string(i) + ".png")).string(), test_photo(i, size));
}

BackgroundConfig photo_config(const fs::path& folder) {
  BackgroundConfig config;
  config.source = "photos";
  config.folder = folder.string();
  return config;
}

TEST(ProceduralBackground, HasTheExactSizeAndIsNotFlat) {
  for (const cv::Size size : {cv::Size(640, 480), cv::Size(224, 224), cv::Size(33, 17), cv::Size(1, 1)}) {
    core::Rng rng(7);
    const cv::Mat image = procedural_background(size.width, size.height, rng);
    EXPECT_EQ(image.size(), size);
    EXPECT_EQ(image.type(), CV_8UC3);
  }
  for (std::uint64_t seed = 0; seed < 12; ++seed) {
    core::Rng rng(seed);
    EXPECT_GT(mean_channel_std(procedural_background(320, 240, rng)), 10.0) << "seed " << seed;
  }
}

TEST(ProceduralBackground, SameSeedSameImageOtherSeedOtherImage) {
  core::Rng a(3), b(3), c(4);
  const cv::Mat first = procedural_background(160, 120, a);
  EXPECT_TRUE(same_bytes(first, procedural_background(160, 120, b)));
  const cv::Mat other = procedural_background(160, 120, c);
  cv::Mat difference;
  cv::absdiff(first, other, difference);
  EXPECT_GT(cv::mean(difference)[0], 5.0);
}

TEST(BackgroundLibrary, ProceduralSourceNeedsNoFolderAndItsIdRegeneratesTheImage) {
  BackgroundConfig config;
  config.source = "procedural";
  config.folder = "/nonexistent/synhead/backgrounds";
  const BackgroundLibrary library(config);
  EXPECT_EQ(library.photo_count(), 0u);
  core::Rng rng(5);
  const Background background = library.sample(rng, 96, 64);
  ASSERT_EQ(background.id.rfind("procedural:", 0), 0u) << background.id;
  core::Rng from_id(std::stoull(background.id.substr(std::string("procedural:").size())));
  EXPECT_TRUE(same_bytes(background.image, procedural_background(96, 64, from_id)));
}

TEST(BackgroundLibrary, MissingFolderIsAUserErrorNamingIt) {
  TempDir dir;
  const fs::path folder = dir / "no_such_folder";
  const std::string message = user_error_of([&] { BackgroundLibrary library(photo_config(folder)); });
  EXPECT_NE(message.find(folder.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not found"), std::string::npos) << message;
  EXPECT_NE(message.find("background.folder"), std::string::npos) << message;
  // mixed needs photos too, unless every background is procedural
  BackgroundConfig mixed = photo_config(folder);
  mixed.source = "mixed";
  EXPECT_THROW(BackgroundLibrary{mixed}, core::UserError);
  mixed.procedural_fraction = 1;
  EXPECT_NO_THROW(BackgroundLibrary{mixed});
}

TEST(BackgroundLibrary, EmptyFolderIsAUserErrorNamingIt) {
  TempDir dir;
  fs::create_directories(dir / "empty");
  const std::string message = user_error_of([&] { BackgroundLibrary library(photo_config(dir / "empty")); });
  EXPECT_NE(message.find((dir / "empty").string()), std::string::npos) << message;
  EXPECT_NE(message.find("no image"), std::string::npos) << message;
}

TEST(BackgroundLibrary, FolderOfNonImagesIsAUserErrorNamingIt) {
  TempDir dir;
  write_file(dir / "notes.txt", "not a photo\n");
  write_file(dir / "fake.jpg", "not a JPEG either\n");
  write_file(dir / "COPYRIGHT", "licence text\n");
  const std::string message = user_error_of([&] { BackgroundLibrary library(photo_config(dir.path())); });
  EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
  EXPECT_NE(message.find("no image"), std::string::npos) << message;
}

TEST(BackgroundLibrary, FileInsteadOfFolderIsAUserError) {
  TempDir dir;
  write_file(dir / "photos", "a file\n");
  const std::string message = user_error_of([&] { BackgroundLibrary library(photo_config(dir / "photos")); });
  EXPECT_NE(message.find("not a folder"), std::string::npos) << message;
}

TEST(BackgroundLibrary, UndecodablePhotoIsAUserErrorNamingTheFile) {
  TempDir dir;
  write_photos(dir.path(), 1, {48, 36});
  write_file(dir / "broken.png", std::string("\x89PNG\r\n\x1a\n", 8) + "truncated");
  const std::string message = user_error_of([&] { BackgroundLibrary library(photo_config(dir.path())); });
  EXPECT_NE(message.find((dir / "broken.png").string()), std::string::npos) << message;
}

TEST(BackgroundLibrary, ListsReadablePhotosSortedAndSkipsOtherFiles) {
  TempDir dir;
  cv::imwrite((dir / "b.png").string(), test_photo(0, {48, 36}));
  cv::imwrite((dir / "a.jpg").string(), test_photo(1, {48, 36}));
  cv::imwrite((dir / "c.bmp").string(), test_photo(2, {48, 36}));
  write_file(dir / "COPYRIGHT", "licence text\n");
  write_file(dir / "thumbs.db", "binary thumbnails");
  const BackgroundLibrary library(photo_config(dir.path()));
  EXPECT_EQ(library.photo_count(), 3u);
  EXPECT_EQ(library.photo_names(), (std::vector<std::string>{"a.jpg", "b.png", "c.bmp"}));
}

TEST(BackgroundLibrary, RelativeFolderIsResolvedAgainstTheBaseDirectory) {
  TempDir dir;
  write_photos(dir / "assets" / "bg", 2, {48, 36});
  BackgroundConfig config = photo_config("assets/bg");
  EXPECT_EQ(BackgroundLibrary(config, dir.path()).photo_count(), 2u);
}

TEST(BackgroundLibrary, PhotoSamplesHaveTheExactSizeAndDependOnlyOnTheRng) {
  TempDir dir;
  write_photos(dir.path(), 4, {480, 360});
  const BackgroundLibrary library(photo_config(dir.path()));
  for (const cv::Size size : {cv::Size(640, 480), cv::Size(224, 224), cv::Size(100, 300), cv::Size(1000, 200)}) {
    core::Rng a(11), b(11);
    const Background first = library.sample(a, size.width, size.height),
                     again = library.sample(b, size.width, size.height);
    EXPECT_EQ(first.image.size(), size);
    EXPECT_EQ(first.image.type(), CV_8UC3);
    EXPECT_EQ(first.id, again.id);
    EXPECT_TRUE(same_bytes(first.image, again.image));
    EXPECT_EQ(first.id.rfind("photo:photo", 0), 0u) << first.id;
  }
  std::set<std::string> ids;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    core::Rng rng(seed);
    ids.insert(library.sample(rng, 64, 48).id);
  }
  EXPECT_EQ(ids.size(), 20u);
}

TEST(BackgroundLibrary, PhotoSampleIsTheCroppedPhotoWithItsFlipAndGain) {
  TempDir dir;
  write_photos(dir.path(), 3, {120, 90});
  BackgroundConfig config = photo_config(dir.path());
  config.max_zoom = 1;  // the crop is the whole photo
  config.brightness_jitter = 0;
  config.color_jitter = 0;
  const BackgroundLibrary library(config);
  bool seen_flip = false, seen_plain = false;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    core::Rng rng(seed);
    const Background background = library.sample(rng, 120, 90);
    const int index = background.id[std::string("photo:photo").size()] - '0';
    cv::Mat expected = test_photo(index, {120, 90});
    const bool flipped = background.id.find(",flip") != std::string::npos;
    if (flipped) cv::flip(expected, expected, 1);
    EXPECT_TRUE(same_bytes(background.image, expected)) << background.id;
    EXPECT_NE(background.id.find("#crop=0,0,120x90"), std::string::npos) << background.id;
    (flipped ? seen_flip : seen_plain) = true;
  }
  EXPECT_TRUE(seen_flip && seen_plain);
}

TEST(BackgroundLibrary, PhotoGainShiftsBrightnessWithinTheConfiguredRange) {
  TempDir dir;
  cv::imwrite((dir / "grey.png").string(), cv::Mat(36, 48, CV_8UC3, cv::Scalar::all(100)));
  BackgroundConfig config = photo_config(dir.path());
  config.brightness_jitter = 0.2;
  config.color_jitter = 0;
  const BackgroundLibrary library(config);
  double lowest = 255, highest = 0;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    core::Rng rng(seed);
    const double mean = cv::mean(library.sample(rng, 48, 36).image)[0];
    lowest = std::min(lowest, mean);
    highest = std::max(highest, mean);
  }
  EXPECT_GE(lowest, 79.5);
  EXPECT_LE(highest, 120.5);
  EXPECT_GT(highest - lowest, 20);
}

TEST(BackgroundLibrary, MixedSourceDrawsTheConfiguredShareOfProceduralScenes) {
  TempDir dir;
  write_photos(dir.path(), 2, {48, 36});
  BackgroundConfig config = photo_config(dir.path());
  config.source = "mixed";
  config.procedural_fraction = 0.3;
  const BackgroundLibrary library(config);
  core::Rng rng(1);
  int procedural = 0;
  const int samples = 400;
  for (int i = 0; i < samples; ++i) procedural += library.sample(rng, 16, 12).id.rfind("procedural:", 0) == 0;
  EXPECT_NEAR(static_cast<double>(procedural) / samples, 0.3, 0.07);
}

TEST(BackgroundLibrary, ConcurrentSamplingGivesTheSequentialResults) {
  TempDir dir;
  write_photos(dir.path(), 3, {160, 120});
  BackgroundConfig config = photo_config(dir.path());
  config.source = "mixed";
  config.procedural_fraction = 0.5;
  const BackgroundLibrary library(config);
  const int count = 16;
  std::vector<Background> sequential(count), concurrent(count);
  for (int i = 0; i < count; ++i) {
    core::Rng rng(99, i);
    sequential[i] = library.sample(rng, 80, 60);
  }
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t)
    workers.emplace_back([&, t] {
      for (int i = t; i < count; i += 4) {
        core::Rng rng(99, i);
        concurrent[i] = library.sample(rng, 80, 60);
      }
    });
  for (auto& worker : workers) worker.join();
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(sequential[i].id, concurrent[i].id);
    EXPECT_TRUE(same_bytes(sequential[i].image, concurrent[i].image)) << i;
  }
}

// The photos that tools/setup.sh extracts (the Scratch media library).
TEST(BackgroundLibrary, ExtractedPhotosLoadAndSample) {
  const fs::path root = SYNHEAD_SOURCE_DIR;
  if (!fs::is_directory(root / BackgroundConfig{}.folder))
    GTEST_SKIP() << "no " << (root / BackgroundConfig{}.folder)
                 << ": run tools/setup.sh to extract the background photos";
  BackgroundConfig config;
  config.source = "photos";
  const BackgroundLibrary library(config, root);
  EXPECT_GE(library.photo_count(), 50u);
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    core::Rng rng(seed);
    const Background background = library.sample(rng, 640, 480);
    EXPECT_EQ(background.image.size(), cv::Size(640, 480));
    EXPECT_GT(mean_channel_std(background.image), 10.0) << background.id;
  }
}

}  // namespace
}  // namespace synhead::renderer
