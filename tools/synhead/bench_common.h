#pragma once
// What every `synhead bench` JSON carries besides its figures (docs/conventions.md): the machine and the date.

#include <string>

#include <nlohmann/json.hpp>

namespace synhead::tools {

// {"cores", "cpu", "load_average": [1, 5, 15 min]}: the load says how far a shared machine's figures can be trusted.
nlohmann::json bench_machine();
std::string bench_date();  // YYYY-MM-DD, local time

}  // namespace synhead::tools
