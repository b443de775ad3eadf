// Refusals of uploaded PDFs: an invalid_argument error whose details name the rule the file
// broke ({"rule": "not_pdf"}), so the user reads a French explanation and the code a stable word.
// The sandbox adds the rules of a child killed by its limits.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace korrigo::pdf {

// Every rule a refusal may name.
inline constexpr const char* kRefusalRules[] = {"not_pdf",   "damaged", "encrypted", "page_count",
                                                "page_size", "objects", "streams",   "pixels",
                                                "cpu_time",  "memory",  "timeout",   "crashed"};

// invalid_argument with `message` and details {"rule": rule}. `rule` must be one of the above.
core::Error Refusal(std::string_view rule, std::string message);

// The rule named by an error's details, or "" when it names none.
std::string RefusalRule(const core::Error& error);

// Whether `rule` is one of kRefusalRules.
bool IsRefusalRule(std::string_view rule);

}  // namespace korrigo::pdf
