// Timing and size of the final PDF of graded copies (BuildFinalPdf), printed, never asserted: 100
// copies of 4 scanned A4 pages (one JPEG each, 200 DPI) with 36 annotations each (ink strokes of
// ~100 points, highlights, boxes, texts, stamps) and a summary, built one after the other on one
// thread. Sizes are compared with the same pages copied alone by qpdf (no annotation, no summary).
// Usage: finalize_bench [--source batch.pdf] [--copies N] [--out first_copy.pdf]; without a
// source, a 4-page scan is drawn here.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <string>
#include <vector>

#include "imaging/sample_pages.h"
#include "pdf/final_pdf.h"
#include "pdf/sample_pdfs.h"

namespace korrigo::pdf {
namespace {

using Clock = std::chrono::steady_clock;
using imaging::testing::SampleRandom;

// CPU time of this thread in milliseconds: unlike wall time, not inflated by other processes on
// a shared machine.
double CpuMillis() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

constexpr int kPagesPerCopy = 4;
constexpr Color kRed{0.83, 0.18, 0.18};
constexpr Color kGreen{0.1, 0.55, 0.2};
constexpr Color kYellow{1.0, 0.85, 0.1};

std::string Words(SampleRandom& random, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ' ';
    text += imaging::testing::SampleWord(random);
  }
  return text;
}

// A handwritten-looking stroke: ~100 samples of a pen moving with a slowly turning heading, the
// way a stylus reports them (full precision, like the client's JSON).
std::vector<NormPoint> InkStroke(SampleRandom& random) {
  std::vector<NormPoint> points;
  NormPoint p{0.1 + 0.7 * random.Unit(), 0.1 + 0.8 * random.Unit()};
  double heading = random.Unit() * 2 * M_PI, turn = 0;
  const int count = 90 + random.Below(21);
  for (int i = 0; i < count; ++i) {
    points.push_back(p);
    turn = 0.8 * turn + 0.25 * (random.Unit() - 0.5);
    heading += turn;
    const double step = 0.0015 + 0.001 * random.Unit();
    p.x = std::clamp(p.x + step * std::cos(heading), 0.0, 1.0);
    p.y = std::clamp(p.y + step * std::sin(heading) * 0.7, 0.0, 1.0);
  }
  return points;
}

// 9 annotations for one page: 4 ink (1–2 strokes), a highlight, a box, a text and 2 stamps.
std::vector<Overlay> PageOverlays(SampleRandom& random) {
  std::vector<Overlay> overlays;
  for (int i = 0; i < 4; ++i) {
    Overlay ink{.kind = OverlayKind::kInk, .color = kRed, .width = 0.0025};
    for (int s = 0, n = 1 + random.Below(2); s < n; ++s) ink.strokes.push_back(InkStroke(random));
    overlays.push_back(std::move(ink));
  }
  overlays.push_back({.kind = OverlayKind::kHighlight,
                      .color = kYellow,
                      .box = {0.1 + 0.5 * random.Unit(), 0.1 + 0.8 * random.Unit(), 0.3, 0.03}});
  overlays.push_back({.kind = OverlayKind::kRect,
                      .color = kRed,
                      .box = {0.1 + 0.5 * random.Unit(), 0.1 + 0.8 * random.Unit(), 0.25, 0.08}});
  overlays.push_back({.kind = OverlayKind::kText,
                      .color = kRed,
                      .box = {0.55, 0.1 + 0.8 * random.Unit(), 0.4, 0.1},
                      .text = "Très bien : " + Words(random, 10 + random.Below(25)) + " €"});
  const char* const kStamps[] = {"tick", "cross", "question", "caret", "label"};
  for (int i = 0; i < 2; ++i) {
    Overlay stamp{.kind = OverlayKind::kStamp,
                  .color = i == 0 ? kGreen : kRed,
                  .text = "+1",
                  .stamp = kStamps[random.Below(5)],
                  .anchor = {0.05 + 0.9 * random.Unit(), 0.05 + 0.9 * random.Unit()}};
    overlays.push_back(std::move(stamp));
  }
  return overlays;
}

FinalSummary Summary(SampleRandom& random, int copy) {
  FinalSummary s{.exam_name = "Bac blanc de mathématiques",
                 .subject = "Mathématiques",
                 .exam_date = "12/03/2026",
                 .student_name = "Élève n° " + std::to_string(copy + 1),
                 .class_name = "T.02",
                 .anonymous_id = "K7Q-" + std::to_string(100 + copy),
                 .mark = "15,5 / 20",
                 .raw_points = "31 / 40 points",
                 .appreciation = Words(random, 60),
                 .corrector = "Mme Dupont",
                 .graded_at = "28/11/2026 14:05"};
  for (int e = 1; e <= 3; ++e) {
    s.rows.push_back(
        {.label = "Exercice " + std::to_string(e), .points = "8 / 10", .is_total = true});
    for (int q = 1; q <= 3; ++q) {
      s.rows.push_back({.label = "Question " + std::to_string(q),
                        .depth = 1,
                        .points = "2,5 / 3",
                        .remark = Words(random, random.Below(16))});
    }
  }
  return s;
}

// The 4 pages alone, copied by qpdf with the writer settings BuildFinalPdf uses.
size_t PagesOnlySize(QPDF& source, int first) {
  QPDF out;
  out.emptyPDF();
  for (int i = 0; i < kPagesPerCopy; ++i) {
    QPDFPageDocumentHelper(out).addPage(QPDFPageObjectHelper(source.getAllPages().at(first + i)),
                                        false);
  }
  QPDFWriter writer(out);
  writer.setOutputMemory();
  writer.setObjectStreamMode(qpdf_o_generate);
  writer.write();
  return writer.getBufferSharedPointer()->getSize();
}

// A 4-page scan drawn here when no batch is given: 200 DPI pages of printed text, light noise,
// JPEG quality 75, about the size of scangen's pages.
std::string DrawnSource(const std::string& dir) {
  testing::SamplePdf pdf;
  for (uint32_t seed = 1; seed <= kPagesPerCopy; ++seed) {
    const imaging::GrayImage page = imaging::testing::RenderSamplePage(
        {.seed = seed, .lines = 38, .skew_degrees = 0.4, .noise = 2, .specks = 100});
    pdf.AddJpegPage(testing::kA4Short, testing::kA4Long, *imaging::EncodeJpeg(page, 75));
  }
  const std::string path = dir + "/scan.pdf";
  std::ofstream(path, std::ios::binary) << pdf.Finish();
  return path;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

int Run(int argc, char** argv) {
  std::string source, out_path;
  int copies = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--source") source = argv[i + 1];
    if (flag == "--copies") copies = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--out") out_path = argv[i + 1];
  }
  testing::TempDir dir;
  if (source.empty()) source = DrawnSource(dir.path());
  QPDF scan;
  scan.processFile(source.c_str());
  const int source_pages = static_cast<int>(scan.getAllPages().size());
  const int groups = std::max(1, source_pages / kPagesPerCopy);
  std::printf("source: %s, %d pages; %d copies x %d pages x 36 annotations\n", source.c_str(),
              source_pages, copies, kPagesPerCopy);

  SampleRandom random(2026);
  std::vector<double> millis;
  double cpu_millis = 0;
  size_t out_bytes = 0, pages_bytes = 0, plain_bytes = 0, plain_pages_bytes = 0;
  for (int copy = 0; copy < copies; ++copy) {
    const int first = (copy % groups) * kPagesPerCopy;
    FinalPdfInput input{.sources = {source},
                        .summary = Summary(random, copy),
                        .title = "Bac blanc — K7Q-" + std::to_string(100 + copy),
                        .timestamp_ms = 1795874700000};
    for (int i = 0; i < kPagesPerCopy; ++i) {
      input.pages.push_back({.source_index = first + i, .overlays = PageOverlays(random)});
    }
    const auto start = Clock::now();
    const double cpu_start = CpuMillis();
    auto pdf = BuildFinalPdf(input);
    cpu_millis += CpuMillis() - cpu_start;
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!pdf.ok()) {
      std::fprintf(stderr, "copy %d: %s\n", copy, pdf.error().message.c_str());
      return 1;
    }
    out_bytes += pdf->size();
    const size_t pages_size = PagesOnlySize(scan, first);
    pages_bytes += pages_size;
    if (copy < 10) {  // the same copy without annotations: what the summary alone costs
      for (FinalPage& page : input.pages) page.overlays.clear();
      plain_bytes += BuildFinalPdf(input)->size();
      plain_pages_bytes += pages_size;
    }
    if (copy == 0 && !out_path.empty()) std::ofstream(out_path, std::ios::binary) << *pdf;
  }
  double mean = 0;
  for (double m : millis) mean += m;
  mean /= millis.size();
  const double pages_mean = static_cast<double>(pages_bytes) / copies;
  std::printf("ms per copy: mean %.1f, p50 %.1f, p95 %.1f (target < 30); CPU %.1f\n", mean,
              Percentile(millis, 0.5), Percentile(millis, 0.95), cpu_millis / copies);
  std::printf(
      "size per copy: %.0f KB, scanned pages alone %.0f KB: %.1f %% (overhead %.1f %%, "
      "target < 10)\n",
      out_bytes / 1024.0 / copies, pages_mean / 1024, 100.0 * out_bytes / pages_bytes,
      100.0 * out_bytes / pages_bytes - 100);
  const int plain = std::min(copies, 10);
  const double summary_kb = (static_cast<double>(plain_bytes) - plain_pages_bytes) / plain / 1024;
  std::printf("of which: summary %.1f KB, annotations %.1f KB per copy\n", summary_kb,
              (static_cast<double>(out_bytes) - pages_bytes) / copies / 1024 - summary_kb);
  return 0;
}

}  // namespace
}  // namespace korrigo::pdf

int main(int argc, char** argv) { return korrigo::pdf::Run(argc, argv); }
