// JobStore: the SQL of the `jobs` table — enqueue, atomic claim, heartbeat, progress, outcome
// recording, cancellation, reclaim of jobs whose worker went silent — on SQLite and PostgreSQL
// alike. Every change made on behalf of a worker is conditional on (id, worker_id, state =
// 'running'), so a worker whose job was reclaimed can no longer write anything to it: completion is
// recorded exactly once even though a job may run twice. Times are ms since the epoch from the
// Clock. Thread-safe: each call leases its own session from the Database.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "jobs/job.h"
#include "jobs/retry_policy.h"
#include "storage/database.h"

namespace korrigo::jobs {

class JobStore {
 public:
  // Both must outlive the store.
  JobStore(storage::Database& db, const core::Clock& clock, RetryPolicy retry = {});

  // Inserts a queued job inside the caller's transaction `tx`, so the job exists exactly when the
  // caller's change commits. With an idempotency key that already exists (in any state), inserts
  // nothing and returns the existing job's id. Errors: invalid_argument (empty kind, max_attempts <
  // 1, negative delay). SOCI exceptions propagate to the caller's InTransaction, which turns them
  // into Errors.
  core::Result<int64_t> Enqueue(soci::session& tx, const JobSpec& spec);
  // The same in a transaction of its own.
  core::Result<int64_t> Enqueue(const JobSpec& spec);

  // Takes the due queued job with the highest priority (then oldest run_after, then lowest id)
  // whose kind is in `kinds` (any kind when empty), marks it running for `worker_id` and counts one
  // attempt. Two workers never claim the same job (FOR UPDATE SKIP LOCKED on PostgreSQL; a
  // conditional UPDATE in a BEGIN IMMEDIATE transaction on SQLite). nullopt when nothing is due.
  core::Result<std::optional<Job>> Claim(const std::string& worker_id,
                                         const std::vector<std::string>& kinds);

  // Records that `worker_id` is still running job `id`; returns whether cancellation was requested.
  // Errors (here and in every call below taking a worker_id): conflict when the job is not running
  // under this worker any more (reclaimed, cancelled, finished) — the worker must then drop it
  // without recording.
  core::Result<bool> Heartbeat(int64_t id, const std::string& worker_id);
  // Stores progress, `percent` clamped to 0–100; also counts as a heartbeat.
  core::Status ReportProgress(int64_t id, const std::string& worker_id, int percent,
                              const std::string& message);
  // running → succeeded with `result`, progress 100 %.
  core::Status Complete(int64_t id, const std::string& worker_id, const nlohmann::json& result);
  // Records a failed attempt with `error` (shown to users). Retryable and attempts < max_attempts:
  // back to queued after RetryDelayMs. Otherwise failed. Cancelled instead when cancellation was
  // requested. Returns the new state.
  core::Result<JobState> Fail(int64_t id, const std::string& worker_id, const std::string& error,
                              bool retryable);
  // running → cancelled (the worker stopped because cancellation was requested).
  core::Status MarkCancelled(int64_t id, const std::string& worker_id);
  // Gives the job back without counting the attempt (the pool is shutting down): queued, due now;
  // cancelled instead when cancellation was requested. Returns the new state.
  core::Result<JobState> Release(int64_t id, const std::string& worker_id);

  // Takes back every running job without a heartbeat for more than `silent_for_ms`: queued again
  // (due now), failed with "Le traitement a été interrompu trop de fois" when its attempts are
  // exhausted, or cancelled when cancellation was requested. Returns how many jobs were taken back.
  core::Result<int> ReclaimStale(int64_t silent_for_ms);

  // Cancels a queued job at once, or asks the worker of a running job to stop (it notices at its
  // next heartbeat). Idempotent on a cancelled job. Returns the job as it is now. Errors:
  // not_found; failed_precondition when the job already succeeded or failed.
  core::Result<Job> RequestCancel(int64_t id);

  // Errors: not_found.
  core::Result<Job> Get(int64_t id);
  // Number of jobs per (kind, state), ordered by kind then state; combinations with no job are
  // absent.
  core::Result<std::vector<JobCount>> CountByKindAndState();

 private:
  // " FOR UPDATE" on PostgreSQL (row locks for read-then-write); nothing on SQLite, whose BEGIN
  // IMMEDIATE transactions already run one writer at a time.
  const char* ForUpdate() const;

  storage::Database& db_;
  const core::Clock& clock_;
  RetryPolicy retry_;
};

}  // namespace korrigo::jobs
