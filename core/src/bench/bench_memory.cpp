// Reads the kernel's own accounting of our resident memory rather than counting allocations, so the
// figure includes everything: allocator slack, shared-memory pages we touched, stacks.
#include "poolscope/bench/bench_memory.hpp"

#include <fstream>
#include <string>

namespace poolscope::bench {

namespace {

double status_field_mib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      const double kib = std::stod(line.substr(field.size() + 1));  // "VmRSS:     1234 kB"
      return kib / 1024.0;
    }
  }
  return 0.0;
}

}  // namespace

double current_rss_mib() { return status_field_mib("VmRSS"); }
double peak_rss_mib() { return status_field_mib("VmHWM"); }

bool reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

}  // namespace poolscope::bench
