// Students SQL. Optional text columns are NULL when absent (group_name uses '' so it can key
// classes); the name and search keys are recomputed on every write so they never drift from the
// names.
#include "students/student_store.h"

#include <map>

#include "core/text_fold.h"
#include "storage/query_rows.h"

namespace korrigo::students {
namespace {

constexpr const char* kColumns =
    "SELECT s.id, s.last_name, s.first_name, s.birth_date, s.email, s.class_name, s.group_name, "
    "s.school_id, "
    "s.user_id, s.archived, s.created_at, s.updated_at, u.username, "
    "CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END "
    "FROM students s LEFT JOIN users u ON u.id = s.user_id ";

// Receives one row of kColumns.
struct Row {
  long long id = 0, user_id = 0, created = 0, updated = 0;
  int archived = 0, activated = 0;
  std::string last, first, birth, email, class_name, group, school_id, username;
  soci::indicator birth_ind = soci::i_null, email_ind = soci::i_null, school_ind = soci::i_null,
                  user_ind = soci::i_null, username_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(last));
    st.exchange(soci::into(first));
    st.exchange(soci::into(birth, birth_ind));
    st.exchange(soci::into(email, email_ind));
    st.exchange(soci::into(class_name));
    st.exchange(soci::into(group));
    st.exchange(soci::into(school_id, school_ind));
    st.exchange(soci::into(user_id, user_ind));
    st.exchange(soci::into(archived));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(username, username_ind));
    st.exchange(soci::into(activated));
  }
  Student Get() const {
    Student s;
    s.id = id;
    s.last_name = last;
    s.first_name = first;
    if (birth_ind == soci::i_ok) s.birth_date = birth;
    if (email_ind == soci::i_ok) s.email = email;
    s.class_name = class_name;
    s.group_name = group;
    if (school_ind == soci::i_ok) s.school_id = school_id;
    if (user_ind == soci::i_ok) s.user_id = user_id;
    s.archived = archived != 0;
    s.created_at = created;
    s.updated_at = updated;
    if (username_ind == soci::i_ok) s.username = username;
    s.account_activated = s.user_id && activated != 0;
    return s;
  }
};

// Runs kColumns + `where` with the binder's parameters and collects every row.
template <typename Bind>
std::vector<Student> Select(soci::session& s, const std::string& where, Bind bind) {
  return storage::SelectRows<Row>(s, std::string(kColumns) + where, bind);
}

std::optional<Student> First(std::vector<Student> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// The bound values of the editable columns, with their NULL indicators.
struct Values {
  explicit Values(const Student& st)
      : birth(st.birth_date.value_or("")),
        email(st.email.value_or("")),
        school(st.school_id.value_or("")),
        name_key(NameKey(st.last_name, st.first_name, st.birth_date)),
        search_key(StudentSearchKey(st)),
        birth_ind(st.birth_date ? soci::i_ok : soci::i_null),
        email_ind(st.email ? soci::i_ok : soci::i_null),
        school_ind(st.school_id ? soci::i_ok : soci::i_null),
        archived(st.archived ? 1 : 0) {}
  std::string birth, email, school, name_key, search_key;
  soci::indicator birth_ind, email_ind, school_ind;
  int archived;
};

}  // namespace

std::string GroupPattern(const std::string& group) {
  std::string lower = group;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string escaped = core::LikeContainsPattern(lower);  // "%group%"
  return "%," + escaped.substr(1, escaped.size() - 2) + ",%";
}

std::vector<std::string> SplitGroups(const std::string& groups) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= groups.size()) {
    size_t comma = groups.find(',', start);
    if (comma == std::string::npos) comma = groups.size();
    std::string g = groups.substr(start, comma - start);
    size_t a = g.find_first_not_of(' '), b = g.find_last_not_of(' ');
    if (a != std::string::npos) out.push_back(g.substr(a, b - a + 1));
    start = comma + 1;
  }
  return out;
}

std::string NormalizeGroupList(const std::string& groups) {
  std::string out;
  for (const std::string& g : SplitGroups(groups)) out += (out.empty() ? "" : ", ") + g;
  return out;
}

std::optional<Student> StudentStore::FindById(soci::session& s, int64_t id) const {
  long long key = id;
  return First(Select(s, "WHERE s.id = :id",
                      [&](soci::statement& st) { st.exchange(soci::use(key, "id")); }));
}

std::optional<Student> StudentStore::FindBySchoolId(soci::session& s,
                                                    const std::string& school_id) const {
  return First(Select(s, "WHERE s.school_id = :sid",
                      [&](soci::statement& st) { st.exchange(soci::use(school_id, "sid")); }));
}

std::vector<Student> StudentStore::FindByNameKey(soci::session& s,
                                                 const std::string& name_key) const {
  return Select(s, "WHERE s.name_key = :k ORDER BY s.id",
                [&](soci::statement& st) { st.exchange(soci::use(name_key, "k")); });
}

