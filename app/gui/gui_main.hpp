// Starts the PoolScope window (and opens a trace file, if one is given). Returns the exit code.
#pragma once

namespace poolscope::gui {

int runGui(int argc, char** argv);  // argv may hold one TRACE.json to open

}  // namespace poolscope::gui
