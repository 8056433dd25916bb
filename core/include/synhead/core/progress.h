#pragma once
// The one progress reporter: a single redrawn stderr line with rate and ETA on a terminal, a periodic log line
// when stderr is not a terminal, nothing at all in quiet mode.

#include <chrono>
#include <cstddef>
#include <string>

namespace synhead::core {

enum class ProgressMode { Auto, Quiet };

// Set once by the CLI from --quiet; libraries just create Progress objects.
void set_progress_mode(ProgressMode mode);

class Progress {
 public:
  Progress(std::string label, std::size_t total, std::string unit = "items");
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(std::size_t n = 1);
  void finish();

  // "12.3 items/s, ETA 0:42" — exposed for tests.
  static std::string format_status(std::size_t done, std::size_t total, double elapsed_s, const std::string& unit);

 private:
  void report(bool final);

  std::string label_;
  std::size_t total_;
  std::string unit_;
  std::size_t done_ = 0;
  bool finished_ = false;
  bool terminal_ = false;
  bool enabled_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_;
};

}  // namespace synhead::core
