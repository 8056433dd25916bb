#include "synhead/renderer/background.h"

#include <algorithm>
#include <cmath>
#include <system_error>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"

namespace synhead::renderer {
namespace {

namespace fs = std::filesystem;

bool needs_photos(const BackgroundConfig& config) {
  return config.source == "photos" || (config.source == "mixed" && config.procedural_fraction < 1);
}

[[noreturn]] void fail_folder(const fs::path& folder, const std::string& problem) {
  core::throw_user_error(
      "{}{} (key 'background.folder': expected a folder of JPEG or PNG photos; tools/setup.sh extracts the default "
      "ones, or set background.source: procedural)",
      core::location_prefix(folder.string()), problem);
}

std::vector<fs::path> sorted_files(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) fail_folder(folder, "background photo folder not found");
  if (!fs::is_directory(folder, ec)) fail_folder(folder, "is not a folder");
  std::vector<fs::path> files;
  fs::directory_iterator it(folder, ec), end;
  for (; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) fail_folder(folder, "cannot list the folder: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// HSV with h in degrees and s, v in [0, 1], to BGR in [0, 255] (the closed form without hue sectors).
cv::Scalar hsv_to_bgr(double h, double s, double v) {
  const double hue = std::fmod(std::fmod(h, 360.0) + 360.0, 360.0) / 60.0;
  const auto channel = [&](double n) {
    const double k = std::fmod(n + hue, 6.0);
    return 255 * v * (1 - s * std::max(0.0, std::min({k, 4 - k, 1.0})));
  };
  return cv::Scalar(channel(1), channel(3), channel(5));
}

cv::Scalar scaled(const cv::Scalar& colour, double factor) {
  return cv::Scalar(std::min(255.0, colour[0] * factor), std::min(255.0, colour[1] * factor),
                    std::min(255.0, colour[2] * factor));
}

// Every draw is a statement of its own: function arguments are evaluated in an unspecified order, and the same
// seed must give the same scene with every compiler.
cv::Scalar random_hsv(core::Rng& rng, double min_hue, double max_hue, double min_saturation, double max_saturation,
                      double min_value, double max_value) {
  const double hue = rng.uniform(min_hue, max_hue);
  const double saturation = rng.uniform(min_saturation, max_saturation);
  const double value = rng.uniform(min_value, max_value);
  return hsv_to_bgr(hue, saturation, value);
}

cv::Scalar muted_colour(core::Rng& rng) { return random_hsv(rng, 0, 360, 0.05, 0.35, 0.45, 0.92); }
cv::Scalar object_colour(core::Rng& rng) { return random_hsv(rng, 0, 360, 0.2, 0.85, 0.15, 0.9); }
cv::Scalar wood_colour(core::Rng& rng) { return random_hsv(rng, 18, 40, 0.3, 0.65, 0.2, 0.6); }

// A smooth random field in [-1, 1]: a coarse grid of uniform values, upsampled bicubically.
cv::Mat smooth_field(cv::Size size, int cells_x, core::Rng& rng) {
  const int cells_y =
      std::max(2, static_cast<int>(std::lround(cells_x * static_cast<double>(size.height) / size.width)));
  cv::Mat grid(cells_y, cells_x, CV_32F);
  for (int y = 0; y < grid.rows; ++y)
    for (int x = 0; x < grid.cols; ++x) grid.at<float>(y, x) = static_cast<float>(rng.uniform(-1, 1));
  cv::Mat field;
  cv::resize(grid, field, size, 0, 0, cv::INTER_CUBIC);
  return field;
}

// A wall whose colour varies smoothly between four related corner colours.
cv::Mat wall_gradient(cv::Size size, core::Rng& rng) {
  const double hue = rng.uniform(0, 360), saturation = rng.uniform(0.05, 0.35), value = rng.uniform(0.5, 0.9);
  cv::Scalar corners[4];
  for (auto& corner : corners) {
    const double corner_hue = hue + rng.uniform(-35, 35);
    const double corner_saturation = std::clamp(saturation + rng.uniform(-0.1, 0.15), 0.0, 1.0);
    const double corner_value = std::clamp(value * rng.uniform(0.65, 1.2), 0.0, 1.0);
    corner = hsv_to_bgr(corner_hue, corner_saturation, corner_value);
  }
  cv::Mat wall(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    const double v = size.height > 1 ? static_cast<double>(y) / (size.height - 1) : 0;
    auto* row = wall.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x) {
      const double u = size.width > 1 ? static_cast<double>(x) / (size.width - 1) : 0;
      for (int c = 0; c < 3; ++c)
        row[x][c] = cv::saturate_cast<uchar>((1 - v) * ((1 - u) * corners[0][c] + u * corners[1][c]) +
                                             v * ((1 - u) * corners[2][c] + u * corners[3][c]));
    }
  }
  return wall;
}

// Draws shapes into an 8-bit canvas, in pixel units derived from the canvas size.
class SceneDrawer {
 public:
  SceneDrawer(cv::Mat& canvas, core::Rng& rng)
      : canvas_(canvas), rng_(rng), unit_(std::min(canvas.cols, canvas.rows)), floor_y_(canvas.rows) {}

