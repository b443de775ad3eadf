// ServerProcess: runs the real `korrigo` binary as a child process for integration tests. The child
// gets only the environment the test gives it (plus PATH, HOME and TMPDIR), its stdout and stderr
// go to files, and it is killed (SIGKILL) when the ServerProcess is destroyed, or when the test
// binary itself dies, so no test ever leaves a process behind. RunKorrigo runs a one-shot
// subcommand (check, config, migrate, ...) to completion.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "testing/test_database.h"

namespace korrigo::itest {

using Env = std::map<std::string, std::string>;
using std::chrono_literals::operator""ms;
using std::chrono_literals::operator""s;

// Path of the korrigo binary under test (a compile definition of the test support library).
const char* KorrigoBinary();

struct CommandResult {
  int exit_code = -1;  // the exit status, or 128 + signal number when killed
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `korrigo <args>` with exactly `env` (plus PATH/HOME/TMPDIR), killing it after `timeout`.
CommandResult RunKorrigo(const std::vector<std::string>& args, const Env& env,
                         std::chrono::milliseconds timeout = 20s);

class ServerProcess {
 public:
  ServerProcess();
  ~ServerProcess();  // SIGKILL and reap if still running; removes the log directory
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `korrigo <args>` and waits (at most `timeout`) for its "server.listening" log line, from
  // which port() is taken (for `worker`: its "worker.started" line, and port() stays 0). Fails
  // (with the child's output in the message) if the child exits or stays silent.
  ::testing::AssertionResult Start(const Env& env, std::vector<std::string> args = {"serve"},
                                   std::chrono::milliseconds timeout = 20s);

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running();

  void Signal(int signal) const;
  // Waits for the child to exit; its exit status (128 + signal when killed), or nullopt after
  // `timeout`.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);

  std::string Stdout() const;
  std::string Stderr() const;
  // The stdout lines that are JSON log records with this "event".
  std::vector<std::string> LogLines(const std::string& event) const;

 private:
  korrigo::testing::TempDir logs_;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  uint16_t port_ = 0;
};

// The environment every test server starts from: loopback on a free port, `data_dir`, the test
// database, no embedded workers, and the default log level (the access log is what several tests
// read).
Env BaseServerEnv(const std::string& data_dir, const korrigo::testing::TestDatabase& db);

}  // namespace korrigo::itest
