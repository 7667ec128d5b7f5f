// Runs the built `poolscope` binary as a user would, recording when each stdout line arrived,
// so tests can check both what it printed and that it printed each line at the right moment.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace poolscope::test {

struct Line {
  double at = 0;  // seconds since the process started
  std::string text;
};

struct CliResult {
  int exit_code = -1;  // 128 + signal if killed by one; -1 if the test had to kill it
  std::vector<Line> lines;
  std::string err;
  double wall = 0;
  bool timed_out = false;

  std::string out() const {
    std::string s;
    for (const auto& l : lines) s += l.text + "\n";
    return s;
  }
  std::vector<std::string> err_lines() const {
    std::vector<std::string> v;
    std::istringstream in(err);
    std::string line;
    while (std::getline(in, line)) v.push_back(line);
    return v;
  }
};

class CliProcess {
 public:
  explicit CliProcess(const std::vector<std::string>& args) {
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    start_ = std::chrono::steady_clock::now();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      ::dup2(out_pipe[1], 1);
      ::dup2(err_pipe[1], 2);
      std::vector<char*> argv;
      std::string binary = POOLSCOPE_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
  }
  ~CliProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
  }
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Stops reading stdout, as `poolscope run | head -1` does after its line.
  void close_stdout() {
    if (out_fd_ >= 0) ::close(out_fd_);
    out_fd_ = -1;
  }
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  const CliResult& result() const { return result_; }

  // Reads output until `done` says so, the process closes its output, or `timeout` seconds pass.
  // Returns true if `done` became true.
  bool read_until(const std::function<bool(const CliResult&)>& done, double timeout) {
    while (out_fd_ >= 0 || err_fd_ >= 0) {
      if (done && done(result_)) return true;
      const double left = timeout - elapsed();
      if (left <= 0) return false;
      pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
      const int ready = ::poll(fds, 2, static_cast<int>(left * 1000) + 1);
      if (ready < 0 && errno != EINTR) return false;
      if (ready <= 0) continue;
      if (fds[0].revents != 0) read_some(out_fd_, out_partial_, true);
      if (fds[1].revents != 0) read_some(err_fd_, result_.err, false);
    }
    return done && done(result_);
  }

  // Reads everything, then reaps the process. Kills it if it is still running after `timeout` seconds.
  CliResult finish(double timeout) {
    read_until(nullptr, timeout);
    int status = 0;
    while (true) {
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) break;
      if (elapsed() > timeout) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        result_.timed_out = true;
        break;
      }
      ::usleep(2000);
    }
    reaped_ = true;
    result_.wall = elapsed();
    if (result_.timed_out) {
      result_.exit_code = -1;
    } else if (WIFEXITED(status)) {
      result_.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result_.exit_code = 128 + WTERMSIG(status);
    }
    return result_;
  }

 private:
  void read_some(int& fd, std::string& buffer, bool lines) {
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) {
      ::close(fd);
      fd = -1;
      if (lines && !buffer.empty()) result_.lines.push_back({elapsed(), buffer});
      return;
    }
    buffer.append(chunk, static_cast<std::size_t>(n));
    if (!lines) return;
    std::size_t newline;
    while ((newline = buffer.find('\n')) != std::string::npos) {
      result_.lines.push_back({elapsed(), buffer.substr(0, newline)});
      buffer.erase(0, newline + 1);
    }
  }

  pid_t pid_ = -1;
  bool reaped_ = false;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_partial_;
  std::chrono::steady_clock::time_point start_;
  CliResult result_;
};

inline CliResult run_cli(const std::vector<std::string>& args, double timeout = 30) {
  CliProcess process(args);
  return process.finish(timeout);
}

// Processes whose parent is `parent` and whose name (comm) starts with "Worker-".
inline std::vector<pid_t> worker_children(pid_t parent) {
  std::vector<pid_t> found;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return found;
  while (dirent* entry = ::readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream status("/proc/" + std::string(entry->d_name) + "/status");
    std::string line, name;
    pid_t ppid = 0;
    while (std::getline(status, line)) {
      if (line.rfind("Name:", 0) == 0) name = line.substr(line.find_first_not_of(" \t", 5));
      if (line.rfind("PPid:", 0) == 0) ppid = static_cast<pid_t>(std::atoi(line.c_str() + 5));
    }
    if (ppid == parent && name.rfind("Worker-", 0) == 0) found.push_back(pid);
  }
  ::closedir(proc);
  return found;
}

inline bool process_exists(pid_t pid) { return std::filesystem::exists("/proc/" + std::to_string(pid)); }

// A directory of its own for one test's files; removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("poolscope_cli_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.push_back(e.path().filename().string());
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace poolscope::test
