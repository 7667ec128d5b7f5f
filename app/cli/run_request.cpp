// Parsing of `poolscope run`. Everything is checked here, so a bad command line never starts workers
// and never leaves an output file behind.
#include "cli/run_request.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <utility>

#include "cli/arg_cursor.hpp"
#include "cli/flag_values.hpp"
#include "cli/presets.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope::cli {
namespace {

struct RawFlags {
  std::optional<std::string> mode;
  std::optional<std::int64_t> workers;
  std::optional<std::int64_t> chunksize;
  std::optional<std::vector<std::int64_t>> inputs;
  std::optional<std::vector<double>> durations;
  std::optional<Workload> workload;
  std::optional<std::int64_t> failTask;
  std::optional<std::int64_t> maxTasksPerChild;
  std::optional<std::string> preset;
  std::optional<std::filesystem::path> scenarioFile;
};

std::vector<std::int64_t> oneTo(std::size_t n) {
  std::vector<std::int64_t> inputs(n);
  for (std::size_t i = 0; i < n; ++i) inputs[i] = static_cast<std::int64_t>(i + 1);
  return inputs;
}

bool allEqual(const std::vector<double>& values) {
  return std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) == values.end();
}

// Inputs and durations: flags win; a single duration repeats; inputs default to 1..N.
void mergeTasks(Scenario& s, const RawFlags& raw, const std::string& baseName) {
  const bool baseHasTasks = !s.durations.empty();
  if (raw.durations) {
    std::vector<double> durations = *raw.durations;
    if (raw.inputs) {
      if (durations.size() == 1) {
        durations.assign(raw.inputs->size(), durations.front());
      } else if (durations.size() != raw.inputs->size()) {
        throw InputError("--inputs has " + std::to_string(raw.inputs->size()) + " values but --durations has " +
                         std::to_string(durations.size()) + "; give one duration per input, or one for all");
      }
      s.inputs = *raw.inputs;
    } else if (baseHasTasks && durations.size() == 1) {
      durations.assign(s.inputs.size(), durations.front());
    } else if (!(baseHasTasks && s.inputs.size() == durations.size())) {
      s.inputs = oneTo(durations.size());
    }
    s.durations = std::move(durations);
  } else if (raw.inputs) {
    if (!baseHasTasks) {
      throw InputError("--inputs needs --durations too (seconds per task, or one value for all tasks)");
    }
    if (s.durations.size() != raw.inputs->size()) {
      if (!allEqual(s.durations)) {
        throw InputError("--inputs has " + std::to_string(raw.inputs->size()) + " values but " + baseName + " has " +
                         std::to_string(s.durations.size()) + " durations; give --durations too");
      }
      s.durations.assign(raw.inputs->size(), s.durations.front());
    }
    s.inputs = *raw.inputs;
  }
  if (s.durations.empty()) {
    throw InputError(
        "nothing to run: give --durations (e.g. --durations 1,2,3), --preset NAME or --scenario FILE.json");
  }
}

// `--trace out.json --csv out.json` would silently keep only the last file written.
void checkDistinctOutputs(const RunRequest& request) {
  const std::pair<const char*, const std::optional<std::filesystem::path>*> outputs[] = {
      {"--trace", &request.trace},
      {"--csv", &request.csv},
      {"--png", &request.exports.png},
      {"--svg", &request.exports.svg},
      {"--pdf", &request.exports.pdf}};
  for (std::size_t a = 0; a < std::size(outputs); ++a) {
    if (!*outputs[a].second) continue;
    std::error_code ec;
    const auto first = std::filesystem::weakly_canonical(**outputs[a].second, ec);
    for (std::size_t b = a + 1; b < std::size(outputs); ++b) {
      if (!*outputs[b].second) continue;
      const auto second = std::filesystem::weakly_canonical(**outputs[b].second, ec);
      if (first == second) {
        throw InputError(std::string(outputs[a].first) + " and " + outputs[b].first + " name the same file " +
                         excerpt_path(outputs[a].second->value()) + "; give each output its own file");
      }
    }
  }
}

}  // namespace

