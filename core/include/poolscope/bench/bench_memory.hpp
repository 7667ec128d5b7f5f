// Resident memory of the calling process, from /proc/self/status, for the streaming benchmark.
// Linux only, like the rest of the pool.
#pragma once

namespace poolscope::bench {

// VmRSS in MiB (0 if /proc cannot be read).
double current_rss_mib();
// VmHWM in MiB: the peak resident set since the process started or since reset_peak_rss().
double peak_rss_mib();
// Starts a new peak from the current RSS (writes "5" to /proc/self/clear_refs); false if refused.
bool reset_peak_rss();

}  // namespace poolscope::bench
