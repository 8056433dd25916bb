#pragma once
// Strict cells of the project's CSV files (motion tracks, predictions): comma-separated, surrounding blanks
// ignored, numbers that must parse whole. Errors are UserErrors that start with `where` (e.g. "file.csv:12: ")
// and name the column.

#include <cstdint>
#include <string>
#include <vector>

namespace synhead::core {

// The text without leading and trailing spaces, tabs and carriage returns.
std::string trim_cell(const std::string& text);

// The line's comma-separated cells, each trimmed (no quoting: the project's CSVs never need it).
std::vector<std::string> split_csv_cells(const std::string& line);

// "expected a number" when the cell does not parse whole, "expected a finite number" for nan / inf.
double parse_number_cell(const std::string& cell, const std::string& where, const std::string& column);

// A frame number: a whole non-negative integer.
std::int64_t parse_frame_cell(const std::string& cell, const std::string& where, const std::string& column = "frame");

}  // namespace synhead::core