RunRequest parseRunRequest(const Args& args) {
  RunRequest request;
  if (std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
    request.help = true;
    return request;
  }

  RawFlags raw;
  ArgCursor cursor(args);
  while (!cursor.done()) {
    const std::string flag = cursor.next();
    if (!cursor.isFlag()) throw InputError("unexpected argument '" + excerpt(flag) + "' (see poolscope run --help)");
    if (flag == "--mode") {
      raw.mode = cursor.value();
    } else if (flag == "--workers") {
      raw.workers = parseInteger(cursor.value(), flag);
    } else if (flag == "--chunksize") {
      raw.chunksize = parseInteger(cursor.value(), flag);
    } else if (flag == "--inputs") {
      raw.inputs = parseIntegerList(cursor.value(), flag);
    } else if (flag == "--durations") {
      raw.durations = parseNumberList(cursor.value(), flag);
    } else if (flag == "--workload") {
      const std::string text = cursor.value();
      raw.workload = workload_from_string(text);
      if (!raw.workload)
        throw InputError("--workload must be sleep, spin, crash or raise, not '" + excerpt(text) + "'");
    } else if (flag == "--fail-task") {
      raw.failTask = parseInteger(cursor.value(), flag);
    } else if (flag == "--maxtasksperchild") {
      raw.maxTasksPerChild = parseInteger(cursor.value(), flag);
    } else if (flag == "--preset") {
      raw.preset = cursor.value();
    } else if (flag == "--scenario") {
      raw.scenarioFile = cursor.value();
    } else if (flag == "--trace") {
      request.trace = cursor.value();
    } else if (flag == "--csv") {
      request.csv = cursor.value();
    } else if (flag == "--quiet") {
      cursor.noValue();
      request.quiet = true;
    } else if (!takeExportFlag(cursor, request.exports)) {
      throw InputError("unknown option '" + excerpt(flag) + "' (see poolscope run --help)");
    }
  }

  if (raw.preset && raw.scenarioFile) throw InputError("give either --preset or --scenario, not both");
  Scenario& s = request.scenario;
  std::string baseName = "the default scenario";
  if (raw.preset) {
    s = loadPreset(*raw.preset);
    baseName = "preset " + *raw.preset;
  } else if (raw.scenarioFile) {
    s = load_scenario(*raw.scenarioFile);
    baseName = raw.scenarioFile->string();
  } else {
    s = Scenario{};
  }

  if (raw.mode) {
    if (*raw.mode == "all") {
      request.modes = {Mode::map, Mode::imap, Mode::imap_unordered};
    } else {
      const auto mode = mode_from_string(*raw.mode);
      if (!mode) throw InputError("--mode must be map, imap, imap_unordered or all, not '" + excerpt(*raw.mode) + "'");
      s.mode = *mode;
    }
  }
  if (request.modes.empty()) request.modes = {s.mode};

  if (raw.workers) {
    if (*raw.workers < 1 || *raw.workers > kMaxWorkers) {
      throw InputError("--workers must be between 1 and " + std::to_string(kMaxWorkers) + ", not " +
                       std::to_string(*raw.workers));
    }
    s.workers = static_cast<int>(*raw.workers);
  }
  if (raw.chunksize) {
    if (*raw.chunksize < 1 || *raw.chunksize > 1'000'000'000) {
      throw InputError("--chunksize must be 1 or more, not " + std::to_string(*raw.chunksize));
    }
    s.chunksize = static_cast<int>(*raw.chunksize);
  }

  mergeTasks(s, raw, baseName);

  if (raw.workload) {
    s.workload = *raw.workload;
  }
  if (raw.maxTasksPerChild) {
    if (*raw.maxTasksPerChild < 1 || *raw.maxTasksPerChild > 1'000'000'000) {
      throw InputError("--maxtasksperchild must be 1 or more, not " + std::to_string(*raw.maxTasksPerChild));
    }
    s.maxtasksperchild = static_cast<int>(*raw.maxTasksPerChild);
  }
  const bool failing = s.workload == Workload::crash || s.workload == Workload::raise;
  if (raw.failTask) {
    if (!failing) throw InputError("--fail-task needs --workload crash or --workload raise");
    if (*raw.failTask < 0 || static_cast<std::uint64_t>(*raw.failTask) >= s.size()) {
      throw InputError("--fail-task " + std::to_string(*raw.failTask) + " is out of range: the tasks are 0 to " +
                       std::to_string(s.size() - 1));
    }
    s.fail_task = static_cast<std::size_t>(*raw.failTask);
  } else if (!failing) {
    s.fail_task.reset();  // a crash preset turned into a sleep run by --workload sleep
  } else if (!s.fail_task || *s.fail_task >= s.size()) {
    s.fail_task = 0;  // crash / raise without a victim: the first task fails
  }

  validate(s);

  if (request.trace) check_output_path(*request.trace, "--trace");
  if (request.csv) check_output_path(*request.csv, "--csv");
  checkExportPaths(request.exports);
  checkDistinctOutputs(request);
  return request;
}

