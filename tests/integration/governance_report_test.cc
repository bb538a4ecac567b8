// The Modification Status Report end to end, as an operator produces it: the real secd (SQLite
// and MariaDB), `secctl import` of reference data, `secctl report status`. Every assertion is on
// the generated Markdown or CSV.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "service/auth.h"
#include "support/process.h"
#include "support/test_support.h"

namespace sec::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kReferenceDir = absl::StrCat(SEC_SOURCE_DIR, "/data/reference");

// The paper's Table one: the register before 4 April 2017, statuses as printed.
const std::vector<std::pair<std::string, std::string>> kTableOne = {
    {"SECMP0002", "Refinement"},
    {"SECMP0004", "Refinement"},
    {"SECMP0005", "Refinement"},
    {"SECMP0006", "Refinement"},
    {"SECMP0007", "Refinement"},
    {"SECMP0008", "Refinement"},
    {"SECMP0009", "Refinement"},
    {"SECMP0010", "Refinement"},
    {"SECMP0011", "Refinement"},
    {"SECMP0012", "Refinement"},
    {"SECMP0013", "Refinement"},
    {"SECMP0015", "Refinement"},
    {"SECMP0018", "Refinement"},
    {"SECMP0019", "Refinement"},
    {"SECMP0021", "Refinement"},
    {"SECMP0023", "Refinement"},
    {"SECMP0024", "Refinement"},
    {"SECMP0025", "Refinement"},
    {"SECMP0027", "Refinement"},
    {"SECMP0028", "Refinement"},
    {"SECMP0029", "Refinement"},
    {"SECMP0030", "Refinement"},
    {"SECMP0031", "Modification Proposal Submitted"},
    {"SECMP0032", "Modification Proposal Submitted"},
    {"SECMP0033", "Report Phase"},
};

// The open-proposal table of a Markdown report: (reference, status) per row.
std::vector<std::pair<std::string, std::string>> OpenTable(const std::string& md) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (absl::string_view line : absl::StrSplit(md, '\n')) {
    if (!absl::StartsWith(line, "| SECMP")) continue;
    std::vector<std::string> cells = absl::StrSplit(line, " | ");
    if (cells.size() != 3) continue;
    rows.emplace_back(std::string(absl::StripPrefix(cells[0], "| ")),
                      std::string(absl::StripSuffix(cells[2], " |")));
  }
  return rows;
}

// secd on a backend with one principal holding SECAS and PANEL: the reference data records
// SECAS's work and the Panel's decisions.
class GovernanceReportTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("secd-gov-report-");
    const std::string token = "governance-report-secretariat";
    {
      std::ofstream tokens(dir_ + "/tokens");
      tokens << service::Sha256Hex(token) << " secretariat SECAS,PANEL\n";
      std::ofstream t(dir_ + "/secretariat.token");
      t << token << "\n";
    }
    std::vector<std::string> args = {"--tokens_file=" + dir_ + "/tokens"};
    std::vector<std::string> env;
    if (GetParam() == Backend::kMysql) {
      absl::StatusOr<MysqlTarget> db = NewMysqlDatabase();
      ASSERT_TRUE(db.ok()) << db.status();
      args.push_back("--database=" + db->url);
      env.push_back("SECD_DATABASE_PASSWORD=" + db->password);
    }
    secd_ = std::make_unique<SecdProcess>(dir_, args, env);
    ASSERT_TRUE(secd_->running()) << secd_->log();
  }

  CommandResult Ctl(std::vector<std::string> args) {
    return Secctl(secd_->address(), dir_ + "/secretariat.token", std::move(args));
  }

  // -o table is the report's Markdown.
  std::string Report(const std::string& as_of, const std::string& output = "table") {
    CommandResult r = Ctl({"report", "status", "--as-of", as_of, "-o", output});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  void Import(const std::string& file) {
    CommandResult r = Ctl({"import", file});
    ASSERT_EQ(r.exit_code, 0) << r.err << secd_->log();
  }

  std::string dir_;
  std::unique_ptr<SecdProcess> secd_;
};

