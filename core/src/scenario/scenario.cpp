// Scenario files: parsing, validation and saving. Every rejection names the key or the task at fault,
// because the person reading the message is editing a JSON file or a command line by hand.
#include "poolscope/scenario/scenario.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"
#include "poolscope/util/input_file.hpp"

namespace poolscope {
namespace {

using nlohmann::json;

// 2 x input must fit in the result type.
constexpr std::int64_t kMaxInput = std::numeric_limits<std::int64_t>::max() / 2;

// A million tasks with inputs and durations take about 15 MiB of JSON; past this, reading is a mistake.
constexpr std::uintmax_t kMaxScenarioBytes = 32u * 1024 * 1024;

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

const char* json_type_name(const json& value) {
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "true/false";
  if (value.is_array()) return "a list";
  if (value.is_object()) return "an object";
  return "null";
}

[[noreturn]] void wrong_type(std::string_view key, std::string_view expected, const json& value) {
  throw InputError("scenario key \"" + std::string(key) + "\" must be " + std::string(expected) + ", not " +
                   json_type_name(value));
}

std::int64_t integer_of(const json& value, std::string_view key) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw InputError("scenario key \"" + std::string(key) + "\" is too large");
    }
    return static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    // 3.0 is an integer a person meant; 3.5 is not.
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  }
  wrong_type(key, "an integer", value);
}

int small_integer_of(const json& value, std::string_view key) {
  const std::int64_t v = integer_of(value, key);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
    throw InputError("scenario key \"" + std::string(key) + "\" is out of range (" + std::to_string(v) + ")");
  }
  return static_cast<int>(v);
}

std::string string_of(const json& value, std::string_view key) {
  if (!value.is_string()) wrong_type(key, "a string", value);
  return value.get<std::string>();
}

const json& list_of(const json& value, std::string_view key) {
  if (!value.is_array()) wrong_type(key, "a list", value);
  return value;
}

}  // namespace

std::string_view to_string(Workload workload) {
  switch (workload) {
    case Workload::sleep: return "sleep";
    case Workload::spin: return "spin";
    case Workload::crash: return "crash";
    case Workload::raise: return "raise";
  }
  return "sleep";
}

std::optional<Workload> workload_from_string(std::string_view text) {
  if (text == "sleep") return Workload::sleep;
  if (text == "spin") return Workload::spin;
  if (text == "crash") return Workload::crash;
  if (text == "raise") return Workload::raise;
  return std::nullopt;
}

void validate(const Scenario& s) {
  if (s.workers < 1 || s.workers > kMaxWorkers) {
    throw InputError("workers must be between 1 and " + std::to_string(kMaxWorkers) + ", not " +
                     std::to_string(s.workers));
  }
  if (s.chunksize < 0) {
    throw InputError("chunksize must be 1 or more, not " + std::to_string(s.chunksize));
  }
  if (s.maxtasksperchild && *s.maxtasksperchild < 1) {
    throw InputError("maxtasksperchild must be 1 or more, not " + std::to_string(*s.maxtasksperchild) +
                     " (leave it out for workers that live as long as the pool)");
  }
  if (s.durations.empty()) throw InputError("the scenario has no tasks: give at least one duration");
  if (s.inputs.size() != s.durations.size()) {
    throw InputError("there are " + std::to_string(s.inputs.size()) + " inputs but " +
                     std::to_string(s.durations.size()) + " durations; give one duration per input");
  }
  for (std::size_t i = 0; i < s.durations.size(); ++i) {
    const double d = s.durations[i];
    if (!std::isfinite(d)) {
      throw InputError("duration of task " + std::to_string(i) + " is not a finite number");
    }
    if (d < 0) {
      throw InputError("duration of task " + std::to_string(i) + " is negative (" + format_number(d) +
                       "); durations are seconds, 0 or more");
    }
    if (d > kMaxTaskSeconds) {
      throw InputError("duration of task " + std::to_string(i) + " is " + format_number(d) +
                       " s; the longest allowed is " + format_number(kMaxTaskSeconds) + " s");
    }
  }
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    if (s.inputs[i] > kMaxInput || s.inputs[i] < -kMaxInput) {
      throw InputError("input of task " + std::to_string(i) + " is too large to double");
    }
  }
  const bool failing = s.workload == Workload::crash || s.workload == Workload::raise;
  if (s.fail_task) {
    if (!failing) {
      throw InputError("a failing task only makes sense with the crash or raise workload, not " +
                       std::string(to_string(s.workload)));
    }
    if (*s.fail_task >= s.size()) {
      throw InputError("the failing task " + std::to_string(*s.fail_task) + " does not exist: tasks are 0 to " +
                       std::to_string(s.size() - 1));
    }
  }
}

