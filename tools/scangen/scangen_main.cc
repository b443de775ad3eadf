// scangen: writes a deterministic, realistic batch of scanned exam copies (PDFs of full-page
// JPEGs), its roster.csv and its truth.json into a directory. See README.md.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "batch_generator.h"

namespace {

using korrigo::scangen::BatchOptions;

int Fail(const korrigo::core::Error& error) {
  std::cerr << "scangen: " << error.message << "\n";
  return error.code == korrigo::core::ErrorCode::kInvalidArgument ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Génère un lot déterministe de copies d'examen numérisées (PDF), roster.csv et "
      "truth.json."};
  BatchOptions options;
  std::string out, layout = "a4", faults;
  app.add_option("--out", out, "Dossier de sortie")->required();
  app.add_option("--seed", options.seed, "Graine : mêmes options + graine → mêmes octets")
      ->required();
  app.add_option("--students", options.students, "Nombre d'élèves (1–1000)")->required();
  app.add_option("--layout", layout, "a4 | a3_booklet | individual")
      ->check(CLI::IsMember({"a4", "a3_booklet", "individual"}))
      ->default_val("a4");
  app.add_option("--pages-per-copy", options.pages_per_copy,
                 "Pages par copie (multiple de 4 en a3_booklet)")
      ->default_val(4);
  app.add_option("--dpi", options.dpi, "Résolution : 150, 200 ou 300")
      ->check(CLI::IsMember({150, 200, 300}))
      ->default_val(200);
  app.add_flag("--qr", options.qr, "QR code KORRIGO:<graine>:<élève>:<page> sur chaque page");
  app.add_option("--class-name", options.class_name, "Classe des élèves")->default_val("T.02");
  app.add_option("--faults", faults,
                 "Défauts type:nombre séparés par des virgules, types blank, upside_down, "
                 "missing, duplicated, swapped");
  app.add_flag("--verso-rotated", options.verso_rotated,
               "a3_booklet : chaque verso est tourné de 180°");
  app.add_option("--skew", options.skew_degrees, "Inclinaison maximale en degrés")
      ->default_val(1.5);
  app.add_option("--noise", options.noise, "Bruit 0–1")->default_val(0.3);
  app.add_option("--blur", options.blur, "Flou 0–1")->default_val(0);
  app.add_option("--quality", options.jpeg_quality, "Qualité JPEG 1–100")->default_val(75);
  CLI11_PARSE(app, argc, argv);

  auto parsed_layout = korrigo::scangen::ParseLayout(layout);
  if (!parsed_layout) return Fail(parsed_layout.error());
  options.layout = *parsed_layout;
  auto parsed_faults = korrigo::scangen::ParseFaults(faults);
  if (!parsed_faults) return Fail(parsed_faults.error());
  options.faults = std::move(*parsed_faults);

  auto batch = korrigo::scangen::GenerateBatch(options);
  if (!batch) return Fail(batch.error());
  if (auto written = korrigo::scangen::WriteBatch(*batch, out); !written) {
    return Fail(written.error());
  }
  return 0;
}
