// The fork server process and the client side of its protocol. The server is forked at main() while
// the program is single-threaded, so it can fork workers safely however many threads the program
// starts later. Every message is one SOCK_SEQPACKET datagram; fds travel with SCM_RIGHTS.
#include "poolscope/pool/fork_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "pool/fork_server_connection.hpp"
#include "pool/shared_queue.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

enum : std::uint32_t { kAttach = 1, kSpawn = 2, kSpawned = 3, kExited = 4, kKill = 5 };

struct Request {
  std::uint32_t op = 0;
  std::uint32_t slot = 0;
};
struct Reply {
  std::uint32_t op = 0;
  std::uint32_t slot = 0;
  std::int32_t pid = 0;     // or -errno for a failed spawn
  std::int32_t status = 0;  // waitpid status for kExited
};

std::mutex g_mutex;
int g_control = -1;
pid_t g_pid = 0;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

bool send_with_fds(int sock, const void* data, std::size_t size, const int* fds, int nfds) {
  iovec iov{const_cast<void*>(data), size};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)]{};
  if (nfds > 0) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * static_cast<unsigned>(nfds));
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * static_cast<unsigned>(nfds));
    std::memcpy(CMSG_DATA(c), fds, sizeof(int) * static_cast<unsigned>(nfds));
  }
  ssize_t r;
  do {
    r = sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (r < 0 && errno == EINTR);
  return r == static_cast<ssize_t>(size);
}

// Returns bytes read (0 on EOF, -1 on error); fills up to `max_fds` received descriptors.
ssize_t recv_with_fds(int sock, void* data, std::size_t size, int* fds, int max_fds, int& nfds, int flags = 0) {
  iovec iov{data, size};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)]{};
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t r;
  do {
    r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | flags);
  } while (r < 0 && errno == EINTR);
  nfds = 0;
  if (r > 0) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
        const int n = static_cast<int>((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < n; ++i) {
          int fd;
          std::memcpy(&fd, CMSG_DATA(c) + sizeof(int) * static_cast<unsigned>(i), sizeof fd);
          if (nfds < max_fds)
            fds[nfds++] = fd;
          else
            close(fd);
        }
      }
    }
  }
  return r;
}

// ---- the server process ---------------------------------------------------------------------------

struct Client {
  int sock = -1;
  int memfd = -1;
  int eventfd = -1;
};

class Server {
 public:
  Server(int control, pid_t parent) : control_(control), parent_(parent) {}

