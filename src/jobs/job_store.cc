// SQL of the jobs table. Values are always bound; the only SQL assembled at run time is the fixed
// list of placeholders for the kinds a worker accepts. Reads that precede a write of the same row
// lock it (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers), and every write
// on a worker's behalf repeats the ownership condition, so a worker that lost its job changes
// nothing.
#include "jobs/job_store.h"

#include <algorithm>

#include "core/log.h"

namespace korrigo::jobs {
namespace {

constexpr char kSelectJob[] =
    "SELECT id, kind, payload, state, priority, attempts, max_attempts, idempotency_key, "
    "run_after, "
    "progress_percent, progress_message, result, error, cancel_requested, worker_id, heartbeat_at, "
    "created_at, "
    "started_at, finished_at FROM jobs WHERE id = :id";
constexpr char kOwned[] = " WHERE id = :id AND worker_id = :worker AND state = 'running'";
constexpr size_t kMaxMessageBytes = 500;
constexpr size_t kMaxErrorBytes = 2000;

core::Error NotOwned() {
  return core::Error::Conflict(
      "Cette tâche n'est plus attribuée à ce worker (reprise, annulée ou terminée).");
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string TruncateUtf8(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json ParseJson(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

// Executes a prepared UPDATE and returns how many rows it changed.
long long Changed(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

// Runs "UPDATE jobs SET <set>" on job `id` only while `worker_id` runs it, binding `values` to the
// placeholders of `set` in order; true when the job was changed.
template <typename... Values>
bool UpdateOwned(soci::session& s, const std::string& set, int64_t id, const std::string& worker_id,
                 const Values&... values) {
  long long job = id;
  soci::statement st =
      ((((s.prepare << "UPDATE jobs SET " + set + kOwned), ..., soci::use(values)), soci::use(job)),
       soci::use(worker_id));
  return Changed(st) == 1;
}

std::optional<Job> LoadJob(soci::session& s, int64_t job_id, const char* suffix) {
  long long wanted = job_id, id = 0, run_after = 0, heartbeat = 0, created = 0, started = 0,
            finished = 0;
  int priority = 0, attempts = 0, max_attempts = 0, progress = 0, cancel = 0;
  std::string kind, payload, state, key, message, result, error, worker;
  soci::indicator key_ind, result_ind, error_ind, worker_ind, heartbeat_ind, started_ind,
      finished_ind;
  s << std::string(kSelectJob) + suffix, soci::use(wanted), soci::into(id), soci::into(kind),
      soci::into(payload), soci::into(state), soci::into(priority), soci::into(attempts),
      soci::into(max_attempts), soci::into(key, key_ind), soci::into(run_after),
      soci::into(progress), soci::into(message), soci::into(result, result_ind),
      soci::into(error, error_ind), soci::into(cancel), soci::into(worker, worker_ind),
      soci::into(heartbeat, heartbeat_ind), soci::into(created), soci::into(started, started_ind),
      soci::into(finished, finished_ind);
  if (!s.got_data()) return std::nullopt;
  Job job;
  job.id = id;
  job.kind = kind;
  job.payload = ParseJson(payload);
  job.state = ParseJobState(state).value_or(JobState::kFailed);
  job.priority = priority;
  job.attempts = attempts;
  job.max_attempts = max_attempts;
  if (key_ind == soci::i_ok) job.idempotency_key = key;
  job.run_after = run_after;
  job.progress_percent = progress;
  job.progress_message = message;
  if (result_ind == soci::i_ok) job.result = ParseJson(result);
  if (error_ind == soci::i_ok) job.error = error;
  job.cancel_requested = cancel != 0;
  if (worker_ind == soci::i_ok) job.worker_id = worker;
  if (heartbeat_ind == soci::i_ok) job.heartbeat_at = heartbeat;
  job.created_at = created;
  if (started_ind == soci::i_ok) job.started_at = started;
  if (finished_ind == soci::i_ok) job.finished_at = finished;
  return job;
}

}  // namespace

JobStore::JobStore(storage::Database& db, const core::Clock& clock, RetryPolicy retry)
    : db_(db), clock_(clock), retry_(retry) {}

const char* JobStore::ForUpdate() const {
  return db_.dialect() == storage::Dialect::kPostgres ? " FOR UPDATE" : "";
}

core::Result<int64_t> JobStore::Enqueue(soci::session& tx, const JobSpec& spec) {
  if (spec.kind.empty()) return core::Error::InvalidArgument("Type de tâche manquant.");
  if (spec.max_attempts < 1)
    return core::Error::InvalidArgument("Le nombre d'essais doit être au moins 1.");
  if (spec.delay_ms < 0)
    return core::Error::InvalidArgument("Le délai d'une tâche ne peut pas être négatif.");
  if (spec.idempotency_key && spec.idempotency_key->empty()) {
    return core::Error::InvalidArgument("Clé d'idempotence vide.");
  }
  std::string payload = DumpJson(spec.payload);
  int priority = spec.priority, max_attempts = spec.max_attempts;
  long long now = clock_.NowMs();
  long long run_after = now + spec.delay_ms;
  long long id = 0;
  if (!spec.idempotency_key) {
    tx << "INSERT INTO jobs (kind, payload, state, priority, max_attempts, run_after, created_at) "
          "VALUES (:kind, :payload, 'queued', :priority, :max_attempts, :run_after, :created_at) "
          "RETURNING id",
        soci::use(spec.kind), soci::use(payload), soci::use(priority), soci::use(max_attempts),
        soci::use(run_after), soci::use(now), soci::into(id);
    return static_cast<int64_t>(id);
  }
  // A concurrent transaction inserting the same key makes this INSERT wait for it (PostgreSQL) or
  // is already serialised (SQLite); either way the SELECT then sees exactly one row.
  const std::string& key = *spec.idempotency_key;
  tx << "INSERT INTO jobs (kind, payload, state, priority, max_attempts, idempotency_key, "
        "run_after, "
        "created_at) VALUES (:kind, :payload, 'queued', :priority, :max_attempts, :key, "
        ":run_after, :created_at) "
        "ON CONFLICT (idempotency_key) DO NOTHING",
      soci::use(spec.kind), soci::use(payload), soci::use(priority), soci::use(max_attempts),
      soci::use(key), soci::use(run_after), soci::use(now);
  tx << "SELECT id FROM jobs WHERE idempotency_key = :key", soci::use(key), soci::into(id);
  if (!tx.got_data()) return core::Error::Internal("La tâche n'a pas pu être enregistrée.");
  return static_cast<int64_t>(id);
}

core::Result<int64_t> JobStore::Enqueue(const JobSpec& spec) {
  return db_.InTransaction([&](soci::session& tx) { return Enqueue(tx, spec); });
}

core::Result<std::optional<Job>> JobStore::Claim(const std::string& worker_id,
                                                 const std::vector<std::string>& kinds) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<std::optional<Job>> {
    long long now = clock_.NowMs();
    std::string sql = "SELECT id FROM jobs WHERE state = 'queued' AND run_after <= :now";
    if (!kinds.empty()) {
      sql += " AND kind IN (";
      for (size_t i = 0; i < kinds.size(); ++i) sql += (i ? ", :k" : ":k") + std::to_string(i);
      sql += ")";
    }
    sql += " ORDER BY priority DESC, run_after, id LIMIT 1";
    // Rows another claimer has locked are skipped instead of waited for, so claimers never queue
    // up.
    if (db_.dialect() == storage::Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
    long long id = 0;
    soci::statement pick(s);
    pick.alloc();
    pick.exchange(soci::use(now, "now"));
    for (size_t i = 0; i < kinds.size(); ++i)
      pick.exchange(soci::use(kinds[i], "k" + std::to_string(i)));
    pick.exchange(soci::into(id));
    pick.prepare(sql);
    pick.define_and_bind();
    if (!pick.execute(true)) return std::optional<Job>();

    long long started = now;
    soci::statement take =
        (s.prepare << "UPDATE jobs SET state = 'running', worker_id = :worker, "
                      "attempts = attempts + 1, heartbeat_at = :now, started_at = :started, "
                      "finished_at = NULL, progress_percent = 0, progress_message = '' "
                      "WHERE id = :id AND state = 'queued'",
         soci::use(worker_id), soci::use(now), soci::use(started), soci::use(id));
    if (Changed(take) != 1) return std::optional<Job>();
    return LoadJob(s, id, "");
  });
}

core::Result<bool> JobStore::Heartbeat(int64_t id, const std::string& worker_id) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<bool> {
    long long now = clock_.NowMs(), job = id;
    if (!UpdateOwned(s, "heartbeat_at = :now", id, worker_id, now)) return NotOwned();
    int cancel = 0;
    s << "SELECT cancel_requested FROM jobs WHERE id = :id", soci::use(job), soci::into(cancel);
    return cancel != 0;
  });
}

core::Status JobStore::ReportProgress(int64_t id, const std::string& worker_id, int percent,
                                      const std::string& message) {
  return db_.InTransaction([&](soci::session& s) -> core::Status {
    long long now = clock_.NowMs();
    int clamped = std::clamp(percent, 0, 100);
    std::string text = TruncateUtf8(message, kMaxMessageBytes);
    if (!UpdateOwned(
            s, "progress_percent = :percent, progress_message = :message, heartbeat_at = :now", id,
            worker_id, clamped, text, now)) {
      return NotOwned();
    }
    return {};
  });
}

core::Status JobStore::Complete(int64_t id, const std::string& worker_id,
                                const nlohmann::json& result) {
  return db_.InTransaction([&](soci::session& s) -> core::Status {
    long long now = clock_.NowMs();
    std::string text = DumpJson(result);
    if (!UpdateOwned(s,
                     "state = 'succeeded', result = :result, error = NULL, progress_percent = 100, "
                     "heartbeat_at = :now, finished_at = :finished",
                     id, worker_id, text, now, now)) {
      return NotOwned();
    }
    return {};
  });
}

core::Result<JobState> JobStore::Fail(int64_t id, const std::string& worker_id,
                                      const std::string& error, bool retryable) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<JobState> {
    long long now = clock_.NowMs(), job = id;
    int attempts = 0, max_attempts = 0, cancel = 0;
    s << std::string("SELECT attempts, max_attempts, cancel_requested FROM jobs") + kOwned +
             ForUpdate(),
        soci::use(job), soci::use(worker_id), soci::into(attempts), soci::into(max_attempts),
        soci::into(cancel);
    if (!s.got_data()) return NotOwned();
    std::string text = TruncateUtf8(error, kMaxErrorBytes);
    JobState next = cancel != 0                            ? JobState::kCancelled
                    : retryable && attempts < max_attempts ? JobState::kQueued
                                                           : JobState::kFailed;
    std::string state(JobStateName(next));
    long long run_after = now + RetryDelayMs(retry_, attempts);
    bool changed = next == JobState::kQueued
                       ? UpdateOwned(s,
                                     "state = 'queued', error = :error, run_after = :run_after, "
                                     "worker_id = NULL, heartbeat_at = NULL",
                                     id, worker_id, text, run_after)
                       : UpdateOwned(s, "state = :state, error = :error, finished_at = :now", id,
                                     worker_id, state, text, now);
    if (!changed) return NotOwned();
    return next;
  });
}

