// secctl's command line, run as an operator runs it, against the real secd: values that look
// like words of the CLI, argument counts, -o json as one canonical proto JSON document for every
// listing and get command, --version, the default port, environment variables and config-file
// contexts, and the bash completion script.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <memory>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sec/v1/credit.grpc.pb.h"
#include "sec/v1/governance.grpc.pb.h"
#include "sec/v1/register.grpc.pb.h"
#include "sec/v1/release.grpc.pb.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSecctl = absl::StrCat(SEC_BINARY_DIR, "/client/secctl");

// CMake's project(VERSION), read from the top-level CMakeLists.txt.
std::string CmakeProjectVersion() {
  const std::string text = ReadFileText(absl::StrCat(SEC_SOURCE_DIR, "/CMakeLists.txt"));
  std::smatch m;
  return std::regex_search(text, m, std::regex(R"(project\(\s*secd\s+VERSION\s+([0-9.]+))"))
             ? m[1].str()
             : "";
}

// secctl with extra environment variables (and no --server or --token-file of its own).
CommandResult SecctlWithEnv(const std::vector<std::string>& env, std::vector<std::string> args) {
  std::vector<std::string> argv = {"/usr/bin/env",     "-u", "XDG_CONFIG_HOME", "-u",
                                   "SECCTL_SERVER",    "-u", "SECCTL_TOKEN",    "-u",
                                   "SECCTL_TOKEN_FILE"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(kSecctl);
  argv.insert(argv.end(), args.begin(), args.end());
  return testing::Run(argv);
}

// One secd with the reference data (register, governance, credit) and the credit population.
class SecctlCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("secctl-cli-"));
    secd_ = new SecdProcess(*dir_, {});
    ASSERT_TRUE(secd_->running()) << secd_->log();
    ASSERT_EQ(ImportReferenceData(secd_->address(), TokenFile()), "");
    CommandResult r = Ctl({"credit", "check", "--as-of", "2017-04-10"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete secd_;
    delete dir_;
  }

  static std::string TokenFile() { return *dir_ + "/secd-admin.token"; }
  static std::string Token() {
    std::string t = ReadFileText(TokenFile());
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    return t;
  }
  static CommandResult Ctl(std::vector<std::string> args) {
    return Secctl(secd_->address(), TokenFile(), std::move(args));
  }

  static std::shared_ptr<grpc::Channel> Channel() {
    return grpc::CreateChannel(secd_->address(), grpc::InsecureChannelCredentials());
  }
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + Token());
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
  }

  static std::string* dir_;
  static SecdProcess* secd_;
};

std::string* SecctlCliTest::dir_ = nullptr;
SecdProcess* SecctlCliTest::secd_ = nullptr;

// The response of one unary call made with the stub directly.
template <typename Resp, typename Stub, typename Req>
std::unique_ptr<google::protobuf::Message> Direct(
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*), Stub* stub,
    const Req& req, const std::function<std::unique_ptr<grpc::ClientContext>()>& context) {
  auto resp = std::make_unique<Resp>();
  grpc::Status s = (stub->*method)(context().get(), req, resp.get());
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp;
}

// Every page of a listing made with the stub directly, merged into one response.
template <typename Resp, typename Stub, typename Req>
std::unique_ptr<google::protobuf::Message> DirectAllPages(
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*), Stub* stub, Req req,
    const std::function<std::unique_ptr<grpc::ClientContext>()>& context) {
  auto all = std::make_unique<Resp>();
  do {
    Resp page;
    grpc::Status s = (stub->*method)(context().get(), req, &page);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) break;
    req.set_page_token(page.next_page_token());
    page.clear_next_page_token();
    all->MergeFrom(page);
  } while (!req.page_token().empty());
  return all;
}

