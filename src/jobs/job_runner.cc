// Running one claimed job and recording what came of it. The kind's function runs outside any lock;
// every store call after it goes through the gate, and the order of the checks below is the outcome
// table of worker_pool.h.
#include "jobs/job_runner.h"

#include <fmt/format.h>

#include <exception>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"

namespace korrigo::jobs {
namespace {

const std::vector<double>& DurationBuckets() {
  static const std::vector<double> buckets{0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600};
  return buckets;
}

bool Retryable(core::ErrorCode code) {
  return code != core::ErrorCode::kInvalidArgument && code != core::ErrorCode::kFailedPrecondition;
}

}  // namespace

JobRunner::JobRunner(RunnerGate& gate, const JobRegistry& registry, std::string worker_id)
    : gate_(gate), registry_(registry), worker_id_(std::move(worker_id)) {}

core::Result<std::optional<Job>> JobRunner::Claim() {
  std::optional<core::Result<std::optional<Job>>> claimed;
  gate_.With([&](JobStore& store) { claimed.emplace(store.Claim(worker_id_, {})); });
  if (!claimed) return core::Error::Unavailable("Le worker est arrêté.");
  return std::move(*claimed);
}

std::string JobRunner::Run(const Job& job, ActiveJob& active) {
  ++gate_.busy;
  int64_t start = core::MonotonicMs();
  Outcome outcome = Execute(job, active, start);
  --gate_.busy;
  int64_t duration_ms = core::MonotonicMs() - start;

  auto& metrics = core::Metrics::Global();
  metrics.Increment("korrigo_jobs_finished_total", "Jobs whose run ended, by kind and outcome.",
                    {{"kind", job.kind}, {"outcome", outcome.name}});
  metrics.Observe("korrigo_job_duration_seconds", "Time a job's run took, in seconds.",
                  {{"kind", job.kind}}, static_cast<double>(duration_ms) / 1000.0,
                  DurationBuckets());
  nlohmann::json fields{{"job_id", job.id},           {"kind", job.kind},
                        {"outcome", outcome.name},    {"attempt", job.attempts},
                        {"duration_ms", duration_ms}, {"worker_id", worker_id_}};
  if (!outcome.error.empty()) fields["error"] = outcome.error;
  if (outcome.name == "succeeded" || outcome.name == "cancelled" || outcome.name == "released") {
    core::LogInfo("job.finished", std::move(fields));
  } else {
    core::LogWarn("job.finished", std::move(fields));
  }
  return outcome.name;
}

JobRunner::Outcome JobRunner::Fail(const Job& job, const std::string& error, bool retryable,
                                   const char* final_name) {
  std::optional<core::Result<JobState>> state;
  if (!gate_.With([&](JobStore& store) {
        state.emplace(store.Fail(job.id, worker_id_, error, retryable));
      })) {
    return {"abandoned", error};
  }
  if (!state->ok()) return {"lost", error};
  switch (state->value()) {
    case JobState::kQueued:
      return {"retrying", error};
    case JobState::kCancelled:
      return {"cancelled", ""};
    default:
      return {final_name, error};
  }
}

JobRunner::Outcome JobRunner::Execute(const Job& job, ActiveJob& active, int64_t start_ms) {
  // A copy, taken through the gate: once Abandon() has returned, this thread has no access to the
  // registry left to race with its destruction.
  std::optional<JobKind> kind;
  if (!gate_.With([&](JobStore&) {
        if (const JobKind* found = registry_.Find(job.kind)) kind = *found;
      })) {
    return {"abandoned", ""};
  }
  if (!kind) return Fail(job, "Type de tâche inconnu : " + job.kind, false, "failed");
  auto release = [&]() -> Outcome {
    std::optional<core::Result<JobState>> state;
    if (!gate_.With([&](JobStore& store) { state.emplace(store.Release(job.id, worker_id_)); })) {
      return {"abandoned", ""};
    }
    if (!state->ok()) return {"lost", ""};
    return {state->value() == JobState::kCancelled ? "cancelled" : "released", ""};
  };
  if (gate_.stopping) return release();  // claimed just as the pool began to stop

  const int64_t time_limit_ms = kind->time_limit_ms;
  const int64_t deadline = start_ms + time_limit_ms;
  JobContext context(
      job.id, job.attempts, job.payload,
      [&](int percent, const std::string& message) {
        std::optional<core::Status> stored;
        gate_.With([&](JobStore& store) {
          stored.emplace(store.ReportProgress(job.id, worker_id_, percent, message));
        });
        if (stored && !stored->ok() && stored->error().code == core::ErrorCode::kConflict)
          active.lost = true;
      },
      [&] {
        return gate_.stopping || active.cancel || active.lost || core::MonotonicMs() >= deadline;
      });

  std::optional<core::Result<nlohmann::json>> result;
  try {
    result.emplace(kind->run(context));
  } catch (const std::exception& e) {
    core::LogError("job.exception", {{"job_id", job.id}, {"kind", job.kind}, {"error", e.what()}});
  } catch (...) {
    core::LogError("job.exception",
                   {{"job_id", job.id}, {"kind", job.kind}, {"error", "unknown exception"}});
  }
  if (!result)
    result.emplace(core::Error::Internal("Erreur interne pendant le traitement de la tâche."));

  if (active.lost) return {"lost", ""};
  if (core::MonotonicMs() >= deadline) {
    return Fail(job,
                fmt::format("Délai dépassé ({:g} s)", static_cast<double>(time_limit_ms) / 1000.0),
                false, "timed_out");
  }
  if (result->ok()) {
    std::optional<core::Status> done;
    if (!gate_.With([&](JobStore& store) {
          done.emplace(store.Complete(job.id, worker_id_, result->value()));
        })) {
      return {"abandoned", ""};
    }
    return {done->ok() ? "succeeded" : "lost", ""};
  }
  if (active.cancel) {
    std::optional<core::Status> done;
    if (!gate_.With(
            [&](JobStore& store) { done.emplace(store.MarkCancelled(job.id, worker_id_)); })) {
      return {"abandoned", ""};
    }
    return {done->ok() ? "cancelled" : "lost", ""};
  }
  if (gate_.stopping) return release();
  const core::Error& error = result->error();
  return Fail(job, error.message, Retryable(error.code), "failed");
}

}  // namespace korrigo::jobs
