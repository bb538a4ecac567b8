#ifndef SEC_DOMAIN_PRINCIPAL_H_
#define SEC_DOMAIN_PRINCIPAL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/party.h"

namespace sec {

// Bodies and roles of SPEC section 1. A principal may hold several.
enum class Role {
  kSecas,
  kPanel,
  kChangeBoard,
  kAuthority,
  kSecretaryOfState,
  kSecuritySubCommittee,
  kDcc,
  kParty,
};

// Upper-case names as written in tokens files and on the wire ("SECAS", "PARTY", ...).
const char* RoleName(Role role);
bool ParseRole(const std::string& name, Role* role);

// An authenticated caller: a name for the history, its roles, and for PARTY the party it acts for.
struct Principal {
  Principal() = default;
  Principal(std::string name, std::vector<Role> roles, std::string party_id = "",
            std::optional<PartyCategory> voting_group = std::nullopt)
      : name(std::move(name)),
        roles(std::move(roles)),
        party_id(std::move(party_id)),
        voting_group(voting_group) {}

  std::string name;
  std::vector<Role> roles;
  std::string party_id;  // empty unless the principal acts for a party
  // A Change Board member: the voting group (party category) it sits for. Its member name is
  // `name`. Both come from the tokens file, never from a request.
  std::optional<PartyCategory> voting_group;

  bool Has(Role role) const;
  bool HasAny(std::initializer_list<Role> any) const;
  // True when the principal may act for `party`: it holds PARTY for exactly that party.
  bool ActsFor(const std::string& party) const;
};

}  // namespace sec

#endif  // SEC_DOMAIN_PRINCIPAL_H_
