// The scenarios shipped inside the binary (resources/presets/*.json, under ":/presets/").
// Named after the notebook's cells: in12-map, in14-imap, in15-imap-unordered, plus slow-first and
// maxtasksperchild (a worker replaced by a fresh process after two tasks).
#pragma once

#include <string>
#include <vector>

#include "poolscope/scenario/scenario.hpp"

namespace poolscope::cli {

std::vector<std::string> presetNames();
// Throws InputError naming the known presets if `name` is not one of them.
Scenario loadPreset(const std::string& name);

}  // namespace poolscope::cli
