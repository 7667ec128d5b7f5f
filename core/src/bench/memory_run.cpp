// Each mode runs in a child of its own, so one mode's peak cannot hide the next one's. The child only runs
// the pool; this process watches it from outside (/proc/PID/statm and counters in a shared page), so no
// sampling thread lives in a process that forks workers.
#include "poolscope/bench/memory_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <new>
#include <ranges>

#include "poolscope/bench/bench_memory.hpp"
#include "poolscope/bench/bench_stream.hpp"
#include "poolscope/bench/bench_suite.hpp"
#include "poolscope/pool/pool.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/fd_io.hpp"

namespace poolscope::bench {
namespace {

constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
constexpr std::uint64_t kPerHeldRecord = 400;  // TaskState, record, string headers, allocator slack (measured)

// Progress the child publishes and the parent samples: a page shared across the fork.
struct SharedProgress {
  std::atomic<std::uint64_t> read{0};
  std::atomic<std::uint64_t> handed{0};
  std::atomic<std::int64_t> t0_ns{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free && std::atomic<std::int64_t>::is_always_lock_free);

// Fixed-size report the child writes into its pipe when it is done.
struct ChildReport {
  double start_rss_mib = 0.0;
  double peak_rss_mib = 0.0;
  double end_rss_mib = 0.0;
  double wall_s = 0.0;
  std::uint64_t peak_held = 0;
  std::uint64_t good = 0;
  char error[240] = {};
};

int workers_of(const MemoryOptions& o) { return o.workers > 0 ? o.workers : core_count(); }

// The pool's shared buffers: room for four windows (bounded) or four chunks of records at least.
PoolOptions pool_options(const MemoryOptions& o) {
  PoolOptions options;
  options.trace = false;  // a trace of every 1 KB input would itself be the memory we measure
  const std::size_t per_record = o.record_bytes + 64;
  const std::size_t chunk_bytes = static_cast<std::size_t>(std::max(o.chunksize, 1)) * per_record;
  if (o.window > 0) {
    options.input_bytes = options.result_bytes = std::max<std::size_t>(kMiB, 4 * o.window * chunk_bytes);
  } else {
    options.input_bytes = std::max(options.input_bytes, 4 * chunk_bytes);
    options.result_bytes = std::max(options.result_bytes, 4 * chunk_bytes);
  }
  return options;
}

ChildReport run_in_child(Mode mode, const MemoryOptions& o, SharedProgress& progress) {
  ChildReport report;
  const std::size_t bytes = o.record_bytes;
  std::uint64_t peak_held = 0;
  // The stream: each record is made when the pool reads it, so the records in memory are the pool's.
  auto input = std::views::iota(std::size_t{0}, o.records) |
               std::views::transform([&progress, &peak_held, bytes](std::size_t i) {
                 const std::uint64_t handed = progress.handed.load(std::memory_order_relaxed);
                 const std::uint64_t read = progress.read.fetch_add(1, std::memory_order_relaxed) + 1;
                 peak_held = std::max(peak_held, read - handed);
                 return make_text_record(i, bytes);
               });
  std::FILE* sink = std::fopen("/dev/null", "w");  // "written on": a real write, to nowhere
  if (sink == nullptr) throw SystemError("cannot open /dev/null for the results");
  std::uint64_t good = 0;
  const auto hand_on = [&](const std::string& result) {
    good += is_lowered_text(result, bytes) ? 1 : 0;
    std::fwrite(result.data(), 1, result.size(), sink);
    progress.handed.fetch_add(1, std::memory_order_relaxed);
  };

  reset_peak_rss();
  report.start_rss_mib = current_rss_mib();
  const std::int64_t t0 = monotonic_ns();
  progress.t0_ns.store(t0, std::memory_order_release);
  Pool pool(workers_of(o), pool_options(o));
  if (mode == Mode::map) {
    for (const std::string& r : pool.map(&lower_text, input, o.chunksize)) hand_on(r);
  } else {
    auto results = mode == Mode::imap ? pool.imap(&lower_text, input, o.chunksize, o.window)
                                      : pool.imap_unordered(&lower_text, input, o.chunksize, o.window);
    while (auto r = results.next()) hand_on(*r);
  }
  report.wall_s = static_cast<double>(monotonic_ns() - t0) / 1e9;
  report.end_rss_mib = current_rss_mib();
  pool.close();
  pool.join();
  std::fclose(sink);
  report.peak_rss_mib = peak_rss_mib();
  report.peak_held = peak_held;
  report.good = good;
  return report;
}

// Resident MiB of `pid` from its statm (second field, in pages); < 0 once it is gone.
double resident_mib(int statm_fd) {
  char text[128];
  const ssize_t n = ::pread(statm_fd, text, sizeof text - 1, 0);
  if (n <= 0) return -1.0;
  text[n] = '\0';
  unsigned long long size = 0;
  unsigned long long resident = 0;
  if (std::sscanf(text, "%llu %llu", &size, &resident) != 2) return -1.0;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / static_cast<double>(kMiB);
}

std::string with_commas(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

}  // namespace

std::uint64_t memory_needed_bytes(Mode mode, const MemoryOptions& o) {
  const std::uint64_t baseline = 32 * kMiB;  // the program itself
  const std::uint64_t per_result = 2 * o.record_bytes + kPerHeldRecord;
  const PoolOptions buffers = pool_options(o);
  const std::uint64_t buffer_bytes =
      buffers.input_bytes + static_cast<std::uint64_t>(workers_of(o)) * buffers.result_bytes;
  if (mode == Mode::map) return baseline + buffers.input_bytes + o.records * per_result;
  if (o.window > 0) {
    const std::uint64_t in_flight = std::min<std::uint64_t>(o.records, o.window * std::max(o.chunksize, 1));
    return baseline + buffer_bytes + in_flight * per_result;
  }
  // Unbounded, as CPython: read-ahead is limited by the input buffer, each held record costs its bookkeeping.
  const std::uint64_t read_ahead = std::min<std::uint64_t>(o.records, buffers.input_bytes / (o.record_bytes + 64));
  return baseline + buffer_bytes + read_ahead * per_result;
}

std::uint64_t memory_available_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

std::string human_bytes(std::uint64_t bytes) {
  char text[32];
  if (bytes >= 1024 * kMiB) {
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / static_cast<double>(1024 * kMiB));
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / static_cast<double>(kMiB));
  }
  return text;
}

void validate_memory_options(const MemoryOptions& o, const std::vector<Mode>& modes) {
  if (o.records < 1 || o.records > kMaxMemoryRecords) {
    throw InputError("--records must be between 1 and " + with_commas(kMaxMemoryRecords) + ", not " +
                     with_commas(o.records));
  }
  if (o.record_bytes < 1 || o.record_bytes > kMaxRecordBytes) {
    throw InputError("--record-bytes must be between 1 and " + with_commas(kMaxRecordBytes) + " (16 MiB), not " +
                     with_commas(o.record_bytes));
  }
  if (o.workers < 0 || o.workers > 64) throw InputError("--workers must be between 1 and 64");
  if (o.chunksize < 1 || o.chunksize > 1'000'000) throw InputError("--chunksize must be between 1 and 1000000");
  const std::uint64_t available = memory_available_bytes();
  if (available == 0) return;
  for (const Mode mode : modes) {
    const std::uint64_t needed = memory_needed_bytes(mode, o);
    // Leave a fifth for everything else on the machine (and the workers).
    if (needed > available / 5 * 4) {
      throw InputError(std::string(to_string(mode)) + " of " + with_commas(o.records) + " records of " +
                       with_commas(o.record_bytes) + " bytes would need about " + human_bytes(needed) +
                       " in the caller, but only " + human_bytes(available) +
                       " is available; lower --records or --record-bytes" +
                       (mode == Mode::map ? ", or leave map out (--mode imap)" : ""));
    }
  }
}

MemoryModeRun run_memory_mode(Mode mode, const MemoryOptions& o,
                              const std::function<void(const MemorySample&)>& on_sample) {
  void* page = ::mmap(nullptr, sizeof(SharedProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) throw SystemError(std::string("cannot map a shared page: ") + std::strerror(errno));
  auto* progress = new (page) SharedProgress{};
  const auto unmap = [page] { ::munmap(page, sizeof(SharedProgress)); };
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    unmap();
    throw SystemError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    unmap();
    throw SystemError(std::string("cannot fork the memory run: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the command (or the window running it) went away: stop too
    if (::getppid() != parent) ::_exit(1);
    ChildReport report;
    try {
      report = run_in_child(mode, o, *progress);
    } catch (const std::exception& e) {
      std::strncpy(report.error, e.what(), sizeof report.error - 1);
    }
    write_all(fds[1], &report, sizeof report);
    ::_exit(0);  // no atexit handlers or static destructors of the parent's state
  }
  ::close(fds[1]);

  MemoryModeRun run;
  run.mode = mode;
  const int statm = ::open(("/proc/" + std::to_string(child) + "/statm").c_str(), O_RDONLY | O_CLOEXEC);
  const auto sample = [&] {
    const std::int64_t t0 = progress->t0_ns.load(std::memory_order_acquire);
    if (t0 == 0 || statm < 0) return;
    const std::uint64_t handed = progress->handed.load(std::memory_order_relaxed);  // before read: held >= 0
    if (handed >= o.records) return;  // the run is over; the child is closing its pool (not part of the run)
    const std::uint64_t read = progress->read.load(std::memory_order_relaxed);
    const double rss = resident_mib(statm);
    if (rss < 0) return;
    MemorySample s{static_cast<double>(monotonic_ns() - t0) / 1e9, rss, read - handed, handed};
    run.samples.push_back(s);
    if (on_sample) on_sample(s);
  };
  ChildReport report;
  bool complete = false;
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, o.sample_period_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0) {
      complete = read_all(fds[0], &report, sizeof report);
      break;
    }
    sample();
  }
  ::close(fds[0]);
  if (statm >= 0) ::close(statm);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {}
  unmap();
  if (!complete) {
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    throw SystemError(std::string("the ") + std::string(to_string(mode)) + " run died" +
                      (killed ? " (killed: out of memory?)" : ""));
  }
  if (report.error[0] != '\0') throw SystemError(report.error);
  if (report.good != o.records) {
    throw SystemError("the " + std::string(to_string(mode)) + " run got " + std::to_string(report.good) +
                      " correct results out of " + std::to_string(o.records));
  }
  // Samples taken while the child closed its pool are past the run's end; the last one is the child's own.
  std::erase_if(run.samples, [&](const MemorySample& s) { return s.t_s > report.wall_s; });
  MemorySample last{report.wall_s, report.end_rss_mib, 0, o.records};
  run.samples.push_back(last);
  if (on_sample) on_sample(last);
  run.start_rss_mib = report.start_rss_mib;
  run.peak_rss_mib = report.peak_rss_mib;
  run.peak_held = report.peak_held;
  run.wall_s = report.wall_s;
  return run;
}

}  // namespace poolscope::bench
