// `poolscope watch -- python3 SCRIPT.py` with a window: the program's pool calls drawn live in the
// compare view. Returns the program's exit status (2 if it could not be started).
#pragma once

#include <string>
#include <vector>

namespace poolscope::gui {

int runWatchGui(const std::vector<std::string>& command);

}  // namespace poolscope::gui
