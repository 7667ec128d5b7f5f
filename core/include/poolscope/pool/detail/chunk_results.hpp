// What the caller's side of the pool keeps of a job's tasks: per-task columns (structure of arrays, one
// entry per task, strings only when tracing asks for them), per-chunk results and failure, and map's
// finished job handed to the caller at once. TaskRecords are built from these only when someone asks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "poolscope/pool/detail/recycling_queue.hpp"
#include "poolscope/pool/detail/repr_text.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/trace/task_snapshot.hpp"
#include "poolscope/util/page_allocator.hpp"

namespace poolscope::detail {

// What became of one task. Finer than TaskStatus, which it maps to along with the message it implies.
enum class TaskFate : std::uint8_t {
  pending,            // not started (as far as the caller's side knows)
  running,            // its worker said it started
  ok,                 // finished with a result
  raised,             // threw: its chunk's `failure` says what
  skipped,            // never run: an earlier task of its chunk raised (Python runs a chunk as one call)
  crashed,            // its worker died while running it
  crashed_finished,   // finished, but its worker died before sending its result
  crashed_unstarted,  // its worker died before starting it
};

// The per-task columns of a job, for the task indices [low, high): a ring that doubles when full, so a
// long imap reuses the same arrays while a map sizes them once.
class TaskColumns {
 public:
  std::size_t at(std::uint64_t index) const { return static_cast<std::size_t>(index) & mask_; }
  std::uint64_t low() const { return low_; }
  std::uint64_t high() const { return high_; }
  // Appends `count` pending tasks at the high end.
  void add(std::uint64_t count, bool trace);
  // Forgets the tasks below `index` / from `index` on.
  void drop_below(std::uint64_t index) { low_ = index; }
  void drop_from(std::uint64_t index) { high_ = index; }
  // Makes room for `count` tasks in all (a map knows how many it has).
  void reserve(std::uint64_t count, bool trace);
  // Empties it, keeping the arrays for the next job (a second map of the same size touches no new page).
  void restart() {
    low_ = high_ = 0;
    mask_ = fate.empty() ? 0 : fate.size() - 1;
  }
  std::size_t capacity() const { return fate.size(); }

  // Each column in pages of its own (page_allocator.hpp).
  template <class T> using Column = std::vector<T, PageAllocator<T>>;
  Column<TaskFate> fate;
  Column<std::int64_t> start_ns, finish_ns, emit_ns, emit_order;
  Column<std::uint64_t> result_end;  // end of the task's encoded result in its chunk's `data`
  // Tracing only (empty otherwise): JSON literals of inputs and results, and where the task's latest
  // snapshot sits in the record batch being assembled ((batch generation << 32) | (position + 1)).
  Column<ReprText> input_repr, result_repr;
  Column<std::uint64_t> snapshot;

 private:
  void grow_to(std::size_t capacity, bool trace);
  std::size_t mask_ = 0;  // capacity - 1; capacity 0 before the first add
  std::uint64_t low_ = 0;
  std::uint64_t high_ = 0;
};

struct ChunkResults {
  std::uint64_t number = 0;  // the chunk's number within its job (TaskRecord::chunk)
  std::uint64_t first = 0;   // index of its first task
  std::uint32_t count = 0;
  std::uint32_t received = 0;   // tasks with an outcome; they arrive in position order
  std::uint32_t cursor = 0;     // the next position the hand-over gives out
  std::uint32_t done_with = 0;  // tasks the hand-over is done with (handed over, or dropped)
  bool published = false;
  bool complete = false;  // every task has an outcome: the chunk's results are deliverable together
  int worker = 0;
  int pid = 0;
  std::int64_t submit_ns = 0;
  std::int64_t failed = -1;  // position of the task whose exception or crash ended the chunk
  std::string failure;       // what it said: "type\0message" for an exception, the text of a crash
  std::string data;          // the encoded results of its tasks, back to back

  // Makes this (possibly recycled) slot an empty chunk `number` whose tasks start at `first`.
  void reset(std::uint64_t chunk_number, std::uint64_t first_index);
  std::string_view result(const TaskColumns& tasks, std::uint32_t pos) const {
    const std::uint64_t begin = pos == 0 ? 0 : tasks.result_end[tasks.at(first + pos - 1)];
    return std::string_view(data).substr(begin, tasks.result_end[tasks.at(first + pos)] - begin);
  }
  // Writes the record of its task at `pos` into `rec`, reusing the strings' capacity.
  void fill_record(const TaskColumns& tasks, std::uint32_t pos, TaskRecord& rec) const;
  // The same as snapshot `s` of `batch`, its text appended to the batch's.
  void fill_snapshot(const TaskColumns& tasks, std::uint32_t pos, SnapshotBatch& batch, TaskSnapshot& s) const;

 private:
  // What a failed task's record says: the exception's type (if any) and the message.
  void describe_failure(TaskFate fate, std::string& type, std::string& message) const;
  // A failed task's text in snapshot `s` (rare: kept out of fill_snapshot's way).
  [[gnu::noinline]] void set_failure_text(TaskFate fate, std::string_view input, SnapshotBatch& batch,
                                          TaskSnapshot& s) const;
};

TaskStatus status_of(TaskFate fate);

// The storage a finished job leaves for the next one (the largest seen), so that a second run of the same
// size touches no new page.
struct JobStorage {
  TaskColumns tasks;
  RecyclingQueue<ChunkResults> chunks;
  // Hands what it holds to a new job, empty but with its capacity.
  void lend(TaskColumns& columns, RecyclingQueue<ChunkResults>& queue) {
    columns = std::move(tasks);
    columns.restart();
    tasks.restart();
    queue = std::move(chunks);
    queue.clear();
  }
  void keep(TaskColumns& columns, RecyclingQueue<ChunkResults>& queue) {
    if (columns.capacity() > tasks.capacity()) tasks = std::move(columns);
    tasks.restart();
    if (queue.capacity() > chunks.capacity()) chunks = std::move(queue);
    chunks.clear();
  }
};

// A finished map's tasks, handed to the caller at once: encoded results and records by task index.
class RunResults {
 public:
  RunResults() = default;
  RunResults(TaskColumns tasks, RecyclingQueue<ChunkResults> chunks, std::size_t chunksize)
      : tasks_(std::move(tasks)), chunks_(std::move(chunks)), chunksize_(chunksize == 0 ? 1 : chunksize) {}
  std::size_t size() const { return static_cast<std::size_t>(tasks_.high() - tasks_.low()); }
  std::string_view result(std::size_t index) const {
    const ChunkResults& c = chunks_[index / chunksize_];
    return c.result(tasks_, static_cast<std::uint32_t>(index - c.first));
  }
  TaskRecord record(std::size_t index) const;
  std::vector<TaskRecord> records() const;
  // Calls f(encoded result) for every task in index order (empty for a task without a result).
  template <class F> void each_result(F&& f) const {
    for (std::size_t n = 0; n < chunks_.size(); ++n) {
      const ChunkResults& c = chunks_[n];
      std::uint64_t begin = 0;
      for (std::uint32_t pos = 0; pos < c.count; ++pos) {
        const std::uint64_t end = tasks_.result_end[tasks_.at(c.first + pos)];
        f(std::string_view(c.data.data() + begin, end - begin));
        begin = end;
      }
    }
  }
  // Gives up its storage for reuse; it is empty afterwards.
  void give_storage(JobStorage& into) { into.keep(tasks_, chunks_); }

 private:
  TaskColumns tasks_;
  RecyclingQueue<ChunkResults> chunks_;
  std::size_t chunksize_ = 1;
};

}  // namespace poolscope::detail