std::optional<Student> StudentStore::FindByUserId(soci::session& s, int64_t user_id) const {
  long long key = user_id;
  return First(Select(s, "WHERE s.user_id = :u",
                      [&](soci::statement& st) { st.exchange(soci::use(key, "u")); }));
}

int64_t StudentStore::Insert(soci::session& s, const Student& st) const {
  Values v(st);
  long long created = st.created_at, updated = st.updated_at, id = 0;
  s << "INSERT INTO students (last_name, first_name, birth_date, email, class_name, group_name, "
       "school_id, "
       "name_key, search_key, archived, created_at, updated_at) VALUES (:l, :f, :b, :e, :c, :g, "
       ":sid, :nk, :sk, "
       ":a, :cr, :up) RETURNING id",
      soci::use(st.last_name), soci::use(st.first_name), soci::use(v.birth, v.birth_ind),
      soci::use(v.email, v.email_ind), soci::use(st.class_name), soci::use(st.group_name),
      soci::use(v.school, v.school_ind), soci::use(v.name_key), soci::use(v.search_key),
      soci::use(v.archived), soci::use(created), soci::use(updated), soci::into(id);
  return id;
}

void StudentStore::Update(soci::session& s, const Student& st) const {
  Values v(st);
  long long updated = st.updated_at, id = st.id;
  s << "UPDATE students SET last_name = :l, first_name = :f, birth_date = :b, email = :e, "
       "class_name = :c, "
       "group_name = :g, school_id = :sid, name_key = :nk, search_key = :sk, archived = :a, "
       "updated_at = :up "
       "WHERE id = :id",
      soci::use(st.last_name), soci::use(st.first_name), soci::use(v.birth, v.birth_ind),
      soci::use(v.email, v.email_ind), soci::use(st.class_name), soci::use(st.group_name),
      soci::use(v.school, v.school_ind), soci::use(v.name_key), soci::use(v.search_key),
      soci::use(v.archived), soci::use(updated), soci::use(id);
}

void StudentStore::LinkAccount(soci::session& s, int64_t student_id, int64_t user_id,
                               int64_t now) const {
  long long sid = student_id, uid = user_id, at = now;
  s << "UPDATE students SET user_id = :u, updated_at = :t WHERE id = :id", soci::use(uid),
      soci::use(at), soci::use(sid);
}

void StudentStore::Delete(soci::session& s, int64_t id) const {
  long long key = id;
  s << "DELETE FROM students WHERE id = :id", soci::use(key);
}

std::vector<Student> StudentStore::List(soci::session& s, const StudentFilter& f, int64_t offset,
                                        int64_t limit, int64_t* total) const {
  std::string where = "WHERE 1=1";
  std::string pattern = core::LikeContainsPattern(core::FoldText(f.search));
  std::string group = GroupPattern(f.group_name.value_or(""));
  int archived = f.archived.value_or(false) ? 1 : 0;
  if (!f.search.empty()) where += " AND s.search_key LIKE :p ESCAPE '\\'";
  if (!f.class_name.empty()) where += " AND s.class_name = :c";
  if (f.group_name) where += " AND " + std::string(kGroupListSql) + " LIKE :g ESCAPE '\\'";
  if (f.archived) where += " AND s.archived = :a";
  if (!f.ids.empty()) {
    // Ids are integers from the caller's validated input: written as literals, never from text.
    where += " AND s.id IN (";
    for (size_t i = 0; i < f.ids.size(); ++i) where += (i ? "," : "") + std::to_string(f.ids[i]);
    where += ")";
  }
  auto bind = [&](soci::statement& st) {
    if (!f.search.empty()) st.exchange(soci::use(pattern, "p"));
    if (!f.class_name.empty()) st.exchange(soci::use(f.class_name, "c"));
    if (f.group_name) st.exchange(soci::use(group, "g"));
    if (f.archived) st.exchange(soci::use(archived, "a"));
  };
  *total = storage::CountRows(s, std::string("SELECT COUNT(*) FROM students s ") + where, bind);
  long long lim = limit, off = offset;
  return Select(
      s, where + " ORDER BY s.class_name, s.last_name, s.first_name, s.id LIMIT :lim OFFSET :off",
      [&](soci::statement& st) {
        bind(st);
        st.exchange(soci::use(lim, "lim"));
        st.exchange(soci::use(off, "off"));
      });
}

std::vector<ClassCount> StudentStore::Classes(soci::session& s) const {
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  std::string class_name, groups;
  long long count = 0;
  soci::statement st =
      (s.prepare << "SELECT class_name, group_name, COUNT(*) FROM students WHERE archived = 0 "
                    "GROUP BY class_name, group_name",
       soci::into(class_name), soci::into(groups), soci::into(count));
  st.execute();
  while (st.fetch()) {
    counts[{class_name, ""}] += count;
    for (const std::string& g : SplitGroups(groups)) counts[{class_name, g}] += count;
  }
  std::vector<ClassCount> out;
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
  return out;
}

}  // namespace korrigo::students
