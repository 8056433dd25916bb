#pragma once
// Two tiers of errors (see README "Errors"): UserError for bad input or usage, which the CLI turns into one
// message and exit code 2; SYNHEAD_CHECK for programmer errors, which abort with the source location.

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace synhead::core {

class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "file:line: " (or "file: " when the line is unknown) — the prefix every input error starts with.
std::string location_prefix(const std::string& file, int line = 0);

template <typename... Args>
[[noreturn]] void throw_user_error(fmt::format_string<Args...> format, Args&&... args) {
  throw UserError(fmt::format(format, std::forward<Args>(args)...));
}

[[noreturn]] void check_failed(const char* condition, const char* file, int line, const std::string& message);

}  // namespace synhead::core

// SYNHEAD_CHECK(condition) or SYNHEAD_CHECK(condition, "why it must hold").
#define SYNHEAD_CHECK(...) SYNHEAD_CHECK_SELECT(__VA_ARGS__, SYNHEAD_CHECK_MSG, SYNHEAD_CHECK_COND, unused)(__VA_ARGS__)
#define SYNHEAD_CHECK_SELECT(a, b, macro, ...) macro
#define SYNHEAD_CHECK_COND(cond) SYNHEAD_CHECK_MSG(cond, "")
#define SYNHEAD_CHECK_MSG(cond, message)                                        \
  do {                                                                          \
    if (!(cond)) ::synhead::core::check_failed(#cond, __FILE__, __LINE__, message); \
  } while (false)
