#include "domain/principal.h"
#include "domain/codes.h"

#include <algorithm>

namespace sec {

namespace {
constexpr CodeOf<Role> kRoles[] = {
    {Role::kSecas, "SECAS"},
    {Role::kPanel, "PANEL"},
    {Role::kChangeBoard, "CHANGE_BOARD"},
    {Role::kAuthority, "AUTHORITY"},
    {Role::kSecretaryOfState, "SECRETARY_OF_STATE"},
    {Role::kSecuritySubCommittee, "SECURITY_SUB_COMMITTEE"},
    {Role::kDcc, "DCC"},
    {Role::kParty, "PARTY"},
};
}  // namespace

const char* RoleName(Role role) { return CodeIn(kRoles, role); }

bool ParseRole(const std::string& name, Role* role) {
  return ParseCodeIn(kRoles, name, role);
}

bool Principal::Has(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool Principal::HasAny(std::initializer_list<Role> any) const {
  return std::any_of(any.begin(), any.end(), [this](Role r) { return Has(r); });
}

bool Principal::ActsFor(const std::string& party) const {
  return Has(Role::kParty) && !party_id.empty() && party_id == party;
}

}  // namespace sec
