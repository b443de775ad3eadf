// Pages SQL.
#include "scans/page_store.h"

#include "storage/query_rows.h"

namespace korrigo::scans {
namespace {

constexpr const char* kColumns =
    "SELECT id, exam_id, scan_id, source_index, half, size_class, width_px, height_px, "
    "auto_rotation, rotation, orientation_confidence, ink_ratio, blank, content_sha256, view_key, "
    "thumb_key, copy_id, position, created_at FROM pages ";

constexpr const char* kPdfOrder = " ORDER BY source_index, half";  // full < left < right

struct Row {
  long long id = 0, exam_id = 0, scan_id = 0, copy_id = 0, created = 0;
  int source_index = 0, width = 0, height = 0, auto_rotation = 0, rotation = 0, blank = 0,
      position = 0;
  double confidence = 1, ink = 0;
  std::string half, size_class, sha, view_key, thumb_key;
  soci::indicator copy_ind = soci::i_null, position_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(exam_id));
    st.exchange(soci::into(scan_id));
    st.exchange(soci::into(source_index));
    st.exchange(soci::into(half));
    st.exchange(soci::into(size_class));
    st.exchange(soci::into(width));
    st.exchange(soci::into(height));
    st.exchange(soci::into(auto_rotation));
    st.exchange(soci::into(rotation));
    st.exchange(soci::into(confidence));
    st.exchange(soci::into(ink));
    st.exchange(soci::into(blank));
    st.exchange(soci::into(sha));
    st.exchange(soci::into(view_key));
    st.exchange(soci::into(thumb_key));
    st.exchange(soci::into(copy_id, copy_ind));
    st.exchange(soci::into(position, position_ind));
    st.exchange(soci::into(created));
  }
  Page Get() const {
    Page p;
    p.id = id;
    p.exam_id = exam_id;
    p.scan_id = scan_id;
    p.source_index = source_index;
    p.half = half;
    p.size_class = size_class;
    p.width_px = width;
    p.height_px = height;
    p.auto_rotation = auto_rotation;
    p.rotation = rotation;
    p.orientation_confidence = confidence;
    p.ink_ratio = ink;
    p.blank = blank != 0;
    p.content_sha256 = sha;
    p.view_key = view_key;
    p.thumb_key = thumb_key;
    if (copy_ind == soci::i_ok) p.copy_id = copy_id;
    if (position_ind == soci::i_ok) p.position = position;
    p.created_at = created;
    return p;
  }
};

template <typename Bind>
std::vector<Page> Select(soci::session& s, const std::string& where, Bind bind) {
  return storage::SelectRows<Row>(s, std::string(kColumns) + where, bind);
}

}  // namespace

int64_t PageStore::Insert(soci::session& s, const Page& p) const {
  long long exam_id = p.exam_id, scan_id = p.scan_id, created = p.created_at, id = 0;
  int blank = p.blank ? 1 : 0;
  s << "INSERT INTO pages (exam_id, scan_id, source_index, half, size_class, width_px, height_px, "
       "auto_rotation, rotation, orientation_confidence, ink_ratio, blank, content_sha256, "
       "view_key, thumb_key, created_at) VALUES (:e, :s, :i, :h, :sc, :w, :hh, :ar, :r, :oc, "
       ":ink, :b, :sha, :vk, :tk, :c) RETURNING id",
      soci::use(exam_id), soci::use(scan_id), soci::use(p.source_index), soci::use(p.half),
      soci::use(p.size_class), soci::use(p.width_px), soci::use(p.height_px),
      soci::use(p.auto_rotation), soci::use(p.rotation), soci::use(p.orientation_confidence),
      soci::use(p.ink_ratio), soci::use(blank), soci::use(p.content_sha256), soci::use(p.view_key),
      soci::use(p.thumb_key), soci::use(created), soci::into(id);
  return id;
}

std::optional<Page> PageStore::FindById(soci::session& s, int64_t id) const {
  long long i = id;
  auto rows = Select(s, "WHERE id = :id", [&](soci::statement& st) { st.exchange(soci::use(i)); });
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Page> PageStore::ListByScan(soci::session& s, int64_t scan_id) const {
  long long i = scan_id;
  return Select(s, std::string("WHERE scan_id = :s") + kPdfOrder,
                [&](soci::statement& st) { st.exchange(soci::use(i)); });
}

std::vector<Page> PageStore::ListByCopy(soci::session& s, int64_t copy_id) const {
  long long i = copy_id;
  return Select(s, "WHERE copy_id = :c ORDER BY position, id",
                [&](soci::statement& st) { st.exchange(soci::use(i)); });
}

std::vector<Page> PageStore::ListPool(soci::session& s, int64_t exam_id) const {
  long long i = exam_id;
  return Select(s, "WHERE exam_id = :e AND copy_id IS NULL ORDER BY scan_id, source_index, half",
                [&](soci::statement& st) { st.exchange(soci::use(i)); });
}

std::set<int> PageStore::DoneSourceIndexes(soci::session& s, int64_t scan_id) const {
  long long i = scan_id;
  std::set<int> out;
  for (const Page& p : ListByScan(s, i)) out.insert(p.source_index);
  return out;
}

void PageStore::SetPlacement(soci::session& s, int64_t page_id, std::optional<int64_t> copy_id,
                             std::optional<int> position) const {
  long long id = page_id, c = copy_id.value_or(0);
  int pos = position.value_or(0);
  soci::indicator c_ind = copy_id ? soci::i_ok : soci::i_null;
  soci::indicator p_ind = position ? soci::i_ok : soci::i_null;
  s << "UPDATE pages SET copy_id = :c, position = :p WHERE id = :id", soci::use(c, c_ind),
      soci::use(pos, p_ind), soci::use(id);
}

void PageStore::SetRotation(soci::session& s, int64_t page_id, int rotation) const {
  long long id = page_id;
  s << "UPDATE pages SET rotation = :r WHERE id = :id", soci::use(rotation), soci::use(id);
}

void PageStore::DeleteByScan(soci::session& s, int64_t scan_id) const {
  long long id = scan_id;
  s << "DELETE FROM pages WHERE scan_id = :s", soci::use(id);
}

}  // namespace korrigo::scans
