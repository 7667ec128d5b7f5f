// libFuzzer target: the scenario parser on arbitrary bytes. Bad JSON or bad values are an InputError
// with a message; anything accepted is valid and survives a save / parse round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/util/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  poolscope::Scenario scenario;
  try {
    scenario = poolscope::parse_scenario(text);
  } catch (const poolscope::InputError&) {
    return 0;
  }
  const poolscope::Scenario again = poolscope::parse_scenario(poolscope::scenario_to_json(scenario));
  if (again.inputs != scenario.inputs || again.durations != scenario.durations || again.mode != scenario.mode ||
      again.workers != scenario.workers || again.chunksize != scenario.chunksize ||
      again.workload != scenario.workload || again.fail_task != scenario.fail_task) {
    std::abort();  // a saved scenario must load as the same scenario
  }
  return 0;
}
