// Exams SQL. Lists load the audiences and correctors of a whole page with one query each; id lists
// are written as integer literals (they come from rows just read, never from text).
#include "exams/exam_store.h"

#include "core/text_fold.h"
#include "storage/query_rows.h"
#include "students/student_store.h"

namespace korrigo::exams {
namespace {

constexpr const char* kColumns =
    "SELECT id, name, subject, exam_date, scale_milli, rounding_milli, pages_per_copy, "
    "scan_layout, "
    "scheme_version, created_by, archived, created_at, updated_at, "
    "CASE WHEN scheme_json = '[]' THEN 0 ELSE 1 END FROM exams ";

struct Row {
  long long id = 0, scale = 0, rounding = 0, version = 0, created_by = 0, created = 0, updated = 0;
  int pages = 0, archived = 0, has_scheme = 0;
  std::string name, subject, date, layout;
  soci::indicator date_ind = soci::i_null, created_by_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(date, date_ind));
    st.exchange(soci::into(scale));
    st.exchange(soci::into(rounding));
    st.exchange(soci::into(pages));
    st.exchange(soci::into(layout));
    st.exchange(soci::into(version));
    st.exchange(soci::into(created_by, created_by_ind));
    st.exchange(soci::into(archived));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(has_scheme));
  }
  Exam Get() const {
    Exam e;
    e.id = id;
    e.name = name;
    e.subject = subject;
    if (date_ind == soci::i_ok) e.exam_date = date;
    e.scale_milli = scale;
    e.rounding_milli = rounding;
    e.pages_per_copy = pages;
    e.scan_layout = layout;
    e.scheme_version = version;
    if (created_by_ind == soci::i_ok) e.created_by = created_by;
    e.archived = archived != 0;
    e.created_at = created;
    e.updated_at = updated;
    e.has_scheme = has_scheme != 0;
    return e;
  }
};

std::string IdList(const std::vector<int64_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out;
}

std::string SearchKey(const Exam& e) { return core::FoldText(e.name + " " + e.subject); }

// Fills the audiences and correctors of `exams` with one query each.
void LoadMembers(soci::session& s, std::vector<Exam>& exams) {
  if (exams.empty()) return;
  std::map<int64_t, Exam*> by_id;
  std::vector<int64_t> ids;
  for (Exam& e : exams) {
    by_id[e.id] = &e;
    ids.push_back(e.id);
  }
  long long exam_id = 0, user_id = 0;
  std::string class_name, group;
  soci::statement audiences =
      (s.prepare
           << "SELECT exam_id, class_name, group_name FROM exam_audiences WHERE exam_id IN (" +
                  IdList(ids) + ") ORDER BY exam_id, class_name, group_name",
       soci::into(exam_id), soci::into(class_name), soci::into(group));
  audiences.execute();
  while (audiences.fetch()) by_id[exam_id]->audiences.push_back({class_name, group});
  soci::statement correctors =
      (s.prepare << "SELECT exam_id, user_id FROM exam_correctors WHERE exam_id IN (" +
                        IdList(ids) + ") ORDER BY exam_id, user_id",
       soci::into(exam_id), soci::into(user_id));
  correctors.execute();
  while (correctors.fetch()) by_id[exam_id]->corrector_ids.push_back(user_id);
}

template <typename Bind>
std::vector<Exam> Select(soci::session& s, const std::string& where, Bind bind) {
  std::vector<Exam> out = storage::SelectRows<Row>(s, std::string(kColumns) + where, bind);
  LoadMembers(s, out);
  return out;
}

}  // namespace

