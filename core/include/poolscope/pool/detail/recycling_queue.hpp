// A FIFO in blocks that keeps its slots (and their strings' capacity) for reuse: the pool's bookkeeping at
// millions of tasks a second must not call malloc per task, and growing it never moves an element.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

namespace poolscope::detail {

template <class T> class RecyclingQueue {
 public:
  static constexpr std::size_t kBlock = 256;

  RecyclingQueue() = default;
  RecyclingQueue(const RecyclingQueue&) = delete;
  RecyclingQueue& operator=(const RecyclingQueue&) = delete;
  RecyclingQueue(RecyclingQueue&& other) noexcept { *this = std::move(other); }
  // Takes the other's elements and blocks; the other is left empty.
  RecyclingQueue& operator=(RecyclingQueue&& other) noexcept {
    blocks_ = std::move(other.blocks_);
    spare_ = std::move(other.spare_);
    head_ = std::exchange(other.head_, 0);
    size_ = std::exchange(other.size_, 0);
    other.blocks_.clear();
    other.spare_.clear();
    return *this;
  }

  // The next slot at the back, holding whatever an earlier element left there: reset it before use.
  T& push_back_recycled() {
    const std::size_t k = head_ + size_;
    if (k / kBlock == blocks_.size()) {
      if (spare_.empty()) {
        blocks_.push_back(std::make_unique<T[]>(kBlock));
      } else {
        blocks_.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
    }
    ++size_;
    return blocks_[k / kBlock][k % kBlock];
  }
  void push_back(T value) { push_back_recycled() = std::move(value); }
  // Makes room for n elements at once (e.g. a map of known length).
  void reserve(std::size_t n) {
    const std::size_t want = (head_ + n + kBlock - 1) / kBlock;
    while (blocks_.size() + spare_.size() < want) spare_.push_back(std::make_unique<T[]>(kBlock));
  }
  void pop_front() {
    ++head_;
    --size_;
    if (head_ == kBlock) {
      spare_.push_back(std::move(blocks_.front()));
      blocks_.pop_front();
      head_ = 0;
    }
  }
  void pop_back() { --size_; }
  // Empties it, keeping every block for reuse.
  void clear() {
    while (!blocks_.empty()) {
      spare_.push_back(std::move(blocks_.back()));
      blocks_.pop_back();
    }
    head_ = size_ = 0;
  }
  T& front() { return (*this)[0]; }
  T& operator[](std::size_t i) {
    const std::size_t k = head_ + i;
    return blocks_[k / kBlock][k % kBlock];
  }
  const T& operator[](std::size_t i) const {
    const std::size_t k = head_ + i;
    return blocks_[k / kBlock][k % kBlock];
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Slots it holds, in use or not.
  std::size_t capacity() const { return (blocks_.size() + spare_.size()) * kBlock; }

 private:
  std::deque<std::unique_ptr<T[]>> blocks_;  // blocks_[0] holds the front, from slot head_
  std::vector<std::unique_ptr<T[]>> spare_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace poolscope::detail
