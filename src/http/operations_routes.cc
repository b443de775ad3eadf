// Health, readiness, metrics and API-description handlers. Readiness runs every check and reports
// each one, so an operator sees at once which dependency failed; it answers 503 when any fails.
#include "http/operations_routes.h"

#include <dirent.h>
#include <sodium.h>
#include <unistd.h>

#include <fstream>

#include "core/clock.h"
#include "core/metrics.h"
#include "http/openapi_document.h"
#include "storage/migration.h"

namespace korrigo::http {
namespace {

const double kStartSeconds = core::MonotonicSeconds();

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double OpenFileDescriptors() {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return 0;
  double count = 0;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the descriptor of this very listing
}

// Constant-time comparison of a presented token with the configured one.
bool TokenMatches(const std::string& presented, const std::string& expected) {
  if (presented.size() != expected.size()) return false;
  return sodium_memcmp(presented.data(), expected.data(), expected.size()) == 0;
}

nlohmann::json Check(const core::Status& status, double started) {
  nlohmann::json out = {
      {"ok", status.ok()},
      {"duration_ms", std::round((core::MonotonicSeconds() - started) * 1e5) / 100}};
  if (!status.ok()) out["error"] = status.error().message;
  return out;
}

Response Ready(const OperationsDeps& deps) {
  nlohmann::json checks;
  bool ready = true;

  double t = core::MonotonicSeconds();
  core::Status db = deps.database->Ping();
  checks["database"] = Check(db, t);
  ready = ready && db.ok();

  t = core::MonotonicSeconds();
  core::Status schema;
  if (db.ok()) {
    storage::Migrator migrator(*deps.database, storage::BuiltinMigrations());
    auto status = migrator.Status();
    if (!status) {
      schema = status.take_error();
    } else if (!status->up_to_date()) {
      schema =
          core::Error::Unavailable(status->too_new() ? "Schéma plus récent que ce programme."
                                                     : "Migrations en attente (korrigo migrate).");
    }
  } else {
    schema = core::Error::Unavailable("Base de données injoignable.");
  }
  checks["migrations"] = Check(schema, t);
  ready = ready && schema.ok();

  t = core::MonotonicSeconds();
  core::Status files = deps.file_store->CheckWritable();
  checks["file_store"] = Check(files, t);
  ready = ready && files.ok();

  t = core::MonotonicSeconds();
  core::Status workers;
  if (deps.workers && !deps.workers->running())
    workers = core::Error::Unavailable("Les workers sont arrêtés.");
  checks["workers"] = Check(workers, t);
  checks["workers"]["embedded"] = deps.workers != nullptr;
  ready = ready && workers.ok();

  return Response::Json(ready ? 200 : 503,
                        {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}});
}

Response Metrics(const OperationsDeps& deps, const Request& request) {
  if (!deps.metrics_token.empty()) {
    const std::string& auth = request.Header("authorization");
    const std::string prefix = "Bearer ";
    if (auth.rfind(prefix, 0) != 0 ||
        !TokenMatches(auth.substr(prefix.size()), deps.metrics_token)) {
      Response r = Response::FromError(core::Error::Unauthenticated("Jeton de métriques requis."));
      r.headers["WWW-Authenticate"] = "Bearer realm=\"metrics\"";
      return r;
    }
  }
  std::vector<core::MetricSample> extra;
  if (auto counts = deps.job_store->CountByKindAndState(); counts.ok()) {
    for (const auto& c : *counts) {
      extra.push_back({"korrigo_jobs",
                       "Jobs in the queue by kind and state.",
                       "gauge",
                       {{"kind", c.kind}, {"state", c.state}},
                       static_cast<double>(c.count)});
    }
  }
  extra.push_back({"korrigo_process_resident_memory_bytes",
                   "Resident memory of this process.",
                   "gauge",
                   {},
                   ResidentBytes()});
  extra.push_back({"korrigo_process_open_fds",
                   "Open file descriptors of this process.",
                   "gauge",
                   {},
                   OpenFileDescriptors()});
  extra.push_back({"korrigo_process_uptime_seconds",
                   "Seconds since this process started.",
                   "gauge",
                   {},
                   core::MonotonicSeconds() - kStartSeconds});
  extra.push_back({"korrigo_workers_busy",
                   "Embedded job workers running a job now.",
                   "gauge",
                   {},
                   deps.workers ? static_cast<double>(deps.workers->busy()) : 0.0});
  return Response::Text(200, core::Metrics::Global().Render(extra),
                        "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

std::vector<Route> OperationsRoutes(OperationsDeps deps) {
  return {
      {.method = "GET",
       .pattern = "/api/v1/health/live",
       .policy = Policy::Public(),
       .handler =
           [](Request&) {
             return Response::Json(
                 200, {{"status", "ok"},
                       {"version", KORRIGO_VERSION},
                       {"uptime_s", std::floor(core::MonotonicSeconds() - kStartSeconds)}});
           },
       .executor = Executor::kInline},
      {.method = "GET",
       .pattern = "/api/v1/health/ready",
       .policy = Policy::Public(),
       .handler = [deps](Request&) { return Ready(deps); }},
      {.method = "GET",
       .pattern = "/metrics",
       .policy = Policy::Public(),  // guarded by its own bearer token, for Prometheus
       .handler = [deps](Request& request) { return Metrics(deps, request); }},
      {.method = "GET",
       .pattern = "/api/v1/openapi.yaml",
       .policy = Policy::Public(),
       .handler =
           [](Request&) {
             Response r = Response::Text(200, std::string(OpenApiDocument()),
                                         "application/yaml; charset=utf-8");
             r.headers["Cache-Control"] = "no-cache";
             return r;
           },
       .executor = Executor::kInline},
  };
}

}  // namespace korrigo::http
