// ChildProcess: runs a program with resource limits and reads its standard output line by line.
// The child is created with fork + execve; between the two it only makes system calls (the
// parent is multithreaded): it resets signals, applies setrlimit (CPU, address space, file size,
// open files, no core dumps) and an optional Landlock ruleset, closes every inherited descriptor
// but its stdin (/dev/null), stdout and stderr, becomes a process-group leader (so a kill reaches
// anything it starts) and asks to be killed if the parent dies.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "sandbox/landlock_ruleset.h"

namespace korrigo::sandbox {

struct ChildLimits {
  int cpu_seconds = 10;                 // RLIMIT_CPU: SIGXCPU at this, SIGKILL one second later
  int64_t memory_bytes = 1LL << 30;     // RLIMIT_AS
  int64_t file_size_bytes = 1LL << 29;  // RLIMIT_FSIZE
  int open_files = 64;                  // RLIMIT_NOFILE
};

struct ChildSpec {
  std::string executable;
  std::vector<std::string> args;  // argv[1..]
  std::vector<std::string> env;   // the whole environment, "NAME=value"
  ChildLimits limits;
  const LandlockRuleset* ruleset = nullptr;  // applied when not null
};

// How the child ended.
struct ChildExit {
  int exit_code = -1;       // when it exited normally, else -1
  int signal = 0;           // the signal that ended it, else 0
  bool killed = false;      // we sent SIGKILL (Kill() or the destructor)
  double cpu_seconds = 0;   // user + system CPU time it used
  int64_t max_rss_kb = 0;   // its peak resident memory
  std::string stderr_text;  // what it wrote on stderr: the first and the last 32 KiB
};

using Clock = std::chrono::steady_clock;

class ChildProcess {
 public:
  // Starts the child. Errors: unavailable when pipes or the process cannot be created (a failing
  // execve shows as exit code 127).
  static core::Result<std::unique_ptr<ChildProcess>> Start(const ChildSpec& spec);
  // Kills and reaps a child still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  enum class ReadStatus { kLine, kEnd, kTimeout, kStopped, kTooLong };

  // The next line of stdout, without its "\n", in `line`. kEnd when stdout closed (a last
  // unterminated line is dropped), kTimeout past `deadline`, kStopped when `should_stop` (may be
  // empty; polled every 100 ms) turned true, kTooLong past `max_line` bytes. Stderr is collected
  // meanwhile.
  ReadStatus ReadLine(std::string* line, Clock::time_point deadline,
                      const std::function<bool()>& should_stop, size_t max_line = 1 << 20);

  // Sends SIGKILL (once).
  void Kill();

  // Reaps the child, collecting its output meanwhile; kills it (and its process group) if it is
  // still running at `deadline`. Call once.
  ChildExit Wait(Clock::time_point deadline);

  pid_t pid() const { return pid_; }

 private:
  ChildProcess() = default;
  // Reads what is available on stdout/stderr, waiting at most `timeout_ms`. False when both are
  // closed.
  bool Pump(int timeout_ms);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool killed_ = false;
  bool reaped_ = false;
  std::string out_buffer_;
  std::string err_head_;
  std::string err_tail_;
};

}  // namespace korrigo::sandbox
