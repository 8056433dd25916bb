#include "synhead/core/csv_cells.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "synhead/core/error.h"

namespace synhead::core {

std::string trim_cell(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

std::vector<std::string> split_csv_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    cells.push_back(trim_cell(line.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return cells;
}

double parse_number_cell(const std::string& cell, const std::string& where, const std::string& column) {
  const std::string text = trim_cell(cell);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    throw_user_error("{}column '{}': expected a number, got '{}'", where, column, text);
  if (!std::isfinite(value)) throw_user_error("{}column '{}': expected a finite number, got '{}'", where, column, text);
  return value;
}

std::int64_t parse_frame_cell(const std::string& cell, const std::string& where, const std::string& column) {
  const std::string text = trim_cell(cell);
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || value < 0)
    throw_user_error("{}column '{}': expected a non-negative integer, got '{}'", where, column, text);
  return value;
}

}  // namespace synhead::core