  void floor() {
    floor_y_ = static_cast<int>(canvas_.rows * rng_.uniform(0.62, 0.88));
    const cv::Scalar colour = rng_.bernoulli(0.6) ? wood_colour(rng_) : muted_colour(rng_);
    cv::rectangle(canvas_, cv::Point(0, floor_y_), cv::Point(canvas_.cols, canvas_.rows), colour, cv::FILLED);
    // Boards or tiles: lines that crowd toward the far wall.
    const int lines = rng_.uniform_int(3, 7);
    for (int i = 1; i <= lines; ++i) {
      const double t = static_cast<double>(i) / (lines + 1);
      const int y = floor_y_ + static_cast<int>((canvas_.rows - floor_y_) * t * t);
      cv::line(canvas_, cv::Point(0, y), cv::Point(canvas_.cols, y), scaled(colour, 0.8), thickness(0.002),
               cv::LINE_AA);
    }
    cv::line(canvas_, cv::Point(0, floor_y_), cv::Point(canvas_.cols, floor_y_), scaled(colour, 0.6), thickness(0.006),
             cv::LINE_AA);
  }

  void wallpaper_stripes() {
    cv::Mat overlay = canvas_.clone();
    const cv::Scalar colour = muted_colour(rng_);
    const int period = std::max(2, static_cast<int>(unit_ * rng_.uniform(0.04, 0.12)));
    const int width = std::max(1, static_cast<int>(period * rng_.uniform(0.2, 0.6)));
    for (int x = rng_.uniform_int(0, period - 1); x < canvas_.cols; x += period)
      cv::rectangle(overlay, cv::Point(x, 0), cv::Point(x + width, floor_y_), colour, cv::FILLED);
    const double opacity = rng_.uniform(0.08, 0.25);
    cv::addWeighted(overlay, opacity, canvas_, 1 - opacity, 0, canvas_);
  }

  void window() {
    const cv::Rect r = wall_rect(0.15, 0.35, 0.2, 0.45, 0.05, 0.35);
    cv::rectangle(canvas_, r, random_hsv(rng_, 190, 220, 0, 0.2, 0.85, 1.0), cv::FILLED);  // sky
    if (rng_.bernoulli(0.4)) {                                                             // blinds
      const int step = std::max(3, r.height / rng_.uniform_int(6, 14));
      for (int y = r.y + step / 2; y < r.y + r.height; y += step)
        cv::line(canvas_, cv::Point(r.x, y), cv::Point(r.x + r.width, y), cv::Scalar(170, 175, 180), thickness(0.004),
                 cv::LINE_AA);
    }
    const cv::Scalar frame = rng_.bernoulli(0.5) ? cv::Scalar(235, 235, 235) : wood_colour(rng_);
    const int bar = thickness(0.012);
    cv::line(canvas_, cv::Point(r.x + r.width / 2, r.y), cv::Point(r.x + r.width / 2, r.y + r.height), frame, bar,
             cv::LINE_AA);
    cv::line(canvas_, cv::Point(r.x, r.y + r.height / 2), cv::Point(r.x + r.width, r.y + r.height / 2), frame, bar,
             cv::LINE_AA);
    cv::rectangle(canvas_, r, frame, 2 * bar, cv::LINE_AA);
  }