// The reference data's two releases of early 2017 (SEC 5.5 and 5.6), each implemented and
// designating its version.
TEST_F(SecctlCliTest, TheReferenceReleasesDesignatedSec55And56) {
  CommandResult listed = Ctl({"-o", "json", "releases", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  v1::ListReleasesResponse releases;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(listed.out, &releases).ok())
      << listed.out;
  ASSERT_EQ(releases.releases_size(), 2);
  const v1::Release& march = releases.releases(0);
  EXPECT_EQ(march.name(), "releases/2017-03");
  EXPECT_EQ(march.target_date(), "2017-03-15");
  EXPECT_EQ(march.status(), v1::RELEASE_STATUS_IMPLEMENTED);
  EXPECT_EQ(march.version(), "versions/5.5");
  EXPECT_THAT(march.modifications(), ::testing::ElementsAre("modifications/SECMP0026"));
  EXPECT_THAT(march.comment(), HasSubstr("ASSUMED"));
  const v1::Release& april = releases.releases(1);
  EXPECT_EQ(april.name(), "releases/2017-04");
  EXPECT_EQ(april.version(), "versions/5.6");
  EXPECT_THAT(april.modifications(), ::testing::ElementsAre("modifications/SECMP0016"));

  CommandResult table = Ctl({"releases", "list", "--status", "implemented"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("2017-04"));
  EXPECT_THAT(table.out, HasSubstr("SECMP0016"));
  CommandResult got = Ctl({"modifications", "get", "SECMP0016"});
  EXPECT_THAT(got.out, HasSubstr("releases/2017-04"));
  // Who the register's open proposals wait on, derived by the server.
  CommandResult waiting = Ctl({"modifications", "waiting"});
  ASSERT_EQ(waiting.exit_code, 0) << waiting.err;
  EXPECT_THAT(waiting.out, HasSubstr("WAITING_ON"));
  EXPECT_THAT(waiting.out, HasSubstr("PANEL"));
  // Both releases are implemented, so no open proposal has a release to land in yet: the
  // forecast says when each could be approved and to plan one.
  CommandResult forecast = Ctl({"releases", "forecast", "--as-of", "2017-04-10"});
  ASSERT_EQ(forecast.exit_code, 0) << forecast.err;
  EXPECT_THAT(forecast.out, HasSubstr("SECMP0034"));
  EXPECT_THAT(forecast.out, HasSubstr("plan one"));
}

TEST_F(SecctlCliTest, HelpIsAValueLikeAnyOther) {
  CommandResult raised = Ctl({"-o", "json", "modifications", "raise", "--title", "help",
                              "--problem", "p", "--section", "D", "--proposer", "british-gas"});
  ASSERT_EQ(raised.exit_code, 0) << raised.err;
  v1::Modification m;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(raised.out, &m).ok()) << raised.out;
  EXPECT_EQ(m.title(), "help");
  CommandResult got = Ctl({"modifications", "get", m.name()});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("title:"));
  EXPECT_THAT(got.out, HasSubstr(" help\n"));
  // "--" ends the flags: what follows is a positional even when it starts with a dash, so the
  // server answers (NOT_FOUND or INVALID_ARGUMENT), not the parser.
  CommandResult dashed = Ctl({"modifications", "get", "--", "-SECMP0034"});
  EXPECT_NE(dashed.exit_code, 2) << dashed.err;
  EXPECT_GE(dashed.exit_code, 10) << dashed.err;
}

