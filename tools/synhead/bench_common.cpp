#include "bench_common.h"

#include <ctime>
#include <fstream>
#include <thread>

namespace synhead::tools {

nlohmann::json bench_machine() {
  std::string cpu = "unknown";
  std::ifstream info("/proc/cpuinfo");
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  double load[3] = {0, 0, 0};
  std::ifstream("/proc/loadavg") >> load[0] >> load[1] >> load[2];
  return {{"cores", std::thread::hardware_concurrency()}, {"cpu", cpu}, {"load_average", {load[0], load[1], load[2]}}};
}

std::string bench_date() {
  const std::time_t now = std::time(nullptr);
  char text[16];
  std::strftime(text, sizeof(text), "%Y-%m-%d", std::localtime(&now));
  return text;
}

}  // namespace synhead::tools
