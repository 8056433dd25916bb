#include "synhead/core/csv_cells.h"

#include <gtest/gtest.h>

#include "user_error.h"

namespace synhead::core {
namespace {

TEST(CsvCells, SplitTrimsEveryCellAndKeepsEmptyOnes) {
  EXPECT_EQ(split_csv_cells(" a ,b,,\tc\r"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(split_csv_cells(""), (std::vector<std::string>{""}));
  EXPECT_EQ(trim_cell(" \t x y \r"), "x y");
}

TEST(CsvCells, NumbersParseWholeAndFinite) {
  EXPECT_DOUBLE_EQ(parse_number_cell(" -1.5e2 ", "f.csv:3: ", "yaw"), -150);
  EXPECT_NE(testing::user_error_of([] { parse_number_cell("1.5x", "f.csv:3: ", "yaw"); })
                .find("f.csv:3: column 'yaw': expected a number, got '1.5x'"),
            std::string::npos);
  EXPECT_NE(testing::user_error_of([] { parse_number_cell("", "f.csv:3: ", "yaw"); }).find("expected a number, got ''"),
            std::string::npos);
  EXPECT_NE(testing::user_error_of([] { parse_number_cell("inf", "f.csv:4: ", "tz"); })
                .find("f.csv:4: column 'tz': expected a finite number"),
            std::string::npos);
}

TEST(CsvCells, FramesAreWholeNonNegativeIntegers) {
  EXPECT_EQ(parse_frame_cell(" 42 ", "f.csv:2: "), 42);
  for (const char* bad : {"-1", "0.5", "", "7a"}) {
    EXPECT_NE(testing::user_error_of([&] { parse_frame_cell(bad, "f.csv:2: "); })
                  .find("f.csv:2: column 'frame': expected a non-negative integer"),
              std::string::npos)
        << bad;
  }
}

}  // namespace
}  // namespace synhead::core