TEST_F(SecctlCliTest, JsonIsOneCanonicalDocumentBeforeOrAfterTheCommand) {
  auto reg = v1::RegisterService::NewStub(Channel());
  auto gov = v1::GovernanceService::NewStub(Channel());
  auto credit = v1::CreditCoverService::NewStub(Channel());
  auto* r = reg.get();
  auto* g = gov.get();
  auto* c = credit.get();
  const std::function<std::unique_ptr<grpc::ClientContext>()> ctx = &SecctlCliTest::Context;
  using RS = v1::RegisterService::Stub;
  using GS = v1::GovernanceService::Stub;
  using CS = v1::CreditCoverService::Stub;

  struct Case {
    std::vector<std::string> args;
    std::function<std::unique_ptr<google::protobuf::Message>()> direct;
  };
  std::vector<Case> cases;
  auto add = [&](std::vector<std::string> args,
                 std::function<std::unique_ptr<google::protobuf::Message>()> direct) {
    cases.push_back({std::move(args), std::move(direct)});
  };
  // Register.
  add({"parties", "list"},
      [&] { return DirectAllPages(&RS::ListParties, r, v1::ListPartiesRequest(), ctx); });
  add({"parties", "get", "british-gas"}, [&] {
    v1::GetPartyRequest q;
    q.set_name("parties/british-gas");
    return Direct(&RS::GetParty, r, q, ctx);
  });
  add({"modifications", "list"}, [&] {
    return DirectAllPages(&RS::ListModifications, r, v1::ListModificationsRequest(), ctx);
  });
  add({"modifications", "list", "--page-size", "5"}, [&] {  // one page, its token kept
    v1::ListModificationsRequest q;
    q.set_page_size(5);
    return Direct(&RS::ListModifications, r, q, ctx);
  });
  add({"modifications", "get", "SECMP0034"}, [&] {
    v1::GetModificationRequest q;
    q.set_name("modifications/SECMP0034");
    return Direct(&RS::GetModification, r, q, ctx);
  });
  add({"modifications", "history", "SECMP0034"}, [&] {
    v1::ListModificationEventsRequest q;
    q.set_parent("modifications/SECMP0034");
    return DirectAllPages(&RS::ListModificationEvents, r, q, ctx);
  });
  // Governance.
  add({"meetings", "list"},
      [&] { return DirectAllPages(&GS::ListMeetings, g, v1::ListMeetingsRequest(), ctx); });
  add({"meetings", "get", "panel-42"}, [&] {
    v1::GetMeetingRequest q;
    q.set_name("meetings/panel-42");
    return Direct(&GS::GetMeeting, g, q, ctx);
  });
  add({"meetings", "next", "--after", "2017-04-01"}, [&] {
    v1::GetNextMeetingRequest q;
    q.set_body(v1::MEETING_BODY_PANEL);
    q.set_after_date("2017-04-01");
    return Direct(&GS::GetNextMeeting, g, q, ctx);
  });
  add({"decisions", "list"},
      [&] { return DirectAllPages(&GS::ListDecisions, g, v1::ListDecisionsRequest(), ctx); });
  add({"consultations", "get", "SECMP0006"}, [&] {
    v1::GetConsultationRequest q;
    q.set_name("modifications/SECMP0006/consultation");
    return Direct(&GS::GetConsultation, g, q, ctx);
  });
  add({"consultations", "responses", "SECMP0006"}, [&] {
    v1::ListConsultationResponsesRequest q;
    q.set_name("modifications/SECMP0006/consultation");
    return DirectAllPages(&GS::ListConsultationResponses, g, q, ctx);
  });
  add({"votes", "list", "SECMP0006"}, [&] {
    v1::ListVotesRequest q;
    q.set_parent("modifications/SECMP0006");
    return DirectAllPages(&GS::ListVotes, g, q, ctx);
  });
  add({"versions", "list"},
      [&] { return DirectAllPages(&GS::ListVersions, g, v1::ListVersionsRequest(), ctx); });
  add({"versions", "get", "5.6"}, [&] {
    v1::GetVersionRequest q;
    q.set_name("versions/5.6");
    return Direct(&GS::GetVersion, g, q, ctx);
  });
  add({"versions", "in-force", "2017-04-10"}, [&] {
    v1::GetVersionInForceRequest q;
    q.set_date("2017-04-10");
    return Direct(&GS::GetVersionInForce, g, q, ctx);
  });
  add({"ssc", "nominations"},
      [&] { return DirectAllPages(&GS::ListNominations, g, v1::ListNominationsRequest(), ctx); });
  add({"ssc", "members", "--date", "2017-04-10"}, [&] {
    v1::ListSscMembersRequest q;
    q.set_date("2017-04-10");
    return Direct(&GS::ListSscMembers, g, q, ctx);
  });
  add({"assessments", "list", "--as-of", "2017-04-10"}, [&] {
    v1::ListAssessmentsRequest q;
    q.set_as_of("2017-04-10");
    return DirectAllPages(&GS::ListAssessments, g, q, ctx);
  });
  add({"assessments", "overdue", "--as-of", "2017-04-10"}, [&] {
    v1::ListAssessmentsRequest q;
    q.set_as_of("2017-04-10");
    q.set_overdue_only(true);
    return DirectAllPages(&GS::ListAssessments, g, q, ctx);
  });
  add({"calendar", "list"},
      [&] { return DirectAllPages(&GS::ListHolidays, g, v1::ListHolidaysRequest(), ctx); });
  add({"report", "status", "--as-of", "2017-04-10"}, [&] {
    v1::GetModificationStatusReportRequest q;
    q.set_as_of("2017-04-10");
    return Direct(&GS::GetModificationStatusReport, g, q, ctx);
  });
  // Credit.
  add({"credit", "policy", "list"}, [&] {
    return DirectAllPages(&CS::ListCreditPolicies, c, v1::ListCreditPoliciesRequest(), ctx);
  });
  add({"credit", "policy", "get", "sec-5-6"}, [&] {
    v1::GetCreditPolicyRequest q;
    q.set_name("creditPolicies/sec-5-6");
    return Direct(&CS::GetCreditPolicy, c, q, ctx);
  });
  add({"credit", "policy", "get", "--as-of", "2017-03-01"}, [&] {
    v1::GetPolicyInForceRequest q;
    q.set_date("2017-03-01");
    return Direct(&CS::GetPolicyInForce, c, q, ctx);
  });
  add({"credit", "assess", "list", "northwind-energy"}, [&] {
    v1::ListCreditAssessmentsRequest q;
    q.set_parent("parties/northwind-energy");
    return DirectAllPages(&CS::ListCreditAssessments, c, q, ctx);
  });
  add({"credit", "charges", "northwind-energy"}, [&] {
    v1::ListChargesRequest q;
    q.set_parent("parties/northwind-energy");
    return DirectAllPages(&CS::ListCharges, c, q, ctx);
  });
  add({"credit", "support", "northwind-energy"}, [&] {
    v1::ListCreditSupportRequest q;
    q.set_parent("parties/northwind-energy");
    return DirectAllPages(&CS::ListCreditSupport, c, q, ctx);
  });
  add({"credit", "calc", "northwind-energy", "--as-of", "2017-04-01"}, [&] {
    v1::CalculateCreditCoverRequest q;
    q.set_party("parties/northwind-energy");
    q.set_date("2017-04-01");
    return Direct(&CS::CalculateCreditCover, c, q, ctx);
  });
  add({"credit", "portfolio", "--as-of", "2017-04-01"}, [&] {
    v1::GetPortfolioRequest q;
    q.set_date("2017-04-01");
    q.set_page_size(1000);
    return DirectAllPages(&CS::GetPortfolio, c, q, ctx);
  });
  add({"credit", "compare", "--as-of", "2017-04-01", "--policy", "sec-5-5", "--policy", "sec-5-6"},
      [&] {
        v1::ComparePoliciesRequest q;
        q.set_date("2017-04-01");
        q.set_policy_a("creditPolicies/sec-5-5");
        q.set_policy_b("creditPolicies/sec-5-6");
        return Direct(&CS::ComparePolicies, c, q, ctx);
      });
  add({"credit", "notices"}, [&] {
    return DirectAllPages(&CS::ListBreachNotices, c, v1::ListBreachNoticesRequest(), ctx);
  });
  add({"credit", "notices", "--defaults"},
      [&] { return DirectAllPages(&CS::ListDefaults, c, v1::ListDefaultsRequest(), ctx); });

  google::protobuf::util::JsonPrintOptions canonical;
  canonical.preserve_proto_field_names = true;
  for (const Case& k : cases) {
    const std::unique_ptr<google::protobuf::Message> want = k.direct();
    std::string want_json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*want, &want_json, canonical).ok());
    std::vector<std::string> before = {"-o", "json"}, after = k.args;
    before.insert(before.end(), k.args.begin(), k.args.end());
    after.insert(after.end(), {"--output", "json"});
    for (const auto& args : {before, after}) {
      SCOPED_TRACE(absl::StrJoin(args, " "));
      CommandResult out = Ctl(args);
      ASSERT_EQ(out.exit_code, 0) << out.err;
      // The whole of stdout is one document of the response type, fields by proto name.
      std::unique_ptr<google::protobuf::Message> got(want->New());
      google::protobuf::util::JsonParseOptions strict;
      auto parsed = google::protobuf::util::JsonStringToMessage(out.out, got.get(), strict);
      ASSERT_TRUE(parsed.ok()) << parsed.message() << "\n" << out.out;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*got, *want))
          << "secctl:\n"
          << got->DebugString() << "\nstub:\n"
          << want->DebugString();
      // Printed canonically: re-printing what was read gives the same text.
      std::string got_json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*got, &got_json, canonical).ok());
      EXPECT_EQ(got_json, want_json);
    }
  }
}