core::Status JobStore::MarkCancelled(int64_t id, const std::string& worker_id) {
  return db_.InTransaction([&](soci::session& s) -> core::Status {
    long long now = clock_.NowMs();
    if (!UpdateOwned(s, "state = 'cancelled', finished_at = :now", id, worker_id, now)) {
      return NotOwned();
    }
    return {};
  });
}

core::Result<JobState> JobStore::Release(int64_t id, const std::string& worker_id) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<JobState> {
    long long now = clock_.NowMs(), job = id;
    int cancel = 0;
    s << std::string("SELECT cancel_requested FROM jobs") + kOwned + ForUpdate(), soci::use(job),
        soci::use(worker_id), soci::into(cancel);
    if (!s.got_data()) return NotOwned();
    if (cancel != 0) {
      if (!UpdateOwned(s, "state = 'cancelled', finished_at = :now", id, worker_id, now)) {
        return NotOwned();
      }
      return JobState::kCancelled;
    }
    if (!UpdateOwned(
            s,
            "state = 'queued', attempts = attempts - 1, run_after = :now, worker_id = NULL, "
            "heartbeat_at = NULL",
            id, worker_id, now)) {
      return NotOwned();
    }
    return JobState::kQueued;
  });
}

core::Result<int> JobStore::ReclaimStale(int64_t silent_for_ms) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<int> {
    long long now = clock_.NowMs(), threshold = now - silent_for_ms;
    const std::string stale = " WHERE state = 'running' AND heartbeat_at < :threshold";
    const std::string message = "Le traitement a été interrompu trop de fois";
    // Order matters: each statement leaves the rows it did not take for the next one.
    soci::statement cancel =
        (s.prepare << "UPDATE jobs SET state = 'cancelled', finished_at = :now" + stale +
                          " AND cancel_requested <> 0",
         soci::use(now), soci::use(threshold));
    long long cancelled = Changed(cancel);
    soci::statement fail =
        (s.prepare << "UPDATE jobs SET state = 'failed', error = :error, finished_at = :now" +
                          stale + " AND attempts >= max_attempts",
         soci::use(message), soci::use(now), soci::use(threshold));
    long long failed = Changed(fail);
    soci::statement requeue =
        (s.prepare << "UPDATE jobs SET state = 'queued', run_after = :now, worker_id = NULL, "
                      "heartbeat_at = NULL" +
                          stale,
         soci::use(now), soci::use(threshold));
    long long queued = Changed(requeue);
    long long total = cancelled + failed + queued;
    if (total > 0) {
      core::LogWarn("jobs.reclaimed", {{"queued", queued},
                                       {"failed", failed},
                                       {"cancelled", cancelled},
                                       {"silent_ms", silent_for_ms}});
    }
    return static_cast<int>(total);
  });
}

