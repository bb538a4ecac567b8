#include "domain/party.h"

#include "absl/strings/str_cat.h"
#include "domain/codes.h"
#include "domain/errors.h"

namespace sec {
namespace {
constexpr CodeOf<PartyCategory> kCategories[] = {
    {PartyCategory::kLargeSupplier, "LARGE_SUPPLIER"},
    {PartyCategory::kSmallSupplier, "SMALL_SUPPLIER"},
    {PartyCategory::kElectricityNetworkParty, "ELECTRICITY_NETWORK_PARTY"},
    {PartyCategory::kGasNetworkParty, "GAS_NETWORK_PARTY"},
    {PartyCategory::kOtherSecParty, "OTHER_SEC_PARTY"},
    {PartyCategory::kDcc, "DCC"},
};
}  // namespace

const char* CategoryCode(PartyCategory c) { return CodeIn(kCategories, c); }

bool ParseCategory(absl::string_view code, PartyCategory* c) {
  return ParseCodeIn(kCategories, code, c);
}

absl::Status ValidateResourceId(absl::string_view id, absl::string_view field) {
  bool ok = id.size() >= 2 && id.size() <= 63 && id[0] >= 'a' && id[0] <= 'z' &&
            id.back() != '-';
  for (char ch : id) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) ok = false;
  }
  if (!ok) {
    return InvalidField(field, absl::StrCat("\"", id,
                                            "\" is not a valid id; use 2-63 lower-case letters, "
                                            "digits and '-', starting with a letter (e.g. "
                                            "british-gas)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateParty(const Party& p) {
  if (absl::Status s = ValidateResourceId(p.id, "party_id"); !s.ok()) return s;
  if (p.display_name.empty() || p.display_name.size() > 200) {
    return InvalidField("party.display_name", "required, at most 200 characters");
  }
  return absl::OkStatus();
}

}  // namespace sec