  [[noreturn]] void run() {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent_) _exit(0);
    prctl(PR_SET_NAME, "poolscope-fsrv");
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, nullptr);
    sigfd_ = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    for (;;) {
      std::vector<pollfd> fds{{control_, POLLIN, 0}, {sigfd_, POLLIN, 0}};
      std::vector<int> ids;
      for (const auto& [id, c] : clients_) {
        fds.push_back({c.sock, POLLIN, 0});
        ids.push_back(id);
      }
      if (poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        shutdown_all();
      }
      if (fds[1].revents != 0) reap();
      for (std::size_t i = 2; i < fds.size(); ++i) {
        if (fds[i].revents != 0) serve(ids[i - 2]);
      }
      if (fds[0].revents != 0) accept_client();
    }
  }

 private:
  void accept_client() {
    char byte = 0;
    int fd = -1;
    int nfds = 0;
    const auto r = recv_with_fds(control_, &byte, 1, &fd, 1, nfds);
    // EOF: the program that started us has gone. 'q': it asks us to stop (workers it forked directly may
    // hold copies of the control socket, so EOF alone could come too late).
    if (r <= 0 || (nfds == 0 && byte == 'q')) shutdown_all();
    if (nfds == 1) clients_[next_id_++] = Client{fd, -1, -1};
  }

  void serve(int id) {
    Client& c = clients_[id];
    Request req;
    int fds[2] = {-1, -1};
    int nfds = 0;
    const auto r = recv_with_fds(c.sock, &req, sizeof req, fds, 2, nfds);
    if (r <= 0) {
      drop(id);
      return;
    }
    if (req.op == kAttach && nfds == 2) {
      if (c.memfd >= 0) close(c.memfd);
      if (c.eventfd >= 0) close(c.eventfd);
      c.memfd = fds[0];
      c.eventfd = fds[1];
      return;
    }
    for (int i = 0; i < nfds; ++i) close(fds[i]);
    if (req.op == kSpawn) spawn(id, c, req.slot);
    if (req.op == kKill) kill_workers_of(id);
  }

  // Signalling by pid is safe here: the server is their parent and a child keeps its pid until reaped,
  // and reap() forgets a pid as soon as it collects it.
  void kill_workers_of(int id) {
    for (const auto& [pid, owner] : owner_) {
      if (owner == id) kill(pid, SIGKILL);
    }
  }

  void spawn(int id, const Client& c, std::uint32_t slot) {
    Reply reply{kSpawned, slot, 0, 0};
    if (c.memfd < 0) {
      reply.pid = -EINVAL;
    } else {
      const pid_t me = getpid();
      const pid_t pid = fork();
      if (pid == 0) become_worker(c, slot, me);
      if (pid < 0) {
        reply.pid = -errno;
      } else {
        reply.pid = pid;
        owner_[pid] = id;
      }
    }
    send_with_fds(c.sock, &reply, sizeof reply, nullptr, 0);
  }

  [[noreturn]] static void become_worker(const Client& c, std::uint32_t slot, pid_t server) {
    struct stat st {};
    if (fstat(c.memfd, &st) != 0) _exit(70);
    void* base = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, c.memfd, 0);
    if (base == MAP_FAILED) _exit(71);
    // worker_main closes every other descriptor: other pools' memory and sockets are none of its business.
    detail::worker_main(base, slot, c.eventfd, server);
  }

  void drop(int id) {
    Client& c = clients_[id];
    // The pool is gone (destroyed or its process died): its workers must not outlive it.
    kill_workers_of(id);
    for (int fd : {c.sock, c.memfd, c.eventfd}) {
      if (fd >= 0) close(fd);
    }
    clients_.erase(id);
  }

  void reap() {
    signalfd_siginfo info{};
    while (read(sigfd_, &info, sizeof info) > 0) {}
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      const auto it = owner_.find(pid);
      if (it == owner_.end()) continue;
      const auto client = clients_.find(it->second);
      if (client != clients_.end()) {
        const Reply reply{kExited, 0, pid, status};
        send_with_fds(client->second.sock, &reply, sizeof reply, nullptr, 0);
      }
      owner_.erase(it);
    }
  }

  [[noreturn]] void shutdown_all() {
    for (const auto& [pid, owner] : owner_) kill(pid, SIGKILL);
    while (waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {}
    _exit(0);
  }

  int control_;
  pid_t parent_;
  int sigfd_ = -1;
  int next_id_ = 1;
  std::map<int, Client> clients_;
  std::map<pid_t, int> owner_;  // worker pid -> client id
};

}  // namespace

void ForkServer::start() {
  const std::lock_guard lock(g_mutex);
  if (g_pid != 0) return;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    throw SystemError(errno_text("cannot create the fork server's socket"));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(sv[0]);
    close(sv[1]);
    throw SystemError(errno_text("cannot fork the fork server"));
  }
  if (pid == 0) {
    close(sv[0]);
    Server(sv[1], parent).run();
  }
  close(sv[1]);
  g_control = sv[0];
  g_pid = pid;
}

bool ForkServer::running() {
  const std::lock_guard lock(g_mutex);
  return g_pid != 0 && kill(g_pid, 0) == 0;
}

pid_t ForkServer::pid() {
  const std::lock_guard lock(g_mutex);
  return g_pid;
}

void ForkServer::stop() {
  const std::lock_guard lock(g_mutex);
  if (g_pid == 0) return;
  const char quit = 'q';
  send_with_fds(g_control, &quit, 1, nullptr, 0);
  close(g_control);
  g_control = -1;
  while (waitpid(g_pid, nullptr, 0) < 0 && errno == EINTR) {}
  g_pid = 0;
}

