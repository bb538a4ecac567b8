#ifndef SEC_DOMAIN_PARTY_H_
#define SEC_DOMAIN_PARTY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sec {

// SEC Party categories (SPEC 1); also the Change Board voting groups and SSC seat categories.
enum class PartyCategory {
  kLargeSupplier,
  kSmallSupplier,
  kElectricityNetworkParty,
  kGasNetworkParty,
  kOtherSecParty,
  kDcc,
};

const char* CategoryCode(PartyCategory c);  // "LARGE_SUPPLIER", ...
bool ParseCategory(absl::string_view code, PartyCategory* c);

struct Party {
  std::string id;  // "british-gas"
  std::string display_name;
  PartyCategory category = PartyCategory::kOtherSecParty;
  int64_t version = 0;  // the etag
  int64_t create_time_us = 0;
  int64_t update_time_us = 0;
};

// Ids are 2-63 characters: lower-case letters, digits, '-'; starting with a letter (AIP-122).
absl::Status ValidateResourceId(absl::string_view id, absl::string_view field);
absl::Status ValidateParty(const Party& p);

}  // namespace sec

#endif  // SEC_DOMAIN_PARTY_H_
