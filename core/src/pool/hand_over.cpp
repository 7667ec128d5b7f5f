// Hands results over to the caller; see hand_over.hpp.
#include "pool/hand_over.hpp"

#include <exception>
#include <utility>

#include "poolscope/util/clock.hpp"

namespace poolscope::detail {

Job* HandOver::find(std::uint64_t id) {
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second.get();
}

bool HandOver::has_ready(Job& j) {
  if (j.spec.kind == JobKind::imap) {
    const ChunkResults* c = j.next_ordered_chunk();
    return c != nullptr && c->complete;
  }
  return !j.ready.empty();
}

bool HandOver::ready(Job& j) { return j.ended || has_ready(j) || at_end(j); }

void HandOver::emit(Job& j, ChunkResults& c, std::uint32_t pos, std::int64_t now, TaskRecord& record,
                    std::string_view& result) {
  TaskColumns& t = j.tasks;
  const std::size_t k = t.at(c.first + pos);
  t.emit_ns[k] = now;
  t.emit_order[k] = static_cast<std::int64_t>(j.handed++);
  ++c.done_with;
  ++j.emitted;
  batch_.note_emit(t, c, pos);
  c.fill_record(t, pos, record);
  result = t.fate[k] == TaskFate::ok ? c.result(t, pos) : std::string_view();
}

void HandOver::erase_if_done(Job& j) {
  if (j.input_error && !j.released && !j.ended) return;  // the caller has yet to receive it
  if (j.complete() && (j.released || j.ended || j.emitted == j.read)) jobs_.erase(j.id);
}

void HandOver::end(Job& j) {
  j.ended = true;
  while (!j.ready.empty()) j.ready.pop_front();
  j.forget_finished();
}

bool HandOver::next(Job& j, TaskRecord& record, std::string_view& result) {
  // The chunks handed over in full are forgotten only now: the last result given out viewed one of them.
  j.pop_done();
  const auto now = clock_.now();
  if (j.ended || (at_end(j) && !has_ready(j))) {
    batch_.flush();
    // The input's exception comes after every result before it, once; then the loop is over (CPython).
    auto input_error = j.ended ? nullptr : std::exchange(j.input_error, nullptr);
    j.ended = true;
    erase_if_done(j);
    if (input_error) std::rethrow_exception(input_error);
    return false;
  }
  ChunkResults* c;
  std::uint32_t pos;
  if (j.spec.kind == JobKind::imap) {
    c = j.next_ordered_chunk();
    pos = static_cast<std::uint32_t>(j.next_ordered++ - c->first);
  } else {
    c = &j.chunk(j.ready.front());
    pos = c->cursor;
  }
  ++c->cursor;
  // Python's imap with chunksize > 1 is a generator over chunks: a failed chunk raises its exception
  // where the chunk's results would have been, and the generator is finished.
  const bool raised = c->failed >= 0 && j.spec.chunksize > 1;
  if (raised) pos = static_cast<std::uint32_t>(c->failed);
  if (j.spec.kind != JobKind::imap && (raised || c->cursor == c->count)) j.ready.pop_front();
  emit(j, *c, pos, now, record, result);
  if (raised) end(j);
  if (j.ended || at_end(j)) {
    batch_.flush();
    // The job may be forgotten here: copy the result out of its chunk first.
    if (!result.empty() && j.complete() && (j.ended || j.emitted == j.read)) {
      last_result_.assign(result);
      result = last_result_;
    }
    erase_if_done(j);
  } else {
    batch_.maybe_flush(now);
  }
  return true;
}

std::int64_t HandOver::collect(Job& j, RunResults& results) {
  if (j.input_error) {
    // A map reading its input while it runs: what the input threw is what the call throws.
    auto error = j.input_error;
    batch_.flush();
    jobs_.erase(j.id);
    std::rethrow_exception(error);
  }
  const auto now = monotonic_ns();
  const std::int64_t raised = j.first_failure;
  for (std::size_t n = 0; n < j.chunks.size(); ++n) {
    ChunkResults& c = j.chunks[n];
    // A map that raises hands over its exception and not one result (Python's rule).
    for (std::uint32_t pos = 0; pos < c.count; ++pos) {
      if (raised >= 0 && static_cast<std::int64_t>(c.first + pos) != raised) continue;
      const std::size_t k = j.tasks.at(c.first + pos);
      j.tasks.emit_ns[k] = now;
      j.tasks.emit_order[k] = static_cast<std::int64_t>(j.handed++);
      batch_.note_emit(j.tasks, c, pos);
    }
    j.let_go(c);
  }
  batch_.flush();
  results = RunResults(std::move(j.tasks), std::move(j.chunks), j.spec.chunksize);
  jobs_.erase(j.id);
  return raised;
}

void HandOver::release(Job& j) {
  j.released = true;
  // Tasks read but not yet published will never run: forget them.
  j.drop_build();
  j.fed_all = true;
  j.spec.source = nullptr;  // the caller's input (a range it may own) is never read again
  j.forget_finished();
  if (j.complete()) jobs_.erase(j.id);
}

}  // namespace poolscope::detail
