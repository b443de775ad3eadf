// Rendering issued codes as JSON, CSV and PDF slips. Expiry dates are shown as French calendar
// dates.
#include "students/account_slip_documents.h"

#include "core/calendar_date.h"
#include "core/clock.h"
#include "core/csv_writer.h"
#include "pdf/account_slips.h"

namespace korrigo::students {
namespace {

std::string ExpiryText(int64_t expires_at) {
  return core::FormatFrenchDate(core::DateOfEpochMs(expires_at));
}

}  // namespace

nlohmann::json AccountBatchJson(const AccountBatch& batch) {
  nlohmann::json slips = nlohmann::json::array(), skipped = nlohmann::json::array();
  for (const IssuedSlip& s : batch.slips) {
    slips.push_back({{"student", s.student.ToJson()},
                     {"username", s.username},
                     {"code", s.code},
                     {"purpose", s.purpose},
                     {"expires_at", core::FormatIso8601(s.expires_at)},
                     {"account_created", s.account_created}});
  }
  for (const SkippedStudent& s : batch.skipped) {
    skipped.push_back({{"student", s.student.ToJson()}, {"reason", s.reason}});
  }
  return {{"slips", slips}, {"skipped", skipped}};
}

std::string AccountSlipsCsv(const std::vector<IssuedSlip>& slips) {
  std::string csv = core::kCsvBom;
  csv += core::CsvLine(
      {"Nom", "Prénom", "Classe", "Groupe", "Identifiant", "Code", "Valable jusqu'au"});
  for (const IssuedSlip& s : slips) {
    csv += core::CsvLine({s.student.last_name, s.student.first_name, s.student.class_name,
                          s.student.group_name, s.username, s.code, ExpiryText(s.expires_at)});
  }
  return csv;
}

core::Result<std::string> AccountSlipsPdf(const std::vector<IssuedSlip>& slips,
                                          const std::string& site_url) {
  std::vector<pdf::AccountSlip> printable;
  printable.reserve(slips.size());
  for (const IssuedSlip& s : slips) {
    printable.push_back({.student_name = s.student.first_name + " " + s.student.last_name,
                         .class_name = s.student.class_name,
                         .username = s.username,
                         .code = s.code,
                         .expires_at_text = ExpiryText(s.expires_at)});
  }
  return pdf::RenderAccountSlips(printable, {.site_url = site_url});
}

}  // namespace korrigo::students
