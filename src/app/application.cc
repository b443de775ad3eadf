// Wiring of every part of a Korrigo process, and the serve/worker run loops.
#include "app/application.h"

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/clock.h"
#include "core/log.h"
#include "http/audit_routes.h"
#include "http/auth_routes.h"
#include "http/copy_routes.h"
#include "http/exam_routes.h"
#include "http/grading_routes.h"
#include "http/operations_routes.h"
#include "http/scan_routes.h"
#include "http/server.h"
#include "http/student_routes.h"
#include "http/user_routes.h"
#include "storage/migration.h"

namespace korrigo::app {
namespace {

namespace fs = std::filesystem;

core::Status EnsureDirectory(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec || !fs::is_directory(path)) {
    return core::Error::Unavailable(
        fmt::format("Impossible de créer le dossier {} : {}", path, ec.message()));
  }
  return {};
}

core::Result<std::unique_ptr<storage::Database>> OpenDatabase(const core::Config& config) {
  if (config.database_url.rfind("sqlite:", 0) == 0) {
    fs::path file = config.database_url.substr(7);
    if (file.has_parent_path()) {
      if (core::Status s = EnsureDirectory(file.parent_path().string()); !s) return s.take_error();
    }
  }
  return storage::Database::Open(config.database_url, config.db_pool_size);
}

}  // namespace

core::Result<std::vector<int>> MigrateDatabase(const core::Config& config) {
  auto db = OpenDatabase(config);
  if (!db) return db.take_error();
  storage::Migrator migrator(**db, storage::BuiltinMigrations());
  return migrator.ApplyPending();
}

Application::Application(core::Config config) : config_(std::move(config)) {}
Application::~Application() = default;

core::Result<std::unique_ptr<Application>> Application::Open(const core::Config& config) {
  std::unique_ptr<Application> app(new Application(config));
  for (const std::string& dir :
       {config.data_dir, config.data_dir + "/files", config.data_dir + "/tmp/uploads",
        config.data_dir + "/tmp/scans"}) {
    if (core::Status s = EnsureDirectory(dir); !s) return s.take_error();
  }
  auto db = OpenDatabase(config);
  if (!db) return db.take_error();
  app->database_ = std::move(*db);

  storage::Migrator migrator(*app->database_, storage::BuiltinMigrations());
  if (config.auto_migrate) {
    auto applied = migrator.ApplyPending();
    if (!applied) return applied.take_error();
  } else {
    auto status = migrator.Status();
    if (!status) return status.take_error();
    if (status->too_new()) {
      return core::Error::FailedPrecondition(
          "Le schéma de la base est plus récent que ce programme.");
    }
    if (!status->pending.empty()) {
      return core::Error::FailedPrecondition(fmt::format(
          "{} migration(s) en attente : lancez « korrigo migrate ».", status->pending.size()));
    }
  }

  app->file_store_ = std::make_unique<files::LocalFileStore>(config.data_dir + "/files",
                                                             core::SystemClock::Instance());
  const core::Clock& clock = core::SystemClock::Instance();
  app->job_store_ = std::make_unique<jobs::JobStore>(*app->database_, clock);
  app->hasher_ = std::make_unique<auth::PasswordHasher>();
  app->audit_ = std::make_unique<audit::AuditStore>(*app->database_, clock);
  app->auth_service_ = std::make_unique<auth::AuthService>(
      *app->database_, clock, *app->hasher_, *app->audit_,
      auth::SessionSettings{.idle_timeout_ms = config.session_idle_timeout_s * 1000LL,
                            .max_age_ms = config.session_max_age_s * 1000LL,
                            .logout_other_sessions = config.logout_other_sessions},
      auth::ThrottleLimits{.enabled = config.rate_limit,
                           .max_per_account = config.login_max_failures_account,
                           .max_per_ip = config.login_max_failures_ip,
                           .window_ms = config.login_window_s * 1000LL});
  app->user_service_ = std::make_unique<auth::UserService>(
      *app->database_, clock, *app->hasher_, *app->audit_, config.activation_code_ttl_s * 1000LL,
      config.reset_code_ttl_s * 1000LL);
  app->rate_limiter_ =
      std::make_unique<auth::RateLimiter>(*app->database_, clock, config.rate_limit);
  app->CreateDomainServices();
  app->RegisterJobKinds();
  return app;
}

