// Task snapshots in compact form, for readers that take them by the million (BufferedSink, the GUI, the
// bench): the fields of a TaskRecord in a fixed-size entry, its text (input, result, message, exception
// type) in one buffer per batch. A large batch lives in whole pages that forked processes do not inherit
// (util/page_allocator.hpp), so the pool refills a recycled batch after forking its workers without a
// copy-on-write fault. The flip side: a process forked after a batch was filled cannot read that batch (its
// pages are not there); read it in the process that drained it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "poolscope/trace/task_record.hpp"
#include "poolscope/util/page_allocator.hpp"

namespace poolscope {

// One TaskRecord without its strings: they are in its batch, read with SnapshotBatch::input(), result(),
// message() and exception_type() (`text` and the sizes say where).
struct TaskSnapshot {
  std::uint64_t index = 0;
  std::uint64_t chunk = 0;
  std::int64_t submit_ns = 0;
  std::int64_t start_ns = 0;
  std::int64_t finish_ns = 0;
  std::int64_t emit_ns = 0;
  std::int64_t emit_order = -1;
  std::int32_t worker = 0;
  std::int32_t pid = 0;
  std::uint64_t text = 0;  // where its input, result, message and exception type start, back to back
  std::uint32_t input_size = 0;
  std::uint32_t result_size = 0;
  std::uint32_t message_size = 0;
  std::uint32_t type_size = 0;
  TaskStatus status = TaskStatus::pending;
};

class SnapshotBatch {
 public:
  std::size_t size() const { return snapshots_.size(); }
  bool empty() const { return snapshots_.empty(); }
  const TaskSnapshot& operator[](std::size_t i) const { return snapshots_[i]; }
  std::span<const TaskSnapshot> snapshots() const { return {snapshots_.data(), snapshots_.size()}; }

  // The text of a snapshot of this batch (empty where its TaskRecord's string is empty).
  std::string_view input(const TaskSnapshot& s) const { return text_at(s.text, s.input_size); }
  std::string_view result(const TaskSnapshot& s) const { return text_at(s.text + s.input_size, s.result_size); }
  std::string_view message(const TaskSnapshot& s) const {
    return text_at(s.text + s.input_size + s.result_size, s.message_size);
  }
  std::string_view exception_type(const TaskSnapshot& s) const {
    return text_at(s.text + s.input_size + s.result_size + s.message_size, s.type_size);
  }
  // Snapshot `i` as a TaskRecord; fill() reuses the strings' capacity of `into`.
  TaskRecord record(std::size_t i) const;
  void fill(std::size_t i, TaskRecord& into) const;
  std::vector<TaskRecord> records() const;

  // Building one. A snapshot's text can be set again (a task that changed twice within the batch): the
  // new text is appended, the old stays unused until clear().
  TaskSnapshot& append() { return snapshots_.emplace_back(); }
  void pop_back() { snapshots_.pop_back(); }
  void append(const TaskRecord& record);
  TaskSnapshot& at(std::size_t i) { return snapshots_[i]; }
  // Throws std::length_error if one string is 4 GiB or longer.
  void set_text(TaskSnapshot& s, std::string_view input, std::string_view result, std::string_view message,
                std::string_view exception_type);
  // The same for a task without message and exception type (most of them), in fewer steps.
  void set_text(TaskSnapshot& s, std::string_view input, std::string_view result) {
    if (input.size() + result.size() > text_.capacity - text_.size || ((input.size() | result.size()) >> 32) != 0) {
      set_text(s, input, result, {}, {});
      return;
    }
    char* out = text_.data + text_.size;
    copy_short(out, input);
    copy_short(out + input.size(), result);
    s.text = text_.size;
    s.input_size = static_cast<std::uint32_t>(input.size());
    s.result_size = static_cast<std::uint32_t>(result.size());
    s.message_size = s.type_size = 0;
    text_.size += input.size() + result.size();
  }
  void reserve(std::size_t snapshots, std::size_t text_bytes) {
    snapshots_.reserve(snapshots);
    text_.reserve(text_bytes);
  }
  std::size_t capacity() const { return snapshots_.capacity(); }
  // Empties it, keeping its memory for the next batch.
  void clear() {
    snapshots_.clear();
    text_.size = 0;
  }

 private:
  // Copies `text` to `out` with fixed-size moves the compiler inlines: a task's text is mostly a few bytes,
  // and a call to memcpy for each would cost more than the copy.
  static void copy_short(char* out, std::string_view text) {
    const char* in = text.data();
    const std::size_t n = text.size();
    if (n >= 8 && n <= 16) {
      std::memcpy(out, in, 8);
      std::memcpy(out + n - 8, in + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(out, in, 4);
      std::memcpy(out + n - 4, in + n - 4, 4);
    } else if (n > 0 && n < 4) {
      out[0] = in[0];
      out[n / 2] = in[n / 2];
      out[n - 1] = in[n - 1];
    } else if (n > 16) {
      std::memcpy(out, in, n);
    }
  }

  // The text of all its snapshots, back to back (a vector of char would zero what it appends first).
  struct Text {
    Text() = default;
    Text(Text&& other) noexcept { swap(other); }
    Text& operator=(Text&& other) noexcept {
      Text(std::move(other)).swap(*this);
      return *this;
    }
    Text(const Text& other) { *this = other; }
    Text& operator=(const Text& other);
    ~Text() { page_deallocate(data, capacity); }
    void swap(Text& other) noexcept {
      std::swap(data, other.data);
      std::swap(size, other.size);
      std::swap(capacity, other.capacity);
    }
    void reserve(std::size_t bytes);
    char* data = nullptr;
    std::size_t size = 0;
    std::size_t capacity = 0;
  };

  std::string_view text_at(std::uint64_t offset, std::uint32_t size) const {
    return size == 0 ? std::string_view() : std::string_view(text_.data + offset, size);
  }

  std::vector<TaskSnapshot, PageAllocator<TaskSnapshot>> snapshots_;
  Text text_;
};

}  // namespace poolscope
