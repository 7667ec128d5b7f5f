// Turns an imported run back into a scenario, so the same tasks can run live beside it
// ("Python" vs "PoolScope"): same inputs, same measured durations, same workers and chunksize.
#pragma once

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::gui {

// Inputs that are not integers (a foreign trace's slices) become 1..n. Throws InputError when the run has
// no task or more than a live run can show.
Scenario scenarioFromRun(const RunTrace& run);

}  // namespace poolscope::gui