std::optional<Exam> ExamStore::FindById(soci::session& s, int64_t id) const {
  long long key = id;
  auto rows =
      Select(s, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(key, "id")); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

int64_t ExamStore::Insert(soci::session& s, const Exam& e) const {
  std::string date = e.exam_date.value_or(""), search = SearchKey(e);
  soci::indicator date_ind = e.exam_date ? soci::i_ok : soci::i_null;
  soci::indicator by_ind = e.created_by ? soci::i_ok : soci::i_null;
  long long scale = e.scale_milli, rounding = e.rounding_milli, by = e.created_by.value_or(0),
            created = e.created_at, updated = e.updated_at, id = 0;
  int archived = e.archived;
  s << "INSERT INTO exams (name, subject, exam_date, scale_milli, rounding_milli, pages_per_copy, "
       "scan_layout, "
       "search_key, created_by, archived, created_at, updated_at) VALUES (:n, :s, :d, :sc, :r, :p, "
       ":l, :k, :b, :a, "
       ":c, :u) RETURNING id",
      soci::use(e.name), soci::use(e.subject), soci::use(date, date_ind), soci::use(scale),
      soci::use(rounding), soci::use(e.pages_per_copy), soci::use(e.scan_layout), soci::use(search),
      soci::use(by, by_ind), soci::use(archived), soci::use(created), soci::use(updated),
      soci::into(id);
  return id;
}

void ExamStore::Update(soci::session& s, const Exam& e) const {
  std::string date = e.exam_date.value_or(""), search = SearchKey(e);
  soci::indicator date_ind = e.exam_date ? soci::i_ok : soci::i_null;
  long long scale = e.scale_milli, rounding = e.rounding_milli, updated = e.updated_at, id = e.id;
  int archived = e.archived;
  s << "UPDATE exams SET name = :n, subject = :s, exam_date = :d, scale_milli = :sc, "
       "rounding_milli = :r, "
       "pages_per_copy = :p, scan_layout = :l, search_key = :k, archived = :a, updated_at = :u "
       "WHERE id = :id",
      soci::use(e.name), soci::use(e.subject), soci::use(date, date_ind), soci::use(scale),
      soci::use(rounding), soci::use(e.pages_per_copy), soci::use(e.scan_layout), soci::use(search),
      soci::use(archived), soci::use(updated), soci::use(id);
}

void ExamStore::SetAudiences(soci::session& s, int64_t exam_id,
                             const std::vector<Audience>& audiences) const {
  long long id = exam_id;
  s << "DELETE FROM exam_audiences WHERE exam_id = :id", soci::use(id);
  for (const Audience& a : audiences) {
    s << "INSERT INTO exam_audiences (exam_id, class_name, group_name) VALUES (:id, :c, :g)",
        soci::use(id), soci::use(a.class_name), soci::use(a.group_name);
  }
}

void ExamStore::SetCorrectors(soci::session& s, int64_t exam_id,
                              const std::vector<int64_t>& user_ids, int64_t now) const {
  long long id = exam_id, at = now;
  s << "DELETE FROM exam_correctors WHERE exam_id = :id", soci::use(id);
  for (int64_t user : user_ids) {
    long long uid = user;
    s << "INSERT INTO exam_correctors (exam_id, user_id, added_at) VALUES (:id, :u, :t)",
        soci::use(id), soci::use(uid), soci::use(at);
  }
}

void ExamStore::Delete(soci::session& s, int64_t id) const {
  long long key = id;
  s << "DELETE FROM exams WHERE id = :id", soci::use(key);
}

bool ExamStore::IsCorrector(soci::session& s, int64_t exam_id, int64_t user_id) const {
  long long e = exam_id, u = user_id;
  int n = 0;
  s << "SELECT COUNT(*) FROM exam_correctors WHERE exam_id = :e AND user_id = :u", soci::use(e),
      soci::use(u), soci::into(n);
  return n > 0;
}

std::vector<Exam> ExamStore::List(soci::session& s, const ExamFilter& f, int64_t offset,
                                  int64_t limit, int64_t* total) const {
  std::string where = "WHERE 1=1";
  std::string pattern = core::LikeContainsPattern(core::FoldText(f.search));
  int archived = f.archived.value_or(false);
  long long corrector = f.corrector_id.value_or(0);
  if (!f.search.empty()) where += " AND search_key LIKE :p ESCAPE '\\'";
  if (f.archived) where += " AND archived = :a";
  if (f.corrector_id)
    where += " AND id IN (SELECT exam_id FROM exam_correctors WHERE user_id = :u)";
  auto bind = [&](soci::statement& st) {
    if (!f.search.empty()) st.exchange(soci::use(pattern, "p"));
    if (f.archived) st.exchange(soci::use(archived, "a"));
    if (f.corrector_id) st.exchange(soci::use(corrector, "u"));
  };
  *total = storage::CountRows(s, std::string("SELECT COUNT(*) FROM exams ") + where, bind);
  long long lim = limit, off = offset;
  return Select(
      s, where + " ORDER BY exam_date IS NULL, exam_date DESC, name, id LIMIT :lim OFFSET :off",
      [&](soci::statement& st) {
        bind(st);
        st.exchange(soci::use(lim, "lim"));
        st.exchange(soci::use(off, "off"));
      });
}

std::map<int64_t, ExamProgress> ExamStore::Progress(soci::session& s,
                                                    const std::vector<int64_t>& ids) const {
  std::map<int64_t, ExamProgress> out;
  if (ids.empty()) return out;
  for (int64_t id : ids) out[id] = {};
  // Expected students: active roster students in one of the exam's classes (or groups), counted
  // once each. This reads the students table directly because one grouped query per page is the
  // point.
  long long exam_id = 0, count = 0;
  soci::statement st =
      (s.prepare << "SELECT a.exam_id, COUNT(DISTINCT s.id) FROM exam_audiences a JOIN students s "
                    "ON " +
                        std::string(students::kInAudienceSql) + " WHERE a.exam_id IN (" +
                        IdList(ids) + ") GROUP BY a.exam_id",
       soci::into(exam_id), soci::into(count));
  st.execute();
  while (st.fetch()) out[exam_id].students_expected = count;
  long long copies = 0, identified = 0, graded = 0;
  soci::statement cs =
      (s.prepare << "SELECT exam_id, COUNT(*), COUNT(student_id), "
                    "SUM(CASE WHEN status = 'graded' THEN 1 ELSE 0 END) FROM copies "
                    "WHERE removed = 0 AND exam_id IN (" +
                        IdList(ids) + ") GROUP BY exam_id",
       soci::into(exam_id), soci::into(copies), soci::into(identified), soci::into(graded));
  cs.execute();
  while (cs.fetch()) {
    out[exam_id].copies = copies;
    out[exam_id].identified = identified;
    out[exam_id].graded = graded;
  }
  return out;
}

std::optional<StoredScheme> ExamStore::LoadScheme(soci::session& s, int64_t exam_id) const {
  long long id = exam_id, version = 0, next = 0;
  StoredScheme out;
  soci::indicator ind = soci::i_null;
  s << "SELECT scheme_json, scheme_version, scheme_next_id FROM exams WHERE id = :id",
      soci::use(id), soci::into(out.json, ind), soci::into(version), soci::into(next);
  if (ind != soci::i_ok) return std::nullopt;
  out.version = version;
  out.next_id = next;
  return out;
}

std::optional<std::string> ExamStore::LoadSchemeVersion(soci::session& s, int64_t exam_id,
                                                        int64_t version) const {
  long long id = exam_id, v = version;
  std::string json;
  soci::indicator ind = soci::i_null;
  s << "SELECT scheme_json FROM scheme_versions WHERE exam_id = :id AND version = :v",
      soci::use(id), soci::use(v), soci::into(json, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return json;
}

void ExamStore::SaveScheme(soci::session& s, int64_t exam_id, const StoredScheme& scheme,
                           std::optional<int64_t> author, int64_t now) const {
  long long id = exam_id, version = scheme.version, next = scheme.next_id, at = now,
            by = author.value_or(0);
  soci::indicator by_ind = author ? soci::i_ok : soci::i_null;
  s << "UPDATE exams SET scheme_json = :j, scheme_version = :v, scheme_next_id = :n, updated_at = "
       ":t WHERE id = :id",
      soci::use(scheme.json), soci::use(version), soci::use(next), soci::use(at), soci::use(id);
  s << "INSERT INTO scheme_versions (exam_id, version, scheme_json, created_by, created_at) VALUES "
       "(:id, :v, :j, "
       ":b, :t)",
      soci::use(id), soci::use(version), soci::use(scheme.json), soci::use(by, by_ind),
      soci::use(at);
}

}  // namespace korrigo::exams
