#ifndef SEC_DOMAIN_PRINCIPAL_H_
#define SEC_DOMAIN_PRINCIPAL_H_

#include <string>
#include <vector>

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
  std::string name;
  std::vector<Role> roles;
  std::string party_id;  // empty unless the principal acts for a party

  bool Has(Role role) const;
  bool HasAny(std::initializer_list<Role> any) const;
  // True when the principal may act for `party`: it holds PARTY for exactly that party.
  bool ActsFor(const std::string& party) const;
};

}  // namespace sec

#endif  // SEC_DOMAIN_PRINCIPAL_H_
