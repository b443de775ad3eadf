// JobRegistry: the job kinds a process knows, by name. Filled once at start-up (Application), then
// only read, by every worker thread at once.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "jobs/job_kind.h"

namespace korrigo::jobs {

class JobRegistry {
 public:
  // Adds `kind`. Registering an empty name, a kind without a function, a non-positive time limit or
  // max_attempts, or the same name twice is a programmer error (asserted). Not thread-safe: call
  // before the workers start.
  void Register(JobKind kind);

  // The kind named `name`, or nullptr. Thread-safe once registration is over; the pointer lives as
  // long as the registry.
  const JobKind* Find(const std::string& name) const;

  // Names of every registered kind, sorted.
  std::vector<std::string> Kinds() const;

  // A JobSpec for registered kind `name` carrying the kind's max_attempts (asserted to be
  // registered).
  JobSpec NewSpec(const std::string& name, nlohmann::json payload) const;

 private:
  std::map<std::string, JobKind> kinds_;
};

}  // namespace korrigo::jobs
