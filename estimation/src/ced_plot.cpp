#include "synhead/estimation/ced_plot.h"

#include <fmt/format.h>

#include "synhead/core/plot.h"

namespace synhead::estimation {
namespace {

// Inside gnuplot's single-quoted strings a quote is written twice.
std::string quoted_text(std::string text) {
  for (std::size_t at = text.find('\''); at != std::string::npos; at = text.find('\'', at + 2)) text.insert(at, 1, '\'');
  return text;
}

}  // namespace

void plot_ced(const std::vector<std::pair<std::string, LandmarkMetrics>>& methods, const std::string& title,
              const std::filesystem::path& png) {
  core::GnuplotScript script;
  std::string plot = "plot";
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const auto& [name, metrics] = methods[m];
    std::vector<std::vector<double>> rows;
    for (std::size_t i = 0; i < metrics.ced.thresholds.size(); ++i)
      rows.push_back({metrics.ced.thresholds[i], metrics.ced.fraction[i]});
    const std::string block = fmt::format("m{}", m);
    script.add_data(block, rows);
    plot += fmt::format("{} ${} using 1:2 with lines lw 2 title '{} (AUC {:.3f}, FR {:.2f} %)'", m == 0 ? "" : ",",
                        block, quoted_text(name), metrics.auc, 100 * metrics.failure_rate);
  }
  script.add("set grid; set key right bottom; set yrange [0:1]");
  script.add(fmt::format("set xrange [0:{}]", kLandmarkErrorThreshold));
  script.add("set xlabel 'normalised point-to-point error'; set ylabel 'fraction of frames'");
  script.add(fmt::format("set title '{}'", quoted_text(title)));
  script.add(plot);
  script.render_png(png, 800, 560);
}

}  // namespace synhead::estimation
