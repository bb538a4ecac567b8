#include "domain/names.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"
#include "domain/legal_text.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "domain/release.h"
#include "domain/status_macros.h"

namespace sec {
namespace {

// "… is not a modification name like modifications/SECMP0034": the kind is the example's
// collection in the singular.
absl::Status NotAName(absl::string_view name, absl::string_view field, absl::string_view like) {
  absl::string_view kind = like.substr(0, like.find('/'));
  static constexpr std::pair<absl::string_view, absl::string_view> kKinds[] = {
      {"parties", "party"},        {"modifications", "modification"}, {"meetings", "meeting"},
      {"versions", "version"},     {"nominations", "nomination"},     {"assessments", "assessment"},
      {"creditPolicies", "policy"}};
  for (const auto& [collection, singular] : kKinds) {
    if (kind == collection) kind = singular;
  }
  if (absl::StrContains(like, "/consultation")) kind = "consultation";
  if (absl::StrContains(like, "parties/british-gas/")) kind = "record";
  return InvalidField(field, absl::StrCat("\"", name, "\" is not a ", kind, " name like ", like));
}

// The part after `prefix`, non-empty and at most `max` characters.
absl::StatusOr<std::string> After(absl::string_view name, absl::string_view prefix, size_t max,
                                  absl::string_view field, absl::string_view like) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, prefix) || v.empty() || v.size() > max ||
      v.find('/') != absl::string_view::npos) {
    return NotAName(name, field, like);
  }
  return std::string(v);
}

absl::StatusOr<int64_t> Numbered(absl::string_view name, absl::string_view prefix,
                                 absl::string_view field, absl::string_view like) {
  absl::string_view v = name;
  int64_t id = 0;
  if (!absl::ConsumePrefix(&v, prefix) || !absl::SimpleAtoi(v, &id) || id <= 0) {
    return NotAName(name, field, like);
  }
  return id;
}

}  // namespace

std::string PartyName(absl::string_view id) { return absl::StrCat("parties/", id); }

absl::StatusOr<std::string> ParsePartyName(absl::string_view name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, "parties/")) return NotAName(name, field, "parties/british-gas");
  if (absl::Status s = ValidateResourceId(v, field); !s.ok()) return s;
  return std::string(v);
}

std::string ModificationName(absl::string_view reference) {
  return absl::StrCat("modifications/", reference);
}

absl::StatusOr<std::string> ParseModificationName(absl::string_view name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, "modifications/") || !ParseReference(v).ok()) {
    return NotAName(name, field, "modifications/SECMP0034");
  }
  return std::string(v);
}

std::string ConsultationName(absl::string_view reference) {
  return absl::StrCat("modifications/", reference, "/consultation");
}

absl::StatusOr<std::string> ParseConsultationName(absl::string_view name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumeSuffix(&v, "/consultation")) {
    return NotAName(name, field, "modifications/SECMP0006/consultation");
  }
  return ParseModificationName(v, field);
}

std::string MeetingName(absl::string_view id) { return absl::StrCat("meetings/", id); }

absl::StatusOr<std::string> ParseMeetingName(absl::string_view name, absl::string_view field) {
  return After(name, "meetings/", 80, field, "meetings/panel-42");
}

std::string ReleaseName(absl::string_view id) { return absl::StrCat("releases/", id); }

absl::StatusOr<std::string> ParseReleaseName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::string> id = After(name, "releases/", 32, field, "releases/2017-06");
  if (!id.ok()) return id.status();
  if (absl::Status s = ValidateReleaseId(*id, field); !s.ok()) return s;
  return id;
}

std::string VersionName(absl::string_view number) { return absl::StrCat("versions/", number); }

absl::StatusOr<std::string> ParseVersionName(absl::string_view name, absl::string_view field) {
  return After(name, "versions/", 32, field, "versions/5.6");
}

std::string SectionName(absl::string_view section) { return absl::StrCat("sections/", section); }

absl::StatusOr<std::string> ParseSectionName(absl::string_view name, absl::string_view field) {
  SEC_ASSIGN_OR_RETURN(std::string id, After(name, "sections/", 2, field, "sections/G"));
  SEC_RETURN_IF_ERROR(ValidateSectionId(id, field));
  return id;
}

std::string ClauseName(absl::string_view clause) { return absl::StrCat("clauses/", clause); }

absl::StatusOr<std::string> ParseClauseName(absl::string_view name, absl::string_view field) {
  SEC_ASSIGN_OR_RETURN(std::string id, After(name, "clauses/", 24, field, "clauses/G7.6"));
  SEC_RETURN_IF_ERROR(ValidateClauseId(id, field));
  return id;
}

std::string RedlineName(absl::string_view reference) {
  return absl::StrCat("modifications/", reference, "/redline");
}

absl::StatusOr<std::string> ParseRedlineName(absl::string_view name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumeSuffix(&v, "/redline")) {
    return NotAName(name, field, "modifications/SECMP0026/redline");
  }
  return ParseModificationName(v, field);
}

std::string DecisionName(int64_t id) { return absl::StrCat("decisions/", id); }
std::string NominationName(int64_t id) { return absl::StrCat("nominations/", id); }
std::string AssessmentName(int64_t id) { return absl::StrCat("assessments/", id); }

absl::StatusOr<int64_t> ParseNominationName(absl::string_view name, absl::string_view field) {
  return Numbered(name, "nominations/", field, "nominations/3");
}

absl::StatusOr<int64_t> ParseAssessmentName(absl::string_view name, absl::string_view field) {
  return Numbered(name, "assessments/", field, "assessments/3");
}

std::string PolicyName(absl::string_view id) { return absl::StrCat("creditPolicies/", id); }

absl::StatusOr<std::string> ParsePolicyName(absl::string_view name, absl::string_view field) {
  absl::string_view v = name;
  if (!absl::ConsumePrefix(&v, "creditPolicies/")) {
    return NotAName(name, field, "creditPolicies/sec-5-6");
  }
  if (absl::Status s = ValidateResourceId(v, field); !s.ok()) return s;
  return std::string(v);
}

std::string CostEstimateName(absl::string_view reference, int64_t id) {
  return absl::StrCat(ModificationName(reference), "/costs/", id);
}

std::string ChildName(absl::string_view party, absl::string_view collection, int64_t seq) {
  return absl::StrCat("parties/", party, "/", collection, "/", seq);
}

absl::StatusOr<ChildRef> ParseChildName(absl::string_view name, absl::string_view collection,
                                        absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  ChildRef ref;
  if (parts.size() != 4 || parts[0] != "parties" || parts[2] != collection ||
      !ValidateResourceId(parts[1], field).ok() || !absl::SimpleAtoi(parts[3], &ref.seq) ||
      ref.seq <= 0) {
    return NotAName(name, field, absl::StrCat("parties/british-gas/", collection, "/17"));
  }
  ref.party = std::string(parts[1]);
  return ref;
}

}  // namespace sec
