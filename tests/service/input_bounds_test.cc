// Every field of every request, from the service descriptors (so an RPC or a field added later
// is covered without being listed here): an undefined enum number, a malformed or out-of-range
// date, a negative or huge amount, a string one past its maximum, a list one past its count.
// Each is INVALID_ARGUMENT naming the field (the BadRequest detail and the message), the store
// is exactly as it was, and a write afterwards still succeeds. On both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sec/v1/credit.pb.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/input_bounds.h"
#include "service/event_feed.h"
#include "service/rpc_table.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::sec::service::BoundOf;
using ::sec::service::FieldBound;
using ::sec::service::FieldKind;
using ::sec::testing::ServiceTest;


std::vector<const google::protobuf::MethodDescriptor*> AllMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> out;
  for (const std::string& name : testing::ContractServices()) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    EXPECT_NE(service, nullptr) << name;
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) out.push_back(service->method(i));
  }
  return out;
}

std::string MethodPath(const google::protobuf::MethodDescriptor* m) {
  return absl::StrCat("/", m->service()->full_name(), "/", m->name());
}

bool Skipped(const Descriptor* d) { return d->full_name() == "google.protobuf.Timestamp"; }

// One bad value: how to set it on the field, and the path the refusal must name.
struct Violation {
  std::string what;
  std::string path;
  std::function<void(Message*)> apply;
};

// The message at `path` (a chain of singular message fields) of `root`, created as needed.
Message* At(Message* root, const std::vector<const FieldDescriptor*>& chain) {
  Message* m = root;
  for (const FieldDescriptor* f : chain) m = m->GetReflection()->MutableMessage(m, f);
  return m;
}

void AddViolations(const Descriptor* d, std::vector<const FieldDescriptor*> chain,
                   const std::string& prefix, std::vector<Violation>* out) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string path = prefix + f->name();
    const FieldBound* bound = BoundOf(f);
    auto on = [chain, f](std::function<void(Message*, const FieldDescriptor*)> set) {
      return [chain, f, set](Message* root) { set(At(root, chain), f); };
    };
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (Skipped(f->message_type())) continue;
      if (f->is_repeated()) {
        // One item past the count; and the first item's own fields.
        ASSERT_NE(bound, nullptr) << f->full_name() << " has no bound in input_bounds.cc";
        const int64_t n = bound->max_items + 1;
        out->push_back({absl::StrCat(n, " items"), path, on([n](Message* m, const FieldDescriptor* f) {
                          for (int64_t k = 0; k < n; ++k) m->GetReflection()->AddMessage(m, f);
                        })});
        std::vector<Violation> inner;
        AddViolations(f->message_type(), {}, "", &inner);
        for (Violation& v : inner) {
          auto apply = v.apply;
          out->push_back({v.what, absl::StrCat(path, "[0].", v.path),
                          on([apply](Message* m, const FieldDescriptor* f) {
                            apply(m->GetReflection()->AddMessage(m, f));
                          })});
        }
      } else {
        std::vector<const FieldDescriptor*> deeper = chain;
        deeper.push_back(f);
        AddViolations(f->message_type(), deeper, path + ".", out);
      }
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      for (int bad : {99, -1}) {
        auto set = [bad](Message* m, const FieldDescriptor* f) {
          if (f->is_repeated()) {
            m->GetReflection()->AddEnumValue(m, f, bad);
          } else {
            m->GetReflection()->SetEnumValue(m, f, bad);
          }
        };
        out->push_back({absl::StrCat("enum ", bad), f->is_repeated() ? path + "[0]" : path, on(set)});
      }
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) continue;
    ASSERT_NE(bound, nullptr) << f->full_name() << " has no bound in input_bounds.cc";
    if (f->is_repeated()) {
      const int64_t n = bound->max_items + 1;
      out->push_back({absl::StrCat(n, " items"), path, on([n](Message* m, const FieldDescriptor* f) {
                        for (int64_t k = 0; k < n; ++k) m->GetReflection()->AddString(m, f, "A");
                      })});
    }
    // The bad values of one item (a repeated field's first).
    const std::string item = f->is_repeated() ? path + "[0]" : path;
    auto set_string = [](std::string v) {
      return [v](Message* m, const FieldDescriptor* f) {
        if (f->is_repeated()) {
          m->GetReflection()->AddString(m, f, v);
        } else {
          m->GetReflection()->SetString(m, f, v);
        }
      };
    };
    auto set_int = [](int64_t v) {
      return [v](Message* m, const FieldDescriptor* f) {
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
          m->GetReflection()->SetInt32(m, f, static_cast<int32_t>(v));
        } else {
          m->GetReflection()->SetInt64(m, f, v);
        }
      };
    };
    switch (bound->kind) {
      case FieldKind::kDate:
        for (const char* v : {"2017-13-01", "2017-02-30", "17-04-10", "2017-4-10", "1899-12-31",
                              "3000-01-01", "9999-12-31", "-017-04-01", "2017-04-10x"}) {
          out->push_back({absl::StrCat("date ", v), item, on(set_string(v))});
        }
        break;
      case FieldKind::kMonth:
        for (const char* v : {"2017-13", "1899-12", "3000-01", "2017-3", "2017-03-01"}) {
          out->push_back({absl::StrCat("month ", v), item, on(set_string(v))});
        }
        break;
      case FieldKind::kText:
        out->push_back({absl::StrCat(bound->max + 1, " characters"), item,
                        on(set_string(std::string(static_cast<size_t>(bound->max) + 1, 'x')))});
        break;
      case FieldKind::kBytes:
        out->push_back({absl::StrCat(bound->max + 1, " bytes"), item,
                        on(set_string(std::string(static_cast<size_t>(bound->max) + 1, '\0')))});
        break;
      case FieldKind::kMoney:
        for (int64_t v : {int64_t{-1}, bound->max + 1, std::numeric_limits<int64_t>::max()}) {
          out->push_back({absl::StrCat(v, " pence"), item, on(set_int(v))});
        }
        break;
      case FieldKind::kRange: {
        const int64_t type_max = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32
                                     ? std::numeric_limits<int32_t>::max()
                                     : std::numeric_limits<int64_t>::max();
        const int64_t type_min = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32
                                     ? std::numeric_limits<int32_t>::min()
                                     : std::numeric_limits<int64_t>::min();
        if (bound->min > type_min) out->push_back({"below the range", item, on(set_int(bound->min - 1))});
        if (bound->min > type_min) out->push_back({"the type's least", item, on(set_int(type_min))});
        if (bound->max < type_max) out->push_back({"above the range", item, on(set_int(bound->max + 1))});
        break;
      }
    }
  }
}

