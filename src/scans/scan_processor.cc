// The scans.process job (see scan_processor.h). Every step is safe to run again: pages are keyed
// by (scan, PDF page, half) and checked before insertion, copies are built once under the scan's
// row lock, and images written by an interrupted attempt are either recorded or swept as orphans.
#include "scans/scan_processor.h"

#include <fmt/format.h>

#include <condition_variable>
#include <filesystem>
#include <thread>

#include "core/log.h"
#include "core/random.h"
#include "files/stored_file_store.h"
#include "scans/copy_layout.h"
#include "scans/scratch_dir.h"

namespace korrigo::scans {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxAttempts = 5;
constexpr const char* kGone = "Ce lot a été supprimé.";

int Progress(const Scan& scan) {
  int total = std::max(1, scan.page_count.value_or(1));
  return 5 + 90 * std::min(scan.pages_done, total) / total;
}

}  // namespace

jobs::JobKind ScanProcessor::Kind() {
  return {.name = "scans.process",
          .run = [this](jobs::JobContext& context) { return Run(context); },
          .time_limit_ms = 60 * 60 * 1000,
          .max_attempts = kMaxAttempts};
}

core::Status ScanProcessor::SaveState(const Scan& scan) {
  return db_.WithSession([&](soci::session& s) -> core::Status {
    scans_.UpdateState(s, scan, clock_.NowMs());
    return {};
  });
}

core::Result<nlohmann::json> ScanProcessor::Run(jobs::JobContext& context) {
  const nlohmann::json& payload = context.payload();
  if (!payload.is_object() || !payload.contains("scan_id") ||
      !payload["scan_id"].is_number_integer()) {
    return core::Error::InvalidArgument("Tâche mal formée : « scan_id » manque.");
  }
  const int64_t scan_id = payload["scan_id"].get<int64_t>();
  struct Loaded {
    std::optional<Scan> scan;
    ExamLayout layout;
  };
  auto loaded = db_.WithSession([&](soci::session& s) -> core::Result<Loaded> {
    Loaded out;
    out.scan = scans_.FindById(s, scan_id);
    if (!out.scan) return out;
    long long exam_id = out.scan->exam_id;
    s << "SELECT scan_layout, pages_per_copy FROM exams WHERE id = :id", soci::use(exam_id),
        soci::into(out.layout.scan_layout), soci::into(out.layout.pages_per_copy);
    return out;
  });
  if (!loaded) return loaded.take_error();
  if (!loaded->scan) return core::Error::FailedPrecondition(kGone);
  Scan scan = *loaded->scan;
  if (scan.copies_built) return nlohmann::json{{"already_done", true}};

  auto fail = [&](core::Error error) -> core::Error {
    bool final = error.code == core::ErrorCode::kInvalidArgument ||
                 error.code == core::ErrorCode::kFailedPrecondition ||
                 context.attempt() >= kMaxAttempts;
    if (final && error.message != kGone) (void)FailScan(scan_id, error);
    return error;
  };

  scan.status = kScanProcessing;
  scan.error.reset();
  scan.error_rule.reset();
  if (core::Status s = SaveState(scan); !s) return s.take_error();
  context.ReportProgress(2, "Vérification du fichier");

  std::error_code ec;
  fs::create_directories(options_.work_dir, ec);
  RemoveOldScratch(options_.work_dir, scan_id);
  ScratchDir scratch(fmt::format("{}/scan-{}-{}", options_.work_dir, scan_id, core::RandomHex(6)));
  fs::create_directories(scratch.path(), ec);
  if (ec) return fail(core::Error::Unavailable("Espace de travail indisponible."));

  auto pdf_path = LocalPathOf(files_, scan.file_key, scratch.path());
  if (!pdf_path) return fail(pdf_path.error());

  auto summary = sandbox_.Inspect(*pdf_path, options_.limits);
  if (!summary) return fail(summary.error());
  scan.page_count = summary->page_count;
  if (core::Status s = SaveState(scan); !s) return fail(s.error());

  if (core::Status s =
          ExtractPages(context, scan, *pdf_path, *summary, loaded->layout, scratch.path());
      !s) {
    return fail(s.error());
  }
  context.ReportProgress(96, "Constitution des copies");
  auto built = BuildCopies(scan_id);
  if (!built) return fail(built.error());
  return built;
}

