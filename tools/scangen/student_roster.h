// The students of a generated batch: realistic French names (accents, apostrophes, hyphens, two-
// word names) drawn from built-in lists, unique per batch, with a class and a birth date; plus the
// roster CSV the exam office would import and the ASCII file names of individual copies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace korrigo::scangen {

struct Student {
  std::string last_name;   // upper case, e.g. "LEFÈVRE", "N'DIAYE", "LE GALL"
  std::string first_name;  // e.g. "Éloïse", "Jean-Baptiste"
  std::string class_name;
  int birth_year = 2007;
  int birth_month = 1;
  int birth_day = 1;

  // "2008-03-14"
  std::string IsoBirthDate() const;
  // "14/03/2008"
  std::string FrenchBirthDate() const;
};

// `count` students with distinct names (also distinct once folded to ASCII, so individual file
// names never collide), all in `class_name`, deterministic for `seed`. count ≤ 1000.
std::vector<Student> MakeStudents(uint64_t seed, int count, std::string_view class_name);

// The roster as UTF-8 CSV: header "Nom;Prénom;Classe;Date de naissance", one line per student in
// batch order, dates DD/MM/YYYY, "\n" line ends.
std::string RosterCsv(const std::vector<Student>& students);

// Latin letters with diacritics folded to ASCII (É → E, ï → i, Œ → OE); other bytes unchanged.
std::string FoldToAscii(std::string_view text);

// "copie_<LASTNAME>_<Firstname>.pdf", ASCII-folded, spaces and apostrophes turned into '-':
// "copie_DUPONT_Eloise.pdf", "copie_N-DIAYE_Loic.pdf".
std::string CopyFileName(const Student& student);

}  // namespace korrigo::scangen
