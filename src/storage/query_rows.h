// Small templates for the statements every store writes: counting the rows of a filtered list, and
// reading rows into values through a Row binder. `bind(statement&)` adds the caller's named
// parameters; SQL comes from the store.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

namespace korrigo::storage {

// SELECT COUNT(*) with the binder's parameters.
template <typename Bind>
int64_t CountRows(soci::session& s, const std::string& count_sql, Bind bind) {
  long long count = 0;
  soci::statement st(s);
  st.alloc();
  bind(st);
  st.exchange(soci::into(count));
  st.prepare(count_sql);
  st.define_and_bind();
  st.execute(true);
  return count;
}

// Every row of `sql`, read through a fresh `Row` (which has Bind(statement&) for its columns and
// Get() → value).
template <typename Row, typename Bind>
auto SelectRows(soci::session& s, const std::string& sql, Bind bind) {
  Row row;
  std::vector<decltype(row.Get())> out;
  soci::statement st(s);
  st.alloc();
  row.Bind(st);
  bind(st);
  st.prepare(sql);
  st.define_and_bind();
  if (st.execute(true)) {
    do {
      out.push_back(row.Get());
    } while (st.fetch());
  }
  return out;
}

}  // namespace korrigo::storage
