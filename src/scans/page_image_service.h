// PageImageService: the bytes of a page's viewing image or thumbnail for one caller. Admins see
// every page as scanned; a teacher sees the pages of the validated copies dispatched to them only,
// with the exam's identity zone blanked on the server wherever it applies (so the unmasked bytes
// never leave it); anyone else is told the page does not exist. The page's rotation is applied too.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "files/file_store.h"
#include "scans/copy_store.h"
#include "scans/page_store.h"
#include "storage/database.h"

namespace korrigo::scans {

struct ImageViewer {
  int64_t user_id = 0;
  std::string role;
};

struct PageImage {
  std::string etag;   // quoted, changes with the image, its rotation and its mask
  std::string bytes;  // empty when not_modified
  bool not_modified = false;
  bool masked = false;
};

class PageImageService {
 public:
  PageImageService(storage::Database& db, files::FileStore& files)
      : db_(db), files_(files), copies_(db) {}

  // `variant` is "view" or "thumb"; `if_none_match` is the request's header ("" when absent).
  // Errors: invalid_argument (variant), not_found (no such page, or not for this viewer),
  // unavailable (storage), internal (an image that cannot be decoded).
  core::Result<PageImage> Get(int64_t page_id, const std::string& variant,
                              const ImageViewer& viewer, const std::string& if_none_match);

 private:
  storage::Database& db_;
  files::FileStore& files_;
  CopyStore copies_;
  PageStore pages_;
};

}  // namespace korrigo::scans
