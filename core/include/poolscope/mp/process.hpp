// Python's multiprocessing.Process: runs a function with its arguments in a forked child process.
// Process p(doubler, 5); p.start(); p.join();  — named "Process-1", "Process-2", ... or as you choose.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace poolscope {

// Start and end of a child, for timelines. `exitcode` as Process::exitcode() reports it.
struct ProcessEvent {
  enum class Kind : std::uint8_t {
    started,  // in the child, before the target runs
    exited,   // in the child, after the target returned or threw
    reaped,   // in the parent, when join() / is_alive() collected the child (the only event of a killed one)
  };
  Kind kind = Kind::started;
  int pid = 0;
  std::string name;
  std::int64_t time_ns = 0;  // CLOCK_MONOTONIC
  int exitcode = 0;
};
// Called in whichever process the event happens in; nullptr (the default) turns events off.
using ProcessEventHook = void (*)(const ProcessEvent&);
void set_process_event_hook(ProcessEventHook hook);

class Process {
 public:
  // Process(target, args...): the child calls target(args...). Arguments are copied (like fork does);
  // wrap them in std::ref to share the parent's object, e.g. a SharedArray handle needs no wrapping.
  template <class F, class... A>
  requires std::invocable<F&, A&...>
  explicit Process(F target, A... args) : Process(std::string(), std::move(target), std::move(args)...) {}

  // Same with a name of your own (Python's name='Test'); an empty name means the default Process-N.
  template <class F, class... A>
  requires std::invocable<F&, A&...> Process(std::string name, F target, A... args)
      : Process(std::move(name), std::function<void()>(Bound<F, A...>{std::move(target), {std::move(args)...}})) {}

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // Waits for a started child that was not joined (as Python does for its children at exit).
  ~Process();

  // Forks the child. Throws SystemError if fork fails, UsageError (a std::logic_error) if started twice.
  void start();
  // Waits for the child to end; with a timeout (seconds) it may return first. True if the child ended.
  bool join(std::optional<double> timeout_seconds = std::nullopt);

  const std::string& name() const;
  void set_name(std::string name);
  int pid() const;                // 0 before start()
  std::optional<int> exitcode();  // nullopt while running; -N if killed by signal N (as Python)
  bool is_alive();
  void terminate();  // SIGTERM
  void kill();       // SIGKILL

 private:
  template <class F, class... A> struct Bound {
    F target;
    std::tuple<A...> args;
    void operator()() { std::apply(target, args); }
  };

  Process(std::string name, std::function<void()> target);
  bool reap(bool block);

  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace poolscope
