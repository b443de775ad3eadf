// Scans SQL.
#include "scans/scan_store.h"

#include "storage/query_rows.h"

namespace korrigo::scans {
namespace {

constexpr const char* kColumns =
    "SELECT id, exam_id, filename, size_bytes, sha256, file_key, status, progress, page_count, "
    "pages_done, copies_built, error, error_rule, job_id, uploaded_by, created_at, updated_at "
    "FROM scans ";

struct Row {
  long long id = 0, exam_id = 0, size = 0, job_id = 0, uploaded_by = 0, created = 0, updated = 0;
  int progress = 0, page_count = 0, pages_done = 0, copies_built = 0;
  std::string filename, sha, key, status, error, rule;
  soci::indicator pages_ind = soci::i_null, error_ind = soci::i_null, rule_ind = soci::i_null,
                  job_ind = soci::i_null, by_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(exam_id));
    st.exchange(soci::into(filename));
    st.exchange(soci::into(size));
    st.exchange(soci::into(sha));
    st.exchange(soci::into(key));
    st.exchange(soci::into(status));
    st.exchange(soci::into(progress));
    st.exchange(soci::into(page_count, pages_ind));
    st.exchange(soci::into(pages_done));
    st.exchange(soci::into(copies_built));
    st.exchange(soci::into(error, error_ind));
    st.exchange(soci::into(rule, rule_ind));
    st.exchange(soci::into(job_id, job_ind));
    st.exchange(soci::into(uploaded_by, by_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
  Scan Get() const {
    Scan s;
    s.id = id;
    s.exam_id = exam_id;
    s.filename = filename;
    s.size_bytes = size;
    s.sha256 = sha;
    s.file_key = key;
    s.status = status;
    s.progress = progress;
    if (pages_ind == soci::i_ok) s.page_count = page_count;
    s.pages_done = pages_done;
    s.copies_built = copies_built != 0;
    if (error_ind == soci::i_ok) s.error = error;
    if (rule_ind == soci::i_ok) s.error_rule = rule;
    if (job_ind == soci::i_ok) s.job_id = job_id;
    if (by_ind == soci::i_ok) s.uploaded_by = uploaded_by;
    s.created_at = created;
    s.updated_at = updated;
    return s;
  }
};

template <typename Bind>
std::vector<Scan> Select(soci::session& s, const std::string& where, Bind bind) {
  return storage::SelectRows<Row>(s, std::string(kColumns) + where, bind);
}

}  // namespace

int64_t ScanStore::Insert(soci::session& s, const Scan& scan) const {
  long long exam_id = scan.exam_id, size = scan.size_bytes, created = scan.created_at;
  long long by = scan.uploaded_by.value_or(0);
  soci::indicator by_ind = scan.uploaded_by ? soci::i_ok : soci::i_null;
  long long id = 0;
  s << "INSERT INTO scans (exam_id, filename, size_bytes, sha256, file_key, status, uploaded_by, "
       "created_at, updated_at) VALUES (:e, :f, :s, :h, :k, :st, :by, :c, :u) RETURNING id",
      soci::use(exam_id), soci::use(scan.filename), soci::use(size), soci::use(scan.sha256),
      soci::use(scan.file_key), soci::use(scan.status), soci::use(by, by_ind), soci::use(created),
      soci::use(created), soci::into(id);
  return id;
}

std::optional<Scan> ScanStore::FindById(soci::session& s, int64_t id) const {
  long long i = id;
  auto rows = Select(s, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(i)); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<Scan> ScanStore::FindBySha(soci::session& s, int64_t exam_id,
                                         const std::string& sha) const {
  long long e = exam_id;
  auto rows = Select(s, "WHERE exam_id = :e AND sha256 = :h", [&](soci::statement& st) {
    st.exchange(soci::use(e));
    st.exchange(soci::use(sha));
  });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Scan> ScanStore::ListByExam(soci::session& s, int64_t exam_id) const {
  long long e = exam_id;
  return Select(s, "WHERE exam_id = :e ORDER BY id",
                [&](soci::statement& st) { st.exchange(soci::use(e)); });
}

void ScanStore::SetJob(soci::session& s, int64_t id, int64_t job_id) const {
  long long i = id, j = job_id;
  s << "UPDATE scans SET job_id = :j WHERE id = :i", soci::use(j), soci::use(i);
}

void ScanStore::UpdateState(soci::session& s, const Scan& scan, int64_t now) const {
  long long id = scan.id, updated = now;
  int pages = scan.page_count.value_or(0), built = scan.copies_built ? 1 : 0;
  soci::indicator pages_ind = scan.page_count ? soci::i_ok : soci::i_null;
  std::string error = scan.error.value_or(""), rule = scan.error_rule.value_or("");
  soci::indicator error_ind = scan.error ? soci::i_ok : soci::i_null;
  soci::indicator rule_ind = scan.error_rule ? soci::i_ok : soci::i_null;
  s << "UPDATE scans SET status = :st, progress = :p, page_count = :pc, pages_done = :pd, "
       "copies_built = :b, error = :er, error_rule = :r, updated_at = :u WHERE id = :id",
      soci::use(scan.status), soci::use(scan.progress), soci::use(pages, pages_ind),
      soci::use(scan.pages_done), soci::use(built), soci::use(error, error_ind),
      soci::use(rule, rule_ind), soci::use(updated), soci::use(id);
}

void ScanStore::Delete(soci::session& s, int64_t id) const {
  long long i = id;
  s << "DELETE FROM scans WHERE id = :i", soci::use(i);
}

int64_t ScanStore::CountByExam(soci::session& s, int64_t exam_id) const {
  long long e = exam_id, n = 0;
  s << "SELECT COUNT(*) FROM scans WHERE exam_id = :e", soci::use(e), soci::into(n);
  return n;
}

}  // namespace korrigo::scans