TEST_P(GovernanceReportTest, ReferenceDataRegeneratesThePaper) {
  Import(kReferenceDir + "/10-register.json");
  Import(kReferenceDir + "/20-governance.json");
  // A second import changes nothing.
  Import(kReferenceDir + "/20-governance.json");

  const std::string md = Report("2017-04-10");
  // 2. Code updates.
  EXPECT_THAT(md, HasSubstr("SEC Version 5.5 came into effect on 15 March 2017, implementing "
                            "SECMP0026 – Changes to the Security Sub-Committee Nomination Process; "
                            "amended Section G7.6-7.12."));
  EXPECT_THAT(md,
              HasSubstr("approved by the Change Board at its February 2017 meeting as a Path 3"));
  EXPECT_THAT(md, HasSubstr("SEC Version 5.6 came into effect on 1 April 2017, implementing "
                            "SECMP0016 – Consideration of maximum credit value in credit cover "
                            "calculation; amended Section A, Section J."));
  EXPECT_THAT(md, HasSubstr("approved by BEIS in its role as the Authority on 17 January 2017"));
  // 3.1 New proposal.
  EXPECT_THAT(md,
              HasSubstr("On 5 April 2017, British Gas submitted a new Modification Proposal: "
                        "SECMP0034 – Changes to the SEC Section D for DCC analysis provisions"));
  // 3.2 Highlights of the March Panel.
  EXPECT_THAT(md, HasSubstr("Decisions of SEC Panel meeting 42 (17 March 2017)"));
  EXPECT_THAT(md, HasSubstr("- SECMP0033 – Update to CH Handover Support Materials: IMR_ACCEPTED – "
                            "IMR accepted; suggested Path and timescales agreed; proceed to "
                            "Modification Report Consultation as Path 3 - Self Governance."));
  EXPECT_THAT(md, HasSubstr("- SECMP0031 – Adding UTRN Functionality to SMETS: REFERRAL – referred "
                            "to BEIS (the Secretary of State) under SEC Section X2.3(d)"));
  EXPECT_THAT(md, HasSubstr("- SECMP0032 – Prioritising Prepayment Customers in No WAN Situations: "
                            "REFERRAL – referred to BEIS"));
  // 3.3 Consultation.
  EXPECT_THAT(md,
              HasSubstr("On 4 April 2017, the SECMP0006 – Specifying the number of digits for "
                        "device displays Modification Report Consultation was issued. Responses "
                        "are requested by 27 April 2017 to SECAS@gemserv.com."));
  // 4. Next meeting.
  EXPECT_THAT(md, HasSubstr("The next SEC Panel meeting is scheduled for Friday, 21 April 2017."));
  // Open proposals on 10 April: Table one with SECMP0006 in consultation, plus SECMP0034.
  std::vector<std::pair<std::string, std::string>> expected = kTableOne;
  expected[3].second = "Modification Report Consultation";
  expected.push_back({"SECMP0034", "Modification Proposal Submitted"});
  EXPECT_THAT(OpenTable(md), ElementsAreArray(expected)) << md;
  EXPECT_THAT(md, Not(HasSubstr("| SECMP0016 ")));
  EXPECT_THAT(md, Not(HasSubstr("| SECMP0026 ")));

  // As of 31 March 2017: exactly Table one.
  const std::string march = Report("2017-03-31");
  EXPECT_THAT(OpenTable(march), ElementsAreArray(kTableOne)) << march;
  EXPECT_THAT(march, HasSubstr("25 open Modification Proposals."));
  EXPECT_THAT(march, Not(HasSubstr("SEC Version 5.6")));
  EXPECT_THAT(march, Not(HasSubstr("SECMP0034")));

  // The CSV rendering carries the same facts.
  const std::string csv = Report("2017-04-10", "csv");
  EXPECT_THAT(csv, HasSubstr("new_proposal,SECMP0034,Changes to the SEC Section D for DCC analysis "
                             "provisions,British Gas,2017-04-05\r\n"));
  EXPECT_THAT(csv, HasSubstr("open,SECMP0006,Specifying the number of digits for device displays,"
                             "Modification Report Consultation,"));
  EXPECT_THAT(csv, HasSubstr("next_panel_meeting,,SEC Panel meeting 43,,2017-04-21\r\n"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 2 + 1 + 3 + 1 + 26 + 1);

  CommandResult next = Ctl({"meetings", "next", "--body", "panel", "--after", "2017-04-10"});
  EXPECT_THAT(next.out, HasSubstr("2017-04-21"));
  CommandResult in_force = Ctl({"versions", "in-force", "2017-03-31"});
  EXPECT_THAT(in_force.out, HasSubstr("versions/5.5"));
}

// A different, invented register: nothing about April 2017 is built in.
TEST_P(GovernanceReportTest, AnInventedRegisterReportsItsOwnFacts) {
  const std::string file = dir_ + "/invented.json";
  {
    std::ofstream f(file);
    f << R"({"description": "an invented register", "steps": [
 {"createParty": {"partyId": "acme-energy", "party": {"displayName": "Acme Energy",
   "category": "PARTY_CATEGORY_SMALL_SUPPLIER"}, "requestId": "t/p1"}},
 {"createModification": {"modificationId": "SECMP0101", "modification": {"title": "Alpha change",
   "proposer": "parties/acme-energy", "dateRaised": "2020-01-06"}, "requestId": "t/m1"}},
 {"createModification": {"modificationId": "SECMP0102", "modification": {"title": "Beta change",
   "proposer": "parties/acme-energy", "dateRaised": "2020-02-10"}, "requestId": "t/m2"}},
 {"createModification": {"modificationId": "SECMP0103", "modification": {"title": "Gamma fix",
   "proposer": "parties/acme-energy", "dateRaised": "2020-02-20", "fastTrack": true},
   "requestId": "t/m3"}},
 {"createMeeting": {"meeting": {"body": "MEETING_BODY_PANEL", "number": 7, "date": "2020-02-21"},
   "requestId": "t/mt7"}},
 {"acceptInitialReport": {"name": "modifications/SECMP0101", "meeting": "meetings/panel-7",
   "destination": "IMR_DESTINATION_REFINEMENT", "path": "MODIFICATION_PATH_PATH_2",
   "outcome": "sent to refinement", "requestId": "t/d1"}},
 {"approveFastTrack": {"name": "modifications/SECMP0103", "meeting": "meetings/panel-7",
   "outcome": "fast-track approved", "requestId": "t/d2"}},
 {"designateVersion": {"version": {"number": "9.1", "effectiveDate": "2020-03-01",
   "implements": ["modifications/SECMP0103"], "sections": ["H"]}, "requestId": "t/v"}},
 {"issueConsultation": {"parent": "modifications/SECMP0101", "issueDate": "2020-03-02",
   "deadline": "2020-03-20", "contact": "mods@example.org", "requestId": "t/c"}},
 {"createMeeting": {"meeting": {"body": "MEETING_BODY_PANEL", "number": 8, "date": "2020-03-20"},
   "requestId": "t/mt8"}}
]})";
  }
  Import(file);
  const std::string md = Report("2020-03-05");
  EXPECT_THAT(md,
              HasSubstr("Report period: after 5 February 2020 up to and including 5 March 2020."));
  EXPECT_THAT(md, HasSubstr("SEC Version 9.1 came into effect on 1 March 2020, implementing "
                            "SECMP0103 – Gamma fix; amended Section H."));
  EXPECT_THAT(md, HasSubstr("On 10 February 2020, Acme Energy submitted a new Modification "
                            "Proposal: SECMP0102 – Beta change"));
  EXPECT_THAT(md, HasSubstr("On 20 February 2020, Acme Energy submitted a new Modification "
                            "Proposal: SECMP0103 – Gamma fix"));
  EXPECT_THAT(md, Not(HasSubstr("submitted a new Modification Proposal: SECMP0101")));
  EXPECT_THAT(md, HasSubstr("Decisions of SEC Panel meeting 7 (21 February 2020)"));
  EXPECT_THAT(md, HasSubstr("- SECMP0101 – Alpha change: IMR_ACCEPTED – sent to refinement."));
  EXPECT_THAT(md, HasSubstr("- SECMP0103 – Gamma fix: FAST_TRACK_APPROVED – fast-track approved."));
  EXPECT_THAT(md, HasSubstr("On 2 March 2020, the SECMP0101 – Alpha change Modification Report "
                            "Consultation was issued. Responses are requested by 20 March 2020 to "
                            "mods@example.org."));
  EXPECT_THAT(OpenTable(md), ElementsAreArray(std::vector<std::pair<std::string, std::string>>{
                                 {"SECMP0101", "Modification Report Consultation"},
                                 {"SECMP0102", "Modification Proposal Submitted"}}));
  EXPECT_THAT(md, HasSubstr("The next SEC Panel meeting is scheduled for Friday, 20 March 2020."));

  // Before the Panel met, every proposal was still submitted and nothing was decided.
  const std::string before = Report("2020-02-20");
  EXPECT_THAT(OpenTable(before), ElementsAreArray(std::vector<std::pair<std::string, std::string>>{
                                     {"SECMP0101", "Modification Proposal Submitted"},
                                     {"SECMP0102", "Modification Proposal Submitted"},
                                     {"SECMP0103", "Modification Proposal Submitted"}}));
  EXPECT_THAT(before, HasSubstr("No SEC Panel meeting has been held."));
  EXPECT_THAT(before,
              HasSubstr("The next SEC Panel meeting is scheduled for Friday, 21 February 2020."));
}

INSTANTIATE_TEST_SUITE_P(Backends, GovernanceReportTest,
                         ::testing::Values(Backend::kSqlite, Backend::kMysql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sec::testing