core::Status ScanProcessor::ExtractPages(jobs::JobContext& context, Scan& scan,
                                         const std::string& pdf_path,
                                         const pdf::PdfSummary& summary, const ExamLayout& layout,
                                         const std::string& work_dir) {
  auto done = db_.WithSession([&](soci::session& s) -> core::Result<std::set<int>> {
    return pages_.DoneSourceIndexes(s, scan.id);
  });
  if (!done) return done.take_error();
  scan.pages_done = static_cast<int>(done->size());
  // Runs of pages still to do, at most pages_per_chunk each: one child per run.
  std::vector<pdf::ExtractOptions> chunks;
  for (int index = 0; index < summary.page_count;) {
    if (done->contains(index)) {
      ++index;
      continue;
    }
    pdf::ExtractOptions options;
    options.first_page = options.last_page = index;
    while (options.last_page + 1 < summary.page_count && !done->contains(options.last_page + 1) &&
           options.last_page - options.first_page + 1 < options_.pages_per_chunk) {
      ++options.last_page;
    }
    options.cut_a3 = layout.scan_layout == "a3_booklet";
    chunks.push_back(options);
    index = options.last_page + 1;
  }
  // A few children at once (each one core); the first error stops the others.
  std::mutex mu;
  std::condition_variable changed;
  size_t next = 0;
  int running = 0;
  std::optional<core::Error> failure;
  auto stop = [&] {
    std::lock_guard lock(mu);
    return failure.has_value() || context.ShouldStop();
  };
  auto work = [&] {
    while (true) {
      pdf::ExtractOptions options;
      {
        std::lock_guard lock(mu);
        if (failure || next >= chunks.size()) break;
        options = chunks[next++];
      }
      core::Status extracted = sandbox_.Extract(
          pdf_path, options_.limits, options, work_dir,
          [&](const pdf::ExtractedPage& page) { return StorePage(scan, page); }, stop);
      std::lock_guard lock(mu);
      if (!extracted && !failure) failure = extracted.error();
      changed.notify_all();
    }
    std::lock_guard lock(mu);
    --running;
    changed.notify_all();
  };
  std::vector<std::thread> threads;
  const int parallel = std::max(1, std::min<int>(options_.parallel_children, chunks.size()));
  running = parallel;
  for (int i = 0; i < parallel; ++i) threads.emplace_back(work);
  // This thread reports progress (JobContext wants the job's own thread).
  {
    std::unique_lock lock(mu);
    while (running > 0) {
      changed.wait_for(lock, std::chrono::milliseconds(300));
      int pages_done, percent;
      {
        std::lock_guard scan_lock(scan_mu_);
        pages_done = scan.pages_done;
        percent = Progress(scan);
      }
      lock.unlock();
      context.ReportProgress(percent,
                             fmt::format("Page {} sur {}", pages_done, summary.page_count));
      lock.lock();
    }
  }
  for (auto& t : threads) t.join();
  if (failure) return *failure;
  if (context.ShouldStop()) return core::Error::Unavailable("Traitement interrompu.");
  return {};
}

core::Status ScanProcessor::StorePage(Scan& scan, const pdf::ExtractedPage& page) {
  std::vector<files::StoredFile> stored;
  auto forget = [&] {
    for (const auto& f : stored) (void)files_.Remove(f.key);
  };
  for (const pdf::ExtractedPart& part : page.parts) {
    for (const std::string* path : {&part.view_path, &part.thumb_path}) {
      auto put = files_.PutFile(*path, "jpg");
      if (!put) {
        forget();
        return put.take_error();
      }
      stored.push_back(*put);
    }
  }
  const int64_t now = clock_.NowMs();
  bool inserted = false;
  core::Status s = db_.InTransaction([&](soci::session& tx) -> core::Status {
    db_.LockRow(tx, "scans", scan.id);
    if (!scans_.FindById(tx, scan.id)) return core::Error::FailedPrecondition(kGone);
    long long sid = scan.id, existing = 0;
    int source = page.index;
    tx << "SELECT COUNT(*) FROM pages WHERE scan_id = :s AND source_index = :i", soci::use(sid),
        soci::use(source), soci::into(existing);
    if (existing > 0) return {};  // stored by an earlier attempt that was cut short
    std::lock_guard scan_lock(scan_mu_);
    files::StoredFileStore file_rows;
    for (const auto& f : stored) {
      if (core::Status r = file_rows.Record(tx, f, "image/jpeg", now); !r) return r;
    }
    for (size_t i = 0; i < page.parts.size(); ++i) {
      const pdf::ExtractedPart& part = page.parts[i];
      Page row;
      row.exam_id = scan.exam_id;
      row.scan_id = scan.id;
      row.source_index = page.index;
      row.half = part.half;
      row.size_class = page.geometry.size_class;
      row.width_px = part.view_width;
      row.height_px = part.view_height;
      row.auto_rotation = page.auto_rotation;
      row.orientation_confidence = page.orientation_confidence;
      row.ink_ratio = part.ink_ratio;
      row.blank = part.blank;
      row.content_sha256 = part.content_sha256;
      row.view_key = stored[2 * i].key;
      row.thumb_key = stored[2 * i + 1].key;
      row.created_at = now;
      pages_.Insert(tx, row);
    }
    // Counted in the database: pages of this scan are stored by concurrent transactions, which
    // the scan's row lock serialises.
    long long stored_pages = 0;
    tx << "SELECT COUNT(DISTINCT source_index) FROM pages WHERE scan_id = :s", soci::use(sid),
        soci::into(stored_pages);
    scan.pages_done = static_cast<int>(stored_pages);
    scan.progress = Progress(scan);
    scans_.UpdateState(tx, scan, now);
    inserted = true;
    return {};
  });
  if (!s || !inserted) forget();
  return s;
}

