// A single-pass state machine over the text. Line counting is done here rather than by splitting
// lines first, so that quoted line breaks keep later row numbers true to what the user sees in a
// text editor.
#include "students/csv_reader.h"

#include <array>
#include <map>

namespace korrigo::students {
namespace {

bool IsBlank(char c, char delimiter) { return (c == ' ' || c == '\t') && c != delimiter; }

// Consumes one line break at `i` (CRLF, LF or CR) and returns its length, or 0 when there is none.
size_t LineBreakAt(std::string_view t, size_t i) {
  if (t[i] == '\n') return 1;
  if (t[i] == '\r') return i + 1 < t.size() && t[i + 1] == '\n' ? 2 : 1;
  return 0;
}

class Reader {
 public:
  Reader(std::string_view text, char delimiter) : t_(text), d_(delimiter) {}

  core::Result<std::vector<CsvRecord>> Run() {
    while (i_ < t_.size()) {
      CsvRecord record{.line = line_};
      bool end_of_record = false;
      while (!end_of_record) {
        auto field = Field();
        if (!field) return field.take_error();
        record.fields.push_back(std::move(*field));
        end_of_record = i_ >= t_.size() || !Delimiter();
      }
      bool blank = true;
      for (const std::string& f : record.fields) blank = blank && f.empty();
      if (!blank) records_.push_back(std::move(record));
    }
    return std::move(records_);
  }

 private:
  // After a field: consumes a delimiter (true) or a line break (false, next line).
  bool Delimiter() {
    if (t_[i_] == d_) {
      ++i_;
      return true;
    }
    if (size_t n = LineBreakAt(t_, i_)) {
      i_ += n;
      ++line_;
    }
    return false;
  }

  core::Result<std::string> Field() {
    size_t start = i_;
    while (i_ < t_.size() && IsBlank(t_[i_], d_)) ++i_;
    if (i_ < t_.size() && t_[i_] == '"') return Quoted();
    i_ = start;
    while (i_ < t_.size() && t_[i_] != d_ && t_[i_] != '\n' && t_[i_] != '\r') ++i_;
    std::string_view raw = t_.substr(start, i_ - start);
    size_t a = 0, b = raw.size();
    while (a < b && IsBlank(raw[a], d_)) ++a;
    while (b > a && IsBlank(raw[b - 1], d_)) --b;
    return std::string(raw.substr(a, b - a));
  }

  core::Result<std::string> Quoted() {
    int opened_on = line_;
    std::string out;
    for (++i_;; ++i_) {
      if (i_ >= t_.size()) {
        return core::Error::InvalidArgument("Guillemet non refermé : le champ qui commence ligne " +
                                                std::to_string(opened_on) +
                                                " n'est jamais terminé.",
                                            {{"line", opened_on}});
      }
      if (t_[i_] == '"') {
        if (i_ + 1 < t_.size() && t_[i_ + 1] == '"') {
          out += '"';
          ++i_;
          continue;
        }
        ++i_;
        break;
      }
      if (size_t n = LineBreakAt(t_, i_)) {
        out += '\n';
        i_ += n - 1;
        ++line_;
        continue;
      }
      out += t_[i_];
    }
    // Text after the closing quote: blanks are padding, anything else is kept as written.
    size_t tail = i_;
    while (i_ < t_.size() && t_[i_] != d_ && t_[i_] != '\n' && t_[i_] != '\r') ++i_;
    std::string_view rest = t_.substr(tail, i_ - tail);
    while (!rest.empty() && IsBlank(rest.back(), d_)) rest.remove_suffix(1);
    out += rest;
    return out;
  }

  std::string_view t_;
  char d_;
  size_t i_ = 0;
  int line_ = 1;
  std::vector<CsvRecord> records_;
};

// Occurrences of `delimiter` outside quotes in each of the first `max_records` non-blank records.
std::vector<int> CountsPerRecord(std::string_view t, char delimiter, size_t max_records) {
  std::vector<int> counts;
  int count = 0;
  bool quoted = false, blank = true;
  for (size_t i = 0; i <= t.size() && counts.size() < max_records; ++i) {
    bool end = i == t.size() || (!quoted && (t[i] == '\n' || t[i] == '\r'));
    if (end) {
      if (!blank) counts.push_back(count);
      count = 0;
      blank = true;
      continue;
    }
    if (t[i] == '"') quoted = !quoted;
    if (!quoted && t[i] == delimiter) ++count;
    if (t[i] != ' ' && t[i] != '\t') blank = false;
  }
  return counts;
}

}  // namespace

char DetectDelimiter(std::string_view text) {
  constexpr std::array<char, 3> kCandidates = {';', ',', '\t'};
  char best = ';';
  int best_records = 0, best_count = 0;
  for (char c : kCandidates) {
    std::map<int, int> records_per_count;
    for (int n : CountsPerRecord(text, c, 20)) {
      if (n > 0) ++records_per_count[n];
    }
    for (const auto& [count, records] : records_per_count) {
      if (records > best_records || (records == best_records && count > best_count)) {
        best = c;
        best_records = records;
        best_count = count;
      }
    }
  }
  return best;
}

core::Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, char delimiter) {
  return Reader(text, delimiter).Run();
}

}  // namespace korrigo::students
