#pragma once

namespace synhead::dataset {

// An axis-aligned box in pixels: (x, y) is the top-left corner (image origin at the top-left pixel corner).
struct Box {
  double x = 0, y = 0, w = 0, h = 0;

  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
  bool empty() const { return w <= 0 || h <= 0; }
};

}  // namespace synhead::dataset