Scenario parse_scenario(std::string_view json_text) {
  json root;
  // {"workers": 2, ..., "workers": 8} keeps only the last value; a person editing the file by hand reads
  // the first. Keys of the top-level object are tracked while parsing to refuse that.
  std::set<std::string> top_keys;
  std::optional<std::string> duplicate;
  const json::parser_callback_t on_event = [&](int depth, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key && depth == 1 && !top_keys.insert(parsed.get<std::string>()).second &&
        !duplicate) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  try {
    root = json::parse(json_text.begin(), json_text.end(), on_event);
  } catch (const json::exception& e) {
    // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, ...".
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    throw InputError("the scenario is not valid JSON: " + excerpt(what, 2 * kExcerptChars));
  }
  if (duplicate) throw InputError("key \"" + excerpt(*duplicate) + "\" appears twice in the scenario; keep one");
  if (!root.is_object()) throw InputError("a scenario must be a JSON object, such as {\"durations\": [1, 2, 3]}");

  Scenario s;
  bool has_inputs = false;
  bool has_durations = false;
  for (const auto& [key, value] : root.items()) {
    if (key == "mode") {
      const std::string text = string_of(value, key);
      const auto mode = mode_from_string(text);
      if (!mode)
        throw InputError("unknown mode \"" + excerpt(text) + "\" in the scenario (use map, imap or imap_unordered)");
      s.mode = *mode;
    } else if (key == "workers") {
      s.workers = small_integer_of(value, key);
    } else if (key == "chunksize") {
      s.chunksize = small_integer_of(value, key);
      if (s.chunksize < 1) {
        throw InputError("chunksize must be 1 or more, not " + std::to_string(s.chunksize) +
                         " (leave it out for Python's default)");
      }
    } else if (key == "workload") {
      const std::string text = string_of(value, key);
      const auto workload = workload_from_string(text);
      if (!workload) {
        throw InputError("unknown workload \"" + excerpt(text) +
                         "\" in the scenario (use sleep, spin, crash or raise)");
      }
      s.workload = *workload;
    } else if (key == "inputs") {
      const json& list = list_of(value, key);
      s.inputs.reserve(list.size());
      for (const json& item : list) {
        if (!item.is_number()) {
          throw InputError("input " + std::to_string(s.inputs.size()) + " of the scenario must be an integer, not " +
                           json_type_name(item));
        }
        s.inputs.push_back(integer_of(item, "inputs"));
      }
      has_inputs = true;
    } else if (key == "durations") {
      const json& list = list_of(value, key);
      s.durations.reserve(list.size());
      for (const json& item : list) {
        if (!item.is_number()) {
          throw InputError("duration " + std::to_string(s.durations.size()) +
                           " of the scenario must be a number of seconds, not " + json_type_name(item));
        }
        s.durations.push_back(item.get<double>());
      }
      has_durations = true;
    } else if (key == "fail_task") {
      if (!value.is_null()) {
        const std::int64_t index = integer_of(value, key);
        if (index < 0) throw InputError("fail_task must be a task index, 0 or more, not " + std::to_string(index));
        s.fail_task = static_cast<std::size_t>(index);
      }
    } else if (key == "maxtasksperchild") {
      if (!value.is_null()) s.maxtasksperchild = small_integer_of(value, key);
    } else {
      throw InputError("unknown key \"" + excerpt(key) +
                       "\" in the scenario (allowed: mode, workers, chunksize, workload, inputs, durations, "
                       "fail_task, maxtasksperchild)");
    }
  }
  if (!has_durations) throw InputError("the scenario has no \"durations\" list (seconds, one per task)");
  if (!has_inputs) {
    s.inputs.resize(s.durations.size());
    for (std::size_t i = 0; i < s.inputs.size(); ++i) s.inputs[i] = static_cast<std::int64_t>(i + 1);
  }
  // A crash / raise scenario without an explicit victim fails its first task.
  if (!s.fail_task && (s.workload == Workload::crash || s.workload == Workload::raise)) s.fail_task = 0;
  validate(s);
  return s;
}

Scenario load_scenario(const std::filesystem::path& file) {
  // A device such as /dev/zero, or a FIFO, would be read forever; a scenario is a small text file.
  InputFile input(file, "scenario file");
  const std::string text = input.read_all(kMaxScenarioBytes);
  try {
    return parse_scenario(text);
  } catch (const InputError& e) {
    throw InputError(excerpt_path(file) + ": " + e.what());
  }
}

std::string scenario_to_json(const Scenario& s) {
  nlohmann::ordered_json root = nlohmann::ordered_json::object();  // keys in the order a person reads them
  root["mode"] = std::string(to_string(s.mode));
  root["workers"] = s.workers;
  if (s.chunksize > 0) root["chunksize"] = s.chunksize;
  root["workload"] = std::string(to_string(s.workload));
  root["inputs"] = s.inputs;
  root["durations"] = s.durations;
  if (s.fail_task) root["fail_task"] = *s.fail_task;
  if (s.maxtasksperchild) root["maxtasksperchild"] = *s.maxtasksperchild;
  return root.dump(2) + "\n";
}

void save_scenario(const Scenario& scenario, const std::filesystem::path& file) {
  validate(scenario);
  write_file_atomically(file, scenario_to_json(scenario));
}

int effective_chunksize(Mode mode, int requested, std::size_t tasks, int workers) {
  if (requested > 0) return requested;
  if (mode != Mode::map) return 1;
  // Python: chunksize, extra = divmod(len(iterable), len(self._pool) * 4); if extra: chunksize += 1
  const std::size_t per = static_cast<std::size_t>(workers > 0 ? workers : 1) * 4;
  const std::size_t chunk = (tasks + per - 1) / per;
  return chunk == 0 ? 1 : static_cast<int>(chunk);
}

}  // namespace poolscope
