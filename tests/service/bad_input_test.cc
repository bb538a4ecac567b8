// Bad input at the RPC boundary, on both backends: every malformed, oversized, hostile or
// unauthorised request gets the documented code and a message naming what is wrong, the server
// carries on, and the store is unchanged. Text that looks like SQL or markup is data: stored and
// returned verbatim, and harmless in filters.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>
#include <functional>

#include "absl/strings/str_cat.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::sec::testing::ServiceTest;
using ::testing::HasSubstr;

class BadInputTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = v1::RegisterService::NewStub(server().channel());
    for (const char* id : {"british-gas", "edf-energy"}) {
      v1::CreatePartyRequest req;
      req.set_party_id(id);
      req.mutable_party()->set_display_name(id);
      req.mutable_party()->set_category(v1::PARTY_CATEGORY_LARGE_SUPPLIER);
      v1::Party out;
      ASSERT_TRUE(stub_->CreateParty(Ctx("admin").get(), req, &out).ok());
    }
    v1::Modification out;
    ASSERT_TRUE(
        stub_->CreateModification(Ctx("bg").get(), RaiseRequest("A good proposal"), &out).ok());
  }

  static v1::CreateModificationRequest RaiseRequest(const std::string& title) {
    v1::CreateModificationRequest req;
    req.mutable_modification()->set_title(title);
    req.mutable_modification()->set_proposer("parties/british-gas");
    req.mutable_modification()->add_sections("D");
    return req;
  }

  // What a user could observe of the store: the history's last sequence and every proposal and
  // party as bytes.
  std::string Snapshot() {
    std::string snap;
    absl::Status s = store().Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> seq = storage::MaxEventSequence(tx);
      if (!seq.ok()) return seq.status();
      absl::StrAppend(&snap, "events:", *seq, "\n");
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    v1::ListModificationsRequest lm;
    lm.set_page_size(1000);
    v1::ListModificationsResponse mods;
    EXPECT_TRUE(stub_->ListModifications(Ctx("admin").get(), lm, &mods).ok());
    v1::ListPartiesResponse parties;
    EXPECT_TRUE(stub_->ListParties(Ctx("admin").get(), v1::ListPartiesRequest(), &parties).ok());
    return snap + mods.SerializeAsString() + parties.SerializeAsString();
  }

  static std::unique_ptr<grpc::ClientContext> RawCtx(const std::string& authorization) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!authorization.empty()) ctx->AddMetadata("authorization", authorization);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  std::unique_ptr<v1::RegisterService::Stub> stub_;
};

struct Case {
  std::string name;
  grpc::StatusCode code;
  std::string message;  // a substring the message must hold
};

