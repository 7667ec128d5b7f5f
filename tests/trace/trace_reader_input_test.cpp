// A trace file is input from anywhere: truncated downloads, other tools' schemas, hand edits, huge files.
// Each must give one clear InputError (or a cancel), never a crash, a hang or a wrong picture.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

std::string task_event(std::uint64_t index, const std::string& mode, double ts, double dur, int emit_order,
                       int worker = 1) {
  const int pid = 1000 + worker;
  return R"({"ph":"X","cat":"task","name":"task )" + std::to_string(index) + R"(","pid":)" + std::to_string(pid) +
         R"(,"tid":)" + std::to_string(pid) + R"(,"ts":)" + std::to_string(ts) + R"(,"dur":)" + std::to_string(dur) +
         R"(,"args":{"mode":")" + mode + R"(","index":)" + std::to_string(index) + R"(,"input":)" +
         std::to_string(index + 1) + R"(,"result":)" + std::to_string(2 * (index + 1)) + R"(,"worker":)" +
         std::to_string(worker) + R"(,"chunk":)" + std::to_string(index) +
         R"(,"status":"ok","submit_ts":1.5,"emit_ts":)" + std::to_string(ts + dur + 10) + R"(,"emit_order":)" +
         std::to_string(emit_order) + "}}";
}

std::string small_trace() {
  return R"({"traceEvents":[)" + task_event(0, "imap", 10, 1000, 0) + "," + task_event(1, "imap", 20, 2000, 1, 2) +
         "," + task_event(2, "imap", 30, 500, 2, 3) +
         R"(],"displayTimeUnit":"ms","otherData":{"generator":"poolscope","workers":3,"chunksize":1,"workload":"sleep"}})";
}

