// Points: an exact decimal number of points (thousandths of a point in an int64), so that
// marking-scheme arithmetic never meets binary floating point (0.1 + 0.2 is exactly 0.3). Also the
// rounding of final marks: raw points / scheme maximum × exam scale, rounded half-up, computed in
// exact integer arithmetic.
#pragma once

#include <compare>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace korrigo::exams {

class Points {
 public:
  // Largest magnitude Parse accepts, in points: sums of a whole scheme stay far from int64 limits.
  static constexpr int64_t kMaxAbsPoints = 1'000'000'000;

  constexpr Points() = default;
  static constexpr Points FromMilli(int64_t milli) { return Points(milli); }
  static constexpr Points Whole(int64_t points) { return Points(points * 1000); }

  // A JSON number (2, 0.25) or string ("1.5", "1,5" with a French comma, surrounding spaces
  // allowed) with at most 3 significant decimals and a magnitude ≤ kMaxAbsPoints. Negative values
  // are accepted: the caller decides whether they make sense. Errors: invalid_argument for NaN,
  // infinities, other JSON types, malformed text, more than 3 decimals or too large; details.value
  // holds the offending text. Messages start with an ASCII capital so callers may embed them after
  // lower-casing the first letter.
  static core::Result<Points> Parse(const nlohmann::json& value);
  static core::Result<Points> ParseText(std::string_view text);

  constexpr int64_t milli() const { return milli_; }
  constexpr bool is_zero() const { return milli_ == 0; }
  constexpr bool is_positive() const { return milli_ > 0; }
  constexpr bool is_negative() const { return milli_ < 0; }

  // Minimal decimals with a dot: "2", "1.5", "0.25", "-0.125".
  std::string ToString() const;
  // The same with a French decimal comma, for messages shown to users: "1,5".
  std::string ToFrench() const;
  // A JSON integer when whole, else the nearest double, which Parse reads back to the same value.
  nlohmann::json ToJson() const;

  // True when the value is a whole number of `step`s; false when step ≤ 0.
  bool IsMultipleOf(Points step) const;

  constexpr Points operator+(Points o) const { return Points(milli_ + o.milli_); }
  constexpr Points operator-(Points o) const { return Points(milli_ - o.milli_); }
  constexpr Points operator-() const { return Points(-milli_); }
  constexpr Points& operator+=(Points o) {
    milli_ += o.milli_;
    return *this;
  }
  constexpr Points& operator-=(Points o) {
    milli_ -= o.milli_;
    return *this;
  }
  constexpr auto operator<=>(const Points&) const = default;

 private:
  constexpr explicit Points(int64_t milli) : milli_(milli) {}
  int64_t milli_ = 0;
};

// The rounding steps an exam may choose for its final marks: 0.01, 0.25 and 0.5.
inline constexpr Points kRoundingHundredth = Points::FromMilli(10);
inline constexpr Points kRoundingQuarter = Points::FromMilli(250);
inline constexpr Points kRoundingHalf = Points::FromMilli(500);
bool IsValidRoundingStep(Points step);

// `value` rounded to the nearest multiple of `step`, halves going up (towards +∞): with step 0.01,
// 10.765 → 10.77 and -10.765 → -10.76. Requires step > 0 (asserted).
Points RoundHalfUp(Points value, Points step);

// The final mark of a copy: raw / scheme_max × scale, rounded half-up to rounding_step, computed
// exactly (7 / 13 × 20 = 10.769… → 10.77). Not capped: bonus points can lift a mark above the
// scale, so a caller that caps does it itself. Errors: failed_precondition when scheme_max ≤ 0 (an
// empty scheme); invalid_argument when raw < 0, scale ≤ 0 or rounding_step is not a valid rounding
// step.
core::Result<Points> FinalMark(Points raw, Points scheme_max, Points scale, Points rounding_step);

}  // namespace korrigo::exams
