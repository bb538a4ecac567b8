#include "domain/release.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/errors.h"
#include "domain/status_macros.h"

namespace sec {
namespace {

struct KindCode {
  ReleaseKind kind;
  const char* code;
};
constexpr KindCode kKinds[] = {{ReleaseKind::kPlanned, "PLANNED"}, {ReleaseKind::kAdHoc, "AD_HOC"}};

struct StateCode {
  ReleaseState state;
  const char* code;
};
constexpr StateCode kStates[] = {{ReleaseState::kOpen, "OPEN"},
                                 {ReleaseState::kImplemented, "IMPLEMENTED"},
                                 {ReleaseState::kCancelled, "CANCELLED"}};

constexpr size_t kMaxReleaseIdChars = 32;

std::string ReleaseLabel(const Release& r) { return absl::StrCat("releases/", r.id); }

absl::Status RequireOpen(const Release& r, absl::string_view action) {
  if (r.state == ReleaseState::kOpen) return absl::OkStatus();
  return Refused(
      absl::StatusCode::kFailedPrecondition, "NOT_OPEN",
      absl::StrCat(ReleaseLabel(r), " is ", ReleaseStateCode(r.state), ": it cannot ", action),
      {{"release", ReleaseLabel(r)}, {"state", ReleaseStateCode(r.state)}});
}

}  // namespace

const char* ReleaseKindCode(ReleaseKind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.code;
  }
  return "UNKNOWN";
}

bool ParseReleaseKind(absl::string_view code, ReleaseKind* k) {
  for (const auto& e : kKinds) {
    if (code == e.code) {
      *k = e.kind;
      return true;
    }
  }
  return false;
}

const char* ReleaseStateCode(ReleaseState s) {
  for (const auto& e : kStates) {
    if (e.state == s) return e.code;
  }
  return "UNKNOWN";
}

bool ParseReleaseState(absl::string_view code, ReleaseState* s) {
  for (const auto& e : kStates) {
    if (code == e.code) {
      *s = e.state;
      return true;
    }
  }
  return false;
}