// The message a user would see for `text`; fails the test if the text is accepted.
std::string rejection(const std::string& text) {
  try {
    parse_trace(text);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text.substr(0, 200);
  return {};
}

TEST(TraceReaderInput, SmallTraceIsAccepted) {
  const Trace trace = parse_trace(small_trace());
  ASSERT_EQ(trace.runs.size(), 1U);
  EXPECT_EQ(trace.runs[0].tasks.size(), 3U);
}

TEST(TraceReaderInput, EveryTruncationIsAClearError) {
  const std::string text = small_trace();
  // Cutting after the closing brace of the root object leaves a valid file; every shorter cut must fail.
  for (std::size_t cut = 0; cut + 1 < text.size(); ++cut) {
    const std::string message = rejection(text.substr(0, cut));
    ASSERT_FALSE(message.empty()) << "cut at " << cut;
    if (cut > 0 && text[cut - 1] != ' ') {
      EXPECT_TRUE(message.find("truncated") != std::string::npos || message.find("empty") != std::string::npos)
          << "cut at " << cut << ": " << message;
    }
  }
}

TEST(TraceReaderInput, WrongSchemasAreNamed) {
  EXPECT_NE(rejection("42").find("not a trace"), std::string::npos);
  EXPECT_NE(rejection(R"({"name": "a scenario?", "durations": [1, 2]})").find("traceEvents"), std::string::npos);
  EXPECT_NE(rejection(R"({"traceEvents": {"ph": "X"}})").find("list of events"), std::string::npos);
  EXPECT_NE(rejection(R"({"traceEvents": 7})").find("list of events"), std::string::npos);
  EXPECT_NE(rejection(R"([1, 2, 3])").find("event 0"), std::string::npos);
  EXPECT_NE(rejection(R"([[1], 2])").find("event 0"), std::string::npos);
  EXPECT_NE(rejection(R"([{"name": "x", "ts": 1}])").find("\"ph\""), std::string::npos);
  EXPECT_NE(rejection(R"([{"ph": "X", "name": "x", "ts": "soon", "dur": 3}])").find("ts"), std::string::npos);
  EXPECT_NE(rejection(R"([{"ph": "X", "name": "x", "dur": 3}])").find("no \"ts\""), std::string::npos);
  EXPECT_NE(rejection(R"([{"ph": "X", "pid": 1.5, "ts": 0, "dur": 3}])").find("pid"), std::string::npos);
  EXPECT_NE(
      rejection(R"([{"ph": "M", "name": "process_name", "pid": 1, "args": {"name": "x"}}])").find("nothing to draw"),
      std::string::npos);
  EXPECT_NE(rejection("[]").find("nothing to draw"), std::string::npos);
  EXPECT_NE(rejection("").find("empty"), std::string::npos);
  EXPECT_NE(rejection("{\"traceEvents\": [] } trailing").find("JSON"), std::string::npos);
  EXPECT_NE(rejection("\xff\xfe{").find("JSON"), std::string::npos);
}

TEST(TraceReaderInput, BadNumbersAreRejectedWithTheEventNamed) {
  auto with = [](const std::string& event) {
    return "{\"traceEvents\":[" + task_event(0, "map", 1, 2, 0) + "," + event + "]}";
  };
  std::string m = rejection(with(task_event(1, "map", 10, -5, 1)));
  EXPECT_NE(m.find("event 1"), std::string::npos) << m;
  EXPECT_NE(m.find("negative"), std::string::npos) << m;
  m = rejection(with(R"({"ph":"X","name":"n","pid":1,"tid":1,"ts":5,"dur":-1})"));
  EXPECT_NE(m.find("negative"), std::string::npos) << m;
  m = rejection(with(task_event(1, "map", -10, 5, 1)));
  EXPECT_NE(m.find("negative"), std::string::npos) << m;
  m = rejection(R"([{"ph":"B","name":"b","pid":1,"tid":1,"ts":50},{"ph":"E","pid":1,"tid":1,"ts":40}])");
  EXPECT_NE(m.find("negative duration"), std::string::npos) << m;
  // JSON has no NaN or Infinity; Python's json.dumps writes them unless told not to.
  m = rejection(with(R"({"ph":"X","name":"n","pid":1,"tid":1,"ts":NaN,"dur":1})"));
  EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
  m = rejection(with(R"({"ph":"X","name":"n","pid":1,"tid":1,"ts":1,"dur":Infinity})"));
  EXPECT_NE(m.find("not valid JSON"), std::string::npos) << m;
  m = rejection(with(R"({"ph":"X","name":"n","pid":1,"tid":1,"ts":1,"dur":1e400})"));
  EXPECT_FALSE(m.empty());
  m = rejection(with(task_event(1, "map", 1e300, 5, 1)));
  EXPECT_NE(m.find("too large"), std::string::npos) << m;
  m = rejection(with(task_event(1, "map", 5, 1e18, 1)));
  EXPECT_NE(m.find("too large"), std::string::npos) << m;
  m = rejection(with(
      R"({"ph":"X","cat":"task","name":"t","pid":99999999999999,"ts":1,"dur":1,"args":{"mode":"map","index":1}})"));
  EXPECT_NE(m.find("pid"), std::string::npos) << m;
  m = rejection(with(
      R"({"ph":"X","cat":"task","name":"t","pid":9,"ts":1,"dur":1,"args":{"mode":"map","index":18446744073709551615}})"));
  EXPECT_NE(m.find("args.index"), std::string::npos) << m;
  m = rejection(with(
      R"({"ph":"X","cat":"task","name":"t","pid":9,"ts":1,"dur":1,"args":{"mode":"map","index":1,"worker":1e9}})"));
  EXPECT_NE(m.find("args.worker"), std::string::npos) << m;
  m = rejection(with(R"({"ph":"X","cat":"task","name":"t","pid":9,"ts":1,"dur":1,"args":{"mode":"fast","index":1}})"));
  EXPECT_NE(m.find("args.mode"), std::string::npos) << m;
  m = rejection(with(
      R"({"ph":"X","cat":"task","name":"t","pid":9,"ts":1,"dur":1,"args":{"mode":"map","index":1,"status":"fine"}})"));
  EXPECT_NE(m.find("args.status"), std::string::npos) << m;
  // The last two numbers of a long trace: the first event that exceeds the span is named.
  m = rejection(
      R"([{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1},{"ph":"X","name":"b","pid":1,"tid":1,"ts":8e15,"dur":1}])");
  EXPECT_NE(m.find("event 1"), std::string::npos) << m;
}

TEST(TraceReaderInput, DuplicateTasksAndEmissionsAreRejected) {
  std::string m = rejection("{\"traceEvents\":[" + task_event(0, "imap", 1, 2, 0) + "," +
                            task_event(1, "imap", 1, 2, 1) + "," + task_event(1, "imap", 5, 2, 2) + "]}");
  EXPECT_NE(m.find("event 2 repeats task 1"), std::string::npos) << m;
  m = rejection("{\"traceEvents\":[" + task_event(0, "imap", 1, 2, 0) + "," + task_event(1, "imap", 1, 2, 0) + "]}");
  EXPECT_NE(m.find("emit_order 0"), std::string::npos) << m;
  // The same index in two modes is two runs, not a duplicate.
  const Trace trace =
      parse_trace("{\"traceEvents\":[" + task_event(0, "imap", 1, 2, 0) + "," + task_event(0, "map", 1, 2, 0) + "]}");
  EXPECT_EQ(trace.runs.size(), 2U);
}

TEST(TraceReaderInput, DeepNestingIsRefusedNotRecursed) {
  const std::string deep =
      "[{\"ph\":\"X\",\"ts\":1,\"dur\":1,\"args\":" + std::string(100000, '[') + std::string(100000, ']') + "}]";
  EXPECT_NE(rejection(deep).find("nested"), std::string::npos);
  // Outside events nothing is built, so depth there costs nothing.
  const std::string skipped =
      "{\"junk\":" + std::string(100000, '[') + std::string(100000, ']') +
      ",\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1}]}";
  EXPECT_EQ(parse_trace(skipped).runs.size(), 1U);
}

TEST(TraceReaderInput, RandomDamageNeverCrashes) {
  const std::string good = small_trace();
  std::mt19937 random(20240611);
  const std::string alphabet = "{}[]\":,-0123456789eE.tfnXxa \\";
  int accepted = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = good;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text[at] = alphabet[random() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + random() % 8); break;
        default: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      }
      if (text.empty()) text = "x";
    }
    try {
      const Trace trace = parse_trace(text);
      ++accepted;
      for (const RunTrace& run : trace.runs) {
        for (const TaskRecord& t : run.tasks) {
          EXPECT_GE(t.finish_ns == 0 ? t.start_ns : t.finish_ns, t.start_ns);
        }
      }
    } catch (const InputError& e) {
      EXPECT_GT(std::string(e.what()).size(), 10U);
    }
  }
  EXPECT_GT(accepted, 0) << "some damage (a digit changed) leaves a valid trace";
}