void Application::CreateDomainServices() {
  const core::Clock& clock = core::SystemClock::Instance();
  student_service_ = std::make_unique<students::StudentService>(*database_, clock, *audit_);
  roster_import_ = std::make_unique<students::RosterImportService>(*database_, clock, *audit_);
  student_accounts_ =
      std::make_unique<students::StudentAccountService>(*database_, clock, *audit_, *user_service_);
  exam_service_ = std::make_unique<exams::ExamService>(*database_, clock, *audit_, *user_service_);
  scheme_service_ =
      std::make_unique<exams::SchemeService>(*database_, clock, *audit_, *exam_service_);
  // The PDF child is this very program (`korrigo pdf-pages`).
  std::error_code ec;
  std::string self = fs::read_symlink("/proc/self/exe", ec).string();
  pdf_sandbox_ = std::make_unique<sandbox::PdfSandbox>(
      sandbox::SandboxOptions{.executable = self,
                              .memory_bytes = static_cast<int64_t>(config_.sandbox_memory_mb) << 20,
                              .cpu_seconds_per_page = config_.sandbox_cpu_s_per_page});
  scan_service_ =
      std::make_unique<scans::ScanService>(*database_, clock, *audit_, *file_store_, *job_store_);
  pdf::PdfLimits limits;
  limits.max_pages = config_.scan_max_pages;
  scan_processor_ = std::make_unique<scans::ScanProcessor>(
      *database_, clock, *audit_, *file_store_, *pdf_sandbox_,
      scans::ProcessorOptions{.work_dir = config_.data_dir + "/tmp/scans", .limits = limits});
  copy_service_ = std::make_unique<scans::CopyService>(*database_, clock, *audit_);
  repair_service_ = std::make_unique<scans::PageRepairService>(*database_, clock, *audit_);
  image_service_ = std::make_unique<scans::PageImageService>(*database_, *file_store_);
  CreateGradingServices();
  // Exams with scans and students with copies stay (archive instead): grading depends on them.
  exam_service_->AddDeletionGuard(
      [](soci::session& s, int64_t exam_id) -> std::optional<std::string> {
        long long id = exam_id;
        int n = 0;
        s << "SELECT COUNT(*) FROM scans WHERE exam_id = :e", soci::use(id), soci::into(n);
        if (n == 0) return std::nullopt;
        return fmt::format("{} lot(s) de copies numérisées", n);
      });
  student_service_->AddDeletionGuard(
      [](soci::session& s, int64_t student_id) -> std::optional<std::string> {
        long long id = student_id;
        int n = 0;
        s << "SELECT COUNT(*) FROM copies WHERE student_id = :s", soci::use(id), soci::into(n);
        if (n == 0) return std::nullopt;
        return fmt::format("a une copie dans {} examen(s)", n);
      });
  // A corrector taken off an exam hands their copies over first (dispatch/reassign).
  exam_service_->AddCorrectorRemovalGuard(
      [](soci::session& s, int64_t exam_id, int64_t user_id) -> std::optional<std::string> {
        long long exam = exam_id, user = user_id;
        int n = 0;
        s << "SELECT COUNT(*) FROM copies WHERE exam_id = :e AND corrector_id = :u AND removed = 0 "
             "AND status <> 'graded'",
            soci::use(exam), soci::use(user), soci::into(n);
        if (n == 0) return std::nullopt;
        return fmt::format("a encore {} copie(s) attribuée(s) à corriger", n);
      });
  // A user who corrects exams stays (deactivate instead): the exams keep naming their correctors.
  user_service_->AddDeletionGuard([](soci::session& s,
                                     int64_t user_id) -> std::optional<std::string> {
    long long id = user_id;
    int n = 0;
    s << "SELECT COUNT(*) FROM exam_correctors WHERE user_id = :u", soci::use(id), soci::into(n);
    if (n == 0) return std::nullopt;
    return fmt::format("corrige {} examen(s)", n);
  });
}

