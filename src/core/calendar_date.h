// Calendar dates without a time (birth dates, exam dates): validation, ISO 8601 text (YYYY-MM-DD)
// and the French display form (DD/MM/YYYY).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace korrigo::core {

struct CalendarDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Whether the day exists (leap years included), for years 1..9999.
bool IsValidDate(int year, int month, int day);
// Strictly YYYY-MM-DD naming a real day; nullopt otherwise.
std::optional<CalendarDate> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(const CalendarDate& date);
// DD/MM/YYYY.
std::string FormatFrenchDate(const CalendarDate& date);
// The UTC calendar date of a time in ms since the epoch.
CalendarDate DateOfEpochMs(int64_t epoch_ms);

}  // namespace korrigo::core
