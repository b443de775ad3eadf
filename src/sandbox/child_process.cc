// Child processes with limits (see child_process.h). Everything the child needs (argv, envp,
// limits) is prepared before fork, so the child only makes system calls until execve.
#include "sandbox/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

namespace korrigo::sandbox {
namespace {

constexpr size_t kStderrHead = 32 * 1024;  // kept from the start of stderr
constexpr size_t kStderrTail = 32 * 1024;  // and from its end

// In the child, between fork and execve: system calls only.
[[noreturn]] void ExecChild(const ChildSpec& spec, char* const* argv, char* const* envp,
                            const rlimit* limits, const int* resources, int count, int devnull,
                            int out, int err, pid_t parent) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGXCPU, SIGXFSZ, SIGINT, SIGTERM, SIGHUP, SIGCHLD})
    signal(sig, SIG_DFL);
  setpgid(0, 0);  // its own process group, so that Kill() reaches anything it starts
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(126);  // the parent died before prctl
  if (dup2(devnull, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(126);
  for (int i = 0; i < count; ++i) {
    if (setrlimit(resources[i], &limits[i]) != 0) _exit(126);
  }
  if (spec.ruleset != nullptr && !spec.ruleset->RestrictSelf()) _exit(126);
  if (close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 65536; ++fd) close(fd);
  }
  execve(argv[0], argv, envp);
  _exit(127);
}

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

core::Result<std::unique_ptr<ChildProcess>> ChildProcess::Start(const ChildSpec& spec) {
  std::vector<std::string> strings = {spec.executable};
  strings.insert(strings.end(), spec.args.begin(), spec.args.end());
  std::vector<char*> argv, envp;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = spec.env;
  for (std::string& s : env) envp.push_back(s.data());
  envp.push_back(nullptr);
  const ChildLimits& l = spec.limits;
  const rlim_t cpu = static_cast<rlim_t>(std::max(1, l.cpu_seconds));
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of address space for its shadow memory: an RLIMIT_AS
  // would kill every child of a sanitizer build at start. Those builds only run tests.
  const rlim_t memory = RLIM_INFINITY;
#else
  const rlim_t memory = static_cast<rlim_t>(l.memory_bytes);
#endif
  const rlimit limits[] = {
      {cpu, cpu + 1},
      {memory, memory},
      {static_cast<rlim_t>(l.file_size_bytes), static_cast<rlim_t>(l.file_size_bytes)},
      {static_cast<rlim_t>(l.open_files), static_cast<rlim_t>(l.open_files)},
      {0, 0}};
  const int resources[] = {RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CORE};

  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0)
    return core::Error::Unavailable("Processus d'extraction impossible à lancer.");
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return core::Error::Unavailable("Processus d'extraction impossible à lancer.");
  }
  const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  const pid_t pid = devnull < 0 ? -1 : fork();
  if (pid == 0) {
    ExecChild(spec, argv.data(), envp.data(), limits, resources, 5, devnull, out[1], err[1],
              parent);
  }
  close(out[1]);
  close(err[1]);
  if (devnull >= 0) close(devnull);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    return core::Error::Unavailable("Processus d'extraction impossible à lancer.");
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->out_fd_ = out[0];
  child->err_fd_ = err[0];
  SetNonBlocking(out[0]);
  SetNonBlocking(err[0]);
  return child;
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    Kill();
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

bool ChildProcess::Pump(int timeout_ms) {
  pollfd fds[2];
  int n = 0;
  for (int fd : {out_fd_, err_fd_}) {
    if (fd >= 0) fds[n++] = {fd, POLLIN, 0};
  }
  if (n == 0) return false;
  if (poll(fds, n, std::max(0, timeout_ms)) <= 0) return true;
  char buffer[65536];
  for (int i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    int& fd = fds[i].fd == out_fd_ ? out_fd_ : err_fd_;
    while (true) {
      const ssize_t got = read(fd, buffer, sizeof buffer);
      if (got > 0) {
        if (&fd == &out_fd_) {
          out_buffer_.append(buffer, static_cast<size_t>(got));
          if (out_buffer_.size() > (64u << 20)) break;  // ReadLine reports kTooLong first
        } else {
          const size_t n = static_cast<size_t>(got);
          const size_t head = std::min(n, kStderrHead - err_head_.size());
          err_head_.append(buffer, head);
          err_tail_.append(buffer + head, n - head);
          if (err_tail_.size() > 2 * kStderrTail)
            err_tail_.erase(0, err_tail_.size() - kStderrTail);
        }
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got == 0 || (got < 0 && errno != EAGAIN)) {
        close(fd);
        fd = -1;
      }
      break;
    }
  }
  return true;
}

ChildProcess::ReadStatus ChildProcess::ReadLine(std::string* line, Clock::time_point deadline,
                                                const std::function<bool()>& should_stop,
                                                size_t max_line) {
  while (true) {
    const size_t end = out_buffer_.find('\n');
    if (end != std::string::npos && end <= max_line) {
      line->assign(out_buffer_, 0, end);
      out_buffer_.erase(0, end + 1);
      return ReadStatus::kLine;
    }
    if (out_buffer_.size() > max_line) return ReadStatus::kTooLong;
    if (out_fd_ < 0) return ReadStatus::kEnd;
    if (should_stop && should_stop()) return ReadStatus::kStopped;
    const auto now = Clock::now();
    if (now >= deadline) return ReadStatus::kTimeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    Pump(static_cast<int>(std::min<int64_t>(100, left + 1)));
  }
}

void ChildProcess::Kill() {
  if (killed_ || reaped_ || pid_ <= 0) return;
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  killed_ = true;
}

ChildExit ChildProcess::Wait(Clock::time_point deadline) {
  ChildExit exit;
  int status = 0;
  rusage usage{};
  while (true) {
    const pid_t done = wait4(pid_, &status, WNOHANG, &usage);
    if (done == pid_ || (done < 0 && errno != EINTR)) break;
    if (Clock::now() >= deadline) {
      Kill();
      while (wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
      }
      break;
    }
    // Collect output while waiting, so a child blocked on a full pipe can finish.
    if (!Pump(20)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  reaped_ = true;
  // What the child wrote just before it ended (bounded: a descendant could keep a pipe open).
  for (int i = 0; i < 64 && (out_fd_ >= 0 || err_fd_ >= 0); ++i) Pump(0);
  exit.killed = killed_;
  if (WIFEXITED(status)) exit.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  exit.max_rss_kb = usage.ru_maxrss;
  exit.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                     (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  if (err_tail_.size() > kStderrTail) {
    exit.stderr_text = err_head_ + "\n[…]\n" + err_tail_.substr(err_tail_.size() - kStderrTail);
  } else {
    exit.stderr_text = err_head_ + err_tail_;
  }
  return exit;
}

}  // namespace korrigo::sandbox
