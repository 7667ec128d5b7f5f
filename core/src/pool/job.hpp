// The parent's bookkeeping of one submitted job (a map, imap, imap_unordered or apply call): its tasks
// from reading to hand-over, and the chunks published to the workers' queue.
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pool/recycling_queue.hpp"
#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::detail {

struct TaskState {
  TaskRecord rec;
  std::string result;
  bool done = false;
  bool deliverable = false;  // its whole chunk finished: the caller may receive it
  bool emitted = false;      // the hand-over is done with it (handed over, or lost with its chunk)
  std::int64_t raised = -1;  // its chunk failed as one unit: the task whose exception stands for it

  // Clears a recycled slot but keeps its strings' capacity.
  void reset() {
    rec.input.clear();
    rec.result.clear();
    rec.message.clear();
    rec.exception_type.clear();
    rec.worker = rec.pid = 0;
    rec.chunk = 0;
    rec.submit_ns = rec.start_ns = rec.finish_ns = rec.emit_ns = 0;
    rec.emit_order = -1;
    rec.status = TaskStatus::pending;
    result.clear();
    done = deliverable = emitted = false;
    raised = -1;
  }
};

struct Job {
  std::uint64_t id = 0;
  JobSpec spec;
  std::size_t bound = 0;  // max tasks read but not handed over (0 = none)
  // map / apply read their inputs up front, into one buffer (no allocation per task).
  bool has_preread = false;
  std::string pre_bytes;
  std::vector<std::uint64_t> pre_end;
  std::vector<std::string> pre_repr;
  std::size_t pre_next = 0;
  RecyclingQueue<TaskState> tasks;
  std::uint64_t base = 0;  // index of tasks.front()
  std::uint64_t read = 0;  // tasks created so far
  std::uint64_t finished = 0;
  std::uint64_t emitted = 0;  // tasks the hand-over is done with
  std::uint64_t handed = 0;   // results and exceptions the caller received: the next emit_order
  std::uint64_t next_ordered = 0;
  std::uint64_t chunks = 0;
  RecyclingQueue<std::uint64_t> ready;
  std::string build;  // the chunk being assembled
  std::uint32_t build_count = 0;
  EncodedInput scratch;
  bool source_done = false;
  // The input range threw (CPython: the task iterable raised). The caller receives it after every result
  // before it; the chunk being assembled is lost with it, as CPython's task handler loses it.
  std::exception_ptr input_error;
  bool fed_all = false;
  bool released = false;
  // The caller's loop ended at a chunk's exception (imap / imap_unordered with chunksize > 1, as Python's
  // generator over chunks ends): the job still runs, but nothing more is handed over.
  bool ended = false;
  // map: the failed task whose exception arrived first (-1: none), and when it arrived.
  std::int64_t first_failure = -1;
  std::int64_t first_failure_ns = 0;

  TaskState& task(std::uint64_t index) { return tasks[index - base]; }
  bool complete() const { return fed_all && finished == read; }
  void pop_emitted() {
    while (!tasks.empty() && tasks.front().emitted) {
      tasks.pop_front();
      ++base;
    }
  }
  // The caller will take no more results (its loop ended, or it let go): the ones already finished are
  // counted as handed on, so that the job can end once the tasks still running report.
  void forget_finished() {
    for (std::size_t k = 0; k < tasks.size(); ++k) {
      TaskState& t = tasks[k];
      if (t.deliverable && !t.emitted) {
        t.emitted = true;
        ++emitted;
      }
    }
    pop_emitted();
  }
};

using JobMap = std::map<std::uint64_t, std::unique_ptr<Job>>;

// A chunk as the parent tracks it between publishing and its last task's report.
struct ChunkInfo {
  Job* job = nullptr;
  std::uint64_t first = 0;  // index of its first task in the job
  std::uint32_t count = 0;
  std::uint32_t done = 0;
  std::uint64_t input_end = 0;  // input ring position after its bytes
  bool finished = false;
  std::int64_t failed_index = -1;  // the task whose exception (or crash) abandoned the rest of the chunk
};

// The published chunks not yet retired, numbered like the shared queue's slots, and the part of the
// input ring they occupy.
struct ChunksInFlight {
  RecyclingQueue<ChunkInfo> queue;
  std::uint64_t base = 0;  // number of queue.front()
  std::uint64_t input_head = 0;
  std::uint64_t input_tail = 0;

  ChunkInfo* find(std::uint64_t chunk) {
    if (chunk < base || chunk - base >= queue.size()) return nullptr;
    return &queue[chunk - base];
  }
  std::uint64_t end() const { return base + queue.size(); }
  // Frees the queue slots and input bytes of the finished chunks at the front.
  void retire_finished() {
    while (!queue.empty() && queue.front().finished) {
      input_tail = queue.front().input_end;
      queue.pop_front();
      ++base;
    }
  }
};

}  // namespace poolscope::detail
