#include "synhead/dataset/biwi_depth.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "synhead/core/error.h"

namespace synhead::dataset {
namespace {

using core::location_prefix;
using core::throw_user_error;

// Reads little-endian integers from the file's bytes; running out is a truncated file.
class Reader {
 public:
  Reader(const std::filesystem::path& path, std::vector<char> bytes) : path_(path), bytes_(std::move(bytes)) {}

  template <class Int>
  Int next(const char* what) {
    if (remaining() < sizeof(Int))
      throw_user_error("{}truncated: ends at byte {} while reading {}", location_prefix(path_.string()), bytes_.size(), what);
    std::uint32_t bits = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i)
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes_[offset_ + i])) << (8 * i);
    offset_ += sizeof(Int);
    return static_cast<Int>(bits);  // two's complement
  }
  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }

 private:
  const std::filesystem::path& path_;
  std::vector<char> bytes_;
  std::size_t offset_ = 0;
};

}  // namespace

std::filesystem::path biwi_depth_file(const std::filesystem::path& dir, std::int64_t frame) {
  return dir / fmt::format("frame_{:05}_depth.bin", frame);
}

cv::Mat read_biwi_depth(const std::filesystem::path& path, ImageSize expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_user_error("{}cannot open BIWI depth file", location_prefix(path.string()));
  Reader reader(path, std::vector<char>(std::istreambuf_iterator<char>(in), {}));
  const std::string where = location_prefix(path.string());
  const auto width = reader.next<std::int32_t>("the image width");
  const auto height = reader.next<std::int32_t>("the image height");
  if (width < 1 || height < 1 || width > 8192 || height > 8192)
    throw_user_error("{}image size {}x{} is not in [1, 8192] (not a BIWI depth file?)", where, width, height);
  if (expected.known() && (width != expected.width || height != expected.height))
    throw_user_error("{}is {}x{}, expected {}x{} (depth.cal)", where, width, height, expected.width, expected.height);

  cv::Mat depth(height, width, CV_16U, cv::Scalar(0));
  auto* pixels = depth.ptr<std::uint16_t>();
  const std::int64_t total = static_cast<std::int64_t>(width) * height;
  std::int64_t filled = 0;
  while (filled < total) {
    const std::size_t run_at = reader.offset();
    const auto empty = reader.next<std::int32_t>("a run's count of empty pixels");
    const auto full = reader.next<std::int32_t>("a run's count of filled pixels");
    if (empty < 0 || full < 0 || filled + empty + full > total)
      throw_user_error("{}the run at byte {} ({} empty, {} filled pixels) overruns the {}x{} image after {} pixels", where,
                       run_at, empty, full, width, height, filled);
    filled += empty;
    for (std::int32_t i = 0; i < full; ++i, ++filled) {
      const auto mm = reader.next<std::int16_t>("a run's depths");
      if (mm < 0) throw_user_error("{}negative depth {} mm at byte {}", where, mm, reader.offset() - 2);
      pixels[filled] = static_cast<std::uint16_t>(mm);
    }
  }
  if (reader.remaining() != 0)
    throw_user_error("{}wrong size: {} bytes follow the last run of the {}x{} image", where, reader.remaining(), width, height);
  return depth;
}

}  // namespace synhead::dataset