class LargeTraceFile : public ::testing::Test {
 protected:
  static constexpr std::size_t kTasks = 70'000;  // about 20 MB: big enough to measure, quick to write

  static void SetUpTestSuite() {
    path_ =
        std::filesystem::path(::testing::TempDir()) / ("poolscope_large_trace_" + std::to_string(::getpid()) + ".json");
    std::FILE* out = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fputs("{\"traceEvents\":[\n", out);
    for (std::size_t i = 0; i < kTasks; ++i) {
      const std::string event = task_event(i, "imap_unordered", 100.0 + static_cast<double>(i) * 10.0, 2500.0,
                                           static_cast<int>(i), static_cast<int>(i % 8) + 1);
      std::fputs(event.c_str(), out);
      std::fputs(i + 1 < kTasks ? ",\n" : "\n", out);
    }
    std::fputs("],\"otherData\":{\"generator\":\"poolscope\",\"workers\":8,\"chunksize\":1,\"workload\":\"sleep\"}}\n",
               out);
    std::fclose(out);
  }
  static void TearDownTestSuite() { std::filesystem::remove(path_); }

  static std::filesystem::path path_;
};
std::filesystem::path LargeTraceFile::path_;

TEST_F(LargeTraceFile, ReadsQuicklyWithProgress) {
  const auto total = std::filesystem::file_size(path_);
  ASSERT_GT(total, 15'000'000U);
  std::uint64_t last = 0;
  int calls = 0;
  bool monotonic = true;
  TraceReadOptions options;
  options.progress = [&](std::uint64_t read, std::uint64_t all) {
    monotonic = monotonic && read >= last && all == total;
    last = read;
    ++calls;
  };
  const auto begin = std::chrono::steady_clock::now();
  const Trace trace = read_trace(path_, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  ASSERT_EQ(trace.runs.size(), 1U);
  EXPECT_EQ(trace.runs[0].tasks.size(), kTasks);
  EXPECT_EQ(trace.runs[0].tasks.back().index, kTasks - 1);
  EXPECT_TRUE(monotonic);
  EXPECT_EQ(last, total) << "the last report says the whole file was read";
  EXPECT_GE(calls, 15) << "about one report per megabyte";
  // 200 MB must take seconds, not minutes: 20 MB (about 1 s here) well under 8 s on a busy machine.
  // AddressSanitizer makes every allocation several times slower, so it gets more room.
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(seconds, 40.0);
#else
  EXPECT_LT(seconds, 8.0);
#endif
  std::printf("read %.1f MB in %.2f s\n", static_cast<double>(total) / 1e6, seconds);
}

TEST_F(LargeTraceFile, CancelStopsTheReadSoon) {
  std::atomic<bool> cancel{false};
  std::uint64_t read_when_cancelled = 0;
  std::uint64_t last = 0;
  TraceReadOptions options;
  options.cancel = &cancel;
  options.progress = [&](std::uint64_t read, std::uint64_t) {
    last = read;
    if (read >= 5'000'000 && !cancel.load()) {
      read_when_cancelled = read;
      cancel.store(true);
    }
  };
  EXPECT_THROW(read_trace(path_, options), TraceReadCancelled);
  EXPECT_LE(last, read_when_cancelled + 2'000'000) << "reading stops within a couple of blocks";
}

TEST_F(LargeTraceFile, TruncatedLargeFileIsAClearError) {
  const auto cut =
      std::filesystem::path(::testing::TempDir()) / ("poolscope_cut_trace_" + std::to_string(::getpid()) + ".json");
  std::filesystem::copy_file(path_, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(cut, std::filesystem::file_size(path_) / 2);
  try {
    read_trace(cut);
    ADD_FAILURE() << "a truncated file was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  std::filesystem::remove(cut);
}

}  // namespace
}  // namespace poolscope
