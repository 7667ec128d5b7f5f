// Stopping mid-export: the handler itself removes what was written and exits, since the drawing it
// interrupts (seconds for a large PNG) has no point at which to poll a flag. Everything the handler
// touches is prepared beforehand in fixed buffers, and it calls only async-signal-safe functions.
#include "cli/output_guard.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>

#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::cli {
namespace {

constexpr int kMaxFiles = 8;  // trace, CSV, PNG, SVG, PDF, and a runtime directory
constexpr std::size_t kMaxPath = 4096;

enum State : int { kIdle = 0, kWriting = 1, kStopping = 2 };

// Whether a write is linking a file into place right now: the handler must not remove files meanwhile.
std::atomic<int> g_state{kIdle};
volatile sig_atomic_t g_pending = 0;
char g_files[kMaxFiles][kMaxPath];
bool g_is_directory[kMaxFiles];
std::atomic<int> g_count{0};
char g_message_int[256];
char g_message_term[256];
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

[[noreturn]] void stop_now(int signalNumber) {
  const int count = g_count.load();
  for (int i = 0; i < count; ++i) {
    if (g_is_directory[i]) {
      ::rmdir(g_files[i]);
    } else {
      ::unlink(g_files[i]);
    }
  }
  const char* message = signalNumber == SIGTERM ? g_message_term : g_message_int;
  [[maybe_unused]] const ssize_t ignored = ::write(2, message, std::strlen(message));
  ::_exit(128 + signalNumber);
}

extern "C" void on_export_signal(int signalNumber) {
  g_pending = signalNumber;
  int expected = kIdle;
  if (g_state.compare_exchange_strong(expected, kStopping)) stop_now(signalNumber);
  // A write is linking its file: it acts on g_pending as soon as it is done.
}

void remember(const std::filesystem::path& path, bool directory) {
  const std::string text = std::filesystem::absolute(path).string();
  const int index = g_count.load();
  if (index >= kMaxFiles || text.size() >= kMaxPath) return;
  std::memcpy(g_files[index], text.c_str(), text.size() + 1);
  g_is_directory[index] = directory;
  g_count.store(index + 1);
}

void fill_message(char (&buffer)[256], const char* signal_name, std::string_view note) {
  std::string text = std::string("poolscope: stopped by ") + signal_name + "; " + std::string(note) + "\n";
  if (text.size() >= sizeof buffer) text.resize(sizeof buffer - 1);
  std::memcpy(buffer, text.c_str(), text.size() + 1);
}

}  // namespace

OutputGuard::OutputGuard(std::string_view stop_note) {
  fill_message(g_message_int, "SIGINT", stop_note);
  fill_message(g_message_term, "SIGTERM", stop_note);
  g_count.store(0);
  g_pending = 0;
  g_state.store(kIdle);
  struct sigaction action {};
  action.sa_handler = on_export_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

OutputGuard::~OutputGuard() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  g_count.store(0);
}

void OutputGuard::write(const std::filesystem::path& file, std::string_view bytes) {
  int expected = kIdle;
  // A handler already stopping: it exits in a moment; never start a write it would not know about.
  while (!g_state.compare_exchange_weak(expected, kWriting)) {
    if (expected == kStopping) ::pause();
    expected = kIdle;
  }
  try {
    write_file_atomically(file, bytes);
    remember(file, false);
  } catch (...) {
    g_state.store(kIdle);
    if (g_pending != 0) on_export_signal(g_pending);
    throw;
  }
  g_state.store(kIdle);
  if (g_pending != 0) on_export_signal(g_pending);
}

void OutputGuard::removeOnStop(const std::filesystem::path& directory) { remember(directory, true); }

void OutputGuard::removeWritten() {
  const int count = g_count.load();
  for (int i = 0; i < count; ++i) {
    if (!g_is_directory[i]) ::unlink(g_files[i]);
  }
}

}  // namespace poolscope::cli
