#include "synhead/core/error.h"

#include <cstdlib>
#include <iostream>

namespace synhead::core {

std::string location_prefix(const std::string& file, int line) {
  return line > 0 ? fmt::format("{}:{}: ", file, line) : fmt::format("{}: ", file);
}

void check_failed(const char* condition, const char* file, int line, const std::string& message) {
  std::cerr << "internal error: check '" << condition << "' failed at " << file << ':' << line;
  if (!message.empty()) std::cerr << ": " << message;
  std::cerr << std::endl;
  std::abort();
}

}  // namespace synhead::core
