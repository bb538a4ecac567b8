// Who may call what, for every RPC of the service descriptors (so an RPC added later is covered
// without being listed): no token, a bad token, each role alone, and a PARTY principal on its
// own and on another party's data. An RPC missing from the declaration table fails here. Then
// what each principal may see of another party's credit data, through the unary reads, the
// history and the stream alike. On both backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sec/v1/credit.grpc.pb.h"
#include "sec/v1/document.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "service/dispatch.h"
#include "service/event_feed.h"
#include "service/rpc_table.h"
#include "service/sha256.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::sec::testing::ServiceTest;


// Each role alone (the TestServer's tokens).
const std::map<std::string, Role>& RoleTokens() {
  static const auto* const kTokens = new std::map<std::string, Role>{
      {"admin", Role::kSecas},          {"panel", Role::kPanel},
      {"cb", Role::kChangeBoard},       {"authority", Role::kAuthority},
      {"sos", Role::kSecretaryOfState}, {"ssc", Role::kSecuritySubCommittee},
      {"dcc", Role::kDcc},              {"bg", Role::kParty}};
  return *kTokens;
}

// Written here, apart from the table, as SPEC 1 says it: what only that party, the DCC and
// SECAS may see, and what only the DCC and SECAS may do with every party's credit data.
const std::set<std::string> kPartyReadable = {
    "ListCreditAssessments", "ListCharges", "ListCreditSupport", "CalculateCreditCover",
    "ListBreachNotices", "ListDefaults"};
const std::set<std::string> kDccAndSecasOnly = {
    "CreateCreditAssessment", "CreateCharge", "LodgeCreditSupport", "AmendCreditSupport",
    "WithdrawCreditSupport", "GetPortfolio", "ComparePolicies", "RunCreditCheck",
    "ImportCreditData"};

std::unique_ptr<Message> Empty(const google::protobuf::MethodDescriptor* m) {
  return std::unique_ptr<Message>(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(m->input_type())->New());
}

// Sets the string at a dotted field path ("instrument.party").
void SetAt(Message* m, const std::string& path, const std::string& value) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(parts[i]);
    ASSERT_NE(f, nullptr) << path;
    if (i + 1 == parts.size()) {
      m->GetReflection()->SetString(m, f, value);
    } else {
      m = m->GetReflection()->MutableMessage(m, f);
    }
  }
}

class AuthorizationTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    reg_ = v1::RegisterService::NewStub(server().channel());
    credit_ = v1::CreditCoverService::NewStub(server().channel());
    for (const char* id : {"british-gas", "edf-energy"}) {
      ASSERT_TRUE(::sec::testing::RegisterParty(server(), id).ok());
    }
  }

  grpc::Status Call(const google::protobuf::MethodDescriptor* m, const Message& req,
                    const std::string& token) {
    const uint64_t opened_before = server().server().feed().streams_opened();
    return testing::CallMethod(
        server().channel(), absl::StrCat("/", m->service()->full_name(), "/", m->name()),
        m->server_streaming(), req.SerializeAsString(), token,
        [&] { return server().server().feed().streams_opened() > opened_before; });
  }

  std::unique_ptr<v1::RegisterService::Stub> reg_;
  std::unique_ptr<v1::CreditCoverService::Stub> credit_;
};