TEST_F(SecctlCliTest, UsageErrorsExitTwoAndSayWhatIsExpected) {
  CommandResult extra = Ctl({"parties", "list", "extra"});
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_THAT(extra.err, HasSubstr("parties list: takes no arguments"));
  EXPECT_TRUE(extra.out.empty()) << extra.out;
  CommandResult none = Ctl({"modifications", "get"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("modifications get: expects SECMPnnnn, got 0 arguments"));
  CommandResult two = Ctl({"modifications", "get", "SECMP0034", "SECMP0006"});
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_THAT(two.err, HasSubstr("expects SECMPnnnn, got 2 arguments"));
  CommandResult flag = Ctl({"parties", "list", "--bogus"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_THAT(flag.err, HasSubstr("--bogus"));
  CommandResult number = Ctl({"modifications", "list", "--page-size", "ten"});
  EXPECT_EQ(number.exit_code, 2);
  EXPECT_THAT(number.err, HasSubstr("--page-size"));
  CommandResult output = Ctl({"-o", "yaml", "parties", "list"});
  EXPECT_EQ(output.exit_code, 2);
  EXPECT_THAT(output.err, HasSubstr("--output"));
  CommandResult twice = Ctl({"modifications", "raise", "--title", "a", "--title", "b"});
  EXPECT_EQ(twice.exit_code, 2) << twice.err;
  CommandResult group = Ctl({"parties"});
  EXPECT_EQ(group.exit_code, 2);
  EXPECT_THAT(group.err, HasSubstr("list"));
}

TEST_F(SecctlCliTest, VersionIsCmakesProjectVersion) {
  const std::string version = CmakeProjectVersion();
  ASSERT_FALSE(version.empty());
  CommandResult r = testing::Run({kSecctl, "--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::StartsWith("secctl " + version + " (revision "));
  EXPECT_THAT(r.out, ::testing::EndsWith(")\n"));
}

TEST_F(SecctlCliTest, ServerWithoutPortDialsTheDefaultPort) {
  CommandResult r = Secctl("127.0.0.1", TokenFile(), {"--deadline", "3", "parties", "list"});
  // Nothing of this test listens there; if something else does, the call may even succeed.
  if (r.exit_code != 0) {
    EXPECT_THAT(r.err, HasSubstr("127.0.0.1:50051"));
  }
  EXPECT_THAT(r.err, Not(HasSubstr("127.0.0.1:0")));
  EXPECT_THAT(r.err, Not(HasSubstr("127.0.0.1:443")));
}

// The channel's service config retries UNAVAILABLE: gRPC's own retry trace shows the attempts.
TEST_F(SecctlCliTest, UnavailableIsRetriedByTheChannelsServiceConfig) {
  CommandResult r =
      SecctlWithEnv({"GRPC_TRACE=retry", "GRPC_VERBOSITY=debug", "SECCTL_CONFIG=/dev/null"},
                    {"--server", "127.0.0.1:1", "--deadline", "10", "parties", "list"});
  EXPECT_EQ(r.exit_code, 10 + 14);  // UNAVAILABLE, after the retries
  size_t retries = 0;
  for (size_t at = r.err.find("retrying failed call"); at != std::string::npos;
       at = r.err.find("retrying failed call", at + 1)) {
    ++retries;
  }
  EXPECT_EQ(retries, 3u) << r.err.substr(0, 2000);  // maxAttempts 4
}

TEST_F(SecctlCliTest, EnvironmentSelectsServerTokenAndOutput) {
  CommandResult r = SecctlWithEnv({"SECCTL_SERVER=" + secd_->address(), "SECCTL_TOKEN=" + Token(),
                                   "SECCTL_OUTPUT=json", "SECCTL_CONFIG=/dev/null"},
                                  {"parties", "get", "british-gas"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  v1::Party p;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &p).ok()) << r.out;
  EXPECT_EQ(p.name(), "parties/british-gas");
  // A flag beats its environment variable.
  r = SecctlWithEnv({"SECCTL_SERVER=127.0.0.1:1", "SECCTL_TOKEN_FILE=" + TokenFile(),
                     "SECCTL_OUTPUT=json", "SECCTL_CONFIG=/dev/null"},
                    {"--server", secd_->address(), "-o", "csv", "parties", "get", "british-gas"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("field,value\r\n"));
  r = SecctlWithEnv({"SECCTL_SERVER=" + secd_->address(), "SECCTL_TOKEN=" + Token(),
                     "SECCTL_CONFIG=/dev/null"},
                    {"parties", "list", "-o", "csv", "--no-headers"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("ID,NAME,CATEGORY")));
  EXPECT_THAT(r.out, HasSubstr("british-gas,"));
  r = SecctlWithEnv(
      {"SECCTL_SERVER=" + secd_->address(), "SECCTL_DEADLINE=zero", "SECCTL_CONFIG=/dev/null"},
      {"parties", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("SECCTL_DEADLINE"));
}

TEST_F(SecctlCliTest, ConfigContextsSelectServerAndToken) {
  const std::string home = MakeTempDir("secctl-home-");
  ASSERT_EQ(testing::Run({"/bin/mkdir", "-p", home + "/.config/secctl"}).exit_code, 0);
  ASSERT_EQ(testing::Run({"/bin/cp", TokenFile(), home + "/.config/secctl/admin.token"}).exit_code,
            0);
  std::ofstream(home + "/.config/secctl/config")
      << "# contexts, as kubectl has them\n"
      << "current-context = here\n\n"
      << "[here]\n"
      << "server = " << secd_->address() << "\n"
      << "token-file = admin.token   \n"  // relative to the config file's folder
      << "[nowhere]\n"
      << "server = 127.0.0.1:1\n"
      << "token-file = " << home << "/.config/secctl/admin.token\n";
  const std::string h = "HOME=" + home;
  CommandResult r = SecctlWithEnv({h}, {"-o", "json", "parties", "get", "british-gas"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"name\": \"parties/british-gas\""));
  r = SecctlWithEnv({h}, {"--context", "nowhere", "--deadline", "3", "parties", "list"});
  EXPECT_EQ(r.exit_code, 10 + 14) << r.err;  // UNAVAILABLE
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1:1"));
  r = SecctlWithEnv({h, "SECCTL_CONTEXT=nowhere"},
                    {"--server", secd_->address(), "parties", "get", "british-gas"});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // the flag beats the context; the token is the context's
  r = SecctlWithEnv({h}, {"--context", "elsewhere", "parties", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("context \"elsewhere\""));
  std::ofstream(home + "/bad-config") << "[here]\nsevrer = typo:1\n";
  r = SecctlWithEnv({h, "SECCTL_CONFIG=" + home + "/bad-config"}, {"parties", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("line 2: unknown key \"sevrer\""));
}

TEST_F(SecctlCliTest, BashCompletionComesFromTheCommandTree) {
  const std::string dir = MakeTempDir("secctl-completion-");
  CommandResult script = testing::Run({kSecctl, "completion", "bash"});
  ASSERT_EQ(script.exit_code, 0) << script.err;
  std::ofstream(dir + "/secctl.bash") << script.out;
  auto complete = [&](const std::string& words, int cword) {
    const std::string line =
        absl::StrCat("source ", dir, "/secctl.bash; COMP_WORDS=(", words, "); COMP_CWORD=", cword,
                     "; _secctl; echo \"${COMPREPLY[*]}\"");
    CommandResult r = testing::Run({"/bin/bash", "-c", line});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_EQ(complete("secctl modifications ra", 2), "raise\n");
  EXPECT_EQ(complete("secctl --server localhost modifications raise --ti", 5), "--title\n");
  EXPECT_THAT(complete("secctl -o json credit ''", 4), HasSubstr("portfolio"));
  EXPECT_EQ(complete("secctl modifications im", 2), "impacts\n");
  EXPECT_THAT(complete("secctl modifications costs ''", 3), HasSubstr("add list "));
  EXPECT_EQ(complete("secctl assessments wa", 2), "waive\n");
  EXPECT_EQ(complete("secctl modifications impacts set SECMP0034 --im", 5), "--impact\n");
}

}  // namespace
}  // namespace sec::testing
