// Streaming memory benchmark. The input is a lazy range that makes each record when the pool reads it,
// so the only records in memory are the ones the pool holds: what we measure.
#include "poolscope/bench/bench_stream.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ranges>

#include "poolscope/bench/bench_memory.hpp"
#include "poolscope/bench/bench_suite.hpp"
#include "poolscope/pool/pool.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"
#include "poolscope/util/fd_io.hpp"

namespace poolscope::bench {

std::string lower_text(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool is_lowered_text(const std::string& text, std::size_t bytes) {
  return text.size() == bytes &&
         std::none_of(text.begin(), text.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

namespace {

// What the caller can see of the pool's window: records read from the input minus results received.
struct FlightCounter {
  std::size_t pulled = 0;
  std::size_t received = 0;
  bool inside_next = false;
  std::size_t max_in_flight = 0;
  void observe(std::size_t in_flight) { max_in_flight = std::max(max_in_flight, in_flight); }
  void on_pull() {
    ++pulled;
    // Inputs are read on the caller's thread: during next() the pool may refill the window for the
    // result it is handing over right now, which the caller has not counted yet.
    const std::size_t handed = received + (inside_next ? 1 : 0);
    observe(pulled > handed ? pulled - handed : 0);
  }
};

}  // namespace

std::string make_text_record(std::size_t index, std::size_t bytes) {
  static constexpr std::string_view kText =
      "Multiprocessing Is All You Need: Lower-Case Five Hundred GB Of Text With Pool.imap, One Record "
      "At A Time, And Keep Memory Flat While The Workers Do The Work. ";
  std::string record(bytes, ' ');
  for (std::size_t i = 0; i < bytes; ++i) record[i] = kText[(index * 7 + i) % kText.size()];
  return record;
}

std::vector<std::size_t> stream_ladder(std::size_t n) {
  std::vector<std::size_t> sizes;
  for (const std::size_t s : {n / 100, n / 10, n}) {
    if (s > 0 && (sizes.empty() || sizes.back() != s)) sizes.push_back(s);
  }
  return sizes;
}

std::size_t stream_buffer_bytes(const StreamOptions& o) {
  if (o.buffer_bytes > 0) return o.buffer_bytes;
  const std::size_t per_record = o.record_bytes + 64;  // length prefix and message header, with room
  const std::size_t window_bytes = o.window * static_cast<std::size_t>(std::max(o.chunksize, 1)) * per_record;
  return std::max<std::size_t>(std::size_t{1} << 20, 4 * window_bytes);
}

StreamRun stream_once(const std::string& via, std::size_t records, const StreamOptions& o) {
  if (via != "imap" && via != "map") throw InputError("the stream route must be imap or map, not '" + via + "'");
  PoolOptions options;
  options.trace = false;  // a trace of a million 1 KB inputs would itself be the memory we measure
  if (!o.default_buffers) options.input_bytes = options.result_bytes = stream_buffer_bytes(o);
  const int workers = o.workers > 0 ? o.workers : core_count();
  const std::size_t bytes = o.record_bytes;
  FlightCounter flight;
  auto input = std::views::iota(std::size_t{0}, records) | std::views::transform([&flight, bytes](std::size_t i) {
                 flight.on_pull();
                 return make_text_record(i, bytes);
               });

  reset_peak_rss();
  StreamRun run;
  run.via = via;
  run.records = records;
  run.start_rss_mib = current_rss_mib();
  const std::int64_t t0 = monotonic_ns();
  Pool pool(workers, options);
  std::size_t good = 0;
  if (via == "imap") {
    auto results = pool.imap(&lower_text, input, o.chunksize, o.window);
    for (;;) {
      flight.observe(flight.pulled - flight.received);
      flight.inside_next = true;
      auto r = results.next();
      flight.inside_next = false;
      if (!r) break;
      ++flight.received;
      flight.observe(flight.pulled - flight.received);
      good += is_lowered_text(*r, bytes) ? 1 : 0;
    }
  } else {
    for (const std::string& r : pool.map(&lower_text, input, o.chunksize)) good += is_lowered_text(r, bytes) ? 1 : 0;
  }
  pool.close();
  pool.join();
  run.seconds = static_cast<double>(monotonic_ns() - t0) / 1e9;
  run.peak_rss_mib = peak_rss_mib();
  run.max_in_flight = flight.max_in_flight;
  if (good != records) {
    throw SystemError("the stream benchmark got " + std::to_string(good) + " correct results out of " +
                      std::to_string(records));
  }
  return run;
}

namespace {

// Fixed-size report a child writes into its pipe.
struct ChildReport {
  std::uint64_t records = 0;
  double peak_rss_mib = 0.0;
  double start_rss_mib = 0.0;
  double seconds = 0.0;
  std::uint64_t max_in_flight = 0;
  char error[240] = {};
};

}  // namespace

StreamRun stream_in_child(const std::string& via, std::size_t records, const StreamOptions& o) {
  int fds[2];
  if (pipe(fds) != 0) throw SystemError(std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t child = fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw SystemError(std::string("cannot fork the stream benchmark: ") + std::strerror(errno));
  }
  if (child == 0) {
    ::close(fds[0]);
    ChildReport report;
    try {
      const StreamRun run = stream_once(via, records, o);
      report.records = run.records;
      report.peak_rss_mib = run.peak_rss_mib;
      report.start_rss_mib = run.start_rss_mib;
      report.seconds = run.seconds;
      report.max_in_flight = run.max_in_flight;
    } catch (const std::exception& e) {
      std::strncpy(report.error, e.what(), sizeof report.error - 1);
    }
    write_all(fds[1], &report, sizeof report);
    ::close(fds[1]);
    _exit(0);  // no atexit handlers or static destructors of the parent's state
  }
  ::close(fds[1]);
  ChildReport report;
  const bool complete = read_all(fds[0], &report, sizeof report);
  ::close(fds[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
  if (!complete) throw SystemError("the stream benchmark's child process died (out of memory?)");
  if (report.error[0] != '\0') throw SystemError(report.error);
  StreamRun run;
  run.via = via;
  run.records = report.records;
  run.peak_rss_mib = report.peak_rss_mib;
  run.start_rss_mib = report.start_rss_mib;
  run.seconds = report.seconds;
  run.max_in_flight = report.max_in_flight;
  return run;
}

StreamFigures run_stream(const StreamOptions& o) {
  if (o.sizes.empty()) throw InputError("--stream needs a record count of at least 1");
  if (o.record_bytes < 1) throw InputError("--record-bytes must be at least 1");
  if (o.window < 1) throw InputError("--window must be at least 1");
  if (o.chunksize < 1) throw InputError("--stream-chunksize must be at least 1");
  StreamFigures f;
  f.record_bytes = o.record_bytes;
  f.window = o.window;
  f.chunksize = o.chunksize;
  const PoolOptions defaults;
  f.input_buffer_bytes = o.default_buffers ? defaults.input_bytes : stream_buffer_bytes(o);
  f.result_buffer_bytes = o.default_buffers ? defaults.result_bytes : stream_buffer_bytes(o);
  for (const std::string via : {"imap", "map"}) {
    if (via == "map" && !o.with_map) continue;
    for (const std::size_t n : o.sizes) {
      if (via == "map" && n > o.map_max_records) continue;
      f.runs.push_back(o.in_child ? stream_in_child(via, n, o) : stream_once(via, n, o));
    }
  }
  return f;
}

}  // namespace poolscope::bench
