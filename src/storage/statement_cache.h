// Statements compiled once per pooled connection and reused, for the SQL that runs on every request
// (the session check, the grading autosave): SQLite then skips parsing and planning, PostgreSQL
// the parse round trip. A cached statement is a type deriving CachedStatement that owns its bound
// variables and the soci::statement bound to them, built from the session:
//
//   struct FindThing : storage::CachedStatement {
//     long long id = 0;
//     std::string name;
//     soci::statement st;
//     explicit FindThing(soci::session& s)
//         : st((s.prepare << "SELECT name FROM things WHERE id = :id", soci::use(id),
//               soci::into(name))) {}
//   };
//   auto q = storage::Cached<FindThing>(s);
//   q->id = 7;
//   if (storage::ExecuteOne(q->st)) use(q->name);
//
// Only the sessions of a Database's pool keep statements (Database forgets them when it reconnects
// or closes a session, and after a failed statement); any other session gets a fresh statement
// each time. A cached statement must always run to completion (ExecuteOne, ForEachRow): a SQLite
// statement left in the middle of its rows would keep its read snapshot past the transaction.
#pragma once

#include <soci/soci.h>

#include <functional>
#include <memory>
#include <typeindex>

namespace korrigo::storage {

class CachedStatement {
 public:
  virtual ~CachedStatement() = default;
};

namespace detail {
// The statement of type `type` kept for `s`, or nullptr.
CachedStatement* FindCached(soci::session& s, std::type_index type);
// Keeps `statement` for `s` and returns it; nullptr (statement untouched) when `s` keeps none.
CachedStatement* KeepCached(soci::session& s, std::type_index type,
                            std::unique_ptr<CachedStatement>& statement);
}  // namespace detail

// The session's T: the cached one, or one made now (and cached when the session keeps statements).
template <typename T>
class CachedHandle {
 public:
  T* operator->() const { return ptr_; }
  T& operator*() const { return *ptr_; }

 private:
  template <typename U>
  friend CachedHandle<U> Cached(soci::session& s);
  std::unique_ptr<CachedStatement> owned_;  // when the session does not keep statements
  T* ptr_ = nullptr;
};

template <typename T>
CachedHandle<T> Cached(soci::session& s) {
  CachedHandle<T> handle;
  if (CachedStatement* found = detail::FindCached(s, typeid(T))) {
    handle.ptr_ = static_cast<T*>(found);
    return handle;
  }
  std::unique_ptr<CachedStatement> made = std::make_unique<T>(s);
  T* raw = static_cast<T*>(made.get());
  if (!detail::KeepCached(s, typeid(T), made)) handle.owned_ = std::move(made);
  handle.ptr_ = raw;
  return handle;
}

// Runs a query of at most one row (a lookup by key) to completion; whether a row came. A second row
// throws std::logic_error.
bool ExecuteOne(soci::statement& st);
// Runs `st`, calling on_row() after each row is read into its variables.
void ForEachRow(soci::statement& st, const std::function<void()>& on_row);

// For Database: the sessions whose statements are kept, and forgetting them.
void KeepStatementsOf(soci::session& s);
void ForgetStatementsOf(soci::session& s);  // destroys them (before the session closes)
void ClearStatementsOf(soci::session& s);   // destroys them, the session still keeping new ones

}  // namespace korrigo::storage
