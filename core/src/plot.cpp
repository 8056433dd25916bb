#include "synhead/core/plot.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"

namespace synhead::core {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void GnuplotScript::add_data(const std::string& name, const std::vector<std::vector<double>>& rows) {
  data_ += fmt::format("${} << EOD\n", name);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) data_ += fmt::format("{}{:.6g}", i ? " " : "", row[i]);
    data_ += row.empty() ? "\n\n" : "\n";
  }
  data_ += "EOD\n";
}

void GnuplotScript::add(const std::string& command) { commands_ += command + "\n"; }

void GnuplotScript::render_png(const std::filesystem::path& out, int width, int height) const {
  if (!out.parent_path().empty()) std::filesystem::create_directories(out.parent_path());
  const auto png = temp_sibling(out);
  const auto script = temp_sibling(out.parent_path() / "plot.gp");
  const auto log = temp_sibling(out.parent_path() / "plot.log");
  {
    std::ofstream s(script);
    s << fmt::format("set terminal pngcairo size {},{} noenhanced font 'sans,10'\nset output '{}'\n", width, height,
                     png.string());
    s << text();
  }
  const std::string command = fmt::format("gnuplot '{}' >'{}' 2>&1", script.string(), log.string());
  const int status = std::system(command.c_str());
  const std::string messages = read_all(log);
  std::error_code ec;
  std::filesystem::remove(script, ec);
  std::filesystem::remove(log, ec);
  if (status != 0 || !std::filesystem::exists(png)) {
    std::filesystem::remove(png, ec);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      throw std::runtime_error("plotting needs gnuplot (Debian package gnuplot-nox; tools/setup.sh installs it)");
    throw std::runtime_error(fmt::format("gnuplot failed writing {}: {}", out.string(), messages));
  }
  std::filesystem::rename(png, out, ec);
  if (ec) throw UserError(fmt::format("{}cannot write plot: {}", location_prefix(out.string()), ec.message()));
}

}  // namespace synhead::core