TEST_P(BadInputTest, EachBadRequestGetsItsCodeAndChangesNothing) {
  auto& stub = *stub_;
  auto raise = [&](const std::string& who, v1::CreateModificationRequest req) {
    v1::Modification out;
    return stub.CreateModification(Ctx(who).get(), req, &out);
  };
  auto get = [&](const std::string& name) {
    v1::GetModificationRequest req;
    req.set_name(name);
    v1::Modification out;
    return stub.GetModification(Ctx("bg").get(), req, &out);
  };
  auto list = [&](int page_size, const std::string& filter, const std::string& token,
                  const std::string& order_by = "") {
    v1::ListModificationsRequest req;
    req.set_page_size(page_size);
    req.set_filter(filter);
    req.set_page_token(token);
    req.set_order_by(order_by);
    v1::ListModificationsResponse out;
    return stub.ListModifications(Ctx("bg").get(), req, &out);
  };
  auto with_auth = [&](const std::string& authorization) {
    v1::Modification out;
    return stub.CreateModification(RawCtx(authorization).get(), RaiseRequest("x"), &out);
  };
  using C = grpc::StatusCode;
  const std::string five_mib(5 << 20, 'x');
  const std::string bad_utf8 = "caf\xC3 \xFF\xFE title";

  std::vector<std::pair<Case, std::function<grpc::Status()>>> cases = {
      // Sizes.
      {{"oversize message", C::RESOURCE_EXHAUSTED, "larger than max"},
       [&] { return raise("bg", RaiseRequest(five_mib)); }},
      {{"title too long", C::INVALID_ARGUMENT, "title: "},
       [&] { return raise("bg", RaiseRequest(std::string(10000, 't'))); }},
      {{"request_id too long", C::INVALID_ARGUMENT, "request_id"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.set_request_id(std::string(129, 'r'));
         return raise("bg", r);
       }},
      // Names.
      {{"name without collection", C::INVALID_ARGUMENT, "is not a modification name"},
       [&] { return get("SECMP0001"); }},
      {{"name with short reference", C::INVALID_ARGUMENT, "modifications/SECMP0034"},
       [&] { return get("modifications/SECMP1"); }},
      {{"name with path traversal", C::INVALID_ARGUMENT, "name: "},
       [&] { return get("modifications/../parties/british-gas"); }},
      {{"name with NUL", C::INVALID_ARGUMENT, "name: "},
       [&] { return get(std::string("modifications/SECMP0001\0x", 25)); }},
      {{"empty name", C::INVALID_ARGUMENT, "name: "}, [&] { return get(""); }},
      {{"reference zero", C::INVALID_ARGUMENT, "name: "},
       [&] { return get("modifications/SECMP0000"); }},
      {{"malformed proposer", C::INVALID_ARGUMENT, "modification.proposer"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_proposer("parties/British Gas; DROP TABLE parties");
         return raise("admin", r);
       }},
      {{"malformed party id", C::INVALID_ARGUMENT, "party"},
       [&] {
         v1::CreatePartyRequest req;
         req.set_party_id("Robert'); DROP TABLE parties;--");
         req.mutable_party()->set_display_name("x");
         req.mutable_party()->set_category(v1::PARTY_CATEGORY_DCC);
         v1::Party out;
         return stub.CreateParty(Ctx("admin").get(), req, &out);
       }},
      {{"malformed section", C::INVALID_ARGUMENT, "sections[0]"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_sections(0, "<script>alert(1)</script>");
         return raise("bg", r);
       }},
      // Invalid UTF-8 in a string field: protobuf refuses to parse the request before secd's
      // handler runs; gRPC's own answer (INTERNAL, no message) is rewritten by
      // service/call_interceptor.cc. The server carries on and nothing is written.
      {{"invalid UTF-8 title", C::INVALID_ARGUMENT,
        "CreateModification could not be read: a "
        "text field is not valid UTF-8"},
       [&] { return raise("bg", RaiseRequest(bad_utf8)); }},
      {{"invalid UTF-8 filter", C::INVALID_ARGUMENT, "not valid UTF-8"},
       [&] { return list(0, "title : \"" + bad_utf8 + "\"", ""); }},
      // Page sizes and tokens.
      {{"negative page size", C::INVALID_ARGUMENT, "page_size: must not be negative"},
       [&] { return list(-1, "", ""); }},
      {{"most negative page size", C::INVALID_ARGUMENT, "page_size"},
       [&] { return list(INT_MIN, "", ""); }},
      {{"garbage page token", C::INVALID_ARGUMENT, "page_token"},
       [&] { return list(10, "", "not-a-token"); }},
      {{"base64 garbage page token", C::INVALID_ARGUMENT, "page_token"},
       [&] { return list(10, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); }},
      {{"bad order_by", C::INVALID_ARGUMENT, "order_by"},
       [&] { return list(10, "", "", "title; DROP TABLE modifications"); }},
      // Unknown enum values (proto3 keeps them as numbers).
      {{"unknown party category", C::INVALID_ARGUMENT, "party.category"},
       [&] {
         v1::CreatePartyRequest req;
         req.set_party_id("new-party");
         req.mutable_party()->set_display_name("x");
         req.mutable_party()->set_category(static_cast<v1::PartyCategory>(99));
         v1::Party out;
         return stub.CreateParty(Ctx("admin").get(), req, &out);
       }},
      {{"unknown status", C::INVALID_ARGUMENT, "modification.status"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_status(static_cast<v1::ModificationStatus>(4242));
         return raise("admin", r);
       }},
      {{"negative path", C::INVALID_ARGUMENT, "modification.path"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_path(static_cast<v1::ModificationPath>(-7));
         return raise("admin", r);
       }},
      {{"impossible date", C::INVALID_ARGUMENT, "date_raised"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_date_raised("2017-02-30");
         return raise("admin", r);
       }},
      {{"negative watch sequence", C::INVALID_ARGUMENT, "from_sequence"},
       [&] {
         v1::WatchEventsRequest req;
         req.set_from_sequence(-1);
         auto ctx = Ctx("bg");
         auto reader = stub.WatchEvents(ctx.get(), req);
         v1::Event e;
         while (reader->Read(&e)) {
         }
         return reader->Finish();
       }},
      // Filters: the grammar refuses what it does not know; values never reach SQL as text.
      {{"filter unknown field", C::INVALID_ARGUMENT, "filter: unknown field \"colour\""},
       [&] { return list(0, "colour = red", ""); }},
      {{"filter SQL injection", C::INVALID_ARGUMENT, "filter: unexpected character ';'"},
       [&] { return list(0, "1=1; DROP TABLE modifications", ""); }},
      {{"filter OR injection", C::INVALID_ARGUMENT, "filter: "},
       [&] { return list(0, "status = SUBMITTED OR 1 = 1", ""); }},
      {{"filter unterminated quote", C::INVALID_ARGUMENT, "filter: "},
       [&] { return list(0, "title : \"abc", ""); }},
      {{"filter too long", C::INVALID_ARGUMENT, "filter: 2110 characters; at most 2000"},
       [&] { return list(0, "title : \"" + std::string(2100, 'a') + "\"", ""); }},
      {{"filter unknown enum", C::INVALID_ARGUMENT, "filter: "},
       [&] { return list(0, "status = DROPPED", ""); }},
      // Credentials.
      {{"missing token", C::UNAUTHENTICATED, "missing credentials"}, [&] { return with_auth(""); }},
      {{"garbage token", C::UNAUTHENTICATED, "not valid"},
       [&] { return with_auth("Bearer garbage"); }},
      {{"empty bearer", C::UNAUTHENTICATED, ""}, [&] { return with_auth("Bearer "); }},
      {{"wrong scheme", C::UNAUTHENTICATED, "Bearer <token>"},
       [&] { return with_auth("Basic YWRtaW46YWRtaW4="); }},
      {{"token of a role that may not raise", C::PERMISSION_DENIED, "needs the role"},
       [&] { return raise("panel", RaiseRequest("ok title")); }},
      {{"party creating a party", C::PERMISSION_DENIED, "SECAS"},
       [&] {
         v1::CreatePartyRequest req;
         req.set_party_id("sneaky");
         req.mutable_party()->set_display_name("x");
         req.mutable_party()->set_category(v1::PARTY_CATEGORY_DCC);
         v1::Party out;
         return stub.CreateParty(Ctx("bg").get(), req, &out);
       }},
      {{"party raising for another", C::PERMISSION_DENIED, "acts only for parties/british-gas"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.mutable_modification()->set_proposer("parties/edf-energy");
         return raise("bg", r);
       }},
      {{"party loading history", C::PERMISSION_DENIED, "only SECAS"},
       [&] {
         auto r = RaiseRequest("ok title");
         r.set_modification_id("SECMP0100");
         return raise("bg", r);
       }},
  };

  const std::string before = Snapshot();
  for (const auto& [c, call] : cases) {
    SCOPED_TRACE(c.name);
    grpc::Status s = call();
    EXPECT_EQ(s.error_code(), c.code) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(c.message));
    if (c.code != C::INTERNAL) {
      EXPECT_FALSE(s.error_message().empty());
    }
    EXPECT_EQ(Snapshot(), before) << "the store changed";
  }
  // The server carries on serving good requests.
  v1::Modification out;
  EXPECT_TRUE(raise("bg", RaiseRequest("After the bad input")).ok());
}

