// LegalTextService scenarios through the public API, on SQLite and MariaDB: a clause read as in
// force before and after a designation; a redline with two revisions and the diff between them;
// two proposals changing one clause reported and their designation refused; rebase clean and
// refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sec/v1/text.grpc.pb.h"
#include "service/governance_fixture.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Section G 7.6 to 7.8 as version 5.4 has them (abridged).
constexpr char kSectionG54[] =
    "## G7.6\n\nEach Party Category may nominate persons to be members.\n\n"
    "## G7.7\n\nA nomination shall be made by a person authorised to act for it.\n\n"
    "## G7.8\n\nThe Secretariat shall notify the Security Sub-Committee of each nomination.\n";

class LegalTextServiceTest : public GovernanceServiceTest {
 protected:
  void SetUp() override {
    GovernanceServiceTest::SetUp();
    if (HasFatalFailure()) return;
    text_ = v1::LegalTextService::NewStub(server().channel());
    v1::ImportSectionTextRequest req;
    req.set_section("sections/G");
    req.set_version("5.4");
    req.set_source(kSectionG54);
    v1::ImportSectionTextResponse out;
    grpc::Status s = text_->ImportSectionText(Ctx("admin").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(out.changed_size(), 3);
    ASSERT_TRUE(DesignateAt("5.4", "2017-01-01", {}).ok());
  }

  grpc::Status DesignateAt(const std::string& number, const std::string& date,
                           const std::vector<std::string>& implements) {
    v1::DesignateVersionRequest req;
    req.mutable_version()->set_number(number);
    req.mutable_version()->set_effective_date(date);
    for (const std::string& m : implements) req.mutable_version()->add_implements(m);
    v1::SecVersion out;
    return gov_->DesignateVersion(Ctx("admin").get(), req, &out);
  }

  grpc::Status SetRedline(const std::string& who, const std::string& mod, const std::string& base,
                          const std::string& clause, const std::string& text,
                          v1::Redline* out = nullptr,
                          v1::ClauseChangeKind kind = v1::CLAUSE_CHANGE_KIND_AMEND) {
    v1::SetRedlineRequest req;
    req.set_parent(mod);
    req.set_base_version(base);
    v1::ClauseChange* c = req.add_changes();
    c->set_clause(clause);
    c->set_kind(kind);
    c->set_text(text);
    v1::Redline ignored;
    return text_->SetRedline(Ctx(who).get(), req, out != nullptr ? out : &ignored);
  }

  // A proposal raised with a redline changing `clause` on 5.4, through the Change Board's
  // recommendation and the Authority's approval on 2017-07-03.
  std::string ApprovedChanging(const std::string& title, const std::string& clause,
                               const std::string& text) {
    SetDay("2017-04-10");
    const std::string name = Raise(title);
    EXPECT_TRUE(SetRedline("bg", name, "5.4", clause, text).ok());
    ToApproved(name);
    return name;
  }

  grpc::Status ReadClause(const std::string& clause, const std::string& version,
                          const std::string& date, v1::Clause* out) {
    v1::GetClauseRequest req;
    req.set_name("clauses/" + clause);
    req.set_version(version);
    req.set_date(date);
    return text_->GetClause(Ctx("edf").get(), req, out);
  }

  std::vector<std::string> Conflicts() {
    v1::ListConflictsRequest req;
    v1::ListConflictsResponse out;
    grpc::Status s = text_->ListConflicts(Ctx("edf").get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> found;
    for (const v1::TextConflict& c : out.conflicts()) {
      std::string line = c.clause();
      for (const std::string& m : c.modifications()) line += " " + m;
      found.push_back(line);
    }
    return found;
  }

  grpc::Status Rebase(const std::string& mod, const std::string& onto, v1::Redline* out) {
    v1::RebaseRedlineRequest req;
    req.set_name(mod + "/redline");
    req.set_onto_version(onto);
    return text_->RebaseRedline(Ctx("bg").get(), req, out);
  }

  std::unique_ptr<v1::LegalTextService::Stub> text_;
};

TEST_P(LegalTextServiceTest, AClauseReadsAsInForceBeforeAndAfterTheDesignationThatChangedIt) {
  const std::string a = ApprovedChanging(
      "Senior nominators", "G7.7",
      "A nomination shall be made by a person who holds a senior position within the Party.");
  // Before 5.5 takes effect, G7.7 is 5.4's; the day it does, the redline's.
  ASSERT_TRUE(DesignateAt("5.5", "2017-07-10", {a}).ok());
  v1::Clause before, after, in_version;
  ASSERT_TRUE(ReadClause("G7.7", "", "2017-07-09", &before).ok());
  EXPECT_EQ(before.version(), "5.4");
  EXPECT_EQ(before.text(), "A nomination shall be made by a person authorised to act for it.");
  ASSERT_TRUE(ReadClause("G7.7", "", "2017-07-10", &after).ok());
  EXPECT_EQ(after.version(), "5.5");
  EXPECT_EQ(after.modification(), a);
  EXPECT_THAT(after.text(), HasSubstr("senior position"));
  // A clause 5.5 did not change still reads as 5.4 stored it, in version 5.5.
  ASSERT_TRUE(ReadClause("G7.8", "5.5", "", &in_version).ok());
  EXPECT_EQ(in_version.version(), "5.4");

  v1::ListChangedClausesRequest changed_req;
  changed_req.set_parent("versions/5.5");
  v1::ListChangedClausesResponse changed;
  ASSERT_TRUE(text_->ListChangedClauses(Ctx("edf").get(), changed_req, &changed).ok());
  ASSERT_EQ(changed.clauses_size(), 1);
  EXPECT_EQ(changed.clauses(0).clause(), "G7.7");

  v1::DiffTextRequest diff_req;
  diff_req.set_section("sections/G");
  diff_req.set_from_version("5.4");
  diff_req.set_to_version("5.5");
  v1::DiffTextResponse diff;
  ASSERT_TRUE(text_->DiffText(Ctx("edf").get(), diff_req, &diff).ok());
  EXPECT_THAT(diff.content(),
              HasSubstr("{--authorised to act for it--}{++who holds a senior position within the "
                        "Party++}"));
  ASSERT_EQ(diff.clauses_size(), 3);
  EXPECT_EQ(diff.clauses(0).kind(), v1::CLAUSE_DIFF_KIND_UNCHANGED);
  EXPECT_EQ(diff.clauses(1).kind(), v1::CLAUSE_DIFF_KIND_AMENDED);
}

TEST_P(LegalTextServiceTest, ARedlineKeepsEachRevisionAndDiffsBetweenThem) {
  SetDay("2017-04-10");
  const std::string m = Raise("Vetting of nominees");
  v1::Redline first, second;
  ASSERT_TRUE(SetRedline("bg", m, "5.4", "G7.8",
                         "The Secretariat shall notify the Security Sub-Committee of each "
                         "nomination and the nominee's expertise.",
                         &first)
                  .ok());
  ASSERT_TRUE(SetRedline("bg", m, "5.4", "G7.8",
                         "The Secretariat shall promptly notify the Security Sub-Committee of each "
                         "nomination and the nominee's security expertise.",
                         &second)
                  .ok());
  EXPECT_EQ(first.revision(), 1);
  EXPECT_EQ(second.revision(), 2);
  EXPECT_THAT(second.sections(), ElementsAre("G7.8"));
  EXPECT_THAT(Get(m).sections(), ElementsAre("G7.8"));  // derived from the redline

  v1::ListRedlineRevisionsRequest list_req;
  list_req.set_parent(m);
  v1::ListRedlineRevisionsResponse list;
  ASSERT_TRUE(text_->ListRedlineRevisions(Ctx("edf").get(), list_req, &list).ok());
  ASSERT_EQ(list.redlines_size(), 2);
  EXPECT_EQ(list.redlines(0).changes(0).text(), first.changes(0).text());
  EXPECT_FALSE(list.redlines(1).author().empty());

  v1::DiffTextRequest req;
  req.set_modification(m);
  req.set_from_revision(1);
  req.set_to_revision(2);
  v1::DiffTextResponse diff;
  ASSERT_TRUE(text_->DiffText(Ctx("edf").get(), req, &diff).ok());
  EXPECT_THAT(diff.content(), HasSubstr("shall {++promptly ++}notify"));
  EXPECT_THAT(diff.content(), HasSubstr("nominee's{++ security++} expertise"));

  req.set_format(v1::TEXT_FORMAT_HTML);
  req.set_from_revision(0);  // from the base version's text
  ASSERT_TRUE(text_->DiffText(Ctx("edf").get(), req, &diff).ok());
  EXPECT_EQ(diff.media_type(), "text/html; charset=utf-8");
  EXPECT_THAT(diff.content(), HasSubstr("<ins>"));

  // Its sections now follow the redline: setting them by hand is refused.
  v1::UpdateModificationRequest update;
  update.mutable_modification()->set_name(m);
  update.mutable_modification()->add_sections("D");
  update.mutable_update_mask()->add_paths("sections");
  v1::Modification updated;
  grpc::Status by_hand = reg_->UpdateModification(Ctx("bg").get(), update, &updated);
  EXPECT_EQ(by_hand.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(by_hand), "SECTIONS_FROM_REDLINE");
  EXPECT_THAT(Get(m).sections(), ElementsAre("G7.8"));

  // Another party may not write the proposal's redline; an AMEND of a clause the base lacks is
  // refused naming it, and neither keeps a revision.
  EXPECT_EQ(SetRedline("edf", m, "5.4", "G7.8", "x").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status missing = SetRedline("bg", m, "5.4", "G7.99", "x");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << missing.error_message();
  EXPECT_THAT(missing.error_message(), HasSubstr("G7.99"));
  ASSERT_TRUE(text_->ListRedlineRevisions(Ctx("edf").get(), list_req, &list).ok());
  EXPECT_EQ(list.redlines_size(), 2);
}

TEST_P(LegalTextServiceTest, TwoProposalsChangingOneClauseConflictUntilOneGoes) {
  const std::string a = ApprovedChanging("First", "G7.8", "First text.");
  const std::string b = ApprovedChanging("Second", "G7.8", "Second text.");
  EXPECT_THAT(Conflicts(), ElementsAre("G7.8 " + a + " " + b));

  // A version taking both is refused, naming the clause and both, and changes nothing.
  grpc::Status refused = DesignateAt("5.5", "2017-07-10", {a, b});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(refused), "TEXT_CONFLICT");
  EXPECT_THAT(refused.error_message(), HasSubstr("G7.8"));
  EXPECT_THAT(refused.error_message(), HasSubstr(a.substr(std::string("modifications/").size())));
  EXPECT_THAT(refused.error_message(), HasSubstr(b.substr(std::string("modifications/").size())));
  v1::Clause g78;
  ASSERT_TRUE(ReadClause("G7.8", "5.5", "", &g78).ok());
  EXPECT_EQ(g78.version(), "5.4");
  EXPECT_EQ(Get(a).status(), v1::MODIFICATION_STATUS_APPROVED);

  // Without the second, the version is accepted and takes the first's text.
  ASSERT_TRUE(DesignateAt("5.5", "2017-07-10", {a}).ok());
  ASSERT_TRUE(ReadClause("G7.8", "5.5", "", &g78).ok());
  EXPECT_EQ(g78.text(), "First text.");
  EXPECT_EQ(Get(a).status(), v1::MODIFICATION_STATUS_IMPLEMENTED);
  EXPECT_THAT(Conflicts(), ::testing::IsEmpty());

  // The second is now drafted on a text that moved: designating it is refused until rebased,
  // and rebasing is refused because its clause changed.
  grpc::Status stale = DesignateAt("5.6", "2017-11-02", {b});
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(stale), "REBASE_NEEDED");
  v1::Redline rebased;
  grpc::Status conflict = Rebase(b, "5.5", &rebased);
  EXPECT_EQ(conflict.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ErrorReason(conflict), "REBASE_CONFLICT");
  EXPECT_THAT(conflict.error_message(), HasSubstr("G7.8"));
}

TEST_P(LegalTextServiceTest, OpenProposalsConflictUntilOneIsWithdrawnAndACleanRebaseApplies) {
  SetDay("2017-04-10");
  const std::string c = Raise("Third");
  const std::string d = Raise("Fourth");
  ASSERT_TRUE(SetRedline("bg", c, "5.4", "G7.6", "Third text.").ok());
  ASSERT_TRUE(SetRedline("bg", d, "5.4", "G7.6", "Fourth text.").ok());
  EXPECT_THAT(Conflicts(), ElementsAre("G7.6 " + c + " " + d));
  // The status report names it too.
  v1::GetModificationStatusReportRequest report_req;
  v1::ModificationStatusReport report;
  ASSERT_TRUE(gov_->GetModificationStatusReport(Ctx("edf").get(), report_req, &report).ok());
  ASSERT_EQ(report.text_conflicts_size(), 1);
  EXPECT_EQ(report.text_conflicts(0).clause(), "G7.6");
  EXPECT_THAT(report.text_conflicts(0).modifications(),
              ElementsAre(c.substr(std::string("modifications/").size()),
                          d.substr(std::string("modifications/").size())));
  v1::WithdrawModificationRequest w;
  w.set_name(d);
  v1::Modification withdrawn;
  ASSERT_TRUE(reg_->WithdrawModification(Ctx("bg").get(), w, &withdrawn).ok());
  EXPECT_THAT(Conflicts(), ::testing::IsEmpty());

  // A version that changed G7.7 only: c's redline (G7.6) moves onto it cleanly.
  const std::string a = ApprovedChanging("Senior nominators", "G7.7", "Changed G7.7.");
  ASSERT_TRUE(DesignateAt("5.5", "2017-07-10", {a}).ok());
  v1::Redline rebased;
  ASSERT_TRUE(Rebase(c, "5.5", &rebased).ok());
  EXPECT_EQ(rebased.revision(), 2);
  EXPECT_EQ(rebased.base_version(), "5.5");
  EXPECT_EQ(rebased.changes(0).text(), "Third text.");
}

SEC_INSTANTIATE_BACKENDS(LegalTextServiceTest);

}  // namespace
}  // namespace sec
