// ChildProcess with /bin/sh children: lines and exit codes, the CPU, file-size and wall-clock
// limits, stopping, descriptors not leaking into the child, and the Landlock write jail.
#include "sandbox/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "pdf/sample_pdfs.h"

namespace korrigo::sandbox {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::unique_ptr<ChildProcess> Shell(const std::string& script, ChildLimits limits = {},
                                    const LandlockRuleset* ruleset = nullptr) {
  auto child = ChildProcess::Start({.executable = "/bin/sh",
                                    .args = {"-c", script},
                                    .env = {"PATH=/usr/bin:/bin"},
                                    .limits = limits,
                                    .ruleset = ruleset});
  EXPECT_TRUE(child.ok());
  return child.ok() ? std::move(*child) : nullptr;
}

TEST(ChildProcessTest, ReadsLinesAndTheExitCode) {
  auto child = Shell("echo one; echo oops >&2; echo two; printf unterminated; exit 5");
  ASSERT_NE(child, nullptr);
  std::string line;
  const auto deadline = Clock::now() + seconds(10);
  ASSERT_EQ(child->ReadLine(&line, deadline, nullptr), ChildProcess::ReadStatus::kLine);
  EXPECT_EQ(line, "one");
  ASSERT_EQ(child->ReadLine(&line, deadline, nullptr), ChildProcess::ReadStatus::kLine);
  EXPECT_EQ(line, "two");
  EXPECT_EQ(child->ReadLine(&line, deadline, nullptr), ChildProcess::ReadStatus::kEnd);
  const ChildExit exit = child->Wait(deadline);
  EXPECT_EQ(exit.exit_code, 5);
  EXPECT_EQ(exit.signal, 0);
  EXPECT_EQ(exit.stderr_text, "oops\n");
}

TEST(ChildProcessTest, CpuLimitEndsABusyChild) {
  auto child = Shell("while :; do :; done", {.cpu_seconds = 1});
  ASSERT_NE(child, nullptr);
  const auto start = Clock::now();
  const ChildExit exit = child->Wait(start + seconds(20));
  EXPECT_TRUE(exit.signal == SIGXCPU || exit.signal == SIGKILL) << exit.signal;
  EXPECT_FALSE(exit.killed);
  EXPECT_GE(exit.cpu_seconds, 0.9);
  EXPECT_LT(Clock::now() - start, seconds(10));
}

TEST(ChildProcessTest, TimesOutAndKills) {
  auto child = Shell("sleep 30");
  ASSERT_NE(child, nullptr);
  std::string line;
  const auto start = Clock::now();
  EXPECT_EQ(child->ReadLine(&line, start + milliseconds(200), nullptr),
            ChildProcess::ReadStatus::kTimeout);
  child->Kill();
  const ChildExit exit = child->Wait(Clock::now() + seconds(5));
  EXPECT_EQ(exit.signal, SIGKILL);
  EXPECT_TRUE(exit.killed);
  EXPECT_LT(Clock::now() - start, seconds(5));
}

TEST(ChildProcessTest, StopsWhenAsked) {
  auto child = Shell("sleep 30");
  ASSERT_NE(child, nullptr);
  std::string line;
  int polls = 0;
  EXPECT_EQ(child->ReadLine(&line, Clock::now() + seconds(20), [&] { return ++polls > 2; }),
            ChildProcess::ReadStatus::kStopped);
  // The destructor kills and reaps it.
}

TEST(ChildProcessTest, RefusesOverlongLines) {
  auto child = Shell("head -c 5000 /dev/zero | tr '\\0' x; echo");
  ASSERT_NE(child, nullptr);
  std::string line;
  EXPECT_EQ(child->ReadLine(&line, Clock::now() + seconds(10), nullptr, 1000),
            ChildProcess::ReadStatus::kTooLong);
}

TEST(ChildProcessTest, InheritsNoDescriptors) {
  const int leaked = open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(leaked, 0);
  ASSERT_EQ(dup2(leaked, 57), 57);
  auto child = Shell("ls /proc/self/fd");
  ASSERT_NE(child, nullptr);
  std::vector<std::string> fds;
  std::string line;
  while (child->ReadLine(&line, Clock::now() + seconds(10), nullptr) ==
         ChildProcess::ReadStatus::kLine) {
    fds.push_back(line);
  }
  close(57);
  close(leaked);
  EXPECT_EQ(child->Wait(Clock::now() + seconds(10)).exit_code, 0);
  // 0, 1, 2 and the directory ls itself is reading.
  EXPECT_LE(fds.size(), 4u);
  EXPECT_EQ(std::count(fds.begin(), fds.end(), "57"), 0);
}

TEST(ChildProcessTest, FileSizeLimitStopsAWrite) {
  pdf::testing::TempDir dir;
  auto child =
      Shell("head -c 3000000 /dev/zero > '" + dir.path() + "/big'", {.file_size_bytes = 1 << 20});
  ASSERT_NE(child, nullptr);
  const ChildExit exit = child->Wait(Clock::now() + seconds(10));
  EXPECT_TRUE(exit.signal == SIGXFSZ || exit.exit_code != 0);
  EXPECT_LE(std::filesystem::file_size(dir.path() + "/big"), 1u << 20);
}

TEST(ChildProcessTest, LandlockConfinesWritesToOneDirectory) {
  pdf::testing::TempDir inside, outside;
  auto ruleset = LandlockRuleset::Create(inside.path());
  ASSERT_TRUE(ruleset.ok());
  if (*ruleset == nullptr) GTEST_SKIP() << "this kernel has no Landlock";
  auto child = Shell("echo a > '" + inside.path() + "/kept'; echo b > '" + outside.path() +
                         "/escaped'; mkdir '" + inside.path() + "/sub'; exit 0",
                     {}, ruleset->get());
  ASSERT_NE(child, nullptr);
  const ChildExit exit = child->Wait(Clock::now() + seconds(10));
  EXPECT_EQ(exit.exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(inside.path() + "/kept"));
  EXPECT_FALSE(std::filesystem::exists(outside.path() + "/escaped"));
  EXPECT_FALSE(std::filesystem::exists(inside.path() + "/sub"));  // files only
  EXPECT_NE(exit.stderr_text.find("ermission denied"), std::string::npos) << exit.stderr_text;
}

TEST(ChildProcessTest, LandlockKeepsSignalsInside) {
  auto ruleset = LandlockRuleset::Create("");
  ASSERT_TRUE(ruleset.ok());
  if (*ruleset == nullptr) GTEST_SKIP() << "this kernel has no Landlock";
  // Signal 0 only checks whether the parent (this test) could be signalled.
  auto child = Shell("kill -0 " + std::to_string(getpid()) +
                         " 2>/dev/null && echo reachable ||"
                         " echo blocked; kill -0 $$ && echo self",
                     {}, ruleset->get());
  ASSERT_NE(child, nullptr);
  std::string line, lines;
  while (child->ReadLine(&line, Clock::now() + seconds(10), nullptr) ==
         ChildProcess::ReadStatus::kLine) {
    lines += line + " ";
  }
  if (lines.find("reachable") != std::string::npos) GTEST_SKIP() << "Landlock ABI < 6";
  EXPECT_EQ(lines, "blocked self ");
}

TEST(ChildProcessTest, AFailedExecShowsAsExitCode127) {
  auto child = ChildProcess::Start({.executable = "/nonexistent/program"});
  ASSERT_TRUE(child.ok());
  EXPECT_EQ((*child)->Wait(Clock::now() + seconds(10)).exit_code, 127);
}

}  // namespace
}  // namespace korrigo::sandbox
