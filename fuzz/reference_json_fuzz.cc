// Reference-data files (sec.v1.ReferenceData as protobuf JSON, replayed by `secctl import`):
// any text parses or is refused; what parses prints back to JSON that parses to the same message.
#include <google/protobuf/util/json_util.h>

#include "fuzz_util.h"
#include "sec/v1/reference.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sec::v1::ReferenceData ref;
  google::protobuf::util::JsonParseOptions opts;
  if (!google::protobuf::util::JsonStringToMessage(text, &ref, opts).ok()) return 0;
  std::string json;
  FUZZ_CHECK(google::protobuf::util::MessageToJsonString(ref, &json).ok());
  sec::v1::ReferenceData again;
  FUZZ_CHECK(google::protobuf::util::JsonStringToMessage(json, &again, opts).ok());
  FUZZ_CHECK(again.SerializeAsString() == ref.SerializeAsString());
  return 0;
}
