// The API description (docs/openapi.yaml), embedded in the binary at build time and served at
// /api/v1/openapi.yaml.
#pragma once

#include <string_view>

namespace korrigo::http {

std::string_view OpenApiDocument();

}  // namespace korrigo::http