TEST_P(BadInputTest, HugePageSizeIsCappedNotRefused) {
  v1::ListModificationsRequest req;
  req.set_page_size(INT_MAX);
  v1::ListModificationsResponse out;
  grpc::Status s = stub_->ListModifications(Ctx("bg").get(), req, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.modifications_size(), 1);
}

TEST_P(BadInputTest, HostileTextIsStoredVerbatimAndHarmless) {
  const std::vector<std::string> titles = {
      "Robert'); DROP TABLE modifications;--",
      "\" OR \"1\"=\"1",
      "100% of the _underscore_ \\ backslash",
      "<script>alert('x')</script> & &amp;",
      "line one\nline two\ttab",
      "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x94\x8C emoji",
      "${jndi:ldap://x} $(rm -rf /) `id`",
  };
  std::vector<std::string> names;
  for (const std::string& t : titles) {
    v1::Modification out;
    grpc::Status s = stub_->CreateModification(Ctx("bg").get(), RaiseRequest(t), &out);
    ASSERT_TRUE(s.ok()) << t << ": " << s.error_message();
    names.push_back(out.name());
  }
  for (size_t i = 0; i < titles.size(); ++i) {
    v1::GetModificationRequest req;
    req.set_name(names[i]);
    v1::Modification out;
    ASSERT_TRUE(stub_->GetModification(Ctx("bg").get(), req, &out).ok());
    EXPECT_EQ(out.title(), titles[i]);
  }
  auto matching = [&](const std::string& filter) {
    v1::ListModificationsRequest req;
    req.set_filter(filter);
    v1::ListModificationsResponse out;
    grpc::Status s = stub_->ListModifications(Ctx("bg").get(), req, &out);
    EXPECT_TRUE(s.ok()) << filter << ": " << s.error_message();
    std::vector<std::string> got;
    for (const auto& m : out.modifications()) got.push_back(m.title());
    return got;
  };
  // LIKE wildcards in a contains filter are literal characters.
  EXPECT_THAT(matching("title : \"%\""), ::testing::ElementsAre(titles[2]));
  EXPECT_THAT(matching("title : \"_\""), ::testing::ElementsAre(titles[2]));
  EXPECT_THAT(matching("title : \"\\\\\""), ::testing::ElementsAre(titles[2]));
  // Quotes and SQL in a filter value match only the text itself.
  EXPECT_THAT(matching("title : \"DROP TABLE\""), ::testing::ElementsAre(titles[0]));
  EXPECT_THAT(matching("title : \"' OR '1'='1\""), ::testing::IsEmpty());
  EXPECT_THAT(matching("proposer = \"x' OR 1=1 --\""), ::testing::IsEmpty());
  // And the register is intact.
  EXPECT_EQ(matching("").size(), titles.size() + 1);
}

SEC_INSTANTIATE_BACKENDS(BadInputTest);

}  // namespace
}  // namespace sec
