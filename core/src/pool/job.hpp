// The parent's bookkeeping of one submitted job (a map, imap, imap_unordered or apply call): its chunks
// from reading to hand-over, and the chunks published to the workers' queue.
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "poolscope/pool/detail/chunk_results.hpp"
#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/pool/detail/recycling_queue.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::detail {

struct Job {
  Job() = default;
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;
  // Its task columns and chunk slots go back to the pool for the next job.
  ~Job() {
    if (recycle_into != nullptr) recycle_into->keep(tasks, chunks);
  }

  std::uint64_t id = 0;
  JobStorage* recycle_into = nullptr;
  JobSpec spec;
  std::size_t bound = 0;  // max tasks read but not handed over (0 = none)
  // map / apply read their inputs up front: entries of (u64 length, encoded input) back to back, the form
  // a chunk has in the input ring, so a chunk is published straight from here.
  bool has_preread = false;
  std::string pre_bytes;
  std::vector<std::uint64_t> pre_end;  // end of entry i in pre_bytes
  std::vector<ReprText> pre_repr;
  std::size_t pre_next = 0;
  // Its tasks' columns, and its chunks from number `chunk_base` on; the back chunk is being built until
  // it is published.
  TaskColumns tasks;
  RecyclingQueue<ChunkResults> chunks;
  std::uint64_t chunk_base = 0;
  std::uint64_t read = 0;  // tasks created so far
  std::uint64_t finished = 0;
  std::uint64_t emitted = 0;  // tasks the hand-over is done with
  std::uint64_t handed = 0;   // results and exceptions the caller received: the next emit_order
  std::uint64_t next_ordered = 0;
  std::uint64_t published = 0;  // chunks published
  // imap_unordered / apply: the numbers of complete chunks, in the order they completed.
  RecyclingQueue<std::uint64_t> ready;
  std::string build;  // the inputs of the chunk being assembled (entries as in pre_bytes)
  std::uint32_t build_count = 0;
  std::string repr;  // scratch for an input's JSON literal
  bool source_done = false;
  // The input range threw (CPython: the task iterable raised). The caller receives it after every result
  // before it; the chunk being assembled is lost with it, as CPython's task handler loses it.
  std::exception_ptr input_error;
  bool fed_all = false;
  bool released = false;
  // The caller's loop ended at a chunk's exception (imap / imap_unordered with chunksize > 1, as Python's
  // generator over chunks ends): the job still runs, but nothing more is handed over.
  bool ended = false;
  ChunkResults* ordered_ = nullptr;  // see next_ordered_chunk()
  std::uint64_t ordered_end_ = 0;
  // map: the failed task whose exception arrived first (-1: none), and when it arrived.
  std::int64_t first_failure = -1;
  std::int64_t first_failure_ns = 0;

  ChunkResults& chunk(std::uint64_t number) { return chunks[number - chunk_base]; }
  // imap: the published chunk that holds task `next_ordered`, or null if it is not published yet. The
  // chunk is remembered until the hand-over has passed it (it cannot be forgotten before), which spares a
  // division per result.
  ChunkResults* next_ordered_chunk() {
    if (ordered_ == nullptr || next_ordered < ordered_->first || next_ordered >= ordered_end_) {
      ordered_ = nullptr;
      if (next_ordered >= read) return nullptr;
      const std::uint64_t n = next_ordered / spec.chunksize;
      if (n - chunk_base >= chunks.size()) return nullptr;
      ChunkResults& c = chunk(n);
      if (!c.published) return nullptr;
      ordered_ = &c;
      ordered_end_ = c.first + c.count;
    }
    return ordered_;
  }
  bool complete() const { return fed_all && finished == read; }
  // The chunk being built is dropped (the input threw, or the caller let go before it was published).
  void drop_build() {
    if (build_count > 0) {
      read -= build_count;
      tasks.drop_from(read);
      chunks.pop_back();
    }
    build_count = 0;
    build.clear();
  }
  // Forgets the chunks at the front that the hand-over is done with, and their tasks.
  void pop_done() {
    bool popped = false;
    while (!chunks.empty() && chunks.front().published && chunks.front().done_with == chunks.front().count) {
      chunks.pop_front();
      ++chunk_base;
      popped = true;
    }
    if (popped) tasks.drop_below(chunks.empty() ? read : chunks.front().first);
  }
  // The hand-over is done with every task of `c` (handed over, or never to be).
  void let_go(ChunkResults& c) {
    emitted += c.count - c.done_with;
    c.done_with = c.count;
  }
  // The caller will take no more results (its loop ended, or it let go): the ones already finished are
  // counted as handed on, so that the job can end once the tasks still running report.
  void forget_finished() {
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      if (chunks[k].complete) let_go(chunks[k]);
    }
    pop_done();
  }
};

using JobMap = std::map<std::uint64_t, std::unique_ptr<Job>>;

// A chunk as the parent tracks it between publishing and its last task's report.
struct ChunkInfo {
  Job* job = nullptr;
  std::uint64_t number = 0;     // its number within the job
  std::uint64_t input_end = 0;  // input ring position after its bytes
  bool finished = false;
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
