#ifndef SEC_SERVICE_PROTO_JSON_H_
#define SEC_SERVICE_PROTO_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace sec::service {

// A message's JSON exactly as protobuf's MessageToJsonString prints it with
// preserve_proto_field_names (the history's before_json and after_json), appended to `out`.
// The library serializes the message and converts the bytes back through a type resolver that
// builds a google.protobuf.Type per call: 140,000 instructions for one Modification, two
// fifths of a CreateModification. This walks the message by reflection instead.
// tests/service/proto_json_test.cc compares the two on random messages of every sec.v1 type.
// A google.protobuf type other than Timestamp, or a message with a float, double or map
// field (secd's protos have none), is printed by the library.
void AppendProtoJson(const google::protobuf::Message& m, std::string* out);
std::string ProtoJson(const google::protobuf::Message& m);

}  // namespace sec::service

#endif  // SEC_SERVICE_PROTO_JSON_H_