// A principal the declaration lets call the method: SECAS where it may, else the first role's.
std::string CallerFor(const service::Rpc& rpc) {
  const std::pair<Role, const char*> kTokens[] = {
      {Role::kSecas, "admin"}, {Role::kPanel, "panel"},       {Role::kChangeBoard, "cb"},
      {Role::kAuthority, "authority"}, {Role::kSecretaryOfState, "sos"},
      {Role::kSecuritySubCommittee, "ssc"}, {Role::kDcc, "dcc"}, {Role::kParty, "bg"}};
  for (const auto& [role, who] : kTokens) {
    if (rpc.decl.roles.Contains(role)) return who;
  }
  return "";
}

class InputBoundsTest : public ServiceTest {};

// The table covers every field a request can carry, and names no field that does not exist.
TEST(InputBoundsTableTest, EveryRequestFieldHasABoundAndEveryBoundAField) {
  EXPECT_THAT(service::BoundsNamingNoField(), ::testing::IsEmpty());
  for (const auto* m : AllMethods()) {
    std::vector<Violation> v;
    AddViolations(m->input_type(), {}, "", &v);  // fails on a field without a bound
  }
}

TEST_P(InputBoundsTest, EveryFieldOfEveryRequestRefusesWhatIsOutOfBounds) {
  // Something in the store to stay unchanged.
  v1::CreatePartyRequest party;
  party.set_party_id("british-gas");
  party.mutable_party()->set_display_name("British Gas");
  party.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
  auto reg = v1::RegisterService::NewStub(server().channel());
  v1::Party created;
  ASSERT_TRUE(reg->CreateParty(Ctx("admin").get(), party, &created).ok());
  const std::string before = testing::DumpStore(store());

  int cases = 0;
  for (const auto* method : AllMethods()) {
    const service::Rpc* rpc = service::FindRpc(MethodPath(method));
    ASSERT_NE(rpc, nullptr) << MethodPath(method) << " is not in the declaration table";
    const std::string who = CallerFor(*rpc);
    std::vector<Violation> violations;
    AddViolations(method->input_type(), {}, "", &violations);
    for (const Violation& v : violations) {
      std::unique_ptr<Message> req(google::protobuf::MessageFactory::generated_factory()
                                       ->GetPrototype(method->input_type())
                                       ->New());
      v.apply(req.get());
      grpc::Status s = testing::CallMethod(
          server().channel(), MethodPath(method), method->server_streaming(),
          req->SerializeAsString(), testing::TestServer::TokenFor(who),
          [&] { return server().server().feed().streams_opened() > 0; });
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << method->name() << " " << v.path << " = " << v.what << ": " << s.error_message();
      EXPECT_EQ(testing::ViolatedField(s), v.path)
          << method->name() << " " << v.what << ": " << s.error_message();
      EXPECT_TRUE(absl::StartsWith(s.error_message(), v.path)) << s.error_message();
      ++cases;
    }
  }
  EXPECT_GT(cases, 500);
  EXPECT_EQ(testing::DumpStore(store()), before) << "a refused request changed the store";
  // And writes still go through.
  party.set_party_id("edf-energy");
  party.mutable_party()->set_display_name("EDF Energy");
  EXPECT_TRUE(reg->CreateParty(Ctx("admin").get(), party, &created).ok());
}

SEC_INSTANTIATE_BACKENDS(InputBoundsTest);

}  // namespace
}  // namespace sec
