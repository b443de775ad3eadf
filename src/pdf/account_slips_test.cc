// Account slips: every student's name, username and code readable in the PDF (accents included),
// four slips to a page, long names kept inside their slip, and the limits on what can be printed.
#include "pdf/account_slips.h"

#include <gtest/gtest.h>

#include "pdf/poppler_cli.h"

namespace korrigo::pdf {
namespace {

using testing::PdfInfo;
using testing::PdfPageCount;
using testing::PdfText;

const std::string kLongName =
    "Marie-Charlotte Éléonore Bénédicte DE LA ROCHEFOUCAULD-MONTMORENCY-SAINT-EXUPÉRY";

std::vector<AccountSlip> SampleSlips() {
  return {
      {"Éloïse DUPONT--MARTIN", "3e B", "eloise.dupont--martin", "ABCD-EFGH-JKMN", "30/09/2025"},
      {"Anaïs LE GALL", "3e B", "anais.le-gall", "PQRS-TUVW-XY23", "30/09/2025"},
      {"Mohamed-Youssef BEN AMEUR", "2nde 4", "mohamed-youssef.ben-ameur", "4567-89AB-CDEF",
       "01/10/2025"},
      {kLongName, "Terminale générale 2", "marie-charlotte.de-la-rochefoucauld", "GHJK-MNPQ-RSTU",
       "01/10/2025"},
      {"Zoé ŒUVRARD", "", "zoe.oeuvrard", "VWXY-Z234-5678", "02/10/2025"},
  };
}

AccountSlipOptions SampleOptions() {
  return {.site_url = "https://korrigo.lycee-exemple.fr", .school_name = "Lycée Jean-Moulin"};
}

TEST(AccountSlipsTest, EveryStudentCanReadTheirSlip) {
  core::Result<std::string> pdf = RenderAccountSlips(SampleSlips(), SampleOptions());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  const std::string text = PdfText(*pdf);
  for (const AccountSlip& slip : SampleSlips()) {
    if (slip.student_name != kLongName) {
      EXPECT_NE(text.find(slip.student_name), std::string::npos) << slip.student_name << "\n"
                                                                 << text;
    }
    EXPECT_NE(text.find(slip.username), std::string::npos) << slip.username << "\n" << text;
    EXPECT_NE(text.find(slip.code), std::string::npos) << slip.code << "\n" << text;
    EXPECT_NE(text.find("Valable jusqu'au " + slip.expires_at_text), std::string::npos) << text;
  }
  for (const char* expected :
       {"Votre compte Korrigo", "Lycée Jean-Moulin", "Classe : 3e B", "Classe : 2nde 4",
        "Adresse du site : https://korrigo.lycee-exemple.fr", "Identifiant : anais.le-gall",
        "Code d'activation", "« Activer mon compte »", "(12 caractères au moins).",
        "Ce code ne sert qu'une fois. Ne le communiquez à personne."}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_NE(PdfInfo(*pdf).find("Votre compte Korrigo — Lycée Jean-Moulin"), std::string::npos);
}

TEST(AccountSlipsTest, LongNamesAreShortenedWithAnEllipsis) {
  core::Result<std::string> pdf = RenderAccountSlips({SampleSlips()[3]}, SampleOptions());
  ASSERT_TRUE(pdf.ok());
  const std::string text = PdfText(*pdf);
  EXPECT_EQ(text.find(kLongName), std::string::npos) << text;
  EXPECT_NE(text.find("Marie-Charlotte Éléonore Bénédicte"), std::string::npos) << text;
  EXPECT_NE(text.find("…"), std::string::npos) << text;
  EXPECT_NE(text.find("marie-charlotte.de-la-rochefoucauld"), std::string::npos) << text;
}

TEST(AccountSlipsTest, FourSlipsToAPage) {
  std::vector<AccountSlip> slips;
  for (int i = 0; i < 9; ++i) slips.push_back(SampleSlips()[i % 5]);
  core::Result<std::string> nine = RenderAccountSlips(slips, SampleOptions());
  ASSERT_TRUE(nine.ok());
  EXPECT_EQ(PdfPageCount(*nine), 3);
  slips.resize(4);
  core::Result<std::string> four = RenderAccountSlips(slips, {.site_url = "https://k.fr"});
  ASSERT_TRUE(four.ok());
  EXPECT_EQ(PdfPageCount(*four), 1);
}

TEST(AccountSlipsTest, RefusesAnEmptySelection) {
  core::Result<std::string> pdf = RenderAccountSlips({}, SampleOptions());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(pdf.error().message, "Aucun élève sélectionné.");
}

TEST(AccountSlipsTest, RefusesMoreThanFiveThousandSlips) {
  std::vector<AccountSlip> slips(kMaxSlipsPerDocument + 1, SampleSlips()[0]);
  core::Result<std::string> pdf = RenderAccountSlips(slips, SampleOptions());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(pdf.error().details["max_slips"], 5000);
}

}  // namespace
}  // namespace korrigo::pdf
