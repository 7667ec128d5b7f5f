// Pipe over a Unix socket pair with length-prefixed messages: EOF is the kernel's, so it is seen even
// when the other end's process was killed.
#include "poolscope/mp/pipe.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "poolscope/util/errors.hpp"

namespace poolscope {

struct Connection::Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {

[[noreturn]] void fail(const char* what) {
  throw SystemError(std::string("pipe: cannot ") + what + ": " + std::strerror(errno));
}

int need_open(int fd) {
  if (fd < 0) throw UsageError("this end of the pipe was closed here");
  return fd;
}

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE || errno == ECONNRESET) throw BrokenPipeError();
      fail("send");
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// False on EOF before the first byte; EOF in the middle of a message is an error too.
bool read_all(int fd, char* data, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::recv(fd, data + got, size - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ECONNRESET) return false;
      fail("receive");
    }
    if (n == 0) {
      if (got == 0) return false;
      throw EOFError();
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Connection::Connection(int fd) : fd_(std::make_shared<Fd>()) { fd_->fd = fd; }

void Connection::send_bytes(std::string_view bytes) {
  const int fd = need_open(fd_->fd);
  const auto size = static_cast<std::uint64_t>(bytes.size());
  write_all(fd, reinterpret_cast<const char*>(&size), sizeof size);
  write_all(fd, bytes.data(), bytes.size());
}

std::string Connection::recv_bytes() {
  const int fd = need_open(fd_->fd);
  std::uint64_t size = 0;
  if (!read_all(fd, reinterpret_cast<char*>(&size), sizeof size)) throw EOFError();
  std::string bytes(size, '\0');
  if (size != 0 && !read_all(fd, bytes.data(), bytes.size())) throw EOFError();
  return bytes;
}

bool Connection::poll(double timeout_seconds) const {
  pollfd p{need_open(fd_->fd), POLLIN, 0};
  const int ms = timeout_seconds <= 0 ? 0 : static_cast<int>(timeout_seconds * 1000.0 + 0.5);
  int r;
  do {
    r = ::poll(&p, 1, ms);
  } while (r < 0 && errno == EINTR);
  if (r < 0) fail("poll");
  return r > 0;
}

void Connection::close() {
  if (fd_->fd >= 0) ::close(fd_->fd);
  fd_->fd = -1;
}

bool Connection::closed() const { return fd_->fd < 0; }
int Connection::fileno() const { return fd_->fd; }

std::pair<Connection, Connection> Pipe(bool duplex) {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) fail("create a socket pair");
  if (!duplex) {
    shutdown(fds[0], SHUT_WR);
    shutdown(fds[1], SHUT_RD);
  }
  return {Connection(fds[0]), Connection(fds[1])};
}

}  // namespace poolscope
