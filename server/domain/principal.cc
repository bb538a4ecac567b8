#include "domain/principal.h"

#include <algorithm>

namespace sec {

namespace {
struct RoleEntry {
  Role role;
  const char* name;
};
constexpr RoleEntry kRoles[] = {
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

const char* RoleName(Role role) {
  for (const auto& e : kRoles) {
    if (e.role == role) return e.name;
  }
  return "UNKNOWN";
}

bool ParseRole(const std::string& name, Role* role) {
  for (const auto& e : kRoles) {
    if (name == e.name) {
      *role = e.role;
      return true;
    }
  }
  return false;
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
