#pragma once
// PNG plots through gnuplot (package gnuplot-nox): data travels inline as gnuplot datablocks, the PNG is written
// to a temporary name and renamed, and a failing gnuplot run is reported with its own message.

#include <filesystem>
#include <string>
#include <vector>

namespace synhead::core {

class GnuplotScript {
 public:
  // Defines the datablock $name; each row is one line of whitespace-separated numbers. An empty row separates
  // data sets (gnuplot's blank line), which `plot $name index i` selects.
  void add_data(const std::string& name, const std::vector<std::vector<double>>& rows);
  void add(const std::string& command);
  std::string text() const { return data_ + commands_; }

  // Runs gnuplot with a pngcairo terminal of the given size.
  void render_png(const std::filesystem::path& out, int width, int height) const;

 private:
  std::string data_;
  std::string commands_;
};

}  // namespace synhead::core
