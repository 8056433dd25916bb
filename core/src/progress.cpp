#include "synhead/core/progress.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace synhead::core {
namespace {

std::atomic<ProgressMode> g_mode{ProgressMode::Auto};

std::string format_duration(double seconds) {
  const auto total = static_cast<long long>(seconds + 0.5);
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

void set_progress_mode(ProgressMode mode) { g_mode = mode; }

Progress::Progress(std::string label, std::size_t total, std::string unit)
    : label_(std::move(label)), total_(total), unit_(std::move(unit)) {
  enabled_ = g_mode.load() != ProgressMode::Quiet;
  terminal_ = ::isatty(STDERR_FILENO) != 0;
  start_ = last_report_ = std::chrono::steady_clock::now();
}

Progress::~Progress() { finish(); }

std::string Progress::format_status(std::size_t done, std::size_t total, double elapsed_s, const std::string& unit) {
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0.0;
  std::string eta = "--:--";
  if (done >= total) {
    eta = format_duration(0);
  } else if (rate > 0) {
    eta = format_duration(static_cast<double>(total - done) / rate);
  }
  const double percent = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  return fmt::format("{}/{} ({:.0f}%) {:.1f} {}/s, ETA {}", done, total, percent, rate, unit, eta);
}

void Progress::advance(std::size_t n) {
  done_ += n;
  report(false);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  report(true);
}

void Progress::report(bool final) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_report_).count();
  const double interval = terminal_ ? 0.1 : 5.0;
  if (!final && since_last < interval) return;
  last_report_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string status = format_status(done_, total_, elapsed, unit_);
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s: %s%s", label_.c_str(), status.c_str(), final ? "\n" : "");
    std::fflush(stderr);
  } else if (!final || elapsed >= interval) {
    spdlog::info("{}: {}", label_, status);
  }
}

}  // namespace synhead::core