absl::Status ValidateReleaseId(absl::string_view id, absl::string_view field) {
  auto bad = [&] {
    return InvalidField(field, absl::StrCat("\"", id,
                                            "\" is not a release id: want the target month "
                                            "\"2017-06\", optionally then '-' and lower-case "
                                            "letters, digits or '-' (\"2017-04-ad-hoc\"), at most ",
                                            kMaxReleaseIdChars, " characters"));
  };
  if (id.size() < 7 || id.size() > kMaxReleaseIdChars || id.size() == 8) return bad();
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4 ? id[i] != '-' : !absl::ascii_isdigit(static_cast<unsigned char>(id[i]))) {
      return bad();
    }
  }
  const int month = (id[5] - '0') * 10 + (id[6] - '0');
  if (month < 1 || month > 12) return bad();
  if (id.size() > 7) {
    if (id[7] != '-') return bad();
    for (char c : id.substr(8)) {
      if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
            absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
        return bad();
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Release> PlanRelease(std::string id, ReleaseKind kind, Date target,
                                    int cutoff_working_days, const WorkingDayCalendar& calendar) {
  SEC_RETURN_IF_ERROR(ValidateReleaseId(id, "release_id"));
  const std::string month = FormatDate(target).substr(0, 7);
  if (id.substr(0, 7) != month) {
    return InvalidField("release.target_date",
                        absl::StrCat(FormatDate(target), " is not in the month release ", id,
                                     " names (", id.substr(0, 7), ")"));
  }
  if (cutoff_working_days == 0) cutoff_working_days = kDefaultCutoffWorkingDays;
  if (cutoff_working_days < 1 || cutoff_working_days > kMaxCutoffWorkingDays) {
    return InvalidField(
        "release.cutoff_working_days",
        absl::StrCat("must be 1 to ", kMaxCutoffWorkingDays, " working days (0: the policy's ",
                     kDefaultCutoffWorkingDays, ")"));
  }
  Release r;
  r.id = std::move(id);
  r.kind = kind;
  r.target = target;
  r.cutoff_working_days = cutoff_working_days;
  r.cutoff = calendar.SubtractWorkingDays(target, cutoff_working_days);
  SEC_RETURN_IF_ERROR(CheckComputedDate(r.cutoff, "the cut-off", "release.cutoff_working_days"));
  return r;
}

ReleaseStatus ReleaseStatusOn(const Release& r, Date day) {
  switch (r.state) {
    case ReleaseState::kImplemented:
      return ReleaseStatus::kImplemented;
    case ReleaseState::kCancelled:
      return ReleaseStatus::kCancelled;
    case ReleaseState::kOpen:
      break;
  }
  return day > r.cutoff ? ReleaseStatus::kScoped : ReleaseStatus::kPlanning;
}

absl::Status CheckScopeChange(const Release* leaving, const Release* joining, Date day,
                              absl::string_view authority_decision) {
  for (const Release* r : {leaving, joining}) {
    if (r == nullptr) continue;
    SEC_RETURN_IF_ERROR(RequireOpen(*r, r == leaving ? "lose a proposal" : "take a proposal"));
  }
  if (!authority_decision.empty()) return absl::OkStatus();
  for (const Release* r : {leaving, joining}) {
    if (r == nullptr || day <= r->cutoff) continue;
    return Refused(absl::StatusCode::kFailedPrecondition, "CUTOFF_PASSED",
                   absl::StrCat(ReleaseLabel(*r), "'s cut-off for inclusion was ",
                                FormatDate(r->cutoff), ": changing its scope on ", FormatDate(day),
                                " needs the Authority's decision (give authority_decision)"),
                   {{"release", ReleaseLabel(*r)}, {"cutoff_date", FormatDate(r->cutoff)}});
  }
  return absl::OkStatus();
}

absl::Status CheckAssignable(const Modification& m) {
  if (m.status == ModStatus::kApproved) return absl::OkStatus();
  return Refused(absl::StatusCode::kFailedPrecondition, "EVENT_NOT_ALLOWED",
                 absl::StrCat(m.reference, " is ", StatusCode(m.status),
                              ": only an APPROVED proposal is assigned to a release"),
                 {{"modification", m.reference}, {"status", StatusCode(m.status)}});
}

std::optional<Date> AppealWindowEnd(const Modification& m, const std::vector<Decision>& decisions,
                                    const WorkingDayCalendar& calendar) {
  if (m.path != ModPath::kPath3) return std::nullopt;
  std::optional<Date> decided;
  for (const Decision& d : decisions) {
    if (d.modification != m.reference || d.kind != "CHANGE_BOARD_TALLY" ||
        d.status != ModStatus::kApproved) {
      continue;
    }
    if (!decided.has_value() || d.day > *decided) decided = d.day;
  }
  if (!decided.has_value()) return std::nullopt;
  return calendar.AddWorkingDays(*decided, kAppealWorkingDays);
}

absl::Status CheckAppealWindow(const Modification& m, const std::vector<Decision>& decisions,
                               Date effective, const WorkingDayCalendar& calendar) {
  const std::optional<Date> end = AppealWindowEnd(m, decisions, calendar);
  if (!end.has_value() || effective > *end) return absl::OkStatus();
  return Refused(
      absl::StatusCode::kFailedPrecondition, "APPEAL_WINDOW_OPEN",
      absl::StrCat(m.reference, " is inside its appeal window (", kAppealWorkingDays,
                   " working days after the Change Board's decision) until ", FormatDate(*end),
                   ": it cannot be implemented on ", FormatDate(effective)),
      {{"modification", m.reference}, {"appeal_window_end", FormatDate(*end)}});
}

absl::Status CheckImplementable(const Release& r) {
  SEC_RETURN_IF_ERROR(RequireOpen(r, "be implemented"));
  if (!r.modifications.empty()) return absl::OkStatus();
  return Refused(absl::StatusCode::kFailedPrecondition, "EMPTY_RELEASE",
                 absl::StrCat(ReleaseLabel(r),
                              " has no proposals: cancel it (a release nothing justifies is "
                              "skipped) rather than implement it"),
                 {{"release", ReleaseLabel(r)}});
}

absl::Status CheckCancellable(const Release& r) {
  SEC_RETURN_IF_ERROR(RequireOpen(r, "be cancelled"));
  if (r.modifications.empty()) return absl::OkStatus();
  return Refused(
      absl::StatusCode::kFailedPrecondition, "RELEASE_NOT_EMPTY",
      absl::StrCat(ReleaseLabel(r), " still holds ", absl::StrJoin(r.modifications, ", "),
                   ": move them to another release first"),
      {{"release", ReleaseLabel(r)}});
}

}  // namespace sec
