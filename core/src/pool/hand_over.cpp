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
  if (j.spec.kind == JobKind::imap) return j.next_ordered < j.read && j.task(j.next_ordered).deliverable;
  return !j.ready.empty();
}

bool HandOver::ready(Job& j) { return j.ended || has_ready(j) || at_end(j); }

Outcome HandOver::emit(Job& j, std::uint64_t index, std::int64_t now) {
  TaskState& t = j.task(index);
  t.emitted = true;
  t.rec.emit_ns = now;
  t.rec.emit_order = static_cast<std::int64_t>(j.handed++);
  ++j.emitted;
  batch_.note(t.rec);
  Outcome o{std::move(t.rec), std::move(t.result)};
  if (j.spec.kind != JobKind::map) j.pop_emitted();
  return o;
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

std::optional<Outcome> HandOver::next(Job& j) {
  const auto now = monotonic_ns();
  if (j.ended || (at_end(j) && !has_ready(j))) {
    batch_.flush();
    // The input's exception comes after every result before it, once; then the loop is over (CPython).
    auto input_error = j.ended ? nullptr : std::exchange(j.input_error, nullptr);
    j.ended = true;
    erase_if_done(j);
    if (input_error) std::rethrow_exception(input_error);
    return std::nullopt;
  }
  std::uint64_t index;
  if (j.spec.kind == JobKind::imap) {
    index = j.next_ordered++;
  } else {
    index = j.ready.front();
    j.ready.pop_front();
  }
  // Python's imap with chunksize > 1 is a generator over chunks: a failed chunk raises its exception
  // where the chunk's results would have been, and the generator is finished.
  const std::int64_t raised = j.task(index).raised;
  if (raised >= 0) index = static_cast<std::uint64_t>(raised);
  auto o = emit(j, index, now);
  if (raised >= 0) end(j);
  if (j.ended || at_end(j)) {
    batch_.flush();
    erase_if_done(j);
  } else {
    batch_.maybe_flush(now);
  }
  return o;
}

std::int64_t HandOver::collect(Job& j, std::vector<TaskRecord>& records, std::vector<std::string>& results) {
  const auto now = monotonic_ns();
  const std::int64_t raised = j.first_failure;
  records.reserve(j.read);
  results.reserve(j.read);
  for (std::uint64_t i = j.base; i < j.read; ++i) {
    TaskState& t = j.task(i);
    t.emitted = true;
    ++j.emitted;
    // A map that raises hands over its exception and not one result (Python's rule).
    if (raised < 0 || static_cast<std::int64_t>(i) == raised) {
      t.rec.emit_ns = now;
      t.rec.emit_order = static_cast<std::int64_t>(j.handed++);
      batch_.note(t.rec);
    }
    records.push_back(std::move(t.rec));
    results.push_back(std::move(t.result));
  }
  batch_.flush();
  jobs_.erase(j.id);
  return raised;
}

void HandOver::release(Job& j) {
  j.released = true;
  // Tasks read but not yet published will never run: forget them.
  for (; j.build_count > 0; --j.build_count) {
    j.tasks.pop_back();
    --j.read;
  }
  j.build.clear();
  j.fed_all = true;
  j.spec.source = nullptr;  // the caller's input (a range it may own) is never read again
  j.forget_finished();
  if (j.complete()) jobs_.erase(j.id);
}

}  // namespace poolscope::detail
