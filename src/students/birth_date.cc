// A hand-written tokenizer rather than a regex: three numbers and their separators are all the
// grammar there is, and each way of failing deserves its own message.
#include "students/birth_date.h"

#include <vector>

#include "core/calendar_date.h"
#include "core/json_fields.h"

namespace korrigo::students {
namespace {

struct Number {
  int value = 0;
  size_t digits = 0;
};

// Removes a trailing midnight time: " 00:00", " 00:00:00" or "T00:00:00".
std::string_view StripMidnight(std::string_view s) {
  for (std::string_view suffix : {" 00:00:00", " 00:00", "T00:00:00", "T00:00"}) {
    if (s.size() > suffix.size() && s.ends_with(suffix))
      return s.substr(0, s.size() - suffix.size());
  }
  return s;
}

// Reads "N<sep>N<sep>N" with one separator kind among / - .; false for anything else.
bool Tokenize(std::string_view s, std::vector<Number>* numbers, char* separator) {
  *separator = 0;
  Number current;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (++current.digits > 4) return false;
      current.value = current.value * 10 + (c - '0');
      continue;
    }
    if ((c != '/' && c != '-' && c != '.') || current.digits == 0) return false;
    if (*separator != 0 && c != *separator) return false;
    *separator = c;
    numbers->push_back(current);
    current = {};
  }
  if (current.digits == 0) return false;
  numbers->push_back(current);
  return numbers->size() == 3;
}

std::string Quoted(std::string_view text) { return "« " + std::string(text) + " »"; }

}  // namespace

core::Result<std::string> ParseBirthDate(std::string_view text, int max_year) {
  std::string trimmed = core::Trim(text);
  std::string_view s = StripMidnight(trimmed);
  std::vector<Number> n;
  char separator = 0;
  if (!Tokenize(s, &n, &separator)) {
    return core::Error::InvalidArgument("Date de naissance " + Quoted(trimmed) +
                                        " illisible (attendu : JJ/MM/AAAA).");
  }
  bool iso = n[0].digits == 4;  // a year first: YYYY-MM-DD (or YYYY/MM/DD)
  Number day = iso ? n[2] : n[0], month = n[1], year = iso ? n[0] : n[2];
  if (year.digits != 4 || day.digits > 2 || month.digits > 2) {
    std::string why = year.digits <= 2 ? " : année sur deux chiffres, ambiguë" : " illisible";
    return core::Error::InvalidArgument("Date de naissance " + Quoted(trimmed) + why +
                                        " (attendu : JJ/MM/AAAA).");
  }
  if (!core::IsValidDate(year.value, month.value, day.value)) {
    return core::Error::InvalidArgument("Date de naissance " + Quoted(trimmed) +
                                        " impossible : ce jour n'existe pas.");
  }
  if (year.value < 1900 || year.value > max_year) {
    return core::Error::InvalidArgument(
        "Date de naissance " + Quoted(trimmed) +
        " invraisemblable : l'année doit être comprise entre 1900 et " + std::to_string(max_year) +
        ".");
  }
  return core::FormatIsoDate({year.value, month.value, day.value});
}

}  // namespace korrigo::students
