// JobStore on the test database (SQLite, or PostgreSQL when KORRIGO_TEST_DATABASE_URL is set), with
// a fake clock for every time rule: claim order, backoff, reclaim, and the rejection of a stale
// worker's writes.
#include "jobs/job_store.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "testing/test_database.h"

namespace korrigo::jobs {
namespace {

class JobStoreTest : public ::testing::Test {
 protected:
  JobSpec Spec(const std::string& kind, nlohmann::json payload = nlohmann::json::object()) {
    JobSpec spec;
    spec.kind = kind;
    spec.payload = std::move(payload);
    return spec;
  }
  int64_t MustEnqueue(const JobSpec& spec) {
    auto id = store_.Enqueue(spec);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
  Job MustClaim(const std::string& worker) {
    auto job = store_.Claim(worker, {});
    EXPECT_TRUE(job.ok() && job->has_value());
    return job.ok() && job->has_value() ? **job : Job{};
  }
  Job MustGet(int64_t id) {
    auto job = store_.Get(id);
    EXPECT_TRUE(job.ok());
    return job.ok() ? *job : Job{};
  }
  bool NothingToClaim() {
    auto job = store_.Claim("w", {});
    return job.ok() && !job->has_value();
  }

  // One fresh database per suite (creating one per test dominates the run time on PostgreSQL);
  // every test starts from an empty jobs table, the only state these tests touch.
  static void SetUpTestSuite() {
    tdb_ = std::make_unique<korrigo::testing::TestDatabase>();
    db_ = tdb_->Open(8);
  }
  static void TearDownTestSuite() {
    db_.reset();
    tdb_.reset();
  }
  void SetUp() override {
    ASSERT_TRUE(db_->WithSession([](soci::session& s) -> core::Status {
                     s << "DELETE FROM jobs";
                     return {};
                   })
                    .ok());
  }

  static inline std::unique_ptr<korrigo::testing::TestDatabase> tdb_;
  static inline std::unique_ptr<storage::Database> db_;
  core::FakeClock clock_;
  JobStore store_{*db_, clock_};
};

TEST_F(JobStoreTest, EnqueueClaimComplete) {
  int64_t id = MustEnqueue(Spec("exports.pronote", {{"exam_id", 7}}));
  Job queued = MustGet(id);
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_EQ(queued.payload["exam_id"], 7);
  EXPECT_EQ(queued.created_at, clock_.NowMs());
  EXPECT_EQ(queued.attempts, 0);

  Job running = MustClaim("node/w1");
  EXPECT_EQ(running.id, id);
  EXPECT_EQ(running.state, JobState::kRunning);
  EXPECT_EQ(running.attempts, 1);
  EXPECT_EQ(running.worker_id, "node/w1");
  EXPECT_EQ(running.payload["exam_id"], 7);
  EXPECT_TRUE(NothingToClaim());

  clock_.Advance(1500);
  ASSERT_TRUE(store_.Complete(id, "node/w1", {{"rows", 31}}).ok());
  Job done = MustGet(id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  ASSERT_TRUE(done.result.has_value());
  EXPECT_EQ((*done.result)["rows"], 31);
  EXPECT_EQ(done.progress_percent, 100);
  EXPECT_EQ(done.finished_at, clock_.NowMs());
  EXPECT_EQ(store_.Complete(id, "node/w1", {}).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_.Get(id + 1000).error().code, core::ErrorCode::kNotFound);
}

TEST_F(JobStoreTest, EnqueueInsideRolledBackTransactionLeavesNoJob) {
  auto rolled_back = db_->InTransaction([&](soci::session& tx) -> core::Status {
    auto id = store_.Enqueue(tx, Spec("scans.split"));
    EXPECT_TRUE(id.ok());
    return core::Error::Conflict("la modification est refusée");
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_TRUE(NothingToClaim());
  auto counts = store_.CountByKindAndState();
  ASSERT_TRUE(counts.ok());
  EXPECT_TRUE(counts->empty());

  auto committed = db_->InTransaction(
      [&](soci::session& tx) { return store_.Enqueue(tx, Spec("scans.split")); });
  ASSERT_TRUE(committed.ok());
  EXPECT_EQ(MustClaim("w").id, *committed);
}

TEST_F(JobStoreTest, RejectsInvalidSpecs) {
  EXPECT_EQ(store_.Enqueue(Spec("")).error().code, core::ErrorCode::kInvalidArgument);
  JobSpec spec = Spec("k");
  spec.max_attempts = 0;
  EXPECT_EQ(store_.Enqueue(spec).error().code, core::ErrorCode::kInvalidArgument);
  spec = Spec("k");
  spec.delay_ms = -1;
  EXPECT_EQ(store_.Enqueue(spec).error().code, core::ErrorCode::kInvalidArgument);
  spec = Spec("k");
  spec.idempotency_key = "";
  EXPECT_EQ(store_.Enqueue(spec).error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(JobStoreTest, IdempotencyKeyMakesOneJobThatRunsOnce) {
  JobSpec spec = Spec("pdf.finalize", {{"copy_id", 12}});
  spec.idempotency_key = "finalize:copy:12";
  int64_t first = MustEnqueue(spec);
  int64_t second = MustEnqueue(spec);
  EXPECT_EQ(first, second);
  Job job = MustClaim("w");
  EXPECT_EQ(job.id, first);
  EXPECT_EQ(job.idempotency_key, "finalize:copy:12");
  ASSERT_TRUE(store_.Complete(job.id, "w", {}).ok());
  EXPECT_EQ(MustEnqueue(spec), first);  // already done: nothing new to run
  EXPECT_TRUE(NothingToClaim());
  auto counts = store_.CountByKindAndState();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].count, 1);
}

TEST_F(JobStoreTest, ClaimHonoursDelayPriorityAndKinds) {
  JobSpec later = Spec("a");
  later.delay_ms = 10'000;
  int64_t delayed = MustEnqueue(later);
  int64_t low = MustEnqueue(Spec("a"));
  JobSpec urgent = Spec("b");
  urgent.priority = 5;
  int64_t high = MustEnqueue(urgent);

  auto only_a = store_.Claim("w", {"a", "c"});
  ASSERT_TRUE(only_a.ok() && only_a->has_value());
  EXPECT_EQ((*only_a)->id, low);
  EXPECT_EQ(MustClaim("w").id, high);
  EXPECT_TRUE(NothingToClaim());  // the delayed job is not due yet
  clock_.Advance(10'000);
  EXPECT_EQ(MustClaim("w").id, delayed);
}

TEST_F(JobStoreTest, ConcurrentClaimersRunEveryJobExactlyOnce) {
  constexpr int kJobs = 400;
  constexpr int kThreads = 4;
  for (int i = 0; i < kJobs; ++i) MustEnqueue(Spec(i % 2 ? "odd" : "even", {{"i", i}}));
  std::mutex mu;
  std::map<int64_t, int> runs;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      JobStore store(*db_, clock_);  // each claimer its own store, all sharing the pool
      std::string worker = "w" + std::to_string(t);
      while (true) {
        auto job = store.Claim(worker, {});
        ASSERT_TRUE(job.ok()) << job.error().message;
        if (!job->has_value()) return;
        {
          std::lock_guard lock(mu);
          ++runs[(*job)->id];
        }
        ASSERT_TRUE(store.Complete((*job)->id, worker, {{"by", worker}}).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, n] : runs) EXPECT_EQ(n, 1) << "job " << id;
  auto counts = store_.CountByKindAndState();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 2u);
  EXPECT_EQ((*counts)[0].kind, "even");
  EXPECT_EQ((*counts)[0].state, "succeeded");
  EXPECT_EQ((*counts)[0].count + (*counts)[1].count, kJobs);
}

TEST_F(JobStoreTest, SilentWorkerIsReclaimedAndCanNoLongerWrite) {
  int64_t id = MustEnqueue(Spec("ocr.names"));
  Job first = MustClaim("dead");
  clock_.Advance(30'000);
  auto none = store_.ReclaimStale(60'000);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);  // silent for 30 s only

  clock_.Advance(30'001);
  auto reclaimed = store_.ReclaimStale(60'000);
  ASSERT_TRUE(reclaimed.ok());
  EXPECT_EQ(*reclaimed, 1);
  Job queued = MustGet(id);
  EXPECT_EQ(queued.state, JobState::kQueued);
  EXPECT_FALSE(queued.worker_id.has_value());

  Job second = MustClaim("alive");
  EXPECT_EQ(second.attempts, 2);
  EXPECT_EQ(store_.Heartbeat(id, "dead").error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_.ReportProgress(id, "dead", 10, "x").error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_.Complete(id, "dead", {{"by", "dead"}}).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_.Fail(id, "dead", "boom", true).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store_.MarkCancelled(id, "dead").error().code, core::ErrorCode::kConflict);
  ASSERT_TRUE(store_.Complete(id, "alive", {{"by", "alive"}}).ok());
  EXPECT_EQ((*MustGet(id).result)["by"], "alive");
  EXPECT_EQ(store_.Complete(id, "dead", {{"by", "dead"}}).error().code, core::ErrorCode::kConflict);
  EXPECT_EQ((*MustGet(id).result)["by"], "alive");
}

TEST_F(JobStoreTest, HeartbeatKeepsAJobFromBeingReclaimed) {
  int64_t id = MustEnqueue(Spec("k"));
  MustClaim("w");
  clock_.Advance(50'000);
  auto cancel = store_.Heartbeat(id, "w");
  ASSERT_TRUE(cancel.ok());
  EXPECT_FALSE(*cancel);
  clock_.Advance(50'000);
  EXPECT_EQ(*store_.ReclaimStale(60'000), 0);
  EXPECT_EQ(MustGet(id).heartbeat_at, clock_.NowMs() - 50'000);
}

TEST_F(JobStoreTest, ReclaimFailsAJobInterruptedTooOften) {
  JobSpec spec = Spec("k");
  spec.max_attempts = 2;
  int64_t id = MustEnqueue(spec);
  for (int attempt = 1; attempt <= 2; ++attempt) {
    EXPECT_EQ(MustClaim("w" + std::to_string(attempt)).attempts, attempt);
    clock_.Advance(61'000);
    EXPECT_EQ(*store_.ReclaimStale(60'000), 1);
  }
  Job failed = MustGet(id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.error, "Le traitement a été interrompu trop de fois");
  EXPECT_TRUE(NothingToClaim());
}

TEST_F(JobStoreTest, RetriesWithBackoffThenFailsKeepingTheError) {
  int64_t id = MustEnqueue(Spec("k"));  // max_attempts 3
  int64_t expected_max = 2000;          // base 1 s · 2^attempts, jitter in [½, 1]
  for (int attempt = 1; attempt <= 2; ++attempt) {
    EXPECT_EQ(MustClaim("w").attempts, attempt);
    auto state = store_.Fail(id, "w", "Serveur de fichiers injoignable", true);
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(*state, JobState::kQueued);
    Job queued = MustGet(id);
    EXPECT_GE(queued.run_after, clock_.NowMs() + expected_max / 2);
    EXPECT_LE(queued.run_after, clock_.NowMs() + expected_max);
    EXPECT_EQ(queued.error, "Serveur de fichiers injoignable");
    EXPECT_TRUE(NothingToClaim());
    clock_.Advance(expected_max);
    expected_max *= 2;
  }
  EXPECT_EQ(MustClaim("w").attempts, 3);
  auto state = store_.Fail(id, "w", "Serveur de fichiers injoignable", true);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::kFailed);
  Job failed = MustGet(id);
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(failed.error, "Serveur de fichiers injoignable");
  EXPECT_EQ(failed.finished_at, clock_.NowMs());
}

TEST_F(JobStoreTest, NonRetryableFailureFailsAtOnce) {
  int64_t id = MustEnqueue(Spec("k"));
  MustClaim("w");
  EXPECT_EQ(*store_.Fail(id, "w", "Le barème est incomplet.", false), JobState::kFailed);
  EXPECT_EQ(MustGet(id).error, "Le barème est incomplet.");
}

TEST_F(JobStoreTest, ProgressIsClampedAndReadable) {
  int64_t id = MustEnqueue(Spec("k"));
  MustClaim("w");
  clock_.Advance(5000);
  ASSERT_TRUE(store_.ReportProgress(id, "w", 42, "Page 42 sur 100").ok());
  Job job = MustGet(id);
  EXPECT_EQ(job.progress_percent, 42);
  EXPECT_EQ(job.progress_message, "Page 42 sur 100");
  EXPECT_EQ(job.heartbeat_at, clock_.NowMs());
  ASSERT_TRUE(store_.ReportProgress(id, "w", 250, "Presque fini").ok());
  EXPECT_EQ(MustGet(id).progress_percent, 100);
  ASSERT_TRUE(store_.ReportProgress(id, "w", -3, "Reprise").ok());
  EXPECT_EQ(MustGet(id).progress_percent, 0);
  EXPECT_EQ(store_.ReportProgress(id, "other", 50, "x").error().code, core::ErrorCode::kConflict);
}

TEST_F(JobStoreTest, CancelQueuedJobAtOnce) {
  int64_t id = MustEnqueue(Spec("k"));
  auto job = store_.RequestCancel(id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, JobState::kCancelled);
  EXPECT_TRUE(NothingToClaim());
  EXPECT_TRUE(store_.RequestCancel(id).ok());  // idempotent
  EXPECT_EQ(store_.RequestCancel(id + 1000).error().code, core::ErrorCode::kNotFound);
}

TEST_F(JobStoreTest, CancelRunningJobThroughItsWorker) {
  int64_t id = MustEnqueue(Spec("k"));
  MustClaim("w");
  EXPECT_FALSE(*store_.Heartbeat(id, "w"));
  auto job = store_.RequestCancel(id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, JobState::kRunning);
  EXPECT_TRUE(job->cancel_requested);
  EXPECT_TRUE(*store_.Heartbeat(id, "w"));
  ASSERT_TRUE(store_.MarkCancelled(id, "w").ok());
  EXPECT_EQ(MustGet(id).state, JobState::kCancelled);

  int64_t done = MustEnqueue(Spec("k"));
  MustClaim("w");
  ASSERT_TRUE(store_.Complete(done, "w", {}).ok());
  EXPECT_EQ(store_.RequestCancel(done).error().code, core::ErrorCode::kFailedPrecondition);
}

TEST_F(JobStoreTest, CancelRequestedWinsOverRetryReleaseAndReclaim) {
  int64_t failing = MustEnqueue(Spec("k"));
  MustClaim("w");
  ASSERT_TRUE(store_.RequestCancel(failing).ok());
  EXPECT_EQ(*store_.Fail(failing, "w", "erreur", true), JobState::kCancelled);

  int64_t released = MustEnqueue(Spec("k"));
  MustClaim("w");
  ASSERT_TRUE(store_.RequestCancel(released).ok());
  EXPECT_EQ(*store_.Release(released, "w"), JobState::kCancelled);

  int64_t silent = MustEnqueue(Spec("k"));
  MustClaim("w");
  ASSERT_TRUE(store_.RequestCancel(silent).ok());
  clock_.Advance(61'000);
  EXPECT_EQ(*store_.ReclaimStale(60'000), 1);
  EXPECT_EQ(MustGet(silent).state, JobState::kCancelled);
}

TEST_F(JobStoreTest, ReleaseGivesTheJobBackWithoutCountingTheAttempt) {
  int64_t id = MustEnqueue(Spec("k"));
  MustClaim("w");
  EXPECT_EQ(*store_.Release(id, "w"), JobState::kQueued);
  Job job = MustGet(id);
  EXPECT_EQ(job.state, JobState::kQueued);
  EXPECT_EQ(job.attempts, 0);
  EXPECT_EQ(MustClaim("w2").attempts, 1);
}

TEST_F(JobStoreTest, CountsByKindAndState) {
  MustEnqueue(Spec("b"));
  MustEnqueue(Spec("b"));
  MustEnqueue(Spec("a"));
  int64_t cancelled = MustEnqueue(Spec("b"));
  ASSERT_TRUE(store_.RequestCancel(cancelled).ok());
  Job running = MustClaim("w");  // the oldest: a "b"
  EXPECT_EQ(running.kind, "b");
  auto counts = store_.CountByKindAndState();
  ASSERT_TRUE(counts.ok());
  std::vector<std::tuple<std::string, std::string, int64_t>> got;
  for (const auto& c : *counts) got.emplace_back(c.kind, c.state, c.count);
  std::vector<std::tuple<std::string, std::string, int64_t>> want{
      {"a", "queued", 1}, {"b", "cancelled", 1}, {"b", "queued", 1}, {"b", "running", 1}};
  EXPECT_EQ(got, want);
}

TEST(JobStateTest, NamesRoundTrip) {
  for (JobState s : {JobState::kQueued, JobState::kRunning, JobState::kSucceeded, JobState::kFailed,
                     JobState::kCancelled}) {
    EXPECT_EQ(ParseJobState(JobStateName(s)), s);
  }
  EXPECT_FALSE(ParseJobState("paused").has_value());
  EXPECT_TRUE(IsTerminal(JobState::kCancelled));
  EXPECT_FALSE(IsTerminal(JobState::kRunning));
}

}  // namespace
}  // namespace korrigo::jobs
