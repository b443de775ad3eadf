// JobKind: a kind of background work — a name and a function into a domain service — and
// JobContext, what that function sees of the job it runs. The worker holds no business logic: it
// only calls `run`. Each kind must be idempotent and resumable: a job may run again after a crash,
// a reclaim or a shutdown (at-least-once), while its outcome is recorded once.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.h"

namespace korrigo::jobs {

class JobContext {
 public:
  // Receives progress reports; may be called from the job's thread only.
  using ProgressSink = std::function<void(int percent, const std::string& message)>;
  // Answers ShouldStop; must be cheap and thread-safe.
  using StopCheck = std::function<bool()>;

  // The worker pool builds contexts; tests of a kind may build one with their own sink and stop
  // check.
  JobContext(int64_t job_id, int attempt, nlohmann::json payload, ProgressSink progress,
             StopCheck should_stop);

  int64_t job_id() const { return job_id_; }
  int attempt() const { return attempt_; }  // 1 on the first run
  const nlohmann::json& payload() const { return payload_; }

  // Publishes progress (percent is clamped to 0–100; the message is shown to users, in French).
  // Failures to store it are logged, not reported: progress is advisory.
  void ReportProgress(int percent, const std::string& message);

  // True when the function should return as soon as it safely can: cancellation was requested, the
  // kind's time limit passed, the pool is stopping, or the job was taken from this worker. A
  // function that stops early returns an Error (its partial work must be safe to redo); what is
  // recorded then depends on why.
  bool ShouldStop() const;

 private:
  int64_t job_id_;
  int attempt_;
  nlohmann::json payload_;
  ProgressSink progress_;
  StopCheck should_stop_;
};

struct JobKind {
  std::string name;  // stable, e.g. "scans.split_batch"; stored in jobs.kind
  // The work. Returns a JSON result stored with the job, or an Error whose message is shown to
  // users: invalid_argument and failed_precondition fail the job at once, other codes are retried
  // with backoff. Exceptions are caught and retried as internal errors.
  std::function<core::Result<nlohmann::json>(JobContext&)> run;
  int64_t time_limit_ms =
      10 * 60 * 1000;    // past it ShouldStop() is true and the job fails, not retried
  int max_attempts = 3;  // copied into JobSpec by JobRegistry::NewSpec
};

}  // namespace korrigo::jobs
