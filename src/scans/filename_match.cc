// File-name matching: both sides are folded (lower case, no accents) and cut into words of letters
// and digits; a name matches when all its words are among the file name's words.
#include "scans/filename_match.h"

#include <algorithm>
#include <set>

#include "core/text_fold.h"

namespace korrigo::scans {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::string folded = core::FoldText(text);
  std::vector<std::string> out;
  std::string word;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

bool AllIn(const std::vector<std::string>& words, const std::set<std::string>& in) {
  return !words.empty() &&
         std::all_of(words.begin(), words.end(), [&](const auto& w) { return in.contains(w); });
}

}  // namespace

std::optional<FilenameMatch> MatchFilename(const std::string& filename,
                                           const std::vector<NamedStudent>& students) {
  std::string stem = filename;
  if (auto dot = stem.rfind('.'); dot != std::string::npos) stem.resize(dot);
  std::vector<std::string> file_words = Words(stem);
  std::set<std::string> in(file_words.begin(), file_words.end());
  std::vector<int64_t> full, last_only;
  for (const NamedStudent& s : students) {
    if (!AllIn(Words(s.last_name), in)) continue;
    (AllIn(Words(s.first_name), in) ? full : last_only).push_back(s.id);
  }
  if (full.size() == 1) return FilenameMatch{full.front(), 0.95};
  if (full.empty() && last_only.size() == 1) return FilenameMatch{last_only.front(), 0.6};
  return std::nullopt;
}

}  // namespace korrigo::scans
