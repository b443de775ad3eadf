// Job: what is enqueued (JobSpec) and what a row of the `jobs` table holds (Job), with the state
// names stored in its `state` column. A job moves queued → running → succeeded | failed |
// cancelled, and back from running to queued when it is retried, released at shutdown or reclaimed
// from a worker that went silent.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace korrigo::jobs {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

// The word stored in jobs.state: "queued", "running", "succeeded", "failed", "cancelled".
std::string_view JobStateName(JobState state);
// The inverse of JobStateName; nullopt for any other word.
std::optional<JobState> ParseJobState(std::string_view name);
// True for succeeded, failed and cancelled: nothing will change the job any more.
bool IsTerminal(JobState state);

struct JobSpec {
  // A name registered in the JobRegistry of the workers.
  std::string kind;
  // Input of the kind's function: ids and options, never file contents.
  nlohmann::json payload = nlohmann::json::object();
  // Enqueuing the same key again returns the first job, whatever its state: the work runs once.
  std::optional<std::string> idempotency_key;
  // Among due jobs, higher runs first.
  int priority = 0;
  // Claims allowed before the job is failed for good (≥ 1).
  int max_attempts = 3;
  // Not claimable before now + delay_ms.
  int64_t delay_ms = 0;
};

struct Job {
  int64_t id = 0;
  std::string kind;
  nlohmann::json payload;
  JobState state = JobState::kQueued;
  int priority = 0;
  int attempts = 0;  // claims so far, including the one running now
  int max_attempts = 3;
  std::optional<std::string> idempotency_key;
  int64_t run_after = 0;  // ms since the epoch; not claimable before
  int progress_percent = 0;
  std::string progress_message;
  std::optional<nlohmann::json> result;  // set when succeeded
  std::optional<std::string> error;      // the last failure, readable by a user (French)
  bool cancel_requested = false;
  std::optional<std::string> worker_id;  // who ran the latest attempt; null while queued
  std::optional<int64_t> heartbeat_at;
  int64_t created_at = 0;
  std::optional<int64_t> started_at;  // start of the latest attempt
  std::optional<int64_t> finished_at;
};

// One line of CountByKindAndState (the korrigo_jobs gauge).
struct JobCount {
  std::string kind;
  std::string state;
  int64_t count = 0;
};

}  // namespace korrigo::jobs
