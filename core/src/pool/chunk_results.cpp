// A job's per-task columns, its chunks, and the TaskRecords built from them; see chunk_results.hpp.
#include "poolscope/pool/detail/chunk_results.hpp"

#include <algorithm>
#include <type_traits>

namespace poolscope::detail {

void TaskColumns::reserve(std::uint64_t count, bool trace) {
  std::size_t capacity = fate.empty() ? 16 : fate.size();
  while (capacity < count) capacity *= 2;
  if (capacity > fate.size()) grow_to(capacity, trace);
}

void TaskColumns::add(std::uint64_t count, bool trace) {
  const std::uint64_t need = high_ + count - low_;
  if (need > fate.size()) {
    std::size_t capacity = fate.empty() ? 16 : fate.size();
    while (capacity < need) capacity *= 2;
    grow_to(capacity, trace);
  }
  if (count == 1) {
    // One task (imap at chunksize 1): no loops.
    const std::size_t k = at(high_);
    fate[k] = TaskFate::pending;
    start_ns[k] = finish_ns[k] = emit_ns[k] = 0;
    emit_order[k] = -1;
    if (trace) {
      input_repr[k].clear();
      result_repr[k].clear();
      snapshot[k] = 0;
    }
    ++high_;
    return;
  }
  // The new tasks occupy at most two stretches of the ring: each column is filled a stretch at a time.
  std::uint64_t from = high_;
  std::uint64_t left = count;
  while (left > 0) {
    const std::size_t k = at(from);
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, fate.size() - k));
    std::fill_n(fate.begin() + k, n, TaskFate::pending);
    std::fill_n(start_ns.begin() + k, n, 0);
    std::fill_n(finish_ns.begin() + k, n, 0);
    std::fill_n(emit_ns.begin() + k, n, 0);
    std::fill_n(emit_order.begin() + k, n, -1);
    if (trace) {
      for (std::size_t i = k; i < k + n; ++i) {
        input_repr[i].clear();
        result_repr[i].clear();
      }
      std::fill_n(snapshot.begin() + k, n, 0);
    }
    from += n;
    left -= n;
  }
  high_ += count;
}

void TaskColumns::grow_to(std::size_t capacity, bool trace) {
  const std::size_t new_mask = capacity - 1;
  auto move_column = [&](auto& column) {
    std::remove_reference_t<decltype(column)> bigger(capacity);
    for (std::uint64_t i = low_; i < high_; ++i) bigger[i & new_mask] = std::move(column[at(i)]);
    column.swap(bigger);
  };
  move_column(fate);
  move_column(start_ns);
  move_column(finish_ns);
  move_column(emit_ns);
  move_column(emit_order);
  move_column(result_end);
  if (trace) {
    move_column(input_repr);
    move_column(result_repr);
    move_column(snapshot);
  }
  mask_ = new_mask;
}

void ChunkResults::reset(std::uint64_t chunk_number, std::uint64_t first_index) {
  number = chunk_number;
  first = first_index;
  count = received = cursor = done_with = 0;
  published = complete = false;
  worker = pid = 0;
  submit_ns = 0;
  failed = -1;
  failure.clear();
  data.clear();
}

TaskStatus status_of(TaskFate fate) {
  switch (fate) {
    case TaskFate::pending: return TaskStatus::pending;
    case TaskFate::running: return TaskStatus::running;
    case TaskFate::ok: return TaskStatus::ok;
    case TaskFate::raised:
    case TaskFate::skipped: return TaskStatus::error;
    case TaskFate::crashed:
    case TaskFate::crashed_finished:
    case TaskFate::crashed_unstarted: return TaskStatus::crashed;
  }
  return TaskStatus::pending;
}

