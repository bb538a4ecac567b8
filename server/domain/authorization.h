#ifndef SEC_DOMAIN_AUTHORIZATION_H_
#define SEC_DOMAIN_AUTHORIZATION_H_

// Who may act, for whom, and who may see what (SPEC 1). The RPC declaration table
// (service/rpc_table.cc) states per RPC which roles may call it and whether a PARTY principal
// acts only for its own party; these functions are the rules it is checked by, on every path
// (unary reads, listings, history and streams alike).

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/principal.h"

namespace sec {

// A set of roles.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  static RoleSet Everyone();  // any authenticated principal
  bool Contains(Role r) const { return (bits_ & Bit(r)) != 0; }
  bool HeldBy(const Principal& who) const;
  bool empty() const { return bits_ == 0; }
  RoleSet With(Role r) const;
  RoleSet Without(Role r) const;
  // "SECAS or PANEL", in the order of the Role enum.
  std::string Names() const;
  bool operator==(const RoleSet& o) const { return bits_ == o.bits_; }

 private:
  static constexpr uint32_t Bit(Role r) { return uint32_t{1} << static_cast<int>(r); }
  uint32_t bits_ = 0;
};

// PERMISSION_DENIED (reason ROLE_REQUIRED) unless `who` holds one of `roles`; `action` says
// what was refused ("CastVote").
absl::Status RequireRole(const Principal& who, RoleSet roles, absl::string_view action);

// True when `who` holds one of `roles` besides PARTY, and so acts for every party.
bool ActsForEveryParty(const Principal& who, RoleSet roles);

// The party `who` acts for in a call declared party-scoped with `roles`, the request naming
// `party` (an id; empty: none named) in `field`. A principal holding one of `roles` besides
// PARTY acts for whichever party it names (or none). A PARTY principal acts only for its own:
// naming another is PERMISSION_DENIED (reason OTHER_PARTY); naming none means its own.
absl::StatusOr<std::string> ActingParty(const Principal& who, RoleSet roles,
                                        const std::string& party, absl::string_view field);

// A party's credit data is visible only to that party, the DCC and SECAS.
bool MayReadPartyData(const Principal& who, absl::string_view party);
// The party whose confidential data the resource is ("parties/{party}/charges/7" -> party);
// "" for public register data ("parties/{party}", "modifications/...").
std::string ConfidentialParty(absl::string_view resource);
// Whether `who` may read the resource (and so the events about it).
bool MayRead(const Principal& who, absl::string_view resource);

// The date of an act (a response, a vote, a withdrawal, a nomination): the server's `today`,
// except for SECAS loading history, which may give it. `given` empty means today; any other
// date from another principal is INVALID_ARGUMENT naming `field`.
absl::StatusOr<Date> DateOfAct(const Principal& who, const std::string& given, Date today,
                               absl::string_view field);

}  // namespace sec

#endif  // SEC_DOMAIN_AUTHORIZATION_H_
