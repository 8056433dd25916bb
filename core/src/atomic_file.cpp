#include "synhead/core/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <system_error>

#include "synhead/core/error.h"

namespace synhead::core {

std::filesystem::path temp_sibling(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  auto name = fmt::format(".{}.tmp{}_{}", target.filename().string(), ::getpid(), counter++);
  return target.parent_path() / name;
}

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)), temp_(temp_sibling(target_)) {
  if (!target_.parent_path().empty()) {
    std::error_code ec;
    std::filesystem::create_directories(target_.parent_path(), ec);
    if (ec) throw_user_error("{}cannot create directory: {}", location_prefix(target_.parent_path().string()), ec.message());
  }
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw_user_error("{}cannot open for writing", location_prefix(target_.string()));
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw_user_error("{}write failed (disk full?)", location_prefix(target_.string()));
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) throw_user_error("{}cannot rename temporary file into place: {}", location_prefix(target_.string()), ec.message());
  committed_ = true;
}

void write_text_atomic(const std::filesystem::path& target, const std::string& content) {
  AtomicFile file(target);
  file.stream() << content;
  file.commit();
}

}  // namespace synhead::core
