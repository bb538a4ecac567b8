#include "domain/impact.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr CodeOf<ImpactGrade> kGrades[] = {
    {ImpactGrade::kNone, "NONE"},
    {ImpactGrade::kLow, "LOW"},
    {ImpactGrade::kMedium, "MEDIUM"},
    {ImpactGrade::kHigh, "HIGH"},
};

constexpr PartyCategory kCategories[] = {
    PartyCategory::kLargeSupplier,           PartyCategory::kSmallSupplier,
    PartyCategory::kElectricityNetworkParty, PartyCategory::kGasNetworkParty,
    PartyCategory::kOtherSecParty,           PartyCategory::kDcc,
};

constexpr absl::string_view kImpactsPrefix = "impacts.";

}  // namespace

const char* ImpactGradeCode(ImpactGrade g) { return CodeIn(kGrades, g); }

bool ParseImpactGrade(absl::string_view code, ImpactGrade* g) {
  return ParseCodeIn(kGrades, code, g);
}

std::vector<std::string> AllImpactGradeCodes() {
  std::vector<std::string> out;
  for (const auto& e : kGrades) out.push_back(e.code);
  return out;
}

int ImpactGradeRank(ImpactGrade g) { return static_cast<int>(g) + 1; }

absl::Status NormaliseImpacts(std::vector<Impact>* impacts) {
  for (size_t i = 0; i < impacts->size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if ((*impacts)[j].category == (*impacts)[i].category) {
        return InvalidField(absl::StrCat("impacts[", i, "].category"),
                            absl::StrCat(CategoryCode((*impacts)[i].category),
                                         " is graded twice (also impacts[", j, "])"));
      }
    }
  }
  std::stable_sort(impacts->begin(), impacts->end(),
                   [](const Impact& a, const Impact& b) { return a.category < b.category; });
  return absl::OkStatus();
}

std::string ImpactFilterField(PartyCategory c) {
  return absl::StrCat(kImpactsPrefix, absl::AsciiStrToLower(CategoryCode(c)));
}

std::optional<PartyCategory> ImpactFilterCategory(absl::string_view field) {
  if (!absl::StartsWith(field, kImpactsPrefix)) return std::nullopt;
  for (PartyCategory c : kCategories) {
    if (field == ImpactFilterField(c)) return c;
  }
  return std::nullopt;
}

std::vector<std::string> AllImpactFilterFields() {
  std::vector<std::string> out;
  for (PartyCategory c : kCategories) out.push_back(ImpactFilterField(c));
  return out;
}

}  // namespace sec
