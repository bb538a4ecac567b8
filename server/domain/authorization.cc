#include "domain/authorization.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"

namespace sec {
namespace {

constexpr Role kAllRoles[] = {Role::kSecas,     Role::kPanel,
                              Role::kChangeBoard, Role::kAuthority,
                              Role::kSecretaryOfState, Role::kSecuritySubCommittee,
                              Role::kDcc,       Role::kParty};

}  // namespace

RoleSet RoleSet::Everyone() {
  RoleSet all;
  for (Role r : kAllRoles) all.bits_ |= Bit(r);
  return all;
}

bool RoleSet::HeldBy(const Principal& who) const {
  for (Role r : who.roles) {
    if (Contains(r)) return true;
  }
  return false;
}

RoleSet RoleSet::With(Role r) const {
  RoleSet out = *this;
  out.bits_ |= Bit(r);
  return out;
}

RoleSet RoleSet::Without(Role r) const {
  RoleSet out = *this;
  out.bits_ &= ~Bit(r);
  return out;
}

std::string RoleSet::Names() const {
  std::vector<const char*> names;
  for (Role r : kAllRoles) {
    if (Contains(r)) names.push_back(RoleName(r));
  }
  return absl::StrJoin(names, " or ");
}

absl::Status RequireRole(const Principal& who, RoleSet roles, absl::string_view action) {
  if (roles.HeldBy(who)) return absl::OkStatus();
  return Refused(absl::StatusCode::kPermissionDenied, "ROLE_REQUIRED",
                 absl::StrCat(action, " needs the role ", roles.Names(), "; ", who.name,
                              " does not hold it"),
                 {{"roles", roles.Names()}, {"principal", who.name}});
}

bool ActsForEveryParty(const Principal& who, RoleSet roles) {
  return roles.Without(Role::kParty).HeldBy(who);
}

absl::StatusOr<std::string> ActingParty(const Principal& who, RoleSet roles,
                                        const std::string& party, absl::string_view field) {
  if (ActsForEveryParty(who, roles)) return party;
  if (party.empty() || who.ActsFor(party)) return who.party_id;
  return Refused(absl::StatusCode::kPermissionDenied, "OTHER_PARTY",
                 absl::StrCat(field, ": ", who.name, " acts only for parties/", who.party_id,
                              ", not parties/", party),
                 {{"party", absl::StrCat("parties/", who.party_id)}, {"field", std::string(field)}});
}

bool MayReadPartyData(const Principal& who, absl::string_view party) {
  return who.HasAny({Role::kDcc, Role::kSecas}) || who.ActsFor(std::string(party));
}

std::string ConfidentialParty(absl::string_view resource) {
  if (!absl::StartsWith(resource, "parties/")) return "";
  std::vector<absl::string_view> parts = absl::StrSplit(resource, '/');
  return parts.size() > 2 ? std::string(parts[1]) : "";
}

bool MayRead(const Principal& who, absl::string_view resource) {
  const std::string party = ConfidentialParty(resource);
  return party.empty() || MayReadPartyData(who, party);
}

absl::StatusOr<Date> DateOfAct(const Principal& who, const std::string& given, Date today,
                               absl::string_view field) {
  if (given.empty()) return today;
  absl::StatusOr<Date> d = ParseDate(given, field);
  if (!d.ok() || *d == today || who.Has(Role::kSecas)) return d;
  return InvalidField(field, absl::StrCat("the date of this act is the server's today (",
                                          FormatDate(today),
                                          "); only SECAS, loading history, gives another"));
}

}  // namespace sec
