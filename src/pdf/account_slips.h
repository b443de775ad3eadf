// Printable account slips: for each student, a cut-out slip with the site address, the username and
// the one-time activation code, four slips to an A4 page. Teachers print them and hand them out in
// class.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace korrigo::pdf {

inline constexpr size_t kSlipsPerPage = 4;
inline constexpr size_t kMaxSlipsPerDocument = 5000;

struct AccountSlip {
  std::string student_name;     // as it should read, e.g. "Éloïse DUPONT--MARTIN"
  std::string class_name;       // e.g. "3e B"; the line is left out when empty
  std::string username;         // e.g. "eloise.dupont-martin"
  std::string code;             // as the student types it, e.g. "ABCD-EFGH-JKLM"
  std::string expires_at_text;  // already formatted, e.g. "30/09/2025"
};

struct AccountSlipOptions {
  std::string site_url;                        // where students activate their account
  std::string school_name;                     // printed on each slip when not empty
  std::string title = "Votre compte Korrigo";  // heading of each slip and document title
};

// A PDF of `slips` in order, kSlipsPerPage to a page, separated by dashed cut lines. Text too long
// for its place is shrunk, then cut with "…"; usernames, codes and the address shrink further (down
// to 6 pt) before that. Errors: invalid_argument when `slips` is empty or holds more than
// kMaxSlipsPerDocument slips; internal when the PDF could not be drawn.
core::Result<std::string> RenderAccountSlips(const std::vector<AccountSlip>& slips,
                                             const AccountSlipOptions& options);

}  // namespace korrigo::pdf
