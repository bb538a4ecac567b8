#ifndef SEC_DOMAIN_NAMES_H_
#define SEC_DOMAIN_NAMES_H_

// Resource names (AIP-122), written and parsed in one place:
//   parties/{party}                          modifications/{SECMPnnnn}
//   modifications/{ref}/consultation         meetings/{body}-{number}
//   decisions/{n}   versions/{number}   nominations/{n}   assessments/{n}
//   creditPolicies/{id}
//   sections/{G}   clauses/{G7.6}   modifications/{ref}/redline
//   parties/{party}/{creditAssessments|charges|instruments}/{n}
//   parties/{party}/breachNotices/{date}     parties/{party}/defaults/{date}
// A parser's error is INVALID_ARGUMENT naming the request field and showing an example.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec {

std::string PartyName(absl::string_view id);
absl::StatusOr<std::string> ParsePartyName(absl::string_view name, absl::string_view field);

std::string ModificationName(absl::string_view reference);
absl::StatusOr<std::string> ParseModificationName(absl::string_view name, absl::string_view field);

std::string ConsultationName(absl::string_view reference);
// "modifications/SECMP0006/consultation" -> "SECMP0006".
absl::StatusOr<std::string> ParseConsultationName(absl::string_view name, absl::string_view field);

std::string MeetingName(absl::string_view id);
absl::StatusOr<std::string> ParseMeetingName(absl::string_view name, absl::string_view field);

std::string ReleaseName(absl::string_view id);
// "releases/2017-06" -> "2017-06" (domain/release.h ValidateReleaseId).
absl::StatusOr<std::string> ParseReleaseName(absl::string_view name, absl::string_view field);

std::string VersionName(absl::string_view number);
absl::StatusOr<std::string> ParseVersionName(absl::string_view name, absl::string_view field);

// The legal text: "sections/G", "clauses/G7.6" (domain/legal_text.h validates the ids), and a
// proposal's redline "modifications/SECMP0026/redline" -> "SECMP0026".
std::string SectionName(absl::string_view section);
absl::StatusOr<std::string> ParseSectionName(absl::string_view name, absl::string_view field);
std::string ClauseName(absl::string_view clause);
absl::StatusOr<std::string> ParseClauseName(absl::string_view name, absl::string_view field);
std::string RedlineName(absl::string_view reference);
absl::StatusOr<std::string> ParseRedlineName(absl::string_view name, absl::string_view field);
std::string DecisionName(int64_t id);
std::string NominationName(int64_t id);
absl::StatusOr<int64_t> ParseNominationName(absl::string_view name, absl::string_view field);
std::string AssessmentName(int64_t id);
// A proposal's cost estimate: "modifications/SECMP0034/costs/3".
std::string CostEstimateName(absl::string_view reference, int64_t id);
absl::StatusOr<int64_t> ParseAssessmentName(absl::string_view name, absl::string_view field);

std::string PolicyName(absl::string_view id);
absl::StatusOr<std::string> ParsePolicyName(absl::string_view name, absl::string_view field);

// A party's numbered credit record: "parties/{party}/{collection}/{seq}".
std::string ChildName(absl::string_view party, absl::string_view collection, int64_t seq);
struct ChildRef {
  std::string party;
  int64_t seq = 0;
};
absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field);

}  // namespace sec

#endif  // SEC_DOMAIN_NAMES_H_