void Application::CreateGradingServices() {
  const core::Clock& clock = core::SystemClock::Instance();
  dispatch_service_ = std::make_unique<grading::DispatchService>(*database_, clock, *audit_,
                                                                 *exam_service_, *copy_service_);
  grading_service_ = std::make_unique<grading::GradingService>(*database_, clock, *copy_service_,
                                                               *scheme_service_);
  finalize_service_ = std::make_unique<grading::FinalizeService>(
      grading::FinalizeDeps{.db = *database_,
                            .clock = clock,
                            .audit = *audit_,
                            .files = *file_store_,
                            .jobs = *job_store_,
                            .copies = *copy_service_,
                            .exams = *exam_service_,
                            .schemes = *scheme_service_,
                            .students = *student_service_,
                            .work_dir = config_.data_dir + "/tmp/scans"});
  stats_service_ = std::make_unique<grading::StatsService>(*database_, *exam_service_,
                                                           *scheme_service_, *copy_service_);
  comment_bank_ = std::make_unique<grading::CommentBankService>(*database_, clock, *audit_,
                                                                *exam_service_, *scheme_service_);
  // Scheme changes see the scores given; a graded copy re-identified gets its PDF rebuilt.
  scheme_service_->SetScoredLeavesProvider([this](soci::session& s, int64_t exam_id) {
    return grading_service_->ScoredLeaves(s, exam_id);
  });
  copy_service_->SetIdentityHook([this](soci::session& tx, const scans::Copy& copy) {
    finalize_service_->OnIdentityChanged(tx, copy);
  });
  // A corrector who has copies of an exam stays one until they are moved.
  user_service_->AddDeletionGuard(
      [](soci::session& s, int64_t user_id) -> std::optional<std::string> {
        long long id = user_id;
        int n = 0;
        s << "SELECT COUNT(*) FROM copies WHERE corrector_id = :u", soci::use(id), soci::into(n);
        if (n == 0) return std::nullopt;
        return fmt::format("a {} copie(s) à corriger", n);
      });
}

void Application::RegisterJobKinds() {
  // Removes temporary files left by interrupted writes and uploads (older than a day).
  job_registry_.Register({.name = "files.cleanup_temp",
                          .run = [this](jobs::JobContext&) -> core::Result<nlohmann::json> {
                            constexpr int64_t kDayMs = 24LL * 3600 * 1000;
                            auto removed = file_store_->RemoveStaleTemp(kDayMs);
                            if (!removed) return removed.take_error();
                            return nlohmann::json{{"removed", *removed}};
                          },
                          .time_limit_ms = 10 * 60 * 1000,
                          .max_attempts = 3});
  job_registry_.Register(scan_processor_->Kind());
  job_registry_.Register(finalize_service_->Kind());
}

jobs::WorkerPool::Options Application::PoolOptions(int workers) const {
  jobs::WorkerPool::Options options;
  options.workers = workers;
  options.heartbeat_interval_ms = config_.job_heartbeat_s * 1000LL;
  options.reclaim_after_ms = config_.job_reclaim_s * 1000LL;
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  options.node_name = fmt::format("{}:{}", host, getpid());
  return options;
}

