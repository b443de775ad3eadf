// Generated batches (see scan_batches.h).
#include "support/scan_batches.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "support/server_process.h"

namespace korrigo::itest {

std::string GeneratedBatch::Bytes(const std::string& file) const {
  std::ifstream in(dir.path() + "/" + file, std::ios::binary);
  EXPECT_TRUE(in) << file;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<GeneratedBatch> GenerateBatch(const std::vector<std::string>& args) {
  auto batch = std::make_unique<GeneratedBatch>();
  const char* override_path = std::getenv("KORRIGO_SCANGEN");  // another build of the generator
  std::string command = std::string(override_path ? override_path : KORRIGO_SCANGEN_PATH) +
                        " --out '" + batch->dir.path() + "'";
  for (const std::string& a : args) command += " '" + a + "'";
  command += " > '" + batch->dir.path() + "/scangen.log' 2>&1";
  int rc = std::system(command.c_str());
  EXPECT_EQ(rc, 0) << command;
  std::ifstream truth(batch->dir.path() + "/truth.json");
  EXPECT_TRUE(truth) << "no truth.json";
  if (truth) batch->truth = nlohmann::json::parse(truth, nullptr, false);
  return batch;
}

nlohmann::json WaitForScan(uint16_t port, const Session& admin, int64_t scan_id, int seconds) {
  nlohmann::json last;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    HttpResponse r = Call(port, admin, "GET", "/api/v1/scans/" + std::to_string(scan_id));
    if (r.status != 200) {
      ADD_FAILURE() << "scan " << scan_id << ": " << r.status << " " << r.body;
      return last;
    }
    last = r.Json();
    std::string status = last.value("status", "");
    if (status == "done" || status == "failed") return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "scan " << scan_id << " still " << last.dump() << " after " << seconds << " s";
  return last;
}

std::vector<std::vector<std::string>> TruthCopies(const nlohmann::json& truth,
                                                  const std::string& file) {
  std::vector<std::vector<std::string>> out;
  for (const auto& copy : truth.at("copies")) {
    if (copy.at("file") != file) continue;
    std::vector<std::string> pages;
    for (const auto& p : copy.at("pages")) {
      // file_page is 1-based in the truth; Korrigo's source_index is 0-based.
      pages.push_back(std::to_string(p.at("file_page").get<int>() - 1) + "/" +
                      p.at("half").get<std::string>());
    }
    out.push_back(pages);
  }
  return out;
}

bool TruthUpsideDown(const nlohmann::json& truth, const std::string& file, int index) {
  for (const auto& f : truth.at("files")) {
    if (f.at("name") != file) continue;
    for (const auto& p : f.at("pages"))
      if (p.at("index") == index) return p.value("rotated_180", false);
  }
  return false;
}

}  // namespace korrigo::itest
