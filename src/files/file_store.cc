// Storage keys: generation and validation, shared by every FileStore implementation.
#include "files/file_store.h"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <ctime>

#include "core/random.h"

namespace korrigo::files {
namespace {

constexpr std::array<std::string_view, 7> kExtensions = {"pdf", "jpg", "png", "json",
                                                         "csv", "zip", "bin"};
constexpr size_t kHexDigits = 32;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

}  // namespace

bool IsAllowedExtension(std::string_view extension) {
  for (std::string_view allowed : kExtensions) {
    if (extension == allowed) return true;
  }
  return false;
}

std::string NewKey(int64_t now_ms, std::string_view extension) {
  assert(IsAllowedExtension(extension));
  std::time_t seconds = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}/{:02}/{}.{}", tm.tm_year + 1900, tm.tm_mon + 1,
                     core::RandomHex(kHexDigits / 2), extension);
}

bool IsValidKey(std::string_view key) {
  // "YYYY/MM/" + 32 hex + "." + extension, checked position by position: nothing else can pass.
  constexpr size_t kPrefix = 8;
  if (key.size() <= kPrefix + kHexDigits + 1) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (!IsDigit(key[i])) return false;
  }
  if (key[4] != '/' || key[7] != '/') return false;
  int month = (key[5] - '0') * 10 + (key[6] - '0');
  if (month < 1 || month > 12) return false;
  for (size_t i = kPrefix; i < kPrefix + kHexDigits; ++i) {
    if (!IsLowerHex(key[i])) return false;
  }
  if (key[kPrefix + kHexDigits] != '.') return false;
  return IsAllowedExtension(key.substr(kPrefix + kHexDigits + 1));
}

}  // namespace korrigo::files
