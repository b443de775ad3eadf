// The statement caches of pooled sessions: a registry from session to its statements. The registry
// lock is held only to find a session's cache; a session is used by one thread at a time, so its
// cache needs no lock of its own.
#include "storage/statement_cache.h"

#include <map>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace korrigo::storage {
namespace {

using Statements = std::unordered_map<std::type_index, std::unique_ptr<CachedStatement>>;

struct Registry {
  std::mutex mutex;
  std::map<const soci::session*, std::unique_ptr<Statements>> caches;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: sessions may outlive statics
  return *registry;
}

Statements* CacheOf(soci::session& s) {
  Registry& r = TheRegistry();
  std::lock_guard lock(r.mutex);
  auto it = r.caches.find(&s);
  return it == r.caches.end() ? nullptr : it->second.get();
}

}  // namespace

namespace detail {

CachedStatement* FindCached(soci::session& s, std::type_index type) {
  Statements* cache = CacheOf(s);
  if (!cache) return nullptr;
  auto it = cache->find(type);
  return it == cache->end() ? nullptr : it->second.get();
}

CachedStatement* KeepCached(soci::session& s, std::type_index type,
                            std::unique_ptr<CachedStatement>& statement) {
  Statements* cache = CacheOf(s);
  if (!cache) return nullptr;
  auto& slot = (*cache)[type];
  slot = std::move(statement);
  return slot.get();
}

}  // namespace detail

bool ExecuteOne(soci::statement& st) {
  if (!st.execute(true)) return false;
  // Stepping past the row ends the statement (and would overwrite the row if there were another).
  if (st.fetch()) throw std::logic_error("ExecuteOne: the query gave more than one row");
  return true;
}

void ForEachRow(soci::statement& st, const std::function<void()>& on_row) {
  if (!st.execute(true)) return;
  do {
    on_row();
  } while (st.fetch());
}

void KeepStatementsOf(soci::session& s) {
  Registry& r = TheRegistry();
  std::lock_guard lock(r.mutex);
  auto& cache = r.caches[&s];
  if (!cache) cache = std::make_unique<Statements>();
}

void ForgetStatementsOf(soci::session& s) {
  std::unique_ptr<Statements> gone;
  {
    Registry& r = TheRegistry();
    std::lock_guard lock(r.mutex);
    auto it = r.caches.find(&s);
    if (it == r.caches.end()) return;
    gone = std::move(it->second);
    r.caches.erase(it);
  }
}

void ClearStatementsOf(soci::session& s) {
  if (Statements* cache = CacheOf(s)) cache->clear();
}

}  // namespace korrigo::storage
