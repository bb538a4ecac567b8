// Request validation at the edge (service/input_bounds.cc): any bytes, read as the request of
// any RPC of the contract, are accepted or refused with INVALID_ARGUMENT naming a field; never
// a crash. What is accepted holds only enum numbers the contract defines and text no longer
// than the largest bound.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/bounds.h"
#include "domain/errors.h"
#include "fuzz_util.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sec/v1/credit.pb.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.pb.h"
#include "service/input_bounds.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Every RPC's request type, in the contract's order (the first input byte picks one).
const std::vector<const Descriptor*>& RequestTypes() {
  static const auto* types = [] {
    auto* out = new std::vector<const Descriptor*>;
    for (const google::protobuf::FileDescriptor* file :
         {sec::v1::Modification::descriptor()->file(), sec::v1::Meeting::descriptor()->file(),
          sec::v1::CreditPolicy::descriptor()->file()}) {
      for (int s = 0; s < file->service_count(); ++s) {
        for (int m = 0; m < file->service(s)->method_count(); ++m) {
          out->push_back(file->service(s)->method(m)->input_type());
        }
      }
    }
    return out;
  }();
  return *types;
}

// The accepted message's own properties, checked independently of the validator's table.
void CheckAccepted(const Message& msg) {
  const google::protobuf::Reflection* r = msg.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(msg, &fields);
  for (const FieldDescriptor* f : fields) {
    const int n = f->is_repeated() ? r->FieldSize(msg, f) : 1;
    for (int i = 0; i < n; ++i) {
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_ENUM: {
          const int v = f->is_repeated() ? r->GetRepeatedEnumValue(msg, f, i)
                                         : r->GetEnumValue(msg, f);
          FUZZ_CHECK(f->enum_type()->FindValueByNumber(v) != nullptr);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING: {
          std::string scratch;
          const std::string& text = f->is_repeated()
                                        ? r->GetRepeatedStringReference(msg, f, i, &scratch)
                                        : r->GetStringReference(msg, f, &scratch);
          FUZZ_CHECK(text.size() <= 4 * sec::bounds::kCsvChars);  // 4 bytes a character at most
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          CheckAccepted(f->is_repeated() ? r->GetRepeatedMessage(msg, f, i)
                                         : r->GetMessage(msg, f));
          break;
        default:
          break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<const Descriptor*>& types = RequestTypes();
  const Descriptor* type = types[data[0] % types.size()];
  std::unique_ptr<Message> request(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  // What gRPC would refuse before the validator sees it (not a message of this type).
  if (!request->ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
  const absl::Status s = sec::service::ValidateRequest(*request);
  if (s.ok()) {
    CheckAccepted(*request);
  } else {
    FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    const std::optional<std::string> field = sec::FieldOf(s);
    FUZZ_CHECK(field.has_value() && !field->empty());
  }
  return 0;
}
