// Python's multiprocessing.Queue: several processes put() and get() items, first in first out, with
// an optional bound (put blocks when full), timeouts, and close() that ends the queue for everyone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "poolscope/mp/shared_block.hpp"
#include "poolscope/pool/codec.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

class QueueEmpty : public BasicError<std::runtime_error> {  // Python's queue.Empty: get() timed out
 public:
  QueueEmpty() : BasicError("the queue stayed empty until the timeout") {}
};
class QueueFull : public BasicError<std::runtime_error> {  // Python's queue.Full: put() timed out
 public:
  QueueFull() : BasicError("the queue stayed full until the timeout") {}
};
class QueueClosed : public BasicError<std::runtime_error> {  // put() after close(), or get() on a closed, drained queue
 public:
  QueueClosed() : BasicError("the queue is closed") {}
};

namespace queue_detail {

// The byte-level queue under Queue<T>: a ring in anonymous shared memory guarded by a robust lock,
// with futex wake-ups (nothing a dead waiter can wedge).
class ByteQueue {
 public:
  ByteQueue(std::size_t maxsize, std::size_t capacity_bytes);
  void put(std::string_view item, std::optional<double> timeout);
  std::string get(std::optional<double> timeout);
  std::size_t size() const;
  std::size_t maxsize() const;
  void close();
  bool closed() const;

  struct Header;  // lives in the shared block

 private:
  Header* header() const;
  char* ring() const;
  std::shared_ptr<SharedBlock> block_;
};

}  // namespace queue_detail

template <Encodable T> class Queue {
 public:
  // maxsize 0: no bound on the number of items. capacity_bytes bounds the encoded items held at once;
  // a put() that does not fit waits like a put() on a full queue. A handle: copies share the queue.
  explicit Queue(std::size_t maxsize = 0, std::size_t capacity_bytes = std::size_t{1} << 20)
      : q_(maxsize, capacity_bytes) {}

  // Blocks while full; with a timeout (seconds) throws QueueFull when it runs out. QueueClosed if closed.
  void put(const T& item, std::optional<double> timeout_seconds = std::nullopt) {
    std::string bytes;
    codec::encode(item, bytes);
    q_.put(bytes, timeout_seconds);
  }
  void put_nowait(const T& item) { put(item, 0.0); }

  // Blocks while empty; with a timeout throws QueueEmpty. Once closed, the remaining items are still
  // handed out, then get() throws QueueClosed (an end-of-stream the consumers can see).
  T get(std::optional<double> timeout_seconds = std::nullopt) { return codec::decode_all<T>(q_.get(timeout_seconds)); }
  T get_nowait() { return get(0.0); }

  std::size_t qsize() const { return q_.size(); }
  bool empty() const { return q_.size() == 0; }
  bool full() const { return q_.maxsize() != 0 && q_.size() >= q_.maxsize(); }
  void close() { q_.close(); }
  bool closed() const { return q_.closed(); }

 private:
  queue_detail::ByteQueue q_;
};

}  // namespace poolscope
