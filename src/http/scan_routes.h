// Route table of scanned PDFs and page images: upload and follow scans of an exam, delete one, and
// fetch a page's image (authorised and masked per caller by the service).
#pragma once

#include <vector>

#include "http/route.h"
#include "scans/page_image_service.h"
#include "scans/scan_service.h"

namespace korrigo::http {

struct ScanRouteDeps {
  scans::ScanService* scans = nullptr;
  scans::PageImageService* images = nullptr;
  int64_t max_file_bytes = 500LL << 20;   // one PDF
  int64_t max_request_bytes = 2LL << 30;  // one upload request
  int uploads_per_hour = 120;             // per user
};

std::vector<Route> ScanRoutes(const ScanRouteDeps& deps);

}  // namespace korrigo::http
