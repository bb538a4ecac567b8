#ifndef SEC_SERVICE_REGISTER_CONVERT_H_
#define SEC_SERVICE_REGISTER_CONVERT_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/etag.h"
#include "domain/modification.h"
#include "domain/names.h"
#include "domain/party.h"
#include "sec/v1/register.pb.h"
#include "storage/register_store.h"

namespace sec::service {

v1::Party ToProto(const Party& p);
v1::Modification ToProto(const Modification& m);
// The same, moving m's text into the message (listings convert 50 proposals a page).
v1::Modification ToProto(Modification&& m);
v1::Event ToProto(const storage::StoredEvent& e);

v1::ModificationStatus ToProto(ModStatus s);
v1::ModificationPath ToProto(ModPath p);
v1::PartyCategory ToProto(PartyCategory c);
absl::StatusOr<ModStatus> FromProto(v1::ModificationStatus s, absl::string_view field);
absl::StatusOr<ModPath> FromProto(v1::ModificationPath p, absl::string_view field);
absl::StatusOr<PartyCategory> FromProto(v1::PartyCategory c, absl::string_view field);

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts);

}  // namespace sec::service

#endif  // SEC_SERVICE_REGISTER_CONVERT_H_
