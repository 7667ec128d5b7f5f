// Starting and ending a watched program. The program gets its own process group and PoolScope becomes a
// child subreaper, so every process the program starts (pool workers, Dask's nanny and workers) is
// killed and reaped by PoolScope when it ends, even those whose parent died first.
#include "cli/watched_script.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>

#include <QFile>

#include "poolscope/util/errors.hpp"

extern char** environ;

namespace poolscope::cli {
namespace {

// The recorder travels inside the binary, so `poolscope watch` works from the build tree and from an
// install alike; each watch writes a private copy for the program's Python to import.
const char* const kRecorderFiles[] = {"poolscope_record.py", "poolscope_record_calls.py", "poolscope_record_engines.py",
                                      "poolscope_record_scenario.py", "sitecustomize.py"};

int shellStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

WatchedScript::WatchedScript(std::vector<std::string> command) : command_(std::move(command)) {}

WatchedScript::~WatchedScript() {
  if (pid_ > 0 && !finished_) {
    std::string ignored;
    kill();
    finish(ignored);
  }
  if (streamFd_ >= 0) ::close(streamFd_);
  std::error_code ec;
  if (!folder_.empty()) std::filesystem::remove_all(folder_, ec);
}

std::filesystem::path WatchedScript::writeRecorder() const {
  for (const char* name : kRecorderFiles) {
    QFile source(QStringLiteral(":/python/") + QString::fromLatin1(name));
    if (!source.open(QIODevice::ReadOnly))
      throw InputError(std::string("the recorder is missing from this build: ") + name);
    const QByteArray text = source.readAll();
    std::ofstream out(folder_ / name, std::ios::binary);
    out.write(text.constData(), text.size());
    if (!out) throw InputError("cannot write the recorder to " + folder_.string());
  }
  return folder_;
}

void WatchedScript::start() {
  if (command_.empty()) throw InputError("watch needs a program to run: poolscope watch -- python3 SCRIPT.py");
  std::string temp = (std::filesystem::temp_directory_path() / "poolscope-watch-XXXXXX").string();
  if (::mkdtemp(temp.data()) == nullptr)
    throw InputError("cannot create a folder for the recorder: " + std::string(std::strerror(errno)));
  folder_ = temp;
  writeRecorder();

  int stream[2];
  int failure[2];  // the child reports a failed exec here; closed by a successful one
  if (::pipe2(stream, O_CLOEXEC) != 0 || ::pipe2(failure, O_CLOEXEC) != 0) {
    throw InputError("cannot create a pipe: " + std::string(std::strerror(errno)));
  }
  // Everything the child needs is built before fork(): between fork and exec only async-signal-safe calls.
  std::vector<std::string> env;
  std::string pythonPath = folder_.string();
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("PYTHONPATH=", 0) == 0) {
      if (entry.size() > 11) pythonPath += ":" + entry.substr(11);
    } else if (entry.rfind("POOLSCOPE_WATCH_FD=", 0) != 0) {
      env.push_back(entry);
    }
  }
  env.push_back("PYTHONPATH=" + pythonPath);
  env.push_back("POOLSCOPE_WATCH_FD=" + std::to_string(stream[1]));
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argvCopy = command_;
  std::vector<char*> argv;
  for (auto& a : argvCopy) argv.push_back(a.data());
  argv.push_back(nullptr);

  // Orphans of the program (workers whose parent died) come to PoolScope, which reaps them.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  const pid_t pid = ::fork();
  if (pid < 0) throw InputError("cannot start " + command_.front() + ": " + std::strerror(errno));
  if (pid == 0) {
    ::setpgid(0, 0);
    ::fcntl(stream[1], F_SETFD, 0);  // the one descriptor the program inherits on purpose
    ::signal(SIGPIPE, SIG_DFL);
    ::execvpe(argv[0], argv.data(), envp.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t n = ::write(failure[1], &error, sizeof error);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so the group exists before either side goes on
  pid_ = pid;
  ::close(stream[1]);
  ::close(failure[1]);
  int error = 0;
  ssize_t n = 0;
  do {
    n = ::read(failure[0], &error, sizeof error);
  } while (n < 0 && errno == EINTR);
  ::close(failure[0]);
  streamFd_ = stream[0];
  ::fcntl(streamFd_, F_SETFL, ::fcntl(streamFd_, F_GETFL) | O_NONBLOCK);
  if (n == static_cast<ssize_t>(sizeof error)) {
    std::string ignored;
    finish(ignored);
    throw InputError("cannot run " + command_.front() + ": " + std::strerror(error));
  }
}

bool WatchedScript::readAvailable(std::string& out) {
  if (streamFd_ < 0) return false;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(streamFd_, buffer, sizeof buffer);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

bool WatchedScript::poll() {
  if (exited_ || pid_ <= 0) return exited_;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exited_ = true;
    status_ = shellStatus(status);
  }
  return exited_;
}

void WatchedScript::kill() {
  if (pid_ > 0 && !finished_) ::kill(-pid_, SIGKILL);
}

void WatchedScript::finish(std::string& out) {
  if (pid_ <= 0 || finished_) return;
  ::kill(-pid_, SIGKILL);  // what the program left running (workers it never closed) goes with it
  if (!exited_) {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
    exited_ = true;
    status_ = shellStatus(status);
  }
  // Reap every process of the group: as a subreaper, orphaned members are PoolScope's children now.
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(-pid_, &status, 0);
    if (r > 0) continue;
    if (r < 0 && errno == EINTR) continue;
    break;
  }
  finished_ = true;
  if (streamFd_ >= 0) {
    // Every writer in the group is gone: whatever the pipe holds is the rest of the stream. A process that
    // left the group (setsid) may still hold the pipe open; it gets two seconds, not the power to hang us.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (readAvailable(out) && std::chrono::steady_clock::now() < deadline) {
      pollfd fd = {streamFd_, POLLIN, 0};
      ::poll(&fd, 1, 100);
    }
  }
}

}  // namespace poolscope::cli
