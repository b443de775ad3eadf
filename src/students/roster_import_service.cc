// Import preview and commit. The plan (parsed rows) is stored with a hash of its token; the commit
// recomputes it against the roster as it is now and applies it only when it is still the plan the
// admin saw.
#include "students/roster_import_service.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/calendar_date.h"
#include "core/digest.h"
#include "core/random.h"
#include "students/roster_plan.h"

namespace korrigo::students {
namespace {

constexpr int64_t kPreviewTtlMs = 60LL * 60 * 1000;  // one hour to look at the preview and confirm
constexpr size_t kMaxMissingListed = 1000;

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::Internal("Fichier reçu illisible.");
  in.seekg(0, std::ios::end);
  auto size = static_cast<int64_t>(in.tellg());
  if (size > kMaxRosterFileBytes) {
    return core::Error{core::ErrorCode::kPayloadTooLarge,
                       "Fichier trop volumineux : 5 Mo au plus.",
                       {{"max_bytes", kMaxRosterFileBytes}}};
  }
  in.seekg(0);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), size);
  return bytes;
}

std::vector<Student> AllStudents(soci::session& s, const StudentStore& store) {
  StudentFilter all;
  all.archived = std::nullopt;
  int64_t total = 0;
  return store.List(s, all, 0, 1'000'000, &total);
}

nlohmann::json PreviewJson(const RosterPlan& plan) {
  nlohmann::json rows = nlohmann::json::array(), rejected = nlohmann::json::array(),
                 missing = nlohmann::json::array();
  nlohmann::json counts = {{"create", 0}, {"update", 0}, {"unchanged", 0}};
  for (const PlannedRow& r : plan.rows) {
    counts[r.action] = counts[r.action].get<int>() + 1;
    rows.push_back({{"row", r.row_number},
                    {"action", r.action},
                    {"student_id", r.target.id ? nlohmann::json(r.target.id) : nlohmann::json()},
                    {"student", r.target.ToJson()},
                    {"changes", r.changes},
                    {"warnings", r.warnings}});
  }
  for (const RejectedRow& r : plan.rejected) {
    rejected.push_back({{"row", r.row_number}, {"reason", r.reason}, {"excerpt", r.excerpt}});
  }
  for (size_t i = 0; i < plan.missing.size() && i < kMaxMissingListed; ++i) {
    const Student& s = plan.missing[i];
    missing.push_back({{"student_id", s.id},
                       {"last_name", s.last_name},
                       {"first_name", s.first_name},
                       {"class_name", s.class_name}});
  }
  counts["rejected"] = plan.rejected.size();
  counts["missing"] = plan.missing.size();
  return {{"counts", counts}, {"rows", rows}, {"rejected", rejected}, {"missing", missing}};
}

}  // namespace

core::Result<nlohmann::json> RosterImportService::Preview(const std::string& path,
                                                          const std::string& file_name,
                                                          const std::string& sha256_hex,
                                                          int64_t actor_id,
                                                          const audit::AuditContext& context) {
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.take_error();
  int64_t now = clock_.NowMs();
  auto parsed = ParseRosterFile(*bytes, {.max_bytes = kMaxRosterFileBytes,
                                         .max_rows = 20'000,
                                         .current_year = core::DateOfEpochMs(now).year});
  if (!parsed) return parsed.take_error();
  std::string token = core::RandomHex(32);
  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    RosterPlan plan = PlanRosterImport(parsed->rows, parsed->rejected, AllStudents(tx, store_));
    nlohmann::json rows = nlohmann::json::array();
    for (const RosterRow& r : parsed->rows) rows.push_back(RosterRowToJson(r));
    nlohmann::json stored = {{"rows", rows}, {"fingerprint", PlanFingerprint(plan)}};
    for (const RejectedRow& r : parsed->rejected) {
      stored["rejected"].push_back(
          {{"row", r.row_number}, {"reason", r.reason}, {"excerpt", r.excerpt}});
    }
    std::string token_hash = core::Sha256Hex(token), plan_json = stored.dump();
    long long by = actor_id, created = now, expires = now + kPreviewTtlMs;
    tx << "DELETE FROM roster_imports WHERE expires_at < :now", soci::use(created);
    tx << "INSERT INTO roster_imports (token_hash, created_by, created_at, expires_at, file_name, "
          "file_sha256, "
          "plan_json) VALUES (:t, :b, :c, :e, :f, :h, :p)",
        soci::use(token_hash), soci::use(by), soci::use(created), soci::use(expires),
        soci::use(file_name), soci::use(sha256_hex), soci::use(plan_json);
    nlohmann::json out = PreviewJson(plan);
    out["token"] = token;
    out["expires_at"] = core::FormatIso8601(now + kPreviewTtlMs);
    nlohmann::json columns = nlohmann::json::object();
    for (const RosterColumn& c : parsed->columns)
      columns[std::string(RosterFieldKey(c.field))] = c.header;
    out["file"] = {{"name", file_name},
                   {"encoding", parsed->encoding},
                   {"delimiter", std::string(1, parsed->delimiter)},
                   {"header_line", parsed->header_line},
                   {"columns", columns},
                   {"ignored_columns", parsed->ignored_columns}};
    audit_.Append(tx, context, "students.import.previewed", "", "",
                  {{"file_name", file_name}, {"sha256", sha256_hex}, {"counts", out["counts"]}});
    return out;
  });
}

