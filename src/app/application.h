// Application: the composition root. Turns a Config into running parts — data directories, database
// (migrated or checked), file store, job store, job kinds, worker pool, routes and HTTP server —
// and runs them as `korrigo serve` (HTTP + embedded workers) or `korrigo worker` (workers only).
#pragma once

#include <memory>

#include "audit/audit_store.h"
#include "auth/auth_service.h"
#include "auth/password_hasher.h"
#include "auth/rate_limiter.h"
#include "auth/user_service.h"
#include "core/config.h"
#include "core/result.h"
#include "exams/exam_service.h"
#include "exams/scheme_service.h"
#include "files/local_file_store.h"
#include "grading/comment_bank_service.h"
#include "grading/dispatch_service.h"
#include "grading/finalize_service.h"
#include "grading/grading_service.h"
#include "grading/stats_service.h"
#include "http/router.h"
#include "jobs/job_registry.h"
#include "jobs/job_store.h"
#include "jobs/worker_pool.h"
#include "sandbox/pdf_sandbox.h"
#include "scans/copy_service.h"
#include "scans/page_image_service.h"
#include "scans/page_repair_service.h"
#include "scans/scan_processor.h"
#include "scans/scan_service.h"
#include "storage/database.h"
#include "students/roster_import_service.h"
#include "students/student_account_service.h"
#include "students/student_service.h"

namespace korrigo::app {

class Application {
 public:
  // Creates the data directories, opens the database and applies pending migrations when
  // auto_migrate is set (otherwise refuses a schema that is not up to date), and opens the file
  // store.
  static core::Result<std::unique_ptr<Application>> Open(const core::Config& config);
  ~Application();

  // Serves HTTP with `config.workers` embedded job workers until SIGTERM/SIGINT; returns the exit
  // code.
  int Serve();
  // Runs `config.workers` job workers (at least one) until SIGTERM/SIGINT; returns the exit code.
  int Work();

  // Development only: creates the demo accounts when missing (and, the first time, a class of
  // students and an exam with its marking scheme) and prints how to log in.
  core::Status CreateDemoData();

  auth::UserService& users() { return *user_service_; }
  students::StudentService& students() { return *student_service_; }
  exams::ExamService& exams() { return *exam_service_; }
  exams::SchemeService& schemes() { return *scheme_service_; }
  scans::ScanService& scans() { return *scan_service_; }

  // Every route of the API, as `serve` registers them. `workers` may be null (no embedded pool).
  http::Router BuildRouter(const jobs::WorkerPool* workers);

 private:
  explicit Application(core::Config config);
  void RegisterJobKinds();
  void CreateDomainServices();
  void CreateGradingServices();
  core::Status CreateDemoExam(int64_t admin_id, int64_t teacher_id);
  core::Status UploadDemoScans(int64_t exam_id);
  jobs::WorkerPool::Options PoolOptions(int workers) const;

  core::Config config_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<files::LocalFileStore> file_store_;
  std::unique_ptr<jobs::JobStore> job_store_;
  jobs::JobRegistry job_registry_;
  std::unique_ptr<auth::PasswordHasher> hasher_;
  std::unique_ptr<audit::AuditStore> audit_;
  std::unique_ptr<auth::AuthService> auth_service_;
  std::unique_ptr<auth::UserService> user_service_;
  std::unique_ptr<auth::RateLimiter> rate_limiter_;
  std::unique_ptr<students::StudentService> student_service_;
  std::unique_ptr<students::RosterImportService> roster_import_;
  std::unique_ptr<students::StudentAccountService> student_accounts_;
  std::unique_ptr<exams::ExamService> exam_service_;
  std::unique_ptr<exams::SchemeService> scheme_service_;
  std::unique_ptr<sandbox::PdfSandbox> pdf_sandbox_;
  std::unique_ptr<scans::ScanService> scan_service_;
  std::unique_ptr<scans::ScanProcessor> scan_processor_;
  std::unique_ptr<scans::CopyService> copy_service_;
  std::unique_ptr<scans::PageRepairService> repair_service_;
  std::unique_ptr<scans::PageImageService> image_service_;
  std::unique_ptr<grading::DispatchService> dispatch_service_;
  std::unique_ptr<grading::GradingService> grading_service_;
  std::unique_ptr<grading::FinalizeService> finalize_service_;
  std::unique_ptr<grading::StatsService> stats_service_;
  std::unique_ptr<grading::CommentBankService> comment_bank_;
};

// Opens the database named by the config and applies pending migrations (the `migrate` command).
core::Result<std::vector<int>> MigrateDatabase(const core::Config& config);

}  // namespace korrigo::app
