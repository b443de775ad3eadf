# Precompiled headers for unoptimized builds (Debug, and so the sanitizer build): the standard and third-party
# headers that most translation units include (nlohmann/json, SOCI, and GoogleTest in every test) are parsed once,
# into korrigo_pch (libraries and programs) and korrigo_test_pch (tests), and every target reuses one of them.
# Sources keep their own includes; the RelWithDebInfo build, which has no precompiled header, checks that they do.
#
# Not for optimized builds: GCC 12 does not keep `#pragma GCC diagnostic` in a precompiled header, so the pragmas
# with which libstdc++ silences -Warray-bounds and -Wstringop-* inside std::string are lost, and -O2 reports false
# warnings there. fmt stays out too: in Debug its headers switch `#pragma GCC optimize`, a state GCC does not
# reliably restore from a precompiled header.
# ccache caches compilations that use one only with sloppiness=pch_defines,time_macros, set below for these builds.
option(KORRIGO_PCH "Precompile widely included headers in Debug builds" ON)

if(KORRIGO_PCH AND CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(KORRIGO_USE_PCH ON)
else()
  set(KORRIGO_USE_PCH OFF)
endif()

set(korrigo_pch_headers
    <algorithm> <cstdint> <functional> <map> <memory> <mutex> <optional> <set> <string> <string_view>
    <utility> <variant> <vector> <nlohmann/json.hpp> <soci/soci.h>)

if(KORRIGO_USE_PCH)
  # Set before any target is defined, including the two below.
  if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros
                                    ${CCACHE_PROGRAM})
  endif()

  # Object libraries whose only source is empty: CMake compiles the precompiled header in them.
  set(empty_cc ${CMAKE_BINARY_DIR}/korrigo_pch_empty.cc)
  file(CONFIGURE OUTPUT ${empty_cc}
       CONTENT "// Empty: korrigo_pch and korrigo_test_pch only hold precompiled headers.\n")
  add_library(korrigo_pch OBJECT ${empty_cc})
  target_link_libraries(korrigo_pch PRIVATE nlohmann_json::nlohmann_json soci)
  target_precompile_headers(korrigo_pch PRIVATE ${korrigo_pch_headers})

  add_library(korrigo_test_pch OBJECT ${empty_cc})
  target_link_libraries(korrigo_test_pch PRIVATE nlohmann_json::nlohmann_json soci GTest::gtest)
  target_precompile_headers(korrigo_test_pch PRIVATE ${korrigo_pch_headers} <gtest/gtest.h>)
endif()

# korrigo_use_pch(TARGET [TEST]): TARGET reuses korrigo_pch, or korrigo_test_pch with TEST.
function(korrigo_use_pch target)
  if(NOT KORRIGO_USE_PCH)
    return()
  endif()
  if(ARGV1 STREQUAL "TEST")
    target_precompile_headers(${target} REUSE_FROM korrigo_test_pch)
  else()
    target_precompile_headers(${target} REUSE_FROM korrigo_pch)
  endif()
endfunction()
