// The documents that carry freshly issued student account codes: a JSON summary, a CSV for
// spreadsheets, and printable PDF slips. They are built in memory for one response and never
// stored.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "students/student_account_service.h"

namespace korrigo::students {

nlohmann::json AccountBatchJson(const AccountBatch& batch);
// Nom;Prénom;Classe;Groupe;Identifiant;Code;Valable jusqu'au — one line per slip.
std::string AccountSlipsCsv(const std::vector<IssuedSlip>& slips);
// Printable slips (several per A4 page). Errors: invalid_argument when there is nothing to print.
core::Result<std::string> AccountSlipsPdf(const std::vector<IssuedSlip>& slips,
                                          const std::string& site_url);

}  // namespace korrigo::students
