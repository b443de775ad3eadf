// GenerateBatch: the whole generator as one function — options in, the batch's files and ground
// truth out — and WriteBatch to put them in a directory. The CLI and the tests both use these.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "batch_options.h"
#include "core/result.h"

namespace korrigo::scangen {

struct GeneratedFile {
  std::string name;   // file name inside the output directory
  std::string bytes;  // the PDF
};

struct Batch {
  std::vector<GeneratedFile> files;  // batch.pdf, or one copie_….pdf per student
  std::string roster_csv;            // roster.csv
  std::string truth_json;            // truth.json (schema in ground_truth.h), "\n"-terminated
};

// Generates the batch `options` describe. Same options (seed included) → byte-identical output.
// Errors: invalid_argument for invalid options or more faults than pages; internal when JPEG
// or PDF encoding fails. Pages are rendered one at a time, but every PDF is held in memory
// (about 0.2–0.5 MB per A4 page at 200 DPI).
core::Result<Batch> GenerateBatch(const BatchOptions& options);

// Writes the files, roster.csv and truth.json into `directory`, creating it if needed and
// replacing files of the same names. Errors: unavailable when a file cannot be written.
core::Status WriteBatch(const Batch& batch, const std::filesystem::path& directory);

}  // namespace korrigo::scangen
