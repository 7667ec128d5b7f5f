// A FIFO on a power-of-two ring that keeps its slots (and their string capacity) for reuse:
// the pool's per-task bookkeeping at a million tasks a second must not call malloc per task.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace poolscope::detail {

template <class T> class RecyclingQueue {
 public:
  // The next slot at the back, holding whatever an earlier element left there: reset it before use.
  T& push_back_recycled() {
    if (size_ == slots_.size()) grow();
    T& slot = slots_[(head_ + size_) & (slots_.size() - 1)];
    ++size_;
    return slot;
  }
  void push_back(T value) { push_back_recycled() = std::move(value); }
  // Makes room for n elements at once (e.g. a map of known length) instead of doubling step by step.
  void reserve(std::size_t n) {
    std::size_t capacity = slots_.empty() ? 64 : slots_.size();
    while (capacity < n) capacity *= 2;
    if (capacity > slots_.size()) grow_to(capacity);
  }
  void pop_front() {
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }
  void pop_back() { --size_; }
  T& front() { return slots_[head_]; }
  T& operator[](std::size_t i) { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  const T& operator[](std::size_t i) const { return slots_[(head_ + i) & (slots_.size() - 1)]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  void grow() { grow_to(slots_.empty() ? 64 : slots_.size() * 2); }
  void grow_to(std::size_t capacity) {
    std::vector<T> bigger(capacity);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move((*this)[i]);
    slots_.swap(bigger);
    head_ = 0;
  }
  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace poolscope::detail
