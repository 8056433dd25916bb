#pragma once
// Outputs appear under their final name only when complete: write to a temporary sibling, then rename.

#include <filesystem>
#include <fstream>
#include <string>

namespace synhead::core {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();  // removes the temporary file unless commit() succeeded
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ofstream& stream() { return out_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  // Flushes, checks the stream and renames onto the target; throws UserError naming the target on failure.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

void write_text_atomic(const std::filesystem::path& target, const std::string& content);

// A unique sibling name for a temporary file or directory that is renamed onto `target` when complete.
std::filesystem::path temp_sibling(const std::filesystem::path& target);

}  // namespace synhead::core