  void picture() {
    const cv::Rect r = wall_rect(0.08, 0.25, 0.1, 0.3, 0.05, 0.45);
    cv::rectangle(canvas_, r, object_colour(rng_), cv::FILLED);
    for (int i = rng_.uniform_int(1, 3); i > 0; --i) {  // abstract content
      const int x = r.x + rng_.uniform_int(0, std::max(0, r.width - 1));
      const int y = r.y + rng_.uniform_int(0, std::max(0, r.height - 1));
      const int half_width = std::max(1, static_cast<int>(r.width * rng_.uniform(0.1, 0.4)));
      const int half_height = std::max(1, static_cast<int>(r.height * rng_.uniform(0.1, 0.4)));
      const double angle = rng_.uniform(0, 180);
      cv::ellipse(canvas_, cv::Point(x, y), cv::Size(half_width, half_height), angle, 0, 360, object_colour(rng_),
                  cv::FILLED, cv::LINE_AA);
    }
    cv::rectangle(canvas_, r, rng_.bernoulli(0.5) ? wood_colour(rng_) : cv::Scalar(30, 30, 30), thickness(0.01),
                  cv::LINE_AA);
  }

  void bookshelf() {
    const int width = static_cast<int>(canvas_.cols * rng_.uniform(0.15, 0.35));
    const int top = static_cast<int>(floor_y_ * rng_.uniform(0.1, 0.5));
    const cv::Rect r(rng_.uniform_int(0, std::max(0, canvas_.cols - width)), top, width, std::max(1, floor_y_ - top));
    const cv::Scalar wood = wood_colour(rng_);
    cv::rectangle(canvas_, r, scaled(wood, 0.7), cv::FILLED);
    const int shelves = rng_.uniform_int(2, 5), shelf_height = std::max(2, r.height / shelves), board = thickness(0.01);
    for (int s = 0; s < shelves; ++s) {
      const int bottom = r.y + (s + 1) * shelf_height;
      for (int x = r.x + board; x < r.x + r.width - board;) {  // books of random width, height and colour
        const int book = std::max(1, static_cast<int>(unit_ * rng_.uniform(0.01, 0.035)));
        const int height = static_cast<int>(shelf_height * rng_.uniform(0.55, 0.9));
        cv::rectangle(canvas_, cv::Point(x, bottom - height),
                      cv::Point(std::min(x + book, r.x + r.width - board), bottom), object_colour(rng_), cv::FILLED);
        x += book + (rng_.bernoulli(0.15) ? book : 1);
      }
      cv::line(canvas_, cv::Point(r.x, bottom), cv::Point(r.x + r.width, bottom), wood, board);
    }
    cv::rectangle(canvas_, r, wood, board);
  }

  void furniture() {
    const int width = static_cast<int>(canvas_.cols * rng_.uniform(0.2, 0.5));
    const int height = static_cast<int>(canvas_.rows * rng_.uniform(0.15, 0.35));
    const cv::Rect r(rng_.uniform_int(-width / 3, canvas_.cols - 2 * width / 3), floor_y_ + thickness(0.03) - height,
                     width, height);
    const cv::Scalar colour = rng_.bernoulli(0.5) ? object_colour(rng_) : wood_colour(rng_);
    const int round = std::max(1, r.height / 4);
    cv::rectangle(canvas_, cv::Rect(r.x, r.y + round, r.width, r.height - round), colour, cv::FILLED, cv::LINE_AA);
    cv::rectangle(canvas_, cv::Rect(r.x + round, r.y, std::max(1, r.width - 2 * round), round + 1), colour, cv::FILLED,
                  cv::LINE_AA);
    for (const int cx : {r.x + round, r.x + r.width - round})
      cv::circle(canvas_, cv::Point(cx, r.y + round), round, colour, cv::FILLED, cv::LINE_AA);
    // Shading: the lower part is turned away from the room light.
    cv::Mat overlay = canvas_.clone();
    cv::rectangle(overlay, cv::Rect(r.x, r.y + r.height * 2 / 3, r.width, r.height / 3 + 1), scaled(colour, 0.55),
                  cv::FILLED);
    cv::addWeighted(overlay, 0.6, canvas_, 0.4, 0, canvas_);
  }

