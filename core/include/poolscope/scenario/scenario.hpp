// A scenario: the tasks a run is made of (the JSON file `poolscope run --scenario` reads).
// Loading validates everything and throws InputError with one clear sentence.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/trace/task_record.hpp"

namespace poolscope {

enum class Workload : std::uint8_t { sleep, spin, crash, raise };
std::string_view to_string(Workload workload);
std::optional<Workload> workload_from_string(std::string_view text);

inline constexpr int kMaxWorkers = 64;
inline constexpr double kMaxTaskSeconds = 3600.0;

struct Scenario {
  Mode mode = Mode::map;
  int workers = 3;
  int chunksize = 0;  // 0 = Python's default for the mode
  Workload workload = Workload::sleep;
  std::vector<std::int64_t> inputs;      // result = 2 x input
  std::vector<double> durations;         // seconds, one per input
  std::optional<std::size_t> fail_task;  // index of the task that crashes / raises
  // Python's maxtasksperchild: a worker is replaced by a fresh process after this many tasks (chunks).
  std::optional<int> maxtasksperchild;

  std::size_t size() const { return inputs.size(); }
};

// Throws InputError naming the first problem (counts, NaN or negative durations, workers, chunksize...).
void validate(const Scenario& scenario);

// JSON text <-> Scenario. Unknown keys, wrong types and missing lists are InputErrors.
Scenario parse_scenario(std::string_view json_text);
Scenario load_scenario(const std::filesystem::path& file);
std::string scenario_to_json(const Scenario& scenario);
// Writes atomically (temp file + rename): a failed save leaves no half-written file.
void save_scenario(const Scenario& scenario, const std::filesystem::path& file);

// Python's chunksize rules: map defaults to ceil(n / (4 x workers)), imap / imap_unordered to 1.
int effective_chunksize(Mode mode, int requested, std::size_t tasks, int workers);

}  // namespace poolscope
