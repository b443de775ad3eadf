// Generated scanned batches for tests: runs tools/scangen into a scratch directory and reads back
// its PDFs and ground truth, and follows uploaded scans until their processing ends.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/accounts.h"
#include "testing/test_database.h"

namespace korrigo::itest {

struct GeneratedBatch {
  korrigo::testing::TempDir dir;
  nlohmann::json truth;
  std::string Bytes(const std::string& file) const;  // a file of the batch
};

// Runs `scangen --out DIR <args>`; fails the test when it does not succeed.
std::unique_ptr<GeneratedBatch> GenerateBatch(const std::vector<std::string>& args);

// Polls GET /api/v1/scans/{id} until its status is done or failed (at most `seconds`); returns
// the last answer.
nlohmann::json WaitForScan(uint16_t port, const Session& admin, int64_t scan_id, int seconds = 90);

// For each copy of the truth, its pages as "file_page/half" strings, in order.
std::vector<std::vector<std::string>> TruthCopies(const nlohmann::json& truth,
                                                  const std::string& file);
// Whether the truth says the image of PDF page `index` of `file` is upside down.
bool TruthUpsideDown(const nlohmann::json& truth, const std::string& file, int index);

}  // namespace korrigo::itest