  void door() {
    const int width = static_cast<int>(canvas_.cols * rng_.uniform(0.12, 0.22));
    const int height = static_cast<int>(floor_y_ * rng_.uniform(0.6, 0.9));
    const cv::Rect r(rng_.uniform_int(0, std::max(0, canvas_.cols - width)), floor_y_ - height, width, height);
    const cv::Scalar colour = rng_.bernoulli(0.6) ? wood_colour(rng_) : muted_colour(rng_);
    cv::rectangle(canvas_, r, colour, cv::FILLED);
    cv::rectangle(canvas_, r, scaled(colour, 0.7), thickness(0.008), cv::LINE_AA);
    const int knob_x = rng_.bernoulli(0.5) ? r.x + r.width / 8 : r.x + r.width * 7 / 8;
    cv::circle(canvas_, cv::Point(knob_x, r.y + r.height / 2), thickness(0.008), cv::Scalar(90, 160, 190), cv::FILLED,
               cv::LINE_AA);
  }

  void lamp() {
    const int x = rng_.uniform_int(0, canvas_.cols - 1);
    const cv::Point centre(x, static_cast<int>(floor_y_ * rng_.uniform(0.1, 0.6)));
    const int radius = std::max(2, static_cast<int>(unit_ * rng_.uniform(0.04, 0.1)));
    cv::line(canvas_, centre, cv::Point(centre.x, rng_.bernoulli(0.5) ? 0 : floor_y_), cv::Scalar(40, 40, 45),
             thickness(0.006), cv::LINE_AA);
    cv::ellipse(canvas_, centre, cv::Size(radius, radius * 3 / 4), 0, 0, 360, random_hsv(rng_, 30, 50, 0.1, 0.4, 1, 1),
                cv::FILLED, cv::LINE_AA);
  }

 private:
  int thickness(double fraction) const { return std::max(1, static_cast<int>(std::lround(unit_ * fraction))); }

  // A rectangle on the wall above the floor line; sizes and top edge as fractions of the canvas.
  cv::Rect wall_rect(double min_w, double max_w, double min_h, double max_h, double min_top, double max_top) {
    const int width = std::max(2, static_cast<int>(canvas_.cols * rng_.uniform(min_w, max_w)));
    const int height = std::max(2, static_cast<int>(canvas_.rows * rng_.uniform(min_h, max_h)));
    const int top = static_cast<int>(canvas_.rows * rng_.uniform(min_top, max_top));
    return {rng_.uniform_int(0, std::max(0, canvas_.cols - width)), top, width,
            std::max(2, std::min(height, floor_y_ - top))};
  }

  cv::Mat& canvas_;
  core::Rng& rng_;
  int unit_;
  int floor_y_;  // top of the floor; the canvas height when the scene shows only wall
};

}  // namespace

cv::Mat procedural_background(int width, int height, core::Rng& rng) {
  SYNHEAD_CHECK(width > 0 && height > 0);
  const cv::Size size(width, height);
  cv::Mat canvas = wall_gradient(size, rng);
  SceneDrawer draw(canvas, rng);
  if (rng.bernoulli(0.75)) draw.floor();
  if (rng.bernoulli(0.35)) draw.wallpaper_stripes();
  for (int i = rng.uniform_int(3, 8); i > 0; --i) {
    switch (rng.uniform_int(0, 5)) {
      case 0:
        draw.window();
        break;
      case 1:
        draw.picture();
        break;
      case 2:
        draw.bookshelf();
        break;
      case 3:
        draw.furniture();
        break;
      case 4:
        draw.door();
        break;
      default:
        draw.lamp();
        break;
    }
  }

  // Room light: a soft pool of light around a lamp or window, low-frequency blotches, a fine plaster texture.
  cv::Mat light(size, CV_32F);
  const double light_x = rng.uniform(0, width), light_y = rng.uniform(-0.2, 0.6) * height;
  const double spread = rng.uniform(0.3, 0.8) * width, strength = rng.uniform(0.15, 0.45);
  const cv::Mat blotches = smooth_field(size, rng.uniform_int(3, 7), rng);
  const cv::Mat texture = smooth_field(size, std::max(2, width / 8), rng);
  const double blotch_amplitude = rng.uniform(0.05, 0.15), texture_amplitude = rng.uniform(0.01, 0.04);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double d2 = (x - light_x) * (x - light_x) + (y - light_y) * (y - light_y);
      light.at<float>(y, x) = static_cast<float>((1 - strength / 2 + strength * std::exp(-d2 / (2 * spread * spread))) *
                                                 (1 + blotch_amplitude * blotches.at<float>(y, x)) *
                                                 (1 + texture_amplitude * texture.at<float>(y, x)));
    }
  }
  cv::Mat lit;
  canvas.convertTo(lit, CV_32FC3);
  cv::Mat light3;
  cv::merge(std::vector<cv::Mat>{light, light, light}, light3);
  cv::multiply(lit, light3, lit);

  // Defocus: the camera focuses on the head, about a metre in front of the wall.
  const double sigma = rng.uniform(0.8, 2.2) * std::min(width, height) / 480.0;
  if (sigma > 0.3) cv::GaussianBlur(lit, lit, cv::Size(), sigma);
  cv::Mat image;
  lit.convertTo(image, CV_8UC3);
  return image;
}

