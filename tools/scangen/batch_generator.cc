// The generator's pipeline (see batch_generator.h): students → fault-free plan → faults →
// render, encode and assemble each file page by page → ground truth from the same plan.
#include "batch_generator.h"

#include <fstream>

#include "batch_plan.h"
#include "fault_injector.h"
#include "ground_truth.h"
#include "jpeg_pdf_writer.h"
#include "sheet_renderer.h"
#include "student_roster.h"

namespace korrigo::scangen {
namespace {

core::Result<std::string> RenderFile(const PlannedFile& file, const BatchOptions& options,
                                     const std::vector<Student>& students) {
  JpegPdfWriter writer;
  for (const PhysicalPage& page : file.pages) {
    const PageGeometry geometry = GeometryOf(page.size, options.dpi);
    auto jpeg = EncodeGrayJpeg(RenderPhysicalPage(page, options, students), options.jpeg_quality);
    if (!jpeg) return jpeg.take_error();
    core::Status added = writer.AddPage(std::move(*jpeg), geometry.width_px, geometry.height_px,
                                        geometry.width_pt, geometry.height_pt);
    if (!added) return added.take_error();
  }
  return writer.Finish();
}

core::Status WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    return core::Error{.code = core::ErrorCode::kUnavailable,
                       .message = "Impossible d'écrire " + path.string() + "."};
  }
  return {};
}

}  // namespace

core::Result<Batch> GenerateBatch(const BatchOptions& options) {
  if (core::Status valid = ValidateOptions(options); !valid) return valid.take_error();
  const std::vector<Student> students =
      options.roster.empty() ? MakeStudents(options.seed, options.students, options.class_name)
                             : options.roster;
  BatchPlan plan = PlanBatch(options, students);
  if (core::Status faulted = InjectFaults(options.faults, options.seed, &plan); !faulted) {
    return faulted.take_error();
  }
  Batch batch;
  for (const PlannedFile& file : plan.files) {
    auto bytes = RenderFile(file, options, students);
    if (!bytes) return bytes.take_error();
    batch.files.push_back({.name = file.name, .bytes = std::move(*bytes)});
  }
  batch.roster_csv = RosterCsv(students);
  batch.truth_json = BuildTruth(options, students, plan).dump(1) + "\n";
  return batch;
}

core::Status WriteBatch(const Batch& batch, const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return core::Error{.code = core::ErrorCode::kUnavailable,
                       .message = "Impossible de créer " + directory.string() + "."};
  }
  for (const GeneratedFile& file : batch.files) {
    if (core::Status written = WriteFile(directory / file.name, file.bytes); !written) {
      return written;
    }
  }
  if (core::Status written = WriteFile(directory / "roster.csv", batch.roster_csv); !written) {
    return written;
  }
  return WriteFile(directory / "truth.json", batch.truth_json);
}

}  // namespace korrigo::scangen
