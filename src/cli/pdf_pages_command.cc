// `korrigo pdf-pages inspect|extract`: the child side of sandbox::PdfSandbox, hidden from help.
// It opens one untrusted PDF under the limits its parent set, prints one JSON line per result on
// stdout and a last line, {"done": true} (exit 0) or {"error": {...}} (exit 2). It never loads the
// configuration nor touches the database. Anything else that would print on stdout (logs,
// libraries) is sent to stderr so that it cannot corrupt the protocol.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <new>

#include "cli/command.h"
#include "core/error.h"
#include "pdf/page_extraction.h"
#include "pdf/page_extractor.h"
#include "pdf/pdf_inspector.h"
#include "pdf/pdf_refusal.h"

namespace korrigo::cli {
namespace {

using nlohmann::json;

constexpr int kMemoryExit = 3;  // sandbox/pdf_sandbox.cc reads it as the "memory" rule

int protocol_fd = -1;

void Emit(const json& message) {
  const std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = write(protocol_fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(1);  // the parent is gone
    done += static_cast<size_t>(n);
  }
}

void OutOfMemory() {
  static const char kMessage[] = "korrigo pdf-pages: out of memory\n";
  (void)!write(2, kMessage, sizeof kMessage - 1);
  _exit(kMemoryExit);
}

// Protocol on a private copy of stdout; fd 1 becomes stderr.
void PrepareChild() {
  protocol_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
  dup2(2, 1);
  std::set_new_handler(OutOfMemory);
  signal(SIGXFSZ, SIG_IGN);  // an oversized write fails with EFBIG instead of killing us
  signal(SIGPIPE, SIG_IGN);
}

int Fail(const core::Error& error) {
  Emit({{"error",
         {{"code", std::string(core::ErrorCodeName(error.code))},
          {"rule", pdf::RefusalRule(error)},
          {"message", error.message}}}});
  return 2;
}

core::Result<json> ParseJson(const std::string& text, const char* what) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    return core::Error::InvalidArgument(std::string("JSON invalide : ") + what);
  }
  return parsed;
}

int RunInspect(const std::string& input, const std::string& limits_text) {
  auto limits_json = ParseJson(limits_text, "--limits");
  if (!limits_json) return Fail(limits_json.error());
  auto limits = pdf::PdfLimits::FromJson(*limits_json);
  if (!limits) return Fail(limits.error());
  auto pdf = pdf::PdfInspector::Open(input, *limits);
  if (!pdf) return Fail(pdf.error());
  Emit({{"summary", pdf::SummaryToJson((*pdf)->summary())}});
  Emit({{"done", true}});
  return 0;
}

int RunExtract(const std::string& input, const std::string& output_dir,
               const std::string& limits_text, const std::string& options_text) {
  auto limits_json = ParseJson(limits_text, "--limits");
  if (!limits_json) return Fail(limits_json.error());
  auto options_json = ParseJson(options_text, "--options");
  if (!options_json) return Fail(options_json.error());
  auto limits = pdf::PdfLimits::FromJson(*limits_json);
  if (!limits) return Fail(limits.error());
  auto options = pdf::ExtractOptions::FromJson(*options_json);
  if (!options) return Fail(options.error());
  std::error_code ec;
  if (!std::filesystem::is_directory(output_dir, ec)) {
    return Fail(core::Error::Unavailable("Dossier de sortie introuvable."));
  }
  auto pdf = pdf::PdfInspector::Open(input, *limits);
  if (!pdf) return Fail(pdf.error());
  if (options->last_page >= (*pdf)->summary().page_count) {
    return Fail(core::Error::InvalidArgument("Pages demandées hors du document."));
  }
  pdf::PageExtractor extractor(**pdf, *limits, *options, output_dir);
  for (int index = options->first_page; index <= options->last_page; ++index) {
    auto page = extractor.Extract(index);
    if (!page) return Fail(page.error());
    Emit(page->ToJson());
  }
  Emit({{"done", true}});
  return 0;
}

}  // namespace

void AddPdfPagesCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("pdf-pages", "Traitement isolé d'un PDF (usage interne)");
  cmd->group("");  // hidden: only PdfSandbox runs it
  cmd->require_subcommand(1);
  struct Args {
    std::string input, output_dir, limits = "{}", options = "{}";
  };
  auto args = std::make_shared<Args>();
  auto* inspect = cmd->add_subcommand("inspect", "Vérifie un PDF et décrit ses pages");
  inspect->add_option("--input", args->input)->required();
  inspect->add_option("--limits", args->limits);
  inspect->callback([&context, args] {
    PrepareChild();
    context.exit_code = RunInspect(args->input, args->limits);
  });
  auto* extract = cmd->add_subcommand("extract", "Extrait des pages en images");
  extract->add_option("--input", args->input)->required();
  extract->add_option("--output-dir", args->output_dir)->required();
  extract->add_option("--limits", args->limits);
  extract->add_option("--options", args->options);
  extract->callback([&context, args] {
    PrepareChild();
    context.exit_code = RunExtract(args->input, args->output_dir, args->limits, args->options);
  });
}

}  // namespace korrigo::cli