core::Result<nlohmann::json> ScanProcessor::BuildCopies(int64_t scan_id) {
  const int64_t now = clock_.NowMs();
  return db_.InTransaction([&](soci::session& tx) -> core::Result<nlohmann::json> {
    db_.LockRow(tx, "scans", scan_id);
    auto scan = scans_.FindById(tx, scan_id);
    if (!scan) return core::Error::FailedPrecondition(kGone);
    if (scan->copies_built) return nlohmann::json{{"already_done", true}};
    long long exam_id = scan->exam_id;
    std::string layout;
    int pages_per_copy = 4;
    tx << "SELECT scan_layout, pages_per_copy FROM exams WHERE id = :id", soci::use(exam_id),
        soci::into(layout), soci::into(pages_per_copy);
    std::vector<Page> pages = pages_.ListByScan(tx, scan_id);
    std::vector<LayoutPage> input;
    for (const Page& p : pages) {
      input.push_back({.page_id = p.id,
                       .source_index = p.source_index,
                       .half = p.half,
                       .blank = p.blank,
                       .orientation_confidence = p.orientation_confidence,
                       .content_sha256 = p.content_sha256});
    }
    LayoutPlan plan = PlanCopies(layout, pages_per_copy, input);
    std::optional<FilenameMatch> match;
    if (layout == "individual") {
      match = MatchFilename(scan->filename, copies_.ExpectedStudents(tx, exam_id, false));
    }
    nlohmann::json anonymous_ids = nlohmann::json::array();
    if (!plan.copies.empty()) {
      auto [prefix, first] =
          copies_.AllocateSequences(tx, exam_id, static_cast<int>(plan.copies.size()));
      for (size_t i = 0; i < plan.copies.size(); ++i) {
        Copy copy;
        copy.exam_id = exam_id;
        copy.sequence = first + static_cast<int>(i);
        copy.anonymous_id = FormatAnonymousId(prefix, copy.sequence);
        copy.flags = plan.copies[i].flags;
        copy.scan_id = scan_id;
        copy.created_at = copy.updated_at = now;
        copy.id = copies_.Insert(tx, copy);
        int position = 1;
        for (int64_t page_id : plan.copies[i].page_ids)
          pages_.SetPlacement(tx, page_id, copy.id, position++);
        if (match) {
          copies_.AddSuggestion(tx, copy.id, {match->student_id, "", "filename", match->confidence},
                                now);
        }
        anonymous_ids.push_back(copy.anonymous_id);
      }
    }
    scan->copies_built = true;
    scan->status = kScanDone;
    scan->progress = 100;
    scans_.UpdateState(tx, *scan, now);
    nlohmann::json result = {
        {"pages", pages.size()}, {"copies", plan.copies.size()}, {"pool", plan.pool.size()}};
    audit_.Append(tx, audit::AuditContext::System("job"), "scan.processed", "scan",
                  std::to_string(scan_id),
                  {{"exam_id", exam_id},
                   {"pages", pages.size()},
                   {"copies", anonymous_ids},
                   {"pool", plan.pool.size()}});
    return result;
  });
}

core::Status ScanProcessor::FailScan(int64_t scan_id, const core::Error& error) {
  std::vector<std::string> keys;
  core::Status s = db_.InTransaction([&](soci::session& tx) -> core::Status {
    db_.LockRow(tx, "scans", scan_id);
    auto scan = scans_.FindById(tx, scan_id);
    if (!scan || scan->copies_built) return {};
    files::StoredFileStore file_rows;
    for (const Page& p : pages_.ListByScan(tx, scan_id)) {
      keys.push_back(p.view_key);
      keys.push_back(p.thumb_key);
    }
    pages_.DeleteByScan(tx, scan_id);
    for (const std::string& key : keys) {
      if (auto r = file_rows.Remove(tx, key); !r) return r.take_error();
    }
    scan->status = kScanFailed;
    scan->error = error.message;
    if (error.details.is_object() && error.details.contains("rule") &&
        error.details["rule"].is_string()) {
      scan->error_rule = error.details["rule"].get<std::string>();
    }
    scan->pages_done = 0;
    scan->progress = 100;
    scans_.UpdateState(tx, *scan, clock_.NowMs());
    audit_.Append(tx, audit::AuditContext::System("job"), "scan.failed", "scan",
                  std::to_string(scan_id),
                  {{"exam_id", scan->exam_id},
                   {"error", error.message},
                   {"rule", scan->error_rule.value_or("")}});
    return {};
  });
  if (!s) return s;
  for (const std::string& key : keys) (void)files_.Remove(key);
  return {};
}

}  // namespace korrigo::scans
