// Spawning, watching and reaping korrigo child processes. fork + exec rather than posix_spawn, so
// the child can ask the kernel (PR_SET_PDEATHSIG) to kill it if the test binary dies before its
// destructor runs.
#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace korrigo::itest {
namespace {

using Clock = std::chrono::steady_clock;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Starts KorrigoBinary() with `args` and exactly `env` plus PATH/HOME/TMPDIR; stdout and stderr go
// to the given files, stdin is /dev/null. Returns the child's pid, or -1 (errno set) when it could
// not be started.
pid_t Spawn(const std::vector<std::string>& args, const Env& env, const std::string& out_path,
            const std::string& err_path) {
  Env full = env;
  for (const char* name : {"PATH", "HOME", "TMPDIR"}) {
    if (const char* v = std::getenv(name); v && !full.contains(name)) full[name] = v;
  }
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls are
  // allowed.
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : full) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_strings{KorrigoBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out_fd < 0 || err_fd < 0 || in_fd < 0) {
    for (int fd : {out_fd, err_fd, in_fd}) {
      if (fd >= 0) close(fd);
    }
    return -1;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died between fork and prctl
    // The test binary may block signals in some threads; the server must start with a clean mask.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  close(in_fd);
  return pid;
}

// Polls waitpid until the child exits or `timeout` passes.
std::optional<int> WaitPid(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return DecodeStatus(status);
    if (r < 0) return -1;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(10ms);
  }
}

}  // namespace

const char* KorrigoBinary() { return KORRIGO_BINARY_PATH; }

CommandResult RunKorrigo(const std::vector<std::string>& args, const Env& env,
                         std::chrono::milliseconds timeout) {
  korrigo::testing::TempDir dir;
  CommandResult result;
  std::string out_path = dir.path() + "/stdout";
  std::string err_path = dir.path() + "/stderr";
  pid_t pid = Spawn(args, env, out_path, err_path);
  if (pid < 0) {
    result.err = "cannot start " + std::string(KorrigoBinary());
    return result;
  }
  std::optional<int> status = WaitPid(pid, timeout);
  if (!status) {
    result.timed_out = true;
    kill(pid, SIGKILL);
    status = WaitPid(pid, 5s);
  }
  result.exit_code = status.value_or(-1);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

ServerProcess::ServerProcess() = default;

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exit_status_) {
    kill(pid_, SIGKILL);
    WaitForExit(10s);
  }
}

::testing::AssertionResult ServerProcess::Start(const Env& env, std::vector<std::string> args,
                                                std::chrono::milliseconds timeout) {
  if (pid_ > 0) return ::testing::AssertionFailure() << "server already started";
  pid_ = Spawn(args, env, logs_.path() + "/stdout", logs_.path() + "/stderr");
  if (pid_ < 0) return ::testing::AssertionFailure() << "cannot start " << KorrigoBinary();
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (args.front() == "worker" && !LogLines("worker.started").empty())
      return ::testing::AssertionSuccess();
    for (const std::string& line : LogLines("server.listening")) {
      std::string address = nlohmann::json::parse(line).value("address", "");
      size_t colon = address.rfind(':');
      if (colon == std::string::npos) {
        return ::testing::AssertionFailure() << "no port in listening line: " << line;
      }
      port_ = static_cast<uint16_t>(std::stoi(address.substr(colon + 1)));
      return ::testing::AssertionSuccess();
    }
    if (!running()) {
      return ::testing::AssertionFailure()
             << "korrigo exited with status " << exit_status_.value_or(-1)
             << " before listening\nstdout:\n"
             << Stdout() << "\nstderr:\n"
             << Stderr();
    }
    std::this_thread::sleep_for(20ms);
  }
  return ::testing::AssertionFailure() << "no server.listening line on stdout within "
                                       << timeout.count() << " ms (is stdout flushed?)\nstdout:\n"
                                       << Stdout() << "\nstderr:\n"
                                       << Stderr();
}

bool ServerProcess::running() {
  if (pid_ <= 0 || exit_status_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_status_ = DecodeStatus(status);
    return false;
  }
  return true;
}

void ServerProcess::Signal(int signal) const {
  if (pid_ > 0 && !exit_status_) kill(pid_, signal);
}

std::optional<int> ServerProcess::WaitForExit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  if (pid_ <= 0) return std::nullopt;
  exit_status_ = WaitPid(pid_, timeout);
  return exit_status_;
}

std::string ServerProcess::Stdout() const { return ReadFile(logs_.path() + "/stdout"); }
std::string ServerProcess::Stderr() const { return ReadFile(logs_.path() + "/stderr"); }

std::vector<std::string> ServerProcess::LogLines(const std::string& event) const {
  std::vector<std::string> lines;
  std::istringstream in(Stdout());
  std::string line;
  while (std::getline(in, line)) {
    auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_object() && record.value("event", "") == event) lines.push_back(line);
  }
  return lines;
}

Env BaseServerEnv(const std::string& data_dir, const korrigo::testing::TestDatabase& db) {
  return {
      {"KORRIGO_LISTEN", "127.0.0.1:0"},
      {"KORRIGO_DATA_DIR", data_dir},
      {"KORRIGO_DATABASE_URL", db.url()},
      {"KORRIGO_WORKERS", "0"},
  };
}

}  // namespace korrigo::itest
