// Operations endpoints: liveness, readiness (database, schema, file store, workers) and Prometheus
// metrics, plus the API description. These are what a load balancer, an orchestrator and a
// monitoring system call.
#pragma once

#include <string>
#include <vector>

#include "files/file_store.h"
#include "http/route.h"
#include "jobs/job_store.h"
#include "jobs/worker_pool.h"
#include "storage/database.h"

namespace korrigo::http {

struct OperationsDeps {
  storage::Database* database = nullptr;
  files::FileStore* file_store = nullptr;
  jobs::JobStore* job_store = nullptr;
  const jobs::WorkerPool* workers = nullptr;  // null when this process runs no workers
  std::string metrics_token;                  // empty: /metrics is open (development only)
};

std::vector<Route> OperationsRoutes(OperationsDeps deps);

}  // namespace korrigo::http