namespace detail {

std::unique_ptr<ForkServerConnection> ForkServerConnection::open() {
  const std::lock_guard lock(g_mutex);
  if (g_pid == 0 || g_control < 0) {
    throw SystemError(
        "the fork server is not running: call poolscope::ForkServer::start() at the top of main(), before "
        "any thread exists, or use StartMethod::fork");
  }
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    throw SystemError(errno_text("cannot connect to the fork server"));
  }
  const char byte = 'c';
  const bool sent = send_with_fds(g_control, &byte, 1, &sv[1], 1);
  close(sv[1]);
  if (!sent) {
    close(sv[0]);
    throw SystemError("the fork server has exited; restart the program");
  }
  return std::unique_ptr<ForkServerConnection>(new ForkServerConnection(sv[0]));
}

ForkServerConnection::~ForkServerConnection() {
  if (fd_ >= 0) close(fd_);
}

void ForkServerConnection::attach(int memfd, int eventfd) {
  const Request req{kAttach, 0};
  const int fds[2] = {memfd, eventfd};
  if (!send_with_fds(fd_, &req, sizeof req, fds, 2)) throw SystemError(errno_text("fork server: attach failed"));
}

pid_t ForkServerConnection::spawn(std::uint32_t slot) {
  const Request req{kSpawn, slot};
  if (!send_with_fds(fd_, &req, sizeof req, nullptr, 0)) {
    throw SystemError(errno_text("the fork server does not answer"));
  }
  const auto deadline = monotonic_ns() + 10'000'000'000;
  for (;;) {
    for (auto it = spawned_.begin(); it != spawned_.end(); ++it) {
      if (it->first == slot) {
        const int pid = it->second;
        spawned_.erase(it);
        if (pid < 0) {
          errno = -pid;
          throw SystemError(errno_text("the fork server could not fork a worker"));
        }
        return pid;
      }
    }
    const auto left = deadline - monotonic_ns();
    if (left <= 0) throw SystemError("the fork server did not answer within 10 s");
    read_messages(static_cast<int>(left / 1'000'000) + 1);
  }
}

void ForkServerConnection::read_messages(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = poll(&p, 1, timeout_ms);
  if (ready <= 0) return;
  for (;;) {
    Reply reply;
    int nfds = 0;
    const auto r = recv_with_fds(fd_, &reply, sizeof reply, nullptr, 0, nfds, MSG_DONTWAIT);
    if (r == 0) throw SystemError("the fork server has exited; restart the program");
    if (r < 0) return;
    if (reply.op == kSpawned) spawned_.emplace_back(reply.slot, reply.pid);
    if (reply.op == kExited) exits_.push_back({reply.pid, reply.status});
  }
}

bool ForkServerConnection::take_exit_of(pid_t pid, int timeout_ms, int& status) {
  const auto deadline = monotonic_ns() + std::int64_t{timeout_ms} * 1'000'000;
  auto take = [&] {
    for (auto it = exits_.begin(); it != exits_.end(); ++it) {
      if (it->pid == pid) {
        status = it->status;
        exits_.erase(it);
        return true;
      }
    }
    return false;
  };
  for (;;) {
    if (take()) return true;
    const auto left = deadline - monotonic_ns();
    read_messages(left > 0 ? static_cast<int>(left / 1'000'000) + 1 : 0);
    if (take()) return true;
    if (left <= 0) return false;
  }
}

void ForkServerConnection::kill_workers() {
  const Request req{kKill, 0};
  send_with_fds(fd_, &req, sizeof req, nullptr, 0);
}

std::vector<WorkerExit> ForkServerConnection::take_exits(int timeout_ms) {
  read_messages(exits_.empty() ? timeout_ms : 0);
  std::vector<WorkerExit> out;
  out.swap(exits_);
  return out;
}

}  // namespace detail
}  // namespace poolscope
