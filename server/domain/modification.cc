#include "domain/modification.h"

#include <algorithm>
#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "domain/bounds.h"
#include "domain/codes.h"
#include "domain/errors.h"
#include "domain/status_macros.h"

namespace sec {

namespace {

struct StatusEntry {
  ModStatus status;
  const char* code;
  const char* title;
  bool open;
};

// One table for codes, the register's words and openness, so the three can never disagree.
constexpr StatusEntry kStatuses[] = {
    {ModStatus::kSubmitted, "SUBMITTED", "Modification Proposal Submitted", true},
    {ModStatus::kRefinement, "REFINEMENT", "Refinement", true},
    {ModStatus::kReportPhase, "REPORT_PHASE", "Report Phase", true},
    {ModStatus::kConsultation, "CONSULTATION", "Modification Report Consultation", true},
    {ModStatus::kChangeBoard, "CHANGE_BOARD", "Change Board", true},
    {ModStatus::kAwaitingAuthority, "AWAITING_AUTHORITY", "Awaiting Authority Decision", true},
    {ModStatus::kApproved, "APPROVED", "Approved", false},
    {ModStatus::kRejected, "REJECTED", "Rejected", false},
    {ModStatus::kImplemented, "IMPLEMENTED", "Implemented", false},
    {ModStatus::kWithdrawn, "WITHDRAWN", "Withdrawn", false},
    {ModStatus::kCancelled, "CANCELLED", "Cancelled", false},
    // A suspended proposal can be resumed, so it still counts as open (SPEC 2).
    {ModStatus::kSuspended, "SUSPENDED", "Suspended", true},
};

const StatusEntry* FindStatus(ModStatus s) {
  for (const auto& e : kStatuses) {
    if (e.status == s) return &e;
  }
  return nullptr;
}

constexpr CodeOf<ModPath> kPaths[] = {
    {ModPath::kPath1, "PATH_1"},
    {ModPath::kPath2, "PATH_2"},
    {ModPath::kPath3, "PATH_3"},
};

constexpr absl::string_view kReferencePrefix = "SECMP";

// Limits on proposer-supplied text (bounds.h). They keep one proposal's row bounded in storage
// and on the wire; the SEC sets none, so they are generous.
constexpr size_t kMaxTitleChars = bounds::kTitleChars;
constexpr size_t kMaxSectionChars = bounds::kSectionChars;
constexpr size_t kMaxProblemStatementChars = bounds::kLongTextChars;
constexpr size_t kMaxIntendedChanges = bounds::kListItems;
constexpr size_t kMaxIntendedChangeChars = bounds::kPointChars;

// The register writes ranges with an en dash ("G 7.6–7.12"); we accept it beside the hyphen.
constexpr absl::string_view kEnDash = "\xE2\x80\x93";

// Limits are on characters a person sees, not bytes, so titles with a dash or an accent are not
// penalised. Counts UTF-8 lead bytes (anything that is not a continuation byte).
size_t CountChars(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

// A section reference as the register writes them: "D", "A", "G7.6-7.12", "G 7.6–7.12".
// Equivalent to ^[A-Z][A-Za-z0-9 .\-–]*$ without pulling a regex engine into the domain.
bool IsValidSection(absl::string_view s) {
  if (s.empty() || !absl::ascii_isupper(static_cast<unsigned char>(s[0]))) return false;
  size_t i = 1;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (absl::ascii_isalnum(c) || c == ' ' || c == '.' || c == '-') {
      ++i;
    } else if (absl::StartsWith(s.substr(i), kEnDash)) {
      i += kEnDash.size();
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

const char* StatusCode(ModStatus s) {
  const StatusEntry* e = FindStatus(s);
  return e != nullptr ? e->code : "UNKNOWN";
}

const char* StatusTitle(ModStatus s) {
  const StatusEntry* e = FindStatus(s);
  return e != nullptr ? e->title : "Unknown";
}

bool ParseStatus(absl::string_view code, ModStatus* s) {
  for (const auto& e : kStatuses) {
    if (code == e.code) {
      *s = e.status;
      return true;
    }
  }
  return false;
}

std::vector<ModStatus> AllStatuses() {
  std::vector<ModStatus> out;
  for (const auto& e : kStatuses) out.push_back(e.status);
  return out;
}

bool IsOpen(ModStatus s) {
  const StatusEntry* e = FindStatus(s);
  return e != nullptr && e->open;
}

namespace {

struct WaitingOnEntry {
  WaitingOn who;
  const char* code;
};
constexpr WaitingOnEntry kWaitingOn[] = {
    {WaitingOn::kSecas, "SECAS"},
    {WaitingOn::kPanel, "PANEL"},
    {WaitingOn::kDcc, "DCC"},
    {WaitingOn::kChangeBoard, "CHANGE_BOARD"},
    {WaitingOn::kAuthority, "AUTHORITY"},
    {WaitingOn::kSecretaryOfState, "SECRETARY_OF_STATE"},
};

}  // namespace

WaitingOn WaitingOnOf(const Modification& m) {
  switch (m.status) {
    case ModStatus::kSubmitted:
      return WaitingOn::kPanel;  // its decision on the Initial Modification Report
    case ModStatus::kRefinement:
    case ModStatus::kReportPhase:
    case ModStatus::kConsultation:
      // SECAS runs the stage, unless it cannot go on without an outstanding DCC assessment.
      return m.dcc_outstanding > 0 ? WaitingOn::kDcc : WaitingOn::kSecas;
    case ModStatus::kChangeBoard:
      return WaitingOn::kChangeBoard;
    case ModStatus::kAwaitingAuthority:
      return WaitingOn::kAuthority;
    case ModStatus::kApproved:
      return WaitingOn::kSecas;  // implementing it in a release
    case ModStatus::kSuspended:
      return WaitingOn::kSecretaryOfState;  // lifting the suspension
    case ModStatus::kRejected:
    case ModStatus::kImplemented:
    case ModStatus::kWithdrawn:
    case ModStatus::kCancelled:
      break;
  }
  return WaitingOn::kNobody;
}

const char* WaitingOnCode(WaitingOn w) {
  for (const auto& e : kWaitingOn) {
    if (e.who == w) return e.code;
  }
  return "";
}

std::vector<std::string> WaitingOnCodes() {
  std::vector<std::string> out;
  for (const auto& e : kWaitingOn) out.push_back(e.code);
  return out;
}

bool ParseWaitingOn(absl::string_view code, WaitingOn* w) {
  for (const auto& e : kWaitingOn) {
    if (code == e.code) {
      *w = e.who;
      return true;
    }
  }
  return false;
}

std::optional<std::vector<ModStatus>> StatusesMatching(const std::vector<FilterTerm>& filter) {
  for (const FilterTerm& t : filter) {
    if (t.field != "status" && t.field != "open") return std::nullopt;
  }
  std::vector<ModStatus> out;
  for (const auto& e : kStatuses) {
    bool match = true;
    for (const FilterTerm& t : filter) {
      const bool equal = t.field == "status" ? t.value == e.code : (t.value == "true") == e.open;
      if (equal != (t.op == FilterOp::kEq)) match = false;
    }
    if (match) out.push_back(e.status);
  }
  return out;
}

const char* PathCode(ModPath p) {
  for (const auto& e : kPaths) {
    if (e.value == p) return e.code;
  }
  return "";
}

bool ParsePath(absl::string_view code, ModPath* p) { return ParseCodeIn(kPaths, code, p); }

std::string FormatReference(int number) {
  return absl::StrFormat("%s%04d", kReferencePrefix, number);
}

absl::StatusOr<int> ParseReference(absl::string_view reference) {
  absl::string_view digits = reference;
  // SimpleAtoi alone would accept "+034" or " 34"; insist on exactly four ASCII digits.
  bool ok = absl::ConsumePrefix(&digits, kReferencePrefix) && digits.size() == 4;
  for (size_t i = 0; ok && i < digits.size(); ++i) {
    ok = absl::ascii_isdigit(static_cast<unsigned char>(digits[i]));
  }
  int number = 0;
  if (!ok || !absl::SimpleAtoi(digits, &number) || number < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reference: \"", reference,
        "\" is not a modification reference; use SECMP and four digits, SECMP0001 to SECMP9999"));
  }
  return number;
}

absl::Status ValidateModificationText(const Modification& m) {
  if (absl::StripAsciiWhitespace(m.title).empty()) {
    return absl::InvalidArgumentError("title: required");
  }
  if (CountChars(m.title) > kMaxTitleChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("title: ", CountChars(m.title), " characters; at most ", kMaxTitleChars));
  }
  for (size_t i = 0; i < m.sections.size(); ++i) {
    const std::string& s = m.sections[i];
    if (s.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("sections[", i, "]: empty"));
    }
    if (CountChars(s) > kMaxSectionChars) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sections[", i, "]: \"", s, "\" is longer than ", kMaxSectionChars, " characters"));
    }
    if (!IsValidSection(s)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "sections[", i, "]: \"", s,
          "\" is not a SEC section; start with a capital letter, then letters, digits, spaces, "
          "'.', '-' or '\xE2\x80\x93', e.g. \"D\" or \"G7.6-7.12\""));
    }
    if (std::find(m.sections.begin(), m.sections.begin() + i, s) != m.sections.begin() + i) {
      return absl::InvalidArgumentError(
          absl::StrCat("sections[", i, "]: \"", s, "\" is listed twice"));
    }
  }
  if (CountChars(m.problem_statement) > kMaxProblemStatementChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("problem_statement: ", CountChars(m.problem_statement),
                     " characters; at most ", kMaxProblemStatementChars));
  }
  if (m.intended_changes.size() > kMaxIntendedChanges) {
    return absl::InvalidArgumentError(absl::StrCat("intended_changes: ", m.intended_changes.size(),
                                                   " points; at most ", kMaxIntendedChanges));
  }
  for (size_t i = 0; i < m.intended_changes.size(); ++i) {
    size_t n = CountChars(m.intended_changes[i]);
    if (n > kMaxIntendedChangeChars) {
      return absl::InvalidArgumentError(absl::StrCat(
          "intended_changes[", i, "]: ", n, " characters; at most ", kMaxIntendedChangeChars));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> NthReference(int64_t n) {
  if (n < 1 || n > 9999) {
    return absl::ResourceExhaustedError("the register has used every reference SECMP0001-9999");
  }
  return FormatReference(static_cast<int>(n));
}

absl::Status CheckRaise(const Principal& who, const RaiseHistory& given) {
  const bool history = given.reference || given.date_raised || given.status || given.path;
  if (history && !who.Has(Role::kSecas)) {
    return Refused(absl::StatusCode::kPermissionDenied, "ROLE_REQUIRED",
                   "only SECAS, loading history, gives a reference, a date raised, a status or "
                   "a path when raising",
                   {{"roles", "SECAS"}});
  }
  if (given.status == ModStatus::kSuspended) {
    return InvalidField("modification.status",
                        "a proposal cannot be loaded as SUSPENDED (no prior status)");
  }
  return absl::OkStatus();
}

namespace {

absl::Status CheckProposerOrSecas(const Modification& m, const Principal& who) {
  if (!who.Has(Role::kSecas) && !who.ActsFor(m.proposer)) {
    return Refused(absl::StatusCode::kPermissionDenied, "NOT_PROPOSER",
                   absl::StrCat("only the proposer (parties/", m.proposer, ") or SECAS may change ",
                                m.reference),
                   {{"proposer", absl::StrCat("parties/", m.proposer)}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckMayEdit(const Modification& m, const Principal& who) {
  SEC_RETURN_IF_ERROR(CheckProposerOrSecas(m, who));
  return CheckOpen(m);
}

bool HoldsRedline(const Modification& m) {
  return IsOpen(m.status) || m.status == ModStatus::kApproved;
}

absl::Status CheckMayRebase(const Modification& m, const Principal& who) {
  SEC_RETURN_IF_ERROR(CheckProposerOrSecas(m, who));
  if (HoldsRedline(m)) return absl::OkStatus();
  return CheckOpen(m);
}

absl::Status CheckOpen(const Modification& m) {
  if (!IsOpen(m.status)) {
    return Refused(absl::StatusCode::kFailedPrecondition, "NOT_OPEN",
                   absl::StrCat(m.reference, " is ", StatusTitle(m.status),
                                "; a closed proposal cannot be changed"),
                   {{"status", StatusCode(m.status)}});
  }
  return absl::OkStatus();
}

}  // namespace sec