TEST_P(AuthorizationTest, EveryRpcAdmitsExactlyItsDeclaredRoles) {
  int methods = 0;
  for (const std::string& name : testing::ContractServices()) {
    const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      ++methods;
      const std::string path = absl::StrCat("/", name, "/", m->name());
      const service::Rpc* rpc = service::FindRpc(path);
      ASSERT_NE(rpc, nullptr) << path << " is not in the declaration table (service/rpc_table.cc)";
      std::unique_ptr<Message> req = Empty(m);

      EXPECT_THAT(Call(m, *req, ""), testing::StatusIs(grpc::StatusCode::UNAUTHENTICATED))
          << path << " without a token";
      EXPECT_THAT(Call(m, *req, "not-a-token"),
                  testing::StatusIs(grpc::StatusCode::UNAUTHENTICATED))
          << path << " with a bad token";
      for (const auto& [who, role] : RoleTokens()) {
        grpc::Status s = Call(m, *req, testing::TestServer::TokenFor(who));
        if (rpc->decl.roles.Contains(role)) {
          EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
              << path << " as " << who << ": " << s.error_message();
          EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path << " as " << who;
        } else {
          EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::PERMISSION_DENIED))
              << path << " as " << who;
          EXPECT_EQ(testing::ErrorReason(s), "ROLE_REQUIRED") << path << " as " << who;
        }
      }

      // The independent statement of SPEC 1 agrees with the table.
      if (kPartyReadable.count(m->name())) {
        EXPECT_EQ(rpc->decl.roles, (RoleSet{Role::kParty, Role::kDcc, Role::kSecas})) << path;
        EXPECT_NE(rpc->decl.party_field, nullptr) << path << " must be scoped to a party";
        EXPECT_EQ(rpc->decl.visibility, service::Visibility::kPartyConfidential) << path;
      }
      if (kDccAndSecasOnly.count(m->name())) {
        EXPECT_EQ(rpc->decl.roles, (RoleSet{Role::kDcc, Role::kSecas})) << path;
        EXPECT_EQ(rpc->decl.visibility, service::Visibility::kPartyConfidential) << path;
      }

      // A party acts only for itself where the request names a party.
      if (rpc->decl.party_field != nullptr && rpc->decl.roles.Contains(Role::kParty)) {
        std::unique_ptr<Message> other = Empty(m);
        SetAt(other.get(), rpc->decl.party_field, "parties/edf-energy");
        grpc::Status s = Call(m, *other, testing::TestServer::TokenFor("bg"));
        EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::PERMISSION_DENIED))
            << path << " as bg for edf-energy";
        EXPECT_EQ(testing::ErrorReason(s), "OTHER_PARTY") << path;
        std::unique_ptr<Message> own = Empty(m);
        SetAt(own.get(), rpc->decl.party_field, "parties/british-gas");
        s = Call(m, *own, testing::TestServer::TokenFor("bg"));
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << " as bg for itself: " << s.error_message();
        // The other party itself may.
        s = Call(m, *other, testing::TestServer::TokenFor("edf"));
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << path << " as edf for itself: " << s.error_message();
      }
    }
  }
  EXPECT_EQ(methods, static_cast<int>(service::RpcTable().size()));
  // And the server serves (health, reflection, metrics) every service of the contract.
  std::vector<std::string> served = service::ServedServiceNames();
  std::sort(served.begin(), served.end());
  EXPECT_EQ(served, testing::ContractServices());
}

// A party's credit data is seen by that party, the DCC and SECAS: through the unary reads, the
// proposal history and the event stream alike.
TEST_P(AuthorizationTest, APartysCreditDataReachesOnlyItsReadersOnEveryPath) {
  v1::CreateCreditPolicyRequest policy;
  policy.set_policy_id("sec-5-6");
  policy.mutable_policy()->set_display_name("SEC 5.6");
  policy.mutable_policy()->set_effective_date("2017-04-01");
  policy.mutable_policy()->set_allowance_basis(v1::ALLOWANCE_BASIS_NONE);
  v1::CreditPolicy p;
  ASSERT_TRUE(credit_->CreateCreditPolicy(Ctx("dcc").get(), policy, &p).ok());
  v1::CreateChargeRequest charge;
  charge.mutable_charge()->set_party("parties/edf-energy");
  charge.mutable_charge()->set_period("2017-03");
  charge.mutable_charge()->set_invoice_date("2017-04-01");
  charge.mutable_charge()->set_amount_pence(500000);
  v1::Charge c;
  ASSERT_TRUE(credit_->CreateCharge(Ctx("dcc").get(), charge, &c).ok());
  v1::CreateModificationRequest raise;
  raise.mutable_modification()->set_title("Public");
  v1::Modification m;
  ASSERT_TRUE(reg_->CreateModification(Ctx("bg").get(), raise, &m).ok());

  for (const auto& [who, role] : RoleTokens()) {
    const bool may = who == "admin" || who == "dcc";
    SCOPED_TRACE(who);
    // Unary.
    v1::ListChargesRequest lc;
    lc.set_parent("parties/edf-energy");
    v1::ListChargesResponse charges;
    grpc::Status s = credit_->ListCharges(Ctx(who).get(), lc, &charges);
    EXPECT_EQ(s.ok(), may) << s.error_message();
    // The stream: everything up to the public raise, read as `who`.
    auto ctx = Ctx(who);
    auto reader = reg_->WatchEvents(ctx.get(), v1::WatchEventsRequest());
    std::vector<std::string> seen;
    v1::Event e;
    while (reader->Read(&e)) {
      seen.push_back(e.resource());
      if (e.resource() == m.name()) break;
    }
    ctx->TryCancel();
    reader->Finish().IgnoreError();
    EXPECT_THAT(seen, ::testing::Contains(m.name()));
    EXPECT_EQ(std::count(seen.begin(), seen.end(), c.name()), may ? 1 : 0);
    // The history of a proposal holds public events only, for everyone.
    v1::ListModificationEventsRequest lh;
    lh.set_parent(m.name());
    v1::ListModificationEventsResponse history;
    ASSERT_TRUE(reg_->ListModificationEvents(Ctx(who).get(), lh, &history).ok());
    EXPECT_EQ(history.events_size(), 1);
  }
  // The party itself.
  v1::ListChargesRequest lc;
  lc.set_parent("parties/edf-energy");
  v1::ListChargesResponse charges;
  EXPECT_TRUE(credit_->ListCharges(Ctx("edf").get(), lc, &charges).ok());
  EXPECT_EQ(charges.charges_size(), 1);
}