namespace {

bool is_failure(TaskFate fate) {
  return fate != TaskFate::pending && fate != TaskFate::running && fate != TaskFate::ok;
}

// The fields a TaskRecord and a TaskSnapshot share (but the index and the text), of the task in slot `k`.
template <class Out>
void fill_fields(const ChunkResults& c, const TaskColumns& tasks, std::size_t k, TaskFate f, Out& out) {
  const bool seen = f != TaskFate::pending;
  out.worker = seen ? c.worker : 0;
  out.pid = seen ? c.pid : 0;
  out.chunk = c.number;
  out.submit_ns = c.submit_ns;
  out.start_ns = tasks.start_ns[k];
  out.finish_ns = tasks.finish_ns[k];
  out.emit_ns = tasks.emit_ns[k];
  out.emit_order = tasks.emit_order[k];
  out.status = status_of(f);
}

}  // namespace

void ChunkResults::describe_failure(TaskFate fate, std::string& type, std::string& message) const {
  type.clear();
  switch (fate) {
    case TaskFate::raised:
      // A task's exception comes as "type\0message" (task_adapters.hpp); the pool's own errors as text.
      if (const auto nul = failure.find('\0'); nul != std::string::npos) {
        type.assign(failure, 0, nul);
        message.assign(failure, nul + 1);
      } else {
        message = failure;
      }
      break;
    case TaskFate::skipped:
      message =
          "not run: task " + std::to_string(first + static_cast<std::uint64_t>(failed)) + " of the same chunk failed";
      break;
    case TaskFate::crashed: message = failure; break;
    case TaskFate::crashed_finished:
      message = failure + " after this task of its chunk finished, before its result was sent";
      break;
    case TaskFate::crashed_unstarted: message = failure + " before this task of its chunk started"; break;
    case TaskFate::pending:
    case TaskFate::running:
    case TaskFate::ok: message.clear(); break;
  }
}

void ChunkResults::fill_record(const TaskColumns& tasks, std::uint32_t pos, TaskRecord& rec) const {
  const std::size_t k = tasks.at(first + pos);
  const TaskFate f = tasks.fate[k];
  const bool traced = !tasks.input_repr.empty();
  rec.index = first + pos;
  // clear() and append() reuse the strings' memory in fewer steps than assign().
  rec.input.clear();
  rec.result.clear();
  if (traced) {
    rec.input.append(tasks.input_repr[k].view());
    if (f == TaskFate::ok) rec.result.append(tasks.result_repr[k].view());
  }
  fill_fields(*this, tasks, k, f, rec);
  if (is_failure(f)) {
    describe_failure(f, rec.exception_type, rec.message);
  } else {
    rec.exception_type.clear();
    rec.message.clear();
  }
}

void ChunkResults::fill_snapshot(const TaskColumns& tasks, std::uint32_t pos, SnapshotBatch& batch,
                                 TaskSnapshot& s) const {
  const std::size_t k = tasks.at(first + pos);
  const TaskFate f = tasks.fate[k];
  const bool traced = !tasks.input_repr.empty();
  // The text first: if it cannot be written (out of memory), the snapshot is left as it was.
  const std::string_view input = traced ? tasks.input_repr[k].view() : std::string_view();
  if (f == TaskFate::ok) {
    batch.set_text(s, input, traced ? tasks.result_repr[k].view() : std::string_view());
  } else if (!is_failure(f)) {
    batch.set_text(s, input, {});
  } else {
    set_failure_text(f, input, batch, s);
  }
  s.index = first + pos;
  fill_fields(*this, tasks, k, f, s);
}

void ChunkResults::set_failure_text(TaskFate fate, std::string_view input, SnapshotBatch& batch,
                                    TaskSnapshot& s) const {
  std::string type;
  std::string message;
  describe_failure(fate, type, message);
  batch.set_text(s, input, {}, message, type);
}

TaskRecord RunResults::record(std::size_t index) const {
  const ChunkResults& c = chunks_[index / chunksize_];
  TaskRecord rec;
  c.fill_record(tasks_, static_cast<std::uint32_t>(index - c.first), rec);
  return rec;
}

std::vector<TaskRecord> RunResults::records() const {
  std::vector<TaskRecord> out(size());
  for (std::size_t n = 0; n < chunks_.size(); ++n) {
    const ChunkResults& c = chunks_[n];
    for (std::uint32_t pos = 0; pos < c.count; ++pos) c.fill_record(tasks_, pos, out[c.first + pos]);
  }
  return out;
}

}  // namespace poolscope::detail