http::Router Application::BuildRouter(const jobs::WorkerPool* workers) {
  http::Router router;
  router.AddAll(http::OperationsRoutes({.database = database_.get(),
                                        .file_store = file_store_.get(),
                                        .job_store = job_store_.get(),
                                        .workers = workers,
                                        .metrics_token = config_.metrics_token}));
  router.AddAll(http::AuthRoutes({.auth = auth_service_.get(),
                                  .cookie_secure = config_.EffectiveCookieSecure(),
                                  .session_max_age_s = config_.session_max_age_s}));
  router.AddAll(http::UserRoutes(user_service_.get()));
  router.AddAll(http::AuditRoutes(audit_.get()));
  router.AddAll(http::StudentRoutes(
      {.students = student_service_.get(),
       .imports = roster_import_.get(),
       .accounts = student_accounts_.get(),
       .site_url = config_.public_url.empty()
                       ? fmt::format("http://{}:{}", config_.listen_host, config_.listen_port)
                       : config_.public_url}));
  router.AddAll(http::ExamRoutes(exam_service_.get(), scheme_service_.get()));
  router.AddAll(http::ScanRoutes({.scans = scan_service_.get(),
                                  .images = image_service_.get(),
                                  .max_file_bytes = config_.max_scan_file_bytes,
                                  .max_request_bytes = config_.max_upload_bytes,
                                  .uploads_per_hour = config_.scan_uploads_per_hour}));
  router.AddAll(http::CopyRoutes(copy_service_.get(), repair_service_.get()));
  router.AddAll(http::GradingRoutes({.dispatch = dispatch_service_.get(),
                                     .grading = grading_service_.get(),
                                     .finalize = finalize_service_.get(),
                                     .stats = stats_service_.get(),
                                     .comments = comment_bank_.get(),
                                     .copies = copy_service_.get()}));
  return router;
}

int Application::Serve() {
  std::unique_ptr<jobs::WorkerPool> pool;
  if (config_.workers > 0) {
    pool = std::make_unique<jobs::WorkerPool>(*job_store_, job_registry_,
                                              PoolOptions(config_.workers));
  }
  http::Router router = BuildRouter(pool.get());
  http::StaticFiles static_files(config_.web_dir);
  http::ServerOptions options{
      .host = config_.listen_host,
      .port = config_.listen_port,
      .io_threads = config_.io_threads,
      .handler_threads = config_.handler_threads,
      .crypto_threads = config_.crypto_threads,
      .max_header_bytes = config_.max_header_bytes,
      .max_body_bytes = config_.max_body_bytes,
      .max_upload_bytes = config_.max_upload_bytes,
      .header_timeout_s = config_.header_timeout_s,
      .body_timeout_s = config_.body_timeout_s,
      .idle_timeout_s = config_.idle_timeout_s,
      .shutdown_timeout_s = config_.shutdown_timeout_s,
      .upload_dir = config_.data_dir + "/tmp/uploads",
      .allowed_hosts = config_.EffectiveAllowedHosts(),
      .production = config_.production(),
      .handle_signals = true,
      .access = {.public_origin = http::OriginOf(config_.public_url),
                 .production = config_.production()},
      .authenticate =
          [this](const std::string& token) { return auth_service_->Authenticate(token); },
      .rate_limit = [this](
                        const auth::RateLimit& limit,
                        const std::string& subject) { return rate_limiter_->Hit(limit, subject); },
  };
  http::Server server(options, router, static_files);
  if (core::Status s = server.Listen(); !s) {
    core::LogError("server.listen_failed", {{"error", s.error().message}});
    return 1;
  }
  if (pool) pool->Start();
  server.Run();
  if (pool) pool->Stop(core::MonotonicMs() + config_.shutdown_timeout_s * 1000LL);
  core::LogInfo("server.exit", {});
  return 0;
}

int Application::Work() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals,
                  nullptr);  // before any thread starts, so every thread inherits it
  jobs::WorkerPool pool(*job_store_, job_registry_, PoolOptions(std::max(1, config_.workers)));
  pool.Start();
  core::LogInfo("worker.started", {{"workers", std::max(1, config_.workers)}});
  int signal = 0;
  sigwait(&signals, &signal);
  core::LogInfo("worker.signal", {{"signal", signal}});
  pool.Stop(core::MonotonicMs() + config_.shutdown_timeout_s * 1000LL);
  core::LogInfo("worker.exit", {});
  return 0;
}

}  // namespace korrigo::app