std::string runHelp() {
  return "usage: poolscope run [options]\n"
         "Runs tasks (result = 2 x input) on a pool of worker processes and prints each result as the caller\n"
         "receives it, then a summary line with the wall time.\n"
         "\n"
         "What to run (flags override the preset or scenario file):\n"
         "  --preset NAME       in12-map, in14-imap, in15-imap-unordered, slow-first or maxtasksperchild\n"
         "  --scenario FILE     a scenario JSON file: {\"mode\": \"imap\", \"workers\": 3, \"chunksize\": 1,\n"
         "                      \"workload\": \"sleep\", \"inputs\": [1, 2, 3], \"durations\": [1.0, 2.0, 3.0]}\n"
         "  --mode MODE         map, imap, imap_unordered, or all (the three one after the other)\n"
         "  --workers N         worker processes, 1 to 64 (default 3)\n"
         "  --chunksize K       tasks per chunk, 1 or more (default: Python's, ceil(n / (4 x workers)) for map, 1 for "
         "imap)\n"
         "  --inputs 5,10,20    task inputs (default 1..N)\n"
         "  --durations 3,3,3   seconds per task, 0 to 3600; one value repeats for every input\n"
         "  --workload KIND     sleep (default), spin (burn CPU), crash (the failing task SIGKILLs its worker),\n"
         "                      raise (the failing task throws)\n"
         "  --fail-task I       index (from 0) of the task that crashes or raises (default 0)\n"
         "  --maxtasksperchild N  a worker is replaced by a fresh process (same Worker-N row, new pid) after N\n"
         "                      tasks, a chunk counting as one, like Python's Pool(maxtasksperchild=N)\n"
         "\n"
         "Output:\n"
         "  --trace FILE.json   write the trace (Chrome Trace Event Format; opens in Perfetto and in poolscope)\n"
         "  --csv FILE          write one row per task\n" +
         exportFlagsHelp() + captionFlagHelp() +
         "  --quiet             print only the summary line\n"
         "  --help              show this help\n"
         "Each output file is written whole or not at all; a symbolic link under its name is replaced by the\n"
         "new file (the file it pointed at is left untouched).\n"
         "\n"
         "Exit status: 0 every task ok; 2 bad usage or input (nothing is run or written); 3 the run finished\n"
         "but a task failed (files are still written); 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM (all\n"
         "workers are stopped and no file is written); 1 the system refused to fork or map memory.\n"
         "\n"
         "Examples:\n"
         "  poolscope run --preset in15-imap-unordered --trace t.json\n"
         "  poolscope run --mode all --durations 2,1,1,1,1,1 --png compare.png\n"
         "  poolscope run --mode imap --inputs 5,10,20 --durations 0.5 --workload crash --fail-task 1\n";
}

}  // namespace poolscope::cli
