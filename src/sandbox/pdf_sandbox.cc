// PdfSandbox (see pdf_sandbox.h): runs `korrigo pdf-pages` under ChildProcess limits and a
// Landlock ruleset, reads its JSON lines, and turns the way it ended into a result. Everything the
// child says is checked: it opened a hostile file and may have been subverted by it.
#include "sandbox/pdf_sandbox.h"

#include <signal.h>
#include <sys/stat.h>

#include <atomic>

#include "core/log.h"
#include "pdf/pdf_refusal.h"
#include "sandbox/child_process.h"

namespace korrigo::sandbox {
namespace {

using nlohmann::json;

constexpr int kMemoryExit = 3;  // the child's exit code when an allocation fails
constexpr size_t kMaxLine = 8 << 20;

core::Error Crashed() {
  return pdf::Refusal("crashed", "Le traitement de ce PDF a échoué : le fichier semble malformé.");
}

// How the child ended, with its final message, as a result.
core::Status Classify(const ChildExit& exit, int cpu_limit, bool timed_out, const json& final) {
  if (timed_out) {
    return pdf::Refusal("timeout", "Le traitement de ce PDF a dépassé le temps autorisé.");
  }
  // C libraries report a failed allocation on stderr and then fail, abort, or go on with a
  // missing buffer: any such report makes the result untrustworthy.
  const bool out_of_memory = exit.exit_code == kMemoryExit ||
                             exit.stderr_text.find("bad_alloc") != std::string::npos ||
                             exit.stderr_text.find("ut of memory") != std::string::npos;
  if (exit.signal == SIGXCPU ||
      (exit.signal == SIGKILL && !exit.killed && exit.cpu_seconds >= cpu_limit - 0.5)) {
    return pdf::Refusal("cpu_time", "Le traitement de ce PDF demande trop de calcul.");
  }
  if (out_of_memory || (exit.signal == SIGKILL && !exit.killed)) {
    return pdf::Refusal("memory", "Le traitement de ce PDF demande trop de mémoire.");
  }
  if (exit.signal != 0) return Crashed();
  if (exit.exit_code == 126 || exit.exit_code == 127) {
    return core::Error::Unavailable("Le processus d'extraction n'a pas pu être lancé.");
  }
  if (exit.exit_code == 0 && final.is_object() && final.value("done", false)) return {};
  if (exit.exit_code == 2 && final.is_object() && final.contains("error") &&
      final["error"].is_object()) {
    const json& error = final["error"];
    const std::string rule = error.value("rule", ""), code = error.value("code", "");
    const std::string message = error.value("message", "");
    if (pdf::IsRefusalRule(rule)) return pdf::Refusal(rule, message.substr(0, 500));
    if (code == "unavailable") return core::Error::Unavailable(message.substr(0, 500));
    return core::Error::Internal("Le processus d'extraction a signalé une erreur.");
  }
  return Crashed();
}

// A file name the child may report: plain, inside the output directory, a regular file.
bool IsOwnFile(const std::string& dir, const std::string& name) {
  if (name.empty() || name.size() > 200 || name == "." || name == ".." ||
      name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
    return false;
  }
  struct stat st {};
  return lstat((dir + "/" + name).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Runs the child and hands every line except the last to `on_line`.
core::Status RunChild(const SandboxOptions& options, const std::vector<std::string>& args,
                      int cpu_seconds, const std::string& writable_dir,
                      const std::function<core::Status(const json&)>& on_line,
                      const std::function<bool()>& should_stop) {
  auto ruleset = LandlockRuleset::Create(writable_dir);
  if (!ruleset) return ruleset.take_error();
  static std::atomic<bool> warned{false};
  if (!*ruleset && !warned.exchange(true)) core::LogWarn("sandbox.landlock_unavailable");
  ChildSpec spec{.executable = options.executable,
                 .args = args,
                 // No HOME or cache directory: libraries must not write anywhere.
                 .env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/dev/null",
                         "XDG_CACHE_HOME=/dev/null", "MALLOC_ARENA_MAX=2"},
                 .limits = {.cpu_seconds = cpu_seconds,
                            .memory_bytes = options.memory_bytes,
                            .file_size_bytes = options.max_output_bytes,
                            .open_files = 64},
                 .ruleset = ruleset->get()};
  auto child = ChildProcess::Start(spec);
  if (!child) return child.take_error();
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.wall_timeout_ms);
  json final;
  bool timed_out = false, protocol_error = false;
  std::string line;
  while (true) {
    auto status = (*child)->ReadLine(&line, deadline, should_stop, kMaxLine);
    if (status == ChildProcess::ReadStatus::kEnd) break;
    if (status == ChildProcess::ReadStatus::kStopped) {
      (*child)->Kill();
      (void)(*child)->Wait(Clock::now() + std::chrono::seconds(5));
      return core::Error::Unavailable("Traitement interrompu.");
    }
    if (status == ChildProcess::ReadStatus::kTimeout) {
      (*child)->Kill();
      timed_out = true;
      break;
    }
    json message =
        status == ChildProcess::ReadStatus::kLine ? json::parse(line, nullptr, false) : json();
    if (!message.is_object()) {
      (*child)->Kill();
      protocol_error = true;
      break;
    }
    if (message.contains("done") || message.contains("error")) {
      final = std::move(message);
      continue;
    }
    if (!final.is_null()) continue;  // nothing counts after the last message
    if (core::Status s = on_line(message); !s) {
      (*child)->Kill();
      (void)(*child)->Wait(Clock::now() + std::chrono::seconds(5));
      return s;
    }
  }
  ChildExit exit = (*child)->Wait(Clock::now() + std::chrono::seconds(5));
  core::Status result =
      protocol_error ? core::Status(Crashed()) : Classify(exit, cpu_seconds, timed_out, final);
  // What each child cost (bench/ingest.sh reads the peak memory from these lines).
  core::LogDebug(
      "sandbox.child_done",
      {{"cpu_seconds", exit.cpu_seconds}, {"max_rss_kb", exit.max_rss_kb}, {"ok", result.ok()}});
  if (!exit.stderr_text.empty() || !result) {
    json fields = {{"pid", (*child)->pid()},
                   {"exit_code", exit.exit_code},
                   {"signal", exit.signal},
                   {"cpu_seconds", exit.cpu_seconds},
                   {"stderr", exit.stderr_text.substr(0, 4096)}};
    if (result) {
      core::LogDebug("sandbox.child_output", std::move(fields));
    } else {
      fields["rule"] = pdf::RefusalRule(result.error());
      core::LogInfo("sandbox.child_failed", std::move(fields));
    }
  }
  return result;
}

}  // namespace

PdfSandbox::PdfSandbox(SandboxOptions options) : options_(std::move(options)) {}

core::Result<pdf::PdfSummary> PdfSandbox::Inspect(const std::string& pdf_path,
                                                  const pdf::PdfLimits& limits) {
  std::optional<pdf::PdfSummary> summary;
  core::Status s = RunChild(
      options_, {"pdf-pages", "inspect", "--input", pdf_path, "--limits", limits.ToJson().dump()},
      options_.cpu_seconds_base, "",
      [&](const json& line) -> core::Status {
        auto parsed = line.contains("summary") ? pdf::SummaryFromJson(line["summary"])
                                               : core::Result<pdf::PdfSummary>(Crashed());
        if (!parsed || summary || parsed->page_count < limits.min_pages ||
            parsed->page_count > limits.max_pages) {
          return Crashed();
        }
        summary = std::move(*parsed);
        return {};
      },
      nullptr);
  if (!s) return s.take_error();
  if (!summary) return Crashed();
  return std::move(*summary);
}

core::Status PdfSandbox::Extract(
    const std::string& pdf_path, const pdf::PdfLimits& limits, const pdf::ExtractOptions& options,
    const std::string& output_dir,
    const std::function<core::Status(const pdf::ExtractedPage&)>& on_page,
    const std::function<bool()>& should_stop) {
  const int pages = options.last_page - options.first_page + 1;
  if (options.first_page < 0 || pages < 1) {
    return core::Error::Internal("Pages demandées invalides.");
  }
  int next = options.first_page;
  core::Status s = RunChild(
      options_,
      {"pdf-pages", "extract", "--input", pdf_path, "--output-dir", output_dir, "--limits",
       limits.ToJson().dump(), "--options", options.ToJson().dump()},
      options_.cpu_seconds_base + options_.cpu_seconds_per_page * pages, output_dir,
      [&](const json& line) -> core::Status {
        auto page = pdf::ExtractedPage::FromJson(line);
        if (!page || page->index != next || next > options.last_page) return Crashed();
        for (pdf::ExtractedPart& part : page->parts) {
          if (!IsOwnFile(output_dir, part.view_path) || !IsOwnFile(output_dir, part.thumb_path)) {
            return Crashed();
          }
          part.view_path = output_dir + "/" + part.view_path;
          part.thumb_path = output_dir + "/" + part.thumb_path;
        }
        ++next;
        return on_page(*page);
      },
      should_stop);
  if (!s) return s;
  if (next != options.last_page + 1) return Crashed();
  return {};
}

}  // namespace korrigo::sandbox
