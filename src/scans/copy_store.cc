// Copies SQL. Flags are stored as a JSON list; the page count and student name are joined in.
#include "scans/copy_store.h"

#include "storage/query_rows.h"
#include "students/student_store.h"

namespace korrigo::scans {
namespace {

constexpr const char* kColumns =
    "SELECT c.id, c.exam_id, c.sequence, c.anonymous_id, c.status, c.student_id, "
    "COALESCE(st.first_name || ' ' || st.last_name, ''), c.flags, c.scan_id, c.removed, "
    "c.version, (SELECT COUNT(*) FROM pages p WHERE p.copy_id = c.id), c.created_at, "
    "c.updated_at, c.corrector_id, COALESCE(u.display_name, ''), c.grading_version, c.mark_milli, "
    "c.grading_error, c.finalize_job_id, c.finalized_at FROM copies c LEFT JOIN students st ON "
    "st.id = c.student_id LEFT JOIN users u ON u.id = c.corrector_id ";

struct Row {
  long long id = 0, exam_id = 0, student_id = 0, scan_id = 0, version = 0, pages = 0, created = 0,
            updated = 0;
  int sequence = 0, removed = 0;
  std::string anonymous_id, status, student_name, flags;
  soci::indicator student_ind = soci::i_null, scan_ind = soci::i_null;
  long long corrector = 0, grading_version = 0, mark = 0, job = 0, finalized = 0;
  std::string corrector_name, grading_error;
  soci::indicator corrector_ind = soci::i_null, mark_ind = soci::i_null, error_ind = soci::i_null,
                  job_ind = soci::i_null, finalized_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(exam_id));
    st.exchange(soci::into(sequence));
    st.exchange(soci::into(anonymous_id));
    st.exchange(soci::into(status));
    st.exchange(soci::into(student_id, student_ind));
    st.exchange(soci::into(student_name));
    st.exchange(soci::into(flags));
    st.exchange(soci::into(scan_id, scan_ind));
    st.exchange(soci::into(removed));
    st.exchange(soci::into(version));
    st.exchange(soci::into(pages));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(corrector, corrector_ind));
    st.exchange(soci::into(corrector_name));
    st.exchange(soci::into(grading_version));
    st.exchange(soci::into(mark, mark_ind));
    st.exchange(soci::into(grading_error, error_ind));
    st.exchange(soci::into(job, job_ind));
    st.exchange(soci::into(finalized, finalized_ind));
  }
  Copy Get() const {
    Copy c;
    c.id = id;
    c.exam_id = exam_id;
    c.sequence = sequence;
    c.anonymous_id = anonymous_id;
    c.status = status;
    if (student_ind == soci::i_ok) c.student_id = student_id;
    c.student_name = c.student_id ? student_name : "";
    auto parsed = nlohmann::json::parse(flags, nullptr, false);
    if (parsed.is_array())
      for (const auto& f : parsed)
        if (f.is_string()) c.flags.push_back(f.get<std::string>());
    if (scan_ind == soci::i_ok) c.scan_id = scan_id;
    c.removed = removed != 0;
    c.version = version;
    c.page_count = static_cast<int>(pages);
    c.created_at = created;
    c.updated_at = updated;
    if (corrector_ind == soci::i_ok) {
      c.corrector_id = corrector;
      c.corrector_name = corrector_name;
    }
    c.grading_version = grading_version;
    if (mark_ind == soci::i_ok) c.mark_milli = mark;
    if (error_ind == soci::i_ok) c.grading_error = grading_error;
    if (job_ind == soci::i_ok) c.finalize_job_id = job;
    if (finalized_ind == soci::i_ok) c.finalized_at = finalized;
    return c;
  }
};

void LoadSuggestions(soci::session& s, Copy& copy) {
  long long id = copy.id, student = 0;
  std::string name, source;
  double confidence = 0;
  soci::statement st =
      (s.prepare << "SELECT g.student_id, st.first_name || ' ' || st.last_name, g.source, "
                    "g.confidence FROM copy_suggestions g JOIN students st ON st.id = "
                    "g.student_id WHERE g.copy_id = :c ORDER BY g.confidence DESC, g.id",
       soci::use(id), soci::into(student), soci::into(name), soci::into(source),
       soci::into(confidence));
  st.execute();
  while (st.fetch()) copy.suggestions.push_back({student, name, source, confidence});
}

}  // namespace

std::pair<std::string, int> CopyStore::AllocateSequences(soci::session& tx, int64_t exam_id,
                                                         int count) const {
  db_.LockRow(tx, "exams", exam_id);
  long long id = exam_id;
  std::string prefix;
  int next = 1;
  tx << "SELECT copy_prefix, next_copy_seq FROM exams WHERE id = :id", soci::use(id),
      soci::into(prefix), soci::into(next);
  if (prefix.empty()) {
    prefix = NewCopyPrefix();
    tx << "UPDATE exams SET copy_prefix = :p WHERE id = :id", soci::use(prefix), soci::use(id);
  }
  tx << "UPDATE exams SET next_copy_seq = next_copy_seq + :n WHERE id = :id", soci::use(count),
      soci::use(id);
  return {prefix, next};
}

