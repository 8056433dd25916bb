#pragma once
// Per-sequence backgrounds behind the rendered head: photos (the Scratch media library that tools/setup.sh extracts,
// as the paper composites heads over random background images) or procedural indoor-like scenes, so that a model
// never learns one background.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "synhead/core/random.h"

namespace synhead::renderer {

struct BackgroundConfig {
  std::string source = "mixed";  // photos | procedural | mixed
  std::string folder = "assets/extracted/backgrounds";
  double procedural_fraction = 0.25;  // share of procedural backgrounds when source is mixed
  double max_zoom = 1.5;              // photo zoom beyond "just covers the frame", drawn in [1, max_zoom]
  bool flip = true;                   // mirror half of the photo backgrounds
  double brightness_jitter = 0.15;    // photo gain drawn in [1 − b, 1 + b]
  double color_jitter = 0.06;         // extra per-channel gain drawn in [1 − c, 1 + c]
};

template <class V>
void describe(V& v, BackgroundConfig& c) {
  v.field("source", c.source);
  v.require(c.source == "photos" || c.source == "procedural" || c.source == "mixed", "source",
            "'photos', 'procedural' or 'mixed'");
  v.field("folder", c.folder);
  v.require(!c.folder.empty(), "folder", "a folder of background photos");
  v.field("procedural_fraction", c.procedural_fraction);
  v.require(c.procedural_fraction >= 0 && c.procedural_fraction <= 1, "procedural_fraction", "a fraction in [0, 1]");
  v.field("max_zoom", c.max_zoom);
  v.require(c.max_zoom >= 1 && c.max_zoom <= 4, "max_zoom", "a number in [1, 4]");
  v.field("flip", c.flip);
  v.field("brightness_jitter", c.brightness_jitter);
  v.require(c.brightness_jitter >= 0 && c.brightness_jitter < 1, "brightness_jitter", "a number in [0, 1)");
  v.field("color_jitter", c.color_jitter);
  v.require(c.color_jitter >= 0 && c.color_jitter < 1, "color_jitter", "a number in [0, 1)");
}

struct Background {
  // Which background this is, for the dataset manifest: "photo:<file>#crop=x,y,WxH[,flip],gain=b/g/r" (crop in the
  // photo's pixels) or "procedural:<seed>" (procedural_background(width, height, Rng(seed)) gives it back).
  std::string id;
  cv::Mat image;  // CV_8UC3, BGR, exactly the requested size
};

class BackgroundLibrary {
 public:
  // Decodes every photo up front when the source uses photos, so that concurrent sample() calls only read. A
  // relative `config.folder` is resolved against `base_dir` (the working directory when empty). A missing folder,
  // or one without any image OpenCV can read, is a UserError naming the folder.
  explicit BackgroundLibrary(const BackgroundConfig& config, const std::filesystem::path& base_dir = {});

  std::size_t photo_count() const { return photos_.size(); }
  // File names of the photos, sorted (the order sample() indexes them by).
  std::vector<std::string> photo_names() const;

  // A background of exactly width × height. Every draw comes from `rng`: same rng state, same background.
  // Thread-safe: const and touches no shared mutable state.
  Background sample(core::Rng& rng, int width, int height) const;

 private:
  struct Photo {
    std::string name;
    cv::Mat image;
  };
  Background sample_photo(core::Rng& rng, int width, int height) const;

  BackgroundConfig config_;
  std::vector<Photo> photos_;
};

// A plausible indoor-like scene that is never flat: a smooth multi-colour wall gradient under low-frequency light
// blotches, with windows, posters, shelves, furniture and stripes, slightly defocused as behind a head in focus.
cv::Mat procedural_background(int width, int height, core::Rng& rng);

}  // namespace synhead::renderer