core::Result<Job> JobStore::RequestCancel(int64_t id) {
  return db_.InTransaction([&](soci::session& s) -> core::Result<Job> {
    long long now = clock_.NowMs(), job_id = id;
    std::optional<Job> job = LoadJob(s, id, ForUpdate());
    if (!job) return core::Error::NotFound("Tâche introuvable.");
    switch (job->state) {
      case JobState::kQueued: {
        soci::statement st =
            (s.prepare << "UPDATE jobs SET state = 'cancelled', cancel_requested = 1, "
                          "finished_at = :now WHERE id = :id AND state = 'queued'",
             soci::use(now), soci::use(job_id));
        Changed(st);
        break;
      }
      case JobState::kRunning: {
        soci::statement st =
            (s.prepare << "UPDATE jobs SET cancel_requested = 1 WHERE id = :id AND state = "
                          "'running'",
             soci::use(job_id));
        Changed(st);
        break;
      }
      case JobState::kCancelled:
        return *job;
      case JobState::kSucceeded:
      case JobState::kFailed:
        return core::Error::FailedPrecondition("Cette tâche est déjà terminée.");
    }
    std::optional<Job> now_job = LoadJob(s, id, "");
    if (!now_job) return core::Error::NotFound("Tâche introuvable.");
    return *now_job;
  });
}

core::Result<Job> JobStore::Get(int64_t id) {
  return db_.WithSession([&](soci::session& s) -> core::Result<Job> {
    std::optional<Job> job = LoadJob(s, id, "");
    if (!job) return core::Error::NotFound("Tâche introuvable.");
    return *job;
  });
}

core::Result<std::vector<JobCount>> JobStore::CountByKindAndState() {
  return db_.WithSession([&](soci::session& s) -> core::Result<std::vector<JobCount>> {
    std::vector<JobCount> counts;
    std::string kind, state;
    long long count = 0;
    soci::statement st =
        (s.prepare << "SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state "
                      "ORDER BY kind, state",
         soci::into(kind), soci::into(state), soci::into(count));
    st.execute();
    while (st.fetch()) counts.push_back({kind, state, static_cast<int64_t>(count)});
    return counts;
  });
}

}  // namespace korrigo::jobs