core::Result<nlohmann::json> RosterImportService::Commit(const std::string& token,
                                                         const audit::AuditContext& context) {
  if (token.size() != 64)
    return core::Error::NotFound("Aperçu d'import inconnu ou expiré : refaites l'aperçu.");
  std::string token_hash = core::Sha256Hex(token);
  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    int64_t now = clock_.NowMs();
    long long id = 0, expires = 0;
    std::string plan_json, file_name;
    // Claim the preview first: of two simultaneous commits, the second waits for this row and then
    // finds it used.
    long long at = now;
    soci::statement claim =
        (tx.prepare << "UPDATE roster_imports SET committed_at = :t WHERE token_hash = :h AND "
                       "committed_at IS NULL AND expires_at >= :now",
         soci::use(at, "t"), soci::use(token_hash, "h"), soci::use(at, "now"));
    claim.execute(true);
    if (claim.get_affected_rows() != 1) {
      return core::Error::NotFound(
          "Aperçu d'import inconnu, déjà appliqué ou expiré : refaites l'aperçu.");
    }
    tx << "SELECT id, expires_at, plan_json, file_name FROM roster_imports WHERE token_hash = :t",
        soci::use(token_hash), soci::into(id), soci::into(expires), soci::into(plan_json),
        soci::into(file_name);
    nlohmann::json stored = nlohmann::json::parse(plan_json);
    std::vector<RosterRow> rows;
    for (const auto& r : stored["rows"]) rows.push_back(RosterRowFromJson(r));
    std::vector<RejectedRow> rejected;
    for (const auto& r : stored.value("rejected", nlohmann::json::array())) {
      rejected.push_back(
          {r["row"].get<int>(), r["reason"].get<std::string>(), r["excerpt"].get<std::string>()});
    }
    RosterPlan plan = PlanRosterImport(rows, rejected, AllStudents(tx, store_));
    if (PlanFingerprint(plan) != stored["fingerprint"]) {
      return core::Error::Conflict(
          "La liste d'élèves a changé depuis l'aperçu : refaites l'aperçu.");
    }
    int created = 0, updated = 0, unchanged = 0;
    for (PlannedRow& r : plan.rows) {
      r.target.updated_at = now;
      if (r.action == "create") {
        r.target.created_at = now;
        r.target.id = store_.Insert(tx, r.target);
        ++created;
      } else if (r.action == "update") {
        store_.Update(tx, r.target);
        ++updated;
      } else {
        ++unchanged;
      }
    }
    nlohmann::json counts = {{"created", created},
                             {"updated", updated},
                             {"unchanged", unchanged},
                             {"rejected", plan.rejected.size()},
                             {"missing", plan.missing.size()}};
    audit_.Append(tx, context, "students.import.committed", "roster_import", std::to_string(id),
                  {{"file_name", file_name}, {"counts", counts}});
    return counts;
  });
}

}  // namespace korrigo::students
