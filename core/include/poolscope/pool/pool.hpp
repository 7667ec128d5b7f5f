// A process pool shaped like Python's multiprocessing.Pool: forked workers pull the next task (or chunk)
// when idle, so the schedule is the one Python would produce. Tasks are plain functions (no captures).
#pragma once

// Usage:
//   Pool pool(3, options);                        // Pool() or Pool(options): the number of cores
//   std::vector<R> pool.map(fn, inputs, chunksize = 0 /* Python default */);
//   std::vector<R> pool.starmap(fn, vector<tuple<A...>>, chunksize = 0);
//   auto it = pool.imap(fn, inputs, chunksize = 1, max_in_flight = 0);  // inputs: any input range, lazy
//   auto it = pool.imap_unordered(fn, inputs, chunksize = 1, max_in_flight = 0);
//       std::optional<R> it.next();   // nullopt at the end; throws TaskError / WorkerCrashed for a failed
//                                     // task: with chunksize 1 at its position, and next() goes on; with
//                                     // chunksize > 1 for its chunk, and the loop is over (Python's rule)
//       for (R r : it) ...            // range-for; a failure throws out of the loop
//   AsyncResult<R> pool.apply_async(fn, args...);  R get(); get(timeout); ready(); wait_for(seconds)
//   AsyncResult<std::vector<R>> pool.map_async(fn, inputs, chunksize = 0, {.callback, .error_callback});
//   AsyncResult<std::vector<R>> pool.starmap_async(fn, vector<tuple<A...>>, chunksize = 0, callbacks);
//   pool.apply_async({.callback = ..., .error_callback = ...}, fn, args...);  // callbacks: see AsyncResult
//   pool.close(); pool.join(); pool.terminate();   // ~Pool terminates if not joined
//   pool.request_stop();                           // any thread / signal handler; waiting calls throw PoolStopped
//   std::vector<WorkerProcess> pool.worker_processes();  // current (worker id, pid) pairs
//
// Every task publishes TaskRecord snapshots to options.sink (started, finished, emitted).
// `fn` is R(*)(A) with A and R encodable by codec.hpp (trivially copyable, std::string, vectors, tuples);
// starmap / apply_async take R(*)(A...). max_in_flight bounds the tasks submitted but not yet handed to
// the caller, so a long stream keeps memory flat; 0 means Python's behaviour (everything available).
// As in Python, a task that throws abandons the rest of its chunk (those tasks are `error`, "not run"), a
// chunk is one unit (a failure loses its results; the caller gets one exception for it), and map raises
// the first exception to arrive once every chunk is done, handing over no result. Python's ValueErrors
// are InvalidArgument here: Pool(0), a chunksize below 1; join() before close() throws UsageError.
// A task's exception is rethrown as its own type where remote_exception.hpp says so (standard types,
// registered ones), else as TaskError naming the type. An input range that throws: map raises it at
// once; imap / imap_unordered raise it from next() after every result before it, then end (CPython's
// task iterable that raises); the pool stays usable.
// Unlike Python, a worker that dies mid-task (SIGKILL, segfault, exit) is reported: its task and the rest
// of its chunk are `crashed`, a new process takes over the same Worker-N id, and the run goes on.
// A Pool is driven from one thread at a time (request_stop() and StopFlag from anywhere).

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "poolscope/pool/async_result.hpp"
#include "poolscope/pool/codec.hpp"
#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/pool/detail/task_adapters.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/pool/stop_flag.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/trace_sink.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

