#include "domain/ssc.h"

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "domain/codes.h"

namespace sec {

namespace {

constexpr CodeOf<NominationState> kStates[] = {
    {NominationState::kNominated, "NOMINATED"},
    {NominationState::kAccepted, "ACCEPTED"},
    {NominationState::kRejected, "REJECTED"},
    {NominationState::kAppointed, "APPOINTED"},
};

// Bounds keep a nomination's row and messages reasonable; the SEC sets none.
constexpr size_t kMaxNameChars = 200;
constexpr size_t kMaxStatementChars = 10000;
constexpr size_t kMaxReasonChars = 2000;

size_t CountChars(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

absl::Status RequireText(absl::string_view value, absl::string_view field, size_t max_chars) {
  if (absl::StripAsciiWhitespace(value).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  if (CountChars(value) > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

// Clamping (rather than absl's normalisation, which would roll 2016-02-29 + 24 months over to
// 2018-03-01) keeps a term inside the month it is meant to end in.
Date AddMonthsClamped(Date start, int months) {
  const absl::CivilMonth target = absl::CivilMonth(start) + months;
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  return start.day() > last.day() ? last
                                  : absl::CivilDay(target.year(), target.month(), start.day());
}

std::string Who(const SscNomination& n) {
  return absl::StrCat("nominee \"", n.nominee, "\" (", CategoryCode(n.nominee_category), ")");
}

absl::Status WrongState(const SscNomination& n, absl::string_view action) {
  std::string why;
  switch (n.state) {
    case NominationState::kNominated:
      why = "the SSC has not yet accepted the nominee";
      break;
    case NominationState::kAccepted:
      why = "the SSC has already accepted the nominee";
      break;
    case NominationState::kRejected:
      why = absl::StrCat("the SSC rejected the nominee: ", n.rejection_reason);
      break;
    case NominationState::kAppointed:
      why = "the nominee is already appointed";
      break;
  }
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, " ", Who(n), ": it is ",
                                                    NominationStateCode(n.state), "; ", why));
}

}  // namespace

const char* NominationStateCode(NominationState s) { return CodeIn(kStates, s); }

bool ParseNominationState(absl::string_view code, NominationState* s) {
  return ParseCodeIn(kStates, code, s);
}

SscSeatPolicy DefaultSscSeatPolicy() {
  SscSeatPolicy p;
  p.seats = {
      {PartyCategory::kLargeSupplier, 6},           {PartyCategory::kSmallSupplier, 2},
      {PartyCategory::kElectricityNetworkParty, 1}, {PartyCategory::kGasNetworkParty, 1},
      {PartyCategory::kOtherSecParty, 1},
  };
  p.term_months = 24;
  return p;
}

int SeatsFor(const SscSeatPolicy& policy, PartyCategory category) {
  for (const SeatAllocation& a : policy.seats) {
    if (a.category == category) return a.seats;
  }
  return 0;
}

absl::Status ValidateSeatPolicy(const SscSeatPolicy& policy) {
  for (size_t i = 0; i < policy.seats.size(); ++i) {
    const SeatAllocation& a = policy.seats[i];
    if (a.seats < 0) {
      return absl::InvalidArgumentError(absl::StrCat("seats[", i, "]: ", CategoryCode(a.category),
                                                     " has ", a.seats, " seats; must be >= 0"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (policy.seats[j].category == a.category) {
        return absl::InvalidArgumentError(absl::StrCat("seats[", i, "]: ", CategoryCode(a.category),
                                                       " is already given at seats[", j, "]"));
      }
    }
  }
  if (policy.term_months < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("term_months: ", policy.term_months, "; must be at least 1"));
  }
  return absl::OkStatus();
}

absl::Status ValidateNomination(const SscNomination& n, const SscSeatPolicy& policy) {
  if (absl::Status s = ValidateResourceId(n.nominating_party, "nominating_party"); !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireText(n.nominator_name, "nominator_name", kMaxNameChars); !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireText(n.nominator_position, "nominator_position", kMaxNameChars);
      !s.ok()) {
    return s;
  }
  if (!n.nominator_is_senior) {
    return absl::InvalidArgumentError(absl::StrCat(
        "nominator_is_senior: the nominator must hold a relevant senior position in their "
        "organisation (SEC G7, SECMP0026); \"",
        n.nominator_position, "\" is not declared as one"));
  }
  if (absl::Status s = RequireText(n.nominee, "nominee", kMaxNameChars); !s.ok()) return s;
  if (SeatsFor(policy, n.nominee_category) <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("nominee_category: ", CategoryCode(n.nominee_category),
                     " has no Security Sub-Committee seats"));
  }
  return RequireText(n.security_expertise, "security_expertise", kMaxStatementChars);
}

absl::StatusOr<SscNomination> AcceptNomination(const SscNomination& n) {
  if (n.state != NominationState::kNominated) return WrongState(n, "accept");
  SscNomination out = n;
  out.state = NominationState::kAccepted;
  return out;
}

absl::StatusOr<SscNomination> RejectNomination(const SscNomination& n, absl::string_view reason) {
  if (n.state != NominationState::kNominated && n.state != NominationState::kAccepted) {
    return WrongState(n, "reject");
  }
  // The SSC's power to reject comes with the duty to say why (SECMP0026); the reason is kept.
  if (absl::Status s = RequireText(reason, "reason", kMaxReasonChars); !s.ok()) return s;
  SscNomination out = n;
  out.state = NominationState::kRejected;
  out.rejection_reason = std::string(reason);
  return out;
}

absl::StatusOr<SscNomination> RecordVetting(const SscNomination& n, bool passed, Date date) {
  if (n.state != NominationState::kNominated && n.state != NominationState::kAccepted) {
    return WrongState(n, "record vetting for");
  }
  if (date < n.nominated_on) {
    return absl::InvalidArgumentError(absl::StrCat("vetting date ", FormatDate(date),
                                                   " is before the nomination (",
                                                   FormatDate(n.nominated_on), ")"));
  }
  SscNomination out = n;
  out.vetting = Vetting{passed, date};
  return out;
}

bool SitsOn(const SscNomination& n, Date on) {
  return n.state == NominationState::kAppointed && n.appointed_on.has_value() &&
         *n.appointed_on <= on && (!n.term_end.has_value() || on < *n.term_end);
}

int SeatsFilled(const std::vector<SscNomination>& nominations, PartyCategory category, Date on) {
  int filled = 0;
  for (const SscNomination& n : nominations) {
    if (n.nominee_category == category && SitsOn(n, on)) ++filled;
  }
  return filled;
}

absl::StatusOr<SscNomination> Appoint(const SscNomination& n, Date on,
                                      const std::vector<SscNomination>& sitting,
                                      const SscSeatPolicy& policy) {
  if (n.state != NominationState::kAccepted) return WrongState(n, "appoint");
  if (!n.vetting.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot appoint ", Who(n),
                     ": no security vetting is recorded; a nominee must pass "
                     "security vetting before appointment"));
  }
  if (!n.vetting->passed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot appoint ", Who(n), ": failed security vetting on ", FormatDate(n.vetting->date)));
  }
  if (n.vetting->date > on) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot appoint ", Who(n), " on ", FormatDate(on),
                     ": security vetting was passed only on ", FormatDate(n.vetting->date)));
  }
  const int seats = SeatsFor(policy, n.nominee_category);
  const int filled = SeatsFilled(sitting, n.nominee_category, on);
  if (filled >= seats) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot appoint ", Who(n), " on ", FormatDate(on), ": all ", seats, " ",
                     CategoryCode(n.nominee_category), " seats are filled"));
  }
  SscNomination out = n;
  out.state = NominationState::kAppointed;
  out.appointed_on = on;
  out.term_end = AddMonthsClamped(on, policy.term_months);
  if (absl::Status s = CheckComputedDate(*out.term_end, "the term end", "appointment_date");
      !s.ok()) {
    return s;
  }
  return out;
}

}  // namespace sec
