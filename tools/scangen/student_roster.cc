// Student names and the roster (see student_roster.h). The name lists favour the spellings that
// break naive code: accents in both names, apostrophes, hyphens and spaces in family names.
#include "student_roster.h"

#include <cstdio>
#include <set>

#include "prng.h"

namespace korrigo::scangen {
namespace {

constexpr std::string_view kLastNames[] = {
    "DUPONT",    "MARTIN",   "BERNARD", "THOMAS",        "PETIT",    "ROBERT",   "RICHARD",
    "DURAND",    "DUBOIS",   "MOREAU",  "LAURENT",       "SIMON",    "MICHEL",   "LEFÈVRE",
    "LEROY",     "ROUX",     "DAVID",   "BERTRAND",      "MOREL",    "FOURNIER", "GIRARD",
    "BONNET",    "DUPUIS",   "LAMBERT", "FONTAINE",      "ROUSSEAU", "VINCENT",  "MULLER",
    "FAURE",     "ANDRÉ",    "MERCIER", "BLANC",         "GUÉRIN",   "BOYER",    "GARNIER",
    "CHEVALIER", "FRANÇOIS", "LEGRAND", "GAUTHIER",      "GARCIA",   "PERRIN",   "ROBIN",
    "CLÉMENT",   "MORIN",    "NICOLAS", "HENRY",         "ROUSSEL",  "MATHIEU",  "MASSON",
    "N'DIAYE",   "DIALLO",   "NGUYEN",  "MARTIN-GARCIA", "BENOÎT",   "HÉBERT",   "LEMAÎTRE",
    "D'ALMEIDA", "LE GALL",  "TRAORÉ",  "BEN SAÏD",      "CÔTÉ",     "BRÛLÉ",    "DELAÜNAY",
};

constexpr std::string_view kFirstNames[] = {
    "Éloïse",  "Loïc",     "Zoé",       "Noémie",        "Chloé",     "François",    "Jérôme",
    "Léa",     "Inès",     "Maël",      "Anaïs",         "Gaël",      "Joël",        "Raphaël",
    "Mathéo",  "Hélène",   "Cécile",    "Amélie",        "Céline",    "Clémence",    "Bérénice",
    "Adèle",   "Agathe",   "Théo",      "Léo",           "Lucas",     "Hugo",        "Jules",
    "Louis",   "Nathan",   "Emma",      "Camille",       "Manon",     "Sarah",       "Jade",
    "Lina",    "Yanis",    "Rayan",     "Ilyès",         "Aurélien",  "Benoît",      "Grégoire",
    "Maxime",  "Timothée", "Clément",   "Célestin",      "Noé",       "Océane",      "Maëlys",
    "Héloïse", "Gabriel",  "Sébastien", "Jean-Baptiste", "Marie-Ève", "Anne-Sophie", "Aïcha",
    "Moussa",  "Ophélie",  "Elsa",      "Antoine",       "Thaïs",     "Capucine",    "Bastien",
};

// UTF-8 letters with diacritics we may meet in names, and their ASCII folding.
constexpr std::pair<std::string_view, std::string_view> kFolds[] = {
    {"À", "A"},  {"Â", "A"}, {"Ä", "A"},  {"Ç", "C"},  {"É", "E"}, {"È", "E"}, {"Ê", "E"},
    {"Ë", "E"},  {"Î", "I"}, {"Ï", "I"},  {"Ô", "O"},  {"Ö", "O"}, {"Ù", "U"}, {"Û", "U"},
    {"Ü", "U"},  {"Ÿ", "Y"}, {"Œ", "OE"}, {"Æ", "AE"}, {"à", "a"}, {"â", "a"}, {"ä", "a"},
    {"ç", "c"},  {"é", "e"}, {"è", "e"},  {"ê", "e"},  {"ë", "e"}, {"î", "i"}, {"ï", "i"},
    {"ô", "o"},  {"ö", "o"}, {"ù", "u"},  {"û", "u"},  {"ü", "u"}, {"ÿ", "y"}, {"œ", "oe"},
    {"æ", "ae"}, {"’", "'"},
};

std::string TwoDigits(int value) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d", value);
  return text;
}

int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string FileNamePart(std::string_view text) {
  std::string part = FoldToAscii(text);
  for (char& c : part) {
    if (c == ' ' || c == '\'') c = '-';
  }
  return part;
}

}  // namespace

std::string Student::IsoBirthDate() const {
  return std::to_string(birth_year) + "-" + TwoDigits(birth_month) + "-" + TwoDigits(birth_day);
}

std::string Student::FrenchBirthDate() const {
  return TwoDigits(birth_day) + "/" + TwoDigits(birth_month) + "/" + std::to_string(birth_year);
}

std::vector<Student> MakeStudents(uint64_t seed, int count, std::string_view class_name) {
  Prng random(Mix(seed, {0x5354554Eull}));  // "STUN"
  std::vector<Student> students;
  std::set<std::string> taken;  // folded "LAST_First", so file names stay distinct too
  while (static_cast<int>(students.size()) < count) {
    Student student;
    student.last_name = random.Pick(kLastNames);
    student.first_name = random.Pick(kFirstNames);
    if (!taken.insert(CopyFileName(student)).second) continue;
    student.class_name = class_name;
    // Terminale pupils are mostly born the same year; a few are a year ahead or behind.
    const int roll = random.Uniform(0, 9);
    student.birth_year = roll == 0 ? 2006 : roll == 1 ? 2008 : 2007;
    student.birth_month = random.Uniform(1, 12);
    student.birth_day = random.Uniform(1, DaysInMonth(student.birth_year, student.birth_month));
    students.push_back(std::move(student));
  }
  return students;
}

std::string RosterCsv(const std::vector<Student>& students) {
  std::string csv = "Nom;Prénom;Classe;Date de naissance\n";
  for (const Student& student : students) {
    csv += student.last_name + ";" + student.first_name + ";" + student.class_name + ";" +
           student.FrenchBirthDate() + "\n";
  }
  return csv;
}

std::string FoldToAscii(std::string_view text) {
  std::string folded;
  while (!text.empty()) {
    bool replaced = false;
    for (const auto& [from, to] : kFolds) {
      if (text.starts_with(from)) {
        folded += to;
        text.remove_prefix(from.size());
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      folded += text.front();
      text.remove_prefix(1);
    }
  }
  return folded;
}

std::string CopyFileName(const Student& student) {
  return "copie_" + FileNamePart(student.last_name) + "_" + FileNamePart(student.first_name) +
         ".pdf";
}

}  // namespace korrigo::scangen