// The results of imap / imap_unordered, handed over one by one as the caller asks for them.
template <class R> class ResultIterator {
 public:
  ResultIterator(ResultIterator&& other) noexcept
      : core_(std::move(other.core_)), job_(other.job_), last_(std::move(other.last_)) {}
  ResultIterator& operator=(ResultIterator&& other) noexcept {
    if (this != &other) {
      release();
      core_ = std::move(other.core_);
      job_ = other.job_;
      last_ = std::move(other.last_);
    }
    return *this;
  }
  ResultIterator(const ResultIterator&) = delete;
  ResultIterator& operator=(const ResultIterator&) = delete;
  ~ResultIterator() { release(); }

  // The next result; nullopt at the end. A failed task throws its exception (remote_exception.hpp) here: with
  // chunksize 1 at its position, and the following call goes on with the next task; with chunksize > 1
  // once for its whole chunk, and the following calls return nullopt (Python's loop is over).
  std::optional<R> next() {
    if (!core_) return std::nullopt;
    std::string_view result;
    if (!core_->next(job_, last_, result)) return std::nullopt;
    return detail::unwrap<R>(last_, result);
  }
  // The record of the task last handed over (or that failed) in next().
  const TaskRecord& record() const { return last_; }

  class iterator {
   public:
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(ResultIterator* owner) : owner_(owner) { advance(); }
    const R& operator*() const { return *current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    bool operator==(std::default_sentinel_t) const { return !current_.has_value(); }

   private:
    void advance() { current_ = owner_->next(); }
    ResultIterator* owner_ = nullptr;
    std::optional<R> current_;
  };
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() { return {}; }

 private:
  friend class Pool;
  ResultIterator(std::shared_ptr<detail::PoolCore> core, std::uint64_t job) : core_(std::move(core)), job_(job) {}
  void release() noexcept {
    if (core_) core_->release(job_);
    core_.reset();
  }
  std::shared_ptr<detail::PoolCore> core_;
  std::uint64_t job_ = 0;
  TaskRecord last_;
};

class Pool {
 public:
  // Forks the workers now (or asks the fork server to). Pool() uses the number of cores, like Python's
  // Pool(); processes < 1 throws InvalidArgument, like Python's ValueError.
  Pool() : Pool(detail::PoolCore::cpu_count()) {}
  explicit Pool(const PoolOptions& options) : Pool(detail::PoolCore::cpu_count(), options) {}
  explicit Pool(int processes, const PoolOptions& options = {})
      : core_(std::make_shared<detail::PoolCore>(processes, options)) {}
  ~Pool() {
    if (core_) core_->terminate();
  }
  Pool(Pool&&) noexcept = default;
  Pool& operator=(Pool&&) noexcept = default;
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  int processes() const { return core_->processes(); }

  // All results at once, in input order, once every chunk finished. If tasks failed, throws the error
  // that arrived first, after all chunks finished, and hands over no result. chunksize 0 is Python's
  // default (None): ceil(n / (4 x processes)); a negative one throws InvalidArgument.
  template <class F, std::ranges::input_range Range>
  std::vector<detail::result_t<F>> map(F fn, Range&& inputs, int chunksize = 0) {
    using A = detail::arg_t<F>;
    const auto length = held_length(inputs);
    return run_map<detail::result_t<F>>(fn, &detail::invoke_unary<detail::fn_ptr_t<F>>,
                                        detail::make_source<A>(std::forward<Range>(inputs)), chunksize, length);
  }
  template <class F>
  std::vector<detail::result_t<F>> map(F fn, std::initializer_list<detail::arg_t<F>> inputs, int chunksize = 0) {
    return map(fn, std::vector<detail::arg_t<F>>(inputs), chunksize);
  }

  // map without waiting: the AsyncResult's get() returns (or throws) what map would. The inputs are read
  // now, as Python's map_async reads them (an input that throws comes out of this call).
  template <class F, std::ranges::input_range Range>
  AsyncResult<std::vector<detail::result_t<F>>> map_async(
      F fn, Range&& inputs, int chunksize = 0, AsyncCallbacks<std::vector<detail::result_t<F>>> callbacks = {}) {
    using A = detail::arg_t<F>;
    return run_map_async<detail::result_t<F>>(fn, &detail::invoke_unary<detail::fn_ptr_t<F>>,
                                              detail::make_source<A>(std::forward<Range>(inputs)), chunksize,
                                              std::move(callbacks));
  }
  template <class F>
  AsyncResult<std::vector<detail::result_t<F>>> map_async(
      F fn, std::initializer_list<detail::arg_t<F>> inputs, int chunksize = 0,
      AsyncCallbacks<std::vector<detail::result_t<F>>> callbacks = {}) {
    return map_async(fn, std::vector<detail::arg_t<F>>(inputs), chunksize, std::move(callbacks));
  }
  // starmap without waiting.
  template <class F, std::ranges::input_range Range>
  AsyncResult<std::vector<detail::result_t<F>>> starmap_async(
      F fn, Range&& inputs, int chunksize = 0, AsyncCallbacks<std::vector<detail::result_t<F>>> callbacks = {}) {
    using Args = detail::args_t<F>;
    return run_map_async<detail::result_t<F>>(fn, &detail::invoke_star<detail::fn_ptr_t<F>>,
                                              detail::make_source<Args>(std::forward<Range>(inputs)), chunksize,
                                              std::move(callbacks));
  }

  // map for functions of several arguments: each input is a tuple of them.
  template <class F, std::ranges::input_range Range>
  std::vector<detail::result_t<F>> starmap(F fn, Range&& inputs, int chunksize = 0) {
    using Args = detail::args_t<F>;
    const auto length = held_length(inputs);
    return run_map<detail::result_t<F>>(fn, &detail::invoke_star<detail::fn_ptr_t<F>>,
                                        detail::make_source<Args>(std::forward<Range>(inputs)), chunksize, length);
  }

  // Results one by one in input order (a slow early task holds back later ones).
  template <class F, std::ranges::input_range Range>
  ResultIterator<detail::result_t<F>> imap(F fn, Range&& inputs, int chunksize = 1, std::size_t max_in_flight = 0) {
    return run_imap(fn, std::forward<Range>(inputs), chunksize, max_in_flight, detail::JobKind::imap);
  }
  template <class F>
  ResultIterator<detail::result_t<F>> imap(F fn, std::initializer_list<detail::arg_t<F>> inputs, int chunksize = 1,
                                           std::size_t max_in_flight = 0) {
    return imap(fn, std::vector<detail::arg_t<F>>(inputs), chunksize, max_in_flight);
  }

  // Results one by one as they finish.
  template <class F, std::ranges::input_range Range>
  ResultIterator<detail::result_t<F>> imap_unordered(F fn, Range&& inputs, int chunksize = 1,
                                                     std::size_t max_in_flight = 0) {
    return run_imap(fn, std::forward<Range>(inputs), chunksize, max_in_flight, detail::JobKind::imap_unordered);
  }
  template <class F>
  ResultIterator<detail::result_t<F>> imap_unordered(F fn, std::initializer_list<detail::arg_t<F>> inputs,
                                                     int chunksize = 1, std::size_t max_in_flight = 0) {
    return imap_unordered(fn, std::vector<detail::arg_t<F>>(inputs), chunksize, max_in_flight);
  }

  // One call fn(args...) on a worker.
  template <class F, class... Args> AsyncResult<detail::result_t<F>> apply_async(F fn, Args&&... args) {
    return apply_async(AsyncCallbacks<detail::result_t<F>>{}, fn, std::forward<Args>(args)...);
  }
  // The same, with Python's callback / error_callback (see AsyncResult for when and where they run):
  //   pool.apply_async({.callback = [&](const int& r) { ... }, .error_callback = ...}, fn, args...);
  template <class F, class... Args>
  AsyncResult<detail::result_t<F>> apply_async(AsyncCallbacks<detail::result_t<F>> callbacks, F fn, Args&&... args) {
    using R = detail::result_t<F>;
    using Tuple = detail::args_t<F>;
    static_assert(std::tuple_size_v<Tuple> == sizeof...(Args), "apply_async: wrong number of arguments");
    std::vector<Tuple> one;
    one.emplace_back(std::forward<Args>(args)...);
    detail::JobSpec spec;
    spec.kind = detail::JobKind::apply;
    spec.fn = detail::fn_address(fn);
    spec.invoke = &detail::invoke_star<detail::fn_ptr_t<F>>;
    spec.result_repr = &detail::repr_encoded<R>;
    spec.chunksize = 1;
    spec.source = detail::make_source<Tuple>(std::move(one));
    return submit_async<R>(std::move(spec), std::move(callbacks),
                           [](const detail::RunResults& results) { return codec::decode_all<R>(results.result(0)); });
  }
  // apply_async and wait.
  template <class F, class... Args> detail::result_t<F> apply(F fn, Args&&... args) {
    return apply_async(fn, std::forward<Args>(args)...).get();
  }

  // No more tasks may be submitted; workers exit once the queued ones are done.
  void close() { core_->close(); }
  // Waits for the workers to exit (after close() or terminate()).
  void join() { core_->join(); }
  // Kills the workers now; waiting calls throw PoolStopped.
  void terminate() { core_->terminate(); }
  // Async-signal-safe: the waiting call notices within ~20 ms, kills the workers and throws PoolStopped.
  void request_stop() noexcept { core_->request_stop(); }
  // The live workers, as (id, pid) pairs ordered by id.
  std::vector<WorkerProcess> worker_processes() const { return core_->worker_processes(); }
  // The records of the last map / starmap call, ordered by index (built on the first call after it).
  const std::vector<TaskRecord>& last_records() const {
    if (!records_built_) {
      last_records_ = last_run_.records();
      records_built_ = true;
    }
    return last_records_;
  }

 private:
  // The job of map / starmap and their async forms; chunksize 0 is Python's default.
  template <class R, class F>
  static detail::JobSpec map_spec(F fn, detail::InvokeFn invoke, detail::InputSource source, int chunksize) {
    detail::JobSpec spec;
    spec.kind = detail::JobKind::map;
    spec.fn = detail::fn_address(fn);
    spec.invoke = invoke;
    spec.result_repr = &detail::repr_encoded<R>;
    if (chunksize < 0) throw InvalidArgument("chunksize must be 1 or more, not " + std::to_string(chunksize));
    spec.chunksize = static_cast<std::size_t>(chunksize);
    spec.source = std::move(source);
    return spec;
  }

  template <class R, class F>
  std::vector<R> run_map(F fn, detail::InvokeFn invoke, detail::InputSource source, int chunksize,
                         std::optional<std::size_t> length) {
    auto spec = map_spec<R>(fn, invoke, std::move(source), chunksize);
    spec.length = length;
    core_->recycle(last_run_);  // the last map's storage serves this one
    last_records_.clear();
    records_built_ = false;
    const auto job = core_->submit(std::move(spec));
    const std::int64_t raised = core_->collect(job, last_run_);
    // The exception that arrived first is thrown, only now that every chunk finished (Python's rule).
    if (raised >= 0) detail::rethrow_task_failure(last_run_.record(static_cast<std::size_t>(raised)));
    return decode_results<R>(last_run_);
  }

  template <class R, class F>
  AsyncResult<std::vector<R>> run_map_async(F fn, detail::InvokeFn invoke, detail::InputSource source, int chunksize,
                                            AsyncCallbacks<std::vector<R>> callbacks) {
    return submit_async<std::vector<R>>(map_spec<R>(fn, invoke, std::move(source), chunksize), std::move(callbacks),
                                        [](const detail::RunResults& results) { return decode_results<R>(results); });
  }

  // Registers an async job whose outcome lands in a state shared with the AsyncResult.
  template <class R, class Decode>
  AsyncResult<R> submit_async(detail::JobSpec spec, AsyncCallbacks<R> callbacks, Decode decode) {
    auto state = std::make_shared<detail::AsyncState<R>>();
    state->callback = std::move(callbacks.callback);
    state->error_callback = std::move(callbacks.error_callback);
    spec.settle = [state, decode](std::int64_t raised, detail::RunResults& results) {
      state->records = results.records();
      std::exception_ptr error;
      try {
        if (raised >= 0) {
          detail::rethrow_task_failure(state->records[static_cast<std::size_t>(raised)]);
        }
        state->value.emplace(decode(results));
      } catch (...) {
        error = std::current_exception();
      }
      state->finish(std::move(error));
    };
    core_->submit(std::move(spec));
    return AsyncResult<R>(core_, std::move(state));
  }

  template <class F, class Range>
  ResultIterator<detail::result_t<F>> run_imap(F fn, Range&& inputs, int chunksize, std::size_t max_in_flight,
                                               detail::JobKind kind) {
    using A = detail::arg_t<F>;
    using R = detail::result_t<F>;
    detail::JobSpec spec;
    spec.kind = kind;
    spec.fn = detail::fn_address(fn);
    spec.invoke = &detail::invoke_unary<detail::fn_ptr_t<F>>;
    spec.result_repr = &detail::repr_encoded<R>;
    if (chunksize < 1) throw InvalidArgument("chunksize must be 1 or more, not " + std::to_string(chunksize));
    spec.chunksize = static_cast<std::size_t>(chunksize);
    spec.max_in_flight = max_in_flight;
    spec.length = known_length(inputs);
    spec.source = detail::make_source<A>(std::forward<Range>(inputs));
    const auto job = core_->submit(std::move(spec));
    return ResultIterator<R>(core_, job);
  }

  // The number of inputs, where the range knows it without being read (a vector, an iota, a transform
  // over one): imap sizes its bookkeeping with it.
  template <class Range> static std::optional<std::size_t> known_length(Range& range) {
    if constexpr (std::ranges::sized_range<Range>) {
      return static_cast<std::size_t>(std::ranges::size(range));
    } else {
      return std::nullopt;
    }
  }
  // The same, only for inputs already held in memory (a vector, an array, a span): Python's map takes
  // len() of a list and reads it as it goes, but lists a generator first; a range that makes its items as
  // it is read (a transform, a generator) is read in full first, as Python lists it.
  template <class Range> static std::optional<std::size_t> held_length(Range& range) {
    if constexpr (std::ranges::contiguous_range<Range> && std::ranges::sized_range<Range>) {
      return static_cast<std::size_t>(std::ranges::size(range));
    } else {
      return std::nullopt;
    }
  }

  template <class R> static std::vector<R> decode_results(const detail::RunResults& run) {
    std::vector<R> results;
    results.reserve(run.size());
    run.each_result([&results](std::string_view encoded) { results.push_back(codec::decode_all<R>(encoded)); });
    return results;
  }

  std::shared_ptr<detail::PoolCore> core_;
  // The last map's results, and its records once last_records() asked for them.
  // A reference from last_records() stays valid: the next map refills the same vector.
  detail::RunResults last_run_;
  mutable std::vector<TaskRecord> last_records_;
  mutable bool records_built_ = false;
};

}  // namespace poolscope
