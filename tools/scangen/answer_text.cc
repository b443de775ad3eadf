// Answer text from templates (see answer_text.h): placeholders {a} {b} {c} {n} take small random
// numbers, {f} a function name, {u} a sequence name, so no two copies read the same.
#include "answer_text.h"

#include <string_view>

namespace korrigo::scangen {
namespace {

constexpr std::string_view kSentences[] = {
    "On a f(x) = {a}x² − {b}x + {c} donc f'(x) = {d}x − {b}.",
    "Pour tout réel x, (x + {a})² = x² + {d}x + {e}.",
    "Donc la fonction {f} est croissante sur [{a} ; +∞[.",
    "Le discriminant vaut Δ = b² − 4ac = {e} − {d} = {c}, il est positif.",
    "Les solutions de l'équation sont x = {a} et x = −{b}.",
    "On en déduit que la suite ({u}ₙ) est géométrique de raison q = 1/{b}.",
    "Ainsi la limite de {f}(x) quand x tend vers +∞ est égale à {a}.",
    "Par récurrence, on montre que {u}ₙ ≥ 0 pour tout entier naturel n.",
    "Initialisation : pour n = 0, on a {u}₀ = {a} donc la propriété est vraie.",
    "Hérédité : supposons que {u}ₙ ≤ {e} pour un certain entier n.",
    "P(A ∩ B) = P(A) × P(B) = 0,{a} × 0,{b} = 0,{d}{c}.",
    "L'aire du domaine vaut {a}/{b} unité d'aire, d'après le calcul précédent.",
    "Le vecteur AB a pour coordonnées ({a} ; −{b} ; {c}).",
    "Les droites (AB) et (CD) sont parallèles car leurs vecteurs sont colinéaires.",
    "On calcule {f}({a}) = {e} et {f}(−{a}) = −{e}, donc {f} est impaire.",
    "Le tableau de variations montre que {f} admet un minimum en x = {a}.",
    "D'après le théorème des valeurs intermédiaires, l'équation a une solution.",
    "Comme e^x > 0 pour tout x, le signe de {f}'(x) est celui de x − {a}.",
    "La dérivée de ln(x) est 1/x, donc g'(x) = {a}/x − {b}.",
    "On vérifie : {a} × {b} = {g}, ce qui confirme le résultat.",
    "Il faut que {u}ₙ₊₁ − {u}ₙ soit positif, c'est le cas ici.",
    "Je n'ai pas réussi à conclure mais je pense que la réponse est {a}.",
    "L'espérance de X vaut E(X) = {a} × 0,{b} = {c},{d}.",
    "La probabilité cherchée est p = {c}/{g}, soit environ 0,{d}{a}.",
    "Soit M le milieu de [AB], alors AM = MB = {a} cm.",
    "On factorise : x² − {e} = (x − {a})(x + {a}).",
    "Le produit scalaire u · v = {a} × {b} + {c} × {d} = {h}.",
    "Réponse : la fonction est décroissante puis croissante, voir le schéma.",
};

constexpr std::string_view kFunctions[] = {"f", "g", "h"};
constexpr std::string_view kSequences[] = {"u", "v", "w"};

std::string Fill(std::string_view pattern, Prng& random) {
  const int a = random.Uniform(2, 9);
  const int b = random.Uniform(2, 9);
  const int c = random.Uniform(1, 9);
  const int d = random.Uniform(1, 9);
  const std::string f(random.Pick(kFunctions));
  const std::string u(random.Pick(kSequences));
  std::string text;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{' || i + 2 >= pattern.size() || pattern[i + 2] != '}') {
      text += pattern[i];
      continue;
    }
    switch (pattern[i + 1]) {
      case 'a':
        text += std::to_string(a);
        break;
      case 'b':
        text += std::to_string(b);
        break;
      case 'c':
        text += std::to_string(c);
        break;
      case 'd':
        text += std::to_string(2 * a > 9 ? d : 2 * a);
        break;
      case 'e':
        text += std::to_string(a * a);
        break;
      case 'g':
        text += std::to_string(a * b);
        break;
      case 'h':
        text += std::to_string(a * b + c * d);
        break;
      case 'f':
        text += f;
        break;
      case 'u':
        text += u;
        break;
      default:
        text += pattern.substr(i, 3);
        break;
    }
    i += 2;
  }
  return text;
}

}  // namespace

std::vector<std::string> AnswerParagraphs(Prng& random, int page) {
  std::vector<std::string> paragraphs;
  int exercise = page;  // one exercise per page on average, as in a four-page test
  char question = 'a';
  // A page usually continues the previous one before a new exercise starts.
  const int lead = page == 1 ? 0 : random.Uniform(0, 3);
  for (int i = 0; i < lead; ++i) paragraphs.push_back(Fill(random.Pick(kSentences), random));
  while (paragraphs.size() < 40) {
    const std::string label = std::string(1, question) + ") ";
    const std::string heading =
        question == 'a' ? "Exercice " + std::to_string(exercise) + " — " + label : label;
    const int sentences = random.Uniform(2, 5);
    for (int i = 0; i < sentences; ++i) {
      const std::string sentence = Fill(random.Pick(kSentences), random);
      paragraphs.push_back(i == 0 ? heading + sentence : sentence);
    }
    if (question < 'c' && random.Chance(0.7)) {
      ++question;
    } else {
      ++exercise;
      question = 'a';
    }
  }
  return paragraphs;
}

}  // namespace korrigo::scangen
