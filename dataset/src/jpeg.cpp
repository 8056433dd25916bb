#include "synhead/dataset/jpeg.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <jpeglib.h>

#include "synhead/core/error.h"

namespace synhead::dataset {
namespace {

// libjpeg reports errors through a callback that must not return; the default one calls exit().
struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];

  // For info.err: errors format their message and longjmp to `jump` (set by the caller before any libjpeg call).
  jpeg_error_mgr* install();
};

[[noreturn]] void jump_back(j_common_ptr info) {
  auto* error = reinterpret_cast<ErrorManager*>(info->err);
  error->base.format_message(info, error->message);
  std::longjmp(error->jump, 1);
}

jpeg_error_mgr* ErrorManager::install() {
  jpeg_std_error(&base);
  base.error_exit = jump_back;
  return &base;
}

}  // namespace

std::vector<unsigned char> encode_jpeg(const cv::Mat& image, int quality) {
  SYNHEAD_CHECK(!image.empty() && (image.type() == CV_8UC3 || image.type() == CV_8UC1), "JPEG encoding needs an 8-bit BGR or grey image");
  SYNHEAD_CHECK(quality >= 1 && quality <= 100, "JPEG quality must be in [1, 100]");
  std::vector<JSAMPROW> rows(static_cast<std::size_t>(image.rows));
  for (int y = 0; y < image.rows; ++y) rows[static_cast<std::size_t>(y)] = const_cast<JSAMPROW>(image.ptr<JSAMPLE>(y));

  jpeg_compress_struct info{};
  ErrorManager error{};
  info.err = error.install();
  unsigned char* buffer = nullptr;  // grown by libjpeg with malloc; its address is taken, so it survives the longjmp
  unsigned long size = 0;
  if (setjmp(error.jump)) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    throw std::runtime_error(std::string("JPEG encoding failed: ") + error.message);
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(image.cols);
  info.image_height = static_cast<JDIMENSION>(image.rows);
  info.input_components = image.channels();
  info.in_color_space = image.channels() == 3 ? JCS_EXT_BGR : JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height)
    jpeg_write_scanlines(&info, rows.data() + info.next_scanline, info.image_height - info.next_scanline);
  jpeg_finish_compress(&info);
  std::vector<unsigned char> bytes(buffer, buffer + size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return bytes;
}

void decode_jpeg(const std::vector<unsigned char>& bytes, cv::Mat& bgr) {
  jpeg_decompress_struct info{};
  ErrorManager error{};
  info.err = error.install();
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    throw std::runtime_error(std::string("JPEG decoding failed: ") + error.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_EXT_BGR;
  jpeg_start_decompress(&info);
  bgr.create(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = bgr.ptr<JSAMPLE>(static_cast<int>(info.output_scanline));
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
}

}  // namespace synhead::dataset