BackgroundLibrary::BackgroundLibrary(const BackgroundConfig& config, const fs::path& base_dir) : config_(config) {
  if (!needs_photos(config)) return;
  const fs::path folder =
      fs::path(config.folder).is_relative() && !base_dir.empty() ? base_dir / config.folder : fs::path(config.folder);
  for (const auto& file : sorted_files(folder)) {
    // The licence file, thumbnails and formats this OpenCV cannot decode (GIF) are not candidates.
    if (!cv::haveImageReader(file.string())) continue;
    cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
    if (image.empty())
      core::throw_user_error("{}background photo cannot be decoded", core::location_prefix(file.string()));
    photos_.push_back({file.filename().string(), std::move(image)});
  }
  if (photos_.empty()) fail_folder(folder, "no image that OpenCV can read in the background photo folder");
}

std::vector<std::string> BackgroundLibrary::photo_names() const {
  std::vector<std::string> names;
  for (const auto& photo : photos_) names.push_back(photo.name);
  return names;
}

Background BackgroundLibrary::sample(core::Rng& rng, int width, int height) const {
  SYNHEAD_CHECK(width > 0 && height > 0);
  const bool procedural =
      config_.source == "procedural" || (config_.source == "mixed" && rng.bernoulli(config_.procedural_fraction));
  if (!procedural) return sample_photo(rng, width, height);
  // The id carries the seed of an independent stream, so the manifest entry alone regenerates the image.
  const std::uint64_t seed = rng.next_u64();
  core::Rng scene_rng(seed);
  return {fmt::format("procedural:{}", seed), procedural_background(width, height, scene_rng)};
}

Background BackgroundLibrary::sample_photo(core::Rng& rng, int width, int height) const {
  const Photo& photo = photos_[rng.uniform_int(0, static_cast<int>(photos_.size()) - 1)];
  const cv::Size size = photo.image.size();
  // The crop has the frame's aspect ratio and lies inside the photo; zoom 1 is the largest such crop.
  const double cover = std::max(static_cast<double>(width) / size.width, static_cast<double>(height) / size.height);
  const double scale = cover * rng.uniform(1.0, config_.max_zoom);
  const int crop_w = std::clamp(static_cast<int>(std::lround(width / scale)), 1, size.width);
  const int crop_h = std::clamp(static_cast<int>(std::lround(height / scale)), 1, size.height);
  const int crop_x = rng.uniform_int(0, size.width - crop_w);
  const cv::Rect crop(crop_x, rng.uniform_int(0, size.height - crop_h), crop_w, crop_h);
  const bool flip = config_.flip && rng.bernoulli(0.5);
  const double gain = rng.uniform(1 - config_.brightness_jitter, 1 + config_.brightness_jitter);
  cv::Scalar gains;
  for (int c = 0; c < 3; ++c) gains[c] = gain * rng.uniform(1 - config_.color_jitter, 1 + config_.color_jitter);

  Background background;
  cv::resize(photo.image(crop), background.image, cv::Size(width, height), 0, 0,
             scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  if (flip) cv::flip(background.image, background.image, 1);
  cv::multiply(background.image, gains, background.image);
  background.id = fmt::format("photo:{}#crop={},{},{}x{}{},gain={:.3f}/{:.3f}/{:.3f}", photo.name, crop.x, crop.y,
                              crop.width, crop.height, flip ? ",flip" : "", gains[0], gains[1], gains[2]);
  return background;
}

}  // namespace synhead::renderer