// A party's confidential document is seen by that party, SECAS and the Panel: through get, list
// and read alike; and no event about it reaches anyone's stream or history.
TEST_P(AuthorizationTest, AConfidentialDocumentReachesOnlyItsReadersOnEveryPath) {
  auto docs = v1::DocumentService::NewStub(server().channel());
  v1::CreateModificationRequest raise;
  raise.mutable_modification()->set_title("Consulted");
  v1::Modification m;
  ASSERT_TRUE(reg_->CreateModification(Ctx("bg").get(), raise, &m).ok());
  v1::CreateDocumentRequest create;
  create.set_parent(m.name());
  create.mutable_document()->set_kind(v1::DOCUMENT_KIND_CONSULTATION_RESPONSE);
  create.mutable_document()->set_title("EDF's response");
  create.mutable_document()->set_confidential(true);
  v1::Document conf;
  ASSERT_TRUE(docs->CreateDocument(Ctx("edf").get(), create, &conf).ok());
  const std::string bytes = "commercially sensitive";
  v1::CreateDocumentRevisionRequest open;
  open.set_parent(conf.name());
  open.mutable_revision()->set_media_type("text/plain");
  open.mutable_revision()->set_size_bytes(static_cast<int64_t>(bytes.size()));
  open.mutable_revision()->set_sha256(service::Sha256Hex(bytes));
  v1::DocumentRevision rev;
  ASSERT_TRUE(docs->CreateDocumentRevision(Ctx("edf").get(), open, &rev).ok());
  v1::AppendDocumentChunkRequest chunk;
  chunk.set_name(rev.name());
  chunk.set_data(bytes);
  ASSERT_TRUE(docs->AppendDocumentChunk(Ctx("edf").get(), chunk, &rev).ok());
  raise.mutable_modification()->set_title("Marker");
  v1::Modification marker;
  ASSERT_TRUE(reg_->CreateModification(Ctx("bg").get(), raise, &marker).ok());

  for (const auto& [who, role] : RoleTokens()) {
    const bool may = who == "admin" || who == "panel" || who == "edf";
    SCOPED_TRACE(who);
    v1::GetDocumentRequest get;
    get.set_name(conf.name());
    v1::Document d;
    grpc::Status s = docs->GetDocument(Ctx(who).get(), get, &d);
    EXPECT_EQ(s.ok(), may) << s.error_message();
    if (!may) {
      EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::NOT_FOUND));
    }
    v1::ListDocumentsRequest list;
    list.set_parent(m.name());
    v1::ListDocumentsResponse listed;
    ASSERT_TRUE(docs->ListDocuments(Ctx(who).get(), list, &listed).ok());
    EXPECT_EQ(listed.documents_size(), may ? 1 : 0);
    v1::ReadDocumentRequest read;
    read.set_name(conf.name());
    auto rctx = Ctx(who);
    auto reader = docs->ReadDocument(rctx.get(), read);
    std::string back;
    v1::DocumentChunk c;
    while (reader->Read(&c)) back += c.data();
    s = reader->Finish();
    EXPECT_EQ(s.ok(), may) << s.error_message();
    EXPECT_EQ(back, may ? bytes : "");
    // The stream: everything up to the marker, with nothing about the document.
    auto ctx = Ctx(who);
    auto events = reg_->WatchEvents(ctx.get(), v1::WatchEventsRequest());
    v1::Event e;
    while (events->Read(&e)) {
      EXPECT_FALSE(absl::StartsWith(e.resource(), conf.name())) << e.resource();
      EXPECT_EQ(e.after_json().find("commercially"), std::string::npos);
      if (e.resource() == marker.name()) break;
    }
    ctx->TryCancel();
    events->Finish().IgnoreError();
  }
}

SEC_INSTANTIATE_BACKENDS(AuthorizationTest);

}  // namespace
}  // namespace sec
