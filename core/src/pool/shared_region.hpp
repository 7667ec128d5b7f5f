// The pool's shared memory (chunk queue, input ring, one result ring per worker) and the eventfd that
// wakes the parent: created once per pool, mapped by the parent and inherited or received by each worker.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pool/shared_queue.hpp"

namespace poolscope::detail {

inline constexpr std::uint64_t kChunkSlots = 1 << 16;

class SharedRegion {
 public:
  // Throws SystemError if the memory or the eventfd cannot be had.
  SharedRegion(int processes, std::size_t input_bytes, std::size_t result_bytes, bool trace);
  ~SharedRegion();
  SharedRegion(const SharedRegion&) = delete;
  SharedRegion& operator=(const SharedRegion&) = delete;

  SharedHeader& header() const { return *view_.header; }
  const SharedView& view() const { return view_; }
  void* base() const { return base_; }
  int memfd() const { return memfd_; }
  int eventfd() const { return eventfd_; }

  // Wakes up to `count` idle workers if any sleeps (queue grew).
  void wake_workers(std::uint64_t count);
  // 1: workers exit once the queue is empty; 2: exit now.
  void announce_shutdown(std::uint32_t how);
  // True if some worker's result ring holds messages the parent has not read.
  bool rings_pending() const;
  // Empties a dead worker's ring for the process that takes its place.
  void reset_ring(std::uint32_t slot);
  // Consumes the wake-ups workers wrote to the eventfd.
  void clear_eventfd();

 private:
  void unmap() noexcept;

  int processes_ = 0;
  int memfd_ = -1;
  int eventfd_ = -1;
  void* base_ = nullptr;
  std::size_t map_size_ = 0;
  SharedView view_;
};

}  // namespace poolscope::detail
