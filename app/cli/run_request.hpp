// What `poolscope run` was asked to do, parsed and fully validated before anything runs:
// flags override the preset / scenario file they start from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/export_flags.hpp"
#include "poolscope/scenario/scenario.hpp"

namespace poolscope::cli {

struct RunRequest {
  Scenario scenario;
  std::vector<Mode> modes;  // one, or map, imap, imap_unordered for --mode all
  std::optional<std::filesystem::path> trace;
  std::optional<std::filesystem::path> csv;
  ExportFlags exports;
  bool quiet = false;
  bool help = false;  // --help: print runHelp() and do nothing else
};

// Throws InputError (one sentence) for anything wrong: unknown flag, missing or bad value, invalid
// scenario, unknown preset, unreadable scenario file, output directory that does not exist.
RunRequest parseRunRequest(const Args& args);

std::string runHelp();

}  // namespace poolscope::cli
