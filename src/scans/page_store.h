// PageStore: SQL for the pages table. Methods run on the caller's session or transaction; SOCI
// exceptions propagate.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <set>
#include <vector>

#include "scans/page.h"

namespace korrigo::scans {

class PageStore {
 public:
  int64_t Insert(soci::session& s, const Page& page) const;
  std::optional<Page> FindById(soci::session& s, int64_t id) const;
  // In PDF order (source index, then left before right).
  std::vector<Page> ListByScan(soci::session& s, int64_t scan_id) const;
  // In copy order.
  std::vector<Page> ListByCopy(soci::session& s, int64_t copy_id) const;
  // The exam's pages in no copy, in scan then PDF order.
  std::vector<Page> ListPool(soci::session& s, int64_t exam_id) const;
  // The PDF pages of a scan that already have their images (a resumed job skips them).
  std::set<int> DoneSourceIndexes(soci::session& s, int64_t scan_id) const;
  void SetPlacement(soci::session& s, int64_t page_id, std::optional<int64_t> copy_id,
                    std::optional<int> position) const;
  void SetRotation(soci::session& s, int64_t page_id, int rotation) const;
  void DeleteByScan(soci::session& s, int64_t scan_id) const;
};

}  // namespace korrigo::scans
