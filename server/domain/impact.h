#ifndef SEC_DOMAIN_IMPACT_H_
#define SEC_DOMAIN_IMPACT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/party.h"

namespace sec {

// How much a proposal affects a category of SEC party, graded by SECAS or the Panel. The
// grades are ordered, NONE < LOW < MEDIUM < HIGH: the declaration order is the order.
enum class ImpactGrade { kNone, kLow, kMedium, kHigh };
const char* ImpactGradeCode(ImpactGrade g);  // "NONE", "LOW", "MEDIUM", "HIGH"
bool ParseImpactGrade(absl::string_view code, ImpactGrade* g);
// Every grade, lowest first (the filter's accepted values).
std::vector<std::string> AllImpactGradeCodes();
// 1 (NONE) to 4 (HIGH): the stored number SQL compares, in the grades' order.
int ImpactGradeRank(ImpactGrade g);

struct Impact {
  PartyCategory category = PartyCategory::kOtherSecParty;
  ImpactGrade grade = ImpactGrade::kNone;
  std::string note;
};

// A proposal's impacts: at most one per category (a second is INVALID_ARGUMENT naming
// impacts[i].category); on success they are put in category order.
absl::Status NormaliseImpacts(std::vector<Impact>* impacts);

// The ListModifications filter field of a category's impact: "impacts.large_supplier", and back.
std::string ImpactFilterField(PartyCategory c);
std::optional<PartyCategory> ImpactFilterCategory(absl::string_view field);
// Every category's filter field, in category order.
std::vector<std::string> AllImpactFilterFields();

}  // namespace sec

#endif  // SEC_DOMAIN_IMPACT_H_
