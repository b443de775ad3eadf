// The registry of job kinds: a sorted map from name to kind.
#include "jobs/job_registry.h"

#include <cassert>

namespace korrigo::jobs {

void JobRegistry::Register(JobKind kind) {
  assert(!kind.name.empty() && "a job kind needs a name");
  assert(kind.run && "a job kind needs a function");
  assert(kind.time_limit_ms > 0 && kind.max_attempts > 0);
  assert(kinds_.count(kind.name) == 0 && "job kind registered twice");
  std::string name = kind.name;
  kinds_.emplace(std::move(name), std::move(kind));
}

const JobKind* JobRegistry::Find(const std::string& name) const {
  auto it = kinds_.find(name);
  return it == kinds_.end() ? nullptr : &it->second;
}

std::vector<std::string> JobRegistry::Kinds() const {
  std::vector<std::string> names;
  names.reserve(kinds_.size());
  for (const auto& [name, kind] : kinds_) names.push_back(name);
  return names;
}

JobSpec JobRegistry::NewSpec(const std::string& name, nlohmann::json payload) const {
  const JobKind* kind = Find(name);
  assert(kind != nullptr && "JobSpec for an unregistered kind");
  JobSpec spec;
  spec.kind = name;
  spec.payload = std::move(payload);
  spec.max_attempts = kind ? kind->max_attempts : spec.max_attempts;
  return spec;
}

}  // namespace korrigo::jobs
