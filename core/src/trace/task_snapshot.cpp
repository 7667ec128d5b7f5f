// Compact task snapshots and their TaskRecords; see task_snapshot.hpp.
#include "poolscope/trace/task_snapshot.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace poolscope {
namespace {

std::uint32_t text_size(std::string_view text) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("a task's text is too long for a trace snapshot (4 GiB or more)");
  }
  return static_cast<std::uint32_t>(text.size());
}

}  // namespace

void SnapshotBatch::Text::reserve(std::size_t bytes) {
  if (bytes <= capacity) return;
  char* bigger = static_cast<char*>(page_allocate(bytes));
  if (size != 0) std::memcpy(bigger, data, size);
  page_deallocate(data, capacity);
  data = bigger;
  capacity = bytes;
}

SnapshotBatch::Text& SnapshotBatch::Text::operator=(const Text& other) {
  if (this == &other) return *this;
  size = 0;
  reserve(other.size);
  if (other.size != 0) std::memcpy(data, other.data, other.size);
  size = other.size;
  return *this;
}

void SnapshotBatch::set_text(TaskSnapshot& s, std::string_view input, std::string_view result,
                             std::string_view message, std::string_view exception_type) {
  const std::uint32_t sizes[] = {text_size(input), text_size(result), text_size(message), text_size(exception_type)};
  const std::size_t at = text_.size;
  const std::size_t total = input.size() + result.size() + message.size() + exception_type.size();
  if (total > text_.capacity - at) text_.reserve(std::max(text_.capacity * 2, at + total));
  char* out = text_.data + at;
  for (const std::string_view part : {input, result, message, exception_type}) {
    if (!part.empty()) std::memcpy(out, part.data(), part.size());
    out += part.size();
  }
  text_.size = at + total;
  s.text = at;
  s.input_size = sizes[0];
  s.result_size = sizes[1];
  s.message_size = sizes[2];
  s.type_size = sizes[3];
}

void SnapshotBatch::append(const TaskRecord& r) {
  TaskSnapshot& s = append();
  s.index = r.index;
  s.chunk = r.chunk;
  s.submit_ns = r.submit_ns;
  s.start_ns = r.start_ns;
  s.finish_ns = r.finish_ns;
  s.emit_ns = r.emit_ns;
  s.emit_order = r.emit_order;
  s.worker = r.worker;
  s.pid = r.pid;
  s.status = r.status;
  try {
    set_text(s, r.input, r.result, r.message, r.exception_type);
  } catch (...) {
    pop_back();
    throw;
  }
}

void SnapshotBatch::fill(std::size_t i, TaskRecord& into) const {
  const TaskSnapshot& s = snapshots_[i];
  into.index = s.index;
  into.input.assign(input(s));
  into.result.assign(result(s));
  into.worker = s.worker;
  into.pid = s.pid;
  into.chunk = s.chunk;
  into.submit_ns = s.submit_ns;
  into.start_ns = s.start_ns;
  into.finish_ns = s.finish_ns;
  into.emit_ns = s.emit_ns;
  into.emit_order = s.emit_order;
  into.status = s.status;
  into.message.assign(message(s));
  into.exception_type.assign(exception_type(s));
}

TaskRecord SnapshotBatch::record(std::size_t i) const {
  TaskRecord r;
  fill(i, r);
  return r;
}

std::vector<TaskRecord> SnapshotBatch::records() const {
  std::vector<TaskRecord> out(size());
  for (std::size_t i = 0; i < out.size(); ++i) fill(i, out[i]);
  return out;
}

}  // namespace poolscope
