#pragma once
// Figure 7's form: cumulative error distribution curves of landmark methods, as a PNG (gnuplot). Torch-free.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "synhead/estimation/metrics.h"

namespace synhead::estimation {

// One curve per (name, curve), in the order given; the key shows each method's AUC and failure rate.
void plot_ced(const std::vector<std::pair<std::string, LandmarkMetrics>>& methods, const std::string& title,
              const std::filesystem::path& png);

}  // namespace synhead::estimation
