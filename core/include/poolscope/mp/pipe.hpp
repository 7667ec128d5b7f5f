// Python's multiprocessing.Pipe(): two connected ends; what one end send()s the other recv()s, in order.
// recv() throws EOFError once the other end is closed (in every process that held it) and nothing is left.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "poolscope/pool/codec.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

// The other end is closed and every message it sent has been received.
class EOFError : public BasicError<std::runtime_error> {
 public:
  EOFError() : BasicError("the other end of the pipe is closed") {}
};

// send() to an end whose partner is closed.
class BrokenPipeError : public BasicError<std::runtime_error> {
 public:
  BrokenPipeError() : BasicError("cannot send: the other end of the pipe is closed") {}
};

class Connection {
 public:
  // A handle: copies in one process share the end; close() closes it for all of them.
  explicit Connection(int fd);

  template <Encodable T> void send(const T& value) {
    std::string bytes;
    codec::encode(value, bytes);
    send_bytes(bytes);
  }
  template <Encodable T> T recv() { return codec::decode_all<T>(recv_bytes()); }

  void send_bytes(std::string_view bytes);
  std::string recv_bytes();
  // True if recv() would not block (a message, or EOF, is waiting); waits up to timeout seconds.
  bool poll(double timeout_seconds = 0.0) const;
  void close();
  bool closed() const;
  int fileno() const;

 private:
  struct Fd;
  std::shared_ptr<Fd> fd_;
};

// Python's `parent_conn, child_conn = Pipe()`. With duplex = false the first end only receives and the
// second only sends. Throws SystemError if the operating system refuses.
std::pair<Connection, Connection> Pipe(bool duplex = true);

}  // namespace poolscope
