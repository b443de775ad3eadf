// Parsing, printing and rounding of exact decimal points. JSON doubles are read through their
// shortest round-trip decimal form, so 0.1 is read as the 0.1 the client wrote, not as
// 0.1000000000000000055….
#include "exams/points.h"

#include <fmt/format.h>

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace korrigo::exams {
namespace {

using core::Error;
using core::Result;

constexpr int64_t kMaxAbsMilli = Points::kMaxAbsPoints * 1000;

// GCC and Clang's 128-bit integer; __extension__ tells -Wpedantic it is deliberate.
__extension__ using Int128 = __int128;

Error Invalid(std::string_view text) {
  return Error::InvalidArgument(fmt::format("Nombre invalide : « {} ».", text),
                                {{"value", std::string(text)}});
}

Error TooLarge(std::string_view text) {
  return Error::InvalidArgument(fmt::format("Nombre trop grand : « {} ».", text),
                                {{"value", std::string(text)}});
}

// Floor division for a positive divisor (C++ division truncates towards zero).
Int128 FloorDiv(Int128 a, Int128 b) {
  Int128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

}  // namespace

Result<Points> Points::ParseText(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  int64_t whole = 0;
  int64_t fraction = 0;  // thousandths
  int digits = 0, decimals = 0;
  bool separator = false, excess = false;
  for (char c : s) {
    if (c == '.' || c == ',') {
      if (separator) return Invalid(text);
      separator = true;
    } else if (c >= '0' && c <= '9') {
      ++digits;
      if (!separator) {
        whole = whole * 10 + (c - '0');
        if (whole > kMaxAbsPoints) return TooLarge(text);
      } else if (++decimals <= 3) {
        fraction = fraction * 10 + (c - '0');
      } else if (c != '0') {
        excess = true;  // trailing zeros beyond the third decimal change nothing
      }
    } else {
      return Invalid(text);
    }
  }
  if (digits == 0) return Invalid(text);
  if (excess) {
    return Error::InvalidArgument(fmt::format("Au plus 3 décimales : « {} ».", text),
                                  {{"value", std::string(text)}});
  }
  for (int i = decimals; i < 3; ++i) fraction *= 10;
  int64_t milli = whole * 1000 + fraction;
  if (milli > kMaxAbsMilli) return TooLarge(text);
  return Points(negative ? -milli : milli);
}

Result<Points> Points::Parse(const nlohmann::json& value) {
  if (value.is_string()) return ParseText(value.get_ref<const std::string&>());
  if (value.is_number_unsigned()) {
    uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(kMaxAbsPoints)) return TooLarge(std::to_string(v));
    return Whole(static_cast<int64_t>(v));
  }
  if (value.is_number_integer()) {
    int64_t v = value.get<int64_t>();
    if (v > kMaxAbsPoints || v < -kMaxAbsPoints) return TooLarge(std::to_string(v));
    return Whole(v);
  }
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (!std::isfinite(d)) {
      return Error::InvalidArgument("Nombre invalide (NaN ou infini).", {{"value", value.dump()}});
    }
    if (std::fabs(d) > static_cast<double>(kMaxAbsPoints)) return TooLarge(value.dump());
    // The shortest fixed-notation text that reads back as d: what the client meant to send.
    char buf[400];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    assert(ec == std::errc());
    return ParseText(std::string_view(buf, end - buf));
  }
  return Error::InvalidArgument("Nombre attendu (par exemple 2, 0.5 ou \"1,5\").");
}

std::string Points::ToString() const {
  uint64_t abs = milli_ < 0 ? -static_cast<uint64_t>(milli_) : milli_;
  std::string out = (milli_ < 0 ? "-" : "") + std::to_string(abs / 1000);
  int64_t fraction = abs % 1000;
  if (fraction == 0) return out;
  std::string decimals = fmt::format("{:03d}", fraction);
  while (decimals.back() == '0') decimals.pop_back();
  return out + "." + decimals;
}

std::string Points::ToFrench() const {
  std::string s = ToString();
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

nlohmann::json Points::ToJson() const {
  if (milli_ % 1000 == 0) return milli_ / 1000;
  // A quotient of two exactly representable integers is correctly rounded: the nearest double.
  return static_cast<double>(milli_) / 1000.0;
}

bool Points::IsMultipleOf(Points step) const {
  return step.milli_ > 0 && milli_ % step.milli_ == 0;
}

bool IsValidRoundingStep(Points step) {
  return step == kRoundingHundredth || step == kRoundingQuarter || step == kRoundingHalf;
}

Points RoundHalfUp(Points value, Points step) {
  assert(step.is_positive());
  Int128 s = step.milli();
  Int128 q = FloorDiv(2 * static_cast<Int128>(value.milli()) + s, 2 * s);
  return Points::FromMilli(static_cast<int64_t>(q * s));
}

Result<Points> FinalMark(Points raw, Points scheme_max, Points scale, Points rounding_step) {
  if (!scheme_max.is_positive()) {
    return Error::FailedPrecondition(
        "Le barème ne compte aucun point : la note finale ne peut pas être calculée.");
  }
  if (raw.is_negative()) {
    return Error::InvalidArgument("Le total des points ne peut pas être négatif.");
  }
  if (!scale.is_positive())
    return Error::InvalidArgument("La note doit être sur un nombre positif.");
  if (!IsValidRoundingStep(rounding_step)) {
    return Error::InvalidArgument("Arrondi invalide : 0,01, 0,25 ou 0,5 attendu.");
  }
  // mark (in thousandths) = raw × scale / max; in steps: raw × scale / (max × step), rounded
  // half-up as floor((2·num + den) / (2·den)). Parsed values are ≤ 10^12 thousandths, so these
  // products (and their doubles) fit in 128 bits with a wide margin.
  Int128 num = static_cast<Int128>(raw.milli()) * scale.milli();
  Int128 den = static_cast<Int128>(scheme_max.milli()) * rounding_step.milli();
  Int128 steps = FloorDiv(2 * num + den, 2 * den);
  return Points::FromMilli(static_cast<int64_t>(steps * rounding_step.milli()));
}

}  // namespace korrigo::exams
