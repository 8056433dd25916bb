#pragma once
// The cells of a plain CSV file (no quoting), row by row, for tests that check what a verb wrote.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace synhead::testing {

// Rows after the header; the header line goes to `header` when given.
inline std::vector<std::vector<std::string>> read_csv_rows(const std::filesystem::path& file,
                                                           std::string* header = nullptr) {
  std::ifstream in(file);
  std::string line;
  std::vector<std::vector<std::string>> rows;
  std::getline(in, line);
  if (header) *header = line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    std::string cell;
    while (std::getline(s, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace synhead::testing