int64_t CopyStore::Insert(soci::session& s, const Copy& c) const {
  long long exam_id = c.exam_id, created = c.created_at, id = 0;
  long long scan = c.scan_id.value_or(0);
  soci::indicator scan_ind = c.scan_id ? soci::i_ok : soci::i_null;
  std::string flags = nlohmann::json(c.flags).dump();
  s << "INSERT INTO copies (exam_id, sequence, anonymous_id, status, flags, scan_id, created_at, "
       "updated_at) VALUES (:e, :q, :a, :s, :f, :sc, :c, :u) RETURNING id",
      soci::use(exam_id), soci::use(c.sequence), soci::use(c.anonymous_id), soci::use(c.status),
      soci::use(flags), soci::use(scan, scan_ind), soci::use(created), soci::use(created),
      soci::into(id);
  return id;
}

std::vector<Copy> CopyStore::Select(soci::session& s, const std::string& where,
                                    const std::function<void(soci::statement&)>& bind) const {
  return storage::SelectRows<Row>(s, std::string(kColumns) + where, bind);
}

std::optional<Copy> CopyStore::FindById(soci::session& s, int64_t id) const {
  long long i = id;
  auto rows =
      Select(s, "WHERE c.id = :id", [&](soci::statement& st) { st.exchange(soci::use(i)); });
  if (rows.empty()) return std::nullopt;
  LoadSuggestions(s, rows.front());
  return rows.front();
}

std::vector<Copy> CopyStore::ListByExam(soci::session& s, int64_t exam_id,
                                        const CopyFilter& filter) const {
  long long e = exam_id;
  std::string status = filter.status.value_or("");
  std::string where = "WHERE c.exam_id = :e";
  if (!filter.include_removed) where += " AND c.removed = 0";
  if (filter.status) where += " AND c.status = :s";
  if (filter.identified) {
    where += *filter.identified ? " AND c.student_id IS NOT NULL" : " AND c.student_id IS NULL";
  }
  if (filter.flagged_only) where += " AND c.flags <> '[]'";
  long long corrector = filter.corrector_id.value_or(0);
  if (filter.corrector_id) where += " AND c.corrector_id = :k";
  where += " ORDER BY c.sequence";
  auto rows = Select(s, where, [&](soci::statement& st) {
    st.exchange(soci::use(e));
    if (filter.status) st.exchange(soci::use(status));
    if (filter.corrector_id) st.exchange(soci::use(corrector));
  });
  for (Copy& c : rows)
    if (!c.student_id) LoadSuggestions(s, c);
  return rows;
}

std::optional<Copy> CopyStore::FindByStudent(soci::session& s, int64_t exam_id,
                                             int64_t student_id) const {
  long long e = exam_id, st_id = student_id;
  auto rows = Select(s, "WHERE c.exam_id = :e AND c.student_id = :s AND c.removed = 0",
                     [&](soci::statement& st) {
                       st.exchange(soci::use(e));
                       st.exchange(soci::use(st_id));
                     });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void CopyStore::Update(soci::session& s, const Copy& c, int64_t now) const {
  long long id = c.id, student = c.student_id.value_or(0), updated = now;
  soci::indicator student_ind = c.student_id ? soci::i_ok : soci::i_null;
  std::string flags = nlohmann::json(c.flags).dump();
  int removed = c.removed ? 1 : 0;
  s << "UPDATE copies SET status = :s, student_id = :st, flags = :f, removed = :r, version = "
       "version + 1, updated_at = :u WHERE id = :id",
      soci::use(c.status), soci::use(student, student_ind), soci::use(flags), soci::use(removed),
      soci::use(updated), soci::use(id);
}

void CopyStore::AddSuggestion(soci::session& s, int64_t copy_id, const CopySuggestion& g,
                              int64_t now) const {
  long long c = copy_id, student = g.student_id, created = now;
  s << "INSERT INTO copy_suggestions (copy_id, student_id, source, confidence, created_at) "
       "VALUES (:c, :s, :src, :conf, :t)",
      soci::use(c), soci::use(student), soci::use(g.source), soci::use(g.confidence),
      soci::use(created);
}

std::vector<int64_t> CopyStore::IdsByScan(soci::session& s, int64_t scan_id) const {
  long long sc = scan_id, id = 0;
  std::vector<int64_t> out;
  soci::statement st = (s.prepare << "SELECT id FROM copies WHERE scan_id = :s ORDER BY id",
                        soci::use(sc), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

void CopyStore::Delete(soci::session& s, int64_t id) const {
  long long i = id;
  s << "DELETE FROM copies WHERE id = :i", soci::use(i);
}

std::vector<NamedStudent> CopyStore::ExpectedStudents(soci::session& s, int64_t exam_id,
                                                      bool without_copy) const {
  long long e = exam_id, id = 0;
  std::string last, first;
  std::string sql =
      "SELECT DISTINCT s.id, s.last_name, s.first_name FROM exam_audiences a JOIN students s ON " +
      std::string(students::kInAudienceSql) + " WHERE a.exam_id = :e";
  if (without_copy) {
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM copies c WHERE c.exam_id = a.exam_id AND c.student_id = "
        "s.id AND c.removed = 0)";
  }
  sql += " ORDER BY s.last_name, s.first_name, s.id";
  std::vector<NamedStudent> out;
  soci::statement st =
      (s.prepare << sql, soci::use(e), soci::into(id), soci::into(last), soci::into(first));
  st.execute();
  while (st.fetch()) out.push_back({id, last, first});
  return out;
}

}  // namespace korrigo::scans
