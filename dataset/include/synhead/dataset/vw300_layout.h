#pragma once
// The 300-VW layout written from any source that labels landmarks (`synhead data convert SOURCE --layout 300vw`):
//   OUT/NNN/vid.avi              the sequence's frames in order, as a video (OpenCV VideoWriter, MJPG by default)
//   OUT/NNN/annot/NNNNNN.pts     the 68 landmarks of video frame NNNNNN (1-based, consecutive), 300-W text form
//   OUT/sequences.json           {"format": "synhead-300vw-index", "source", "sequences": {NNN: {"sequence", "split"}}}
//   OUT/splits.json              a split file (splits_file.h) with the source's split tags, when it has any
// Videos are numbered 001, 002, … in the source's sequence order. Each video folder is written under a temporary
// name and renamed when complete, so a folder under its final name is always whole; a rerun skips those. This is
// what `300vw:PATH` reads back (dataset/source.h): the stand-in for the real 300-VW that the docs' experiment uses.

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>

#include <glm/vec2.hpp>

#include "synhead/dataset/labels.h"

namespace synhead::core {
class Progress;
}

namespace synhead::dataset {

class DataSource;

struct Vw300WriteOptions {
  std::string fourcc = "MJPG";  // four-character code of the video codec OpenCV writes
  double fps = 0;               // 0: from the source's frame times (30 when they give none)
};

// The .pts text of 68 points ("version: 1", "n_points: 68", "{", "x y" lines, "}"), as read_pts() reads it.
std::string pts_text(const std::array<glm::dvec2, kLandmarkCount>& landmarks);

// Returns the number of videos written (those already complete are skipped). UserError when the source labels no
// landmarks, OUT cannot be written, or OpenCV cannot open a video writer for the codec.
std::size_t write_300vw_layout(const DataSource& source, const std::filesystem::path& out,
                               const Vw300WriteOptions& options, core::Progress& progress);

}  // namespace synhead::dataset
