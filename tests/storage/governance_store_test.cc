// The storage conformance suite for Governance: every test runs on SQLite and on MariaDB, so
// both backends store, order and refuse the same way.
#include "storage/governance_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "storage/dialect.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::BackendTest;

class GovernanceStoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(store()
                    .Write([](Tx& tx) {
                      Party p;
                      p.id = "british-gas";
                      p.display_name = "British Gas";
                      p.category = PartyCategory::kLargeSupplier;
                      p.version = 1;
                      if (auto s = InsertParty(tx, p); !s.ok()) return s;
                      Modification m;
                      m.reference = "SECMP0006";
                      m.title = "Specifying the number of digits for device displays";
                      m.proposer = "british-gas";
                      m.date_raised = Date(2016, 3, 10);
                      m.status = ModStatus::kRefinement;
                      m.version = 1;
                      if (auto s = InsertModification(tx, m); !s.ok()) return s;
                      StoredEvent e;
                      e.resource = "modifications/SECMP0006";
                      e.kind = "raise";
                      e.effective_date = "2016-03-10";
                      e.status = "REFINEMENT";
                      return AppendEvent(tx, e);
                    })
                    .ok());
  }
};

TEST_P(GovernanceStoreTest, MeetingsByBodyDateAndNext) {
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) -> absl::Status {
                    for (auto [id, body, n, day] :
                         std::vector<std::tuple<std::string, MeetingBody, int, Date>>{
                             {"panel-43", MeetingBody::kPanel, 43, Date(2017, 4, 21)},
                             {"panel-42", MeetingBody::kPanel, 42, Date(2017, 3, 17)},
                             {"change-board-5", MeetingBody::kChangeBoard, 5, Date(2017, 3, 29)}}) {
                      Meeting m{id, body, n, day, {"item one", "item, two"}, "comment", 1};
                      if (auto s = InsertMeeting(tx, m); !s.ok()) return s;
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  absl::Status dup = store().Write([](Tx& tx) {
    return InsertMeeting(tx, Meeting{"panel-42", MeetingBody::kPanel, 42, Date(2017, 3, 17), {}, "", 1});
  });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
  ASSERT_TRUE(store()
                  .Read([](Tx& tx) -> absl::Status {
                    absl::StatusOr<Meeting> m = GetMeeting(tx, "panel-42");
                    EXPECT_TRUE(m.ok());
                    EXPECT_EQ(m->items, (std::vector<std::string>{"item one", "item, two"}));
                    MeetingQuery q;
                    q.body = MeetingBody::kPanel;
                    absl::StatusOr<std::vector<Meeting>> panel = ListMeetings(tx, q);
                    EXPECT_TRUE(panel.ok());
                    EXPECT_EQ(panel->size(), 2u);
                    EXPECT_EQ(panel->front().id, "panel-42");
                    q.body = std::nullopt;
                    q.limit = 1;
                    q.after = std::make_pair(Date(2017, 3, 17), std::string("panel-42"));
                    absl::StatusOr<std::vector<Meeting>> page = ListMeetings(tx, q);
                    EXPECT_EQ(page->size(), 1u);
                    EXPECT_EQ(page->front().id, "change-board-5");
                    absl::StatusOr<std::optional<Meeting>> next =
                        NextMeeting(tx, MeetingBody::kPanel, Date(2017, 4, 10));
                    EXPECT_TRUE(next.ok() && next->has_value());
                    EXPECT_EQ((*next)->id, "panel-43");
                    next = NextMeeting(tx, MeetingBody::kPanel, Date(2017, 4, 21));
                    EXPECT_FALSE(next->has_value()) << "strictly after";
                    return absl::OkStatus();
                  })
                  .ok());
}

// An absent date is NULL, as in the rest of the store; migration 0008 turns the '' earlier
// versions wrote into NULL (and the column nullable).
TEST_P(GovernanceStoreTest, AnAbsentDateIsNullAndMigrationEightConvertsEmptyText) {
  Consultation c{
      "SECMP0006", 1, Date(2017, 4, 4), Date(2017, 4, 27), "SECAS@gemserv.com", true, std::nullopt,
      1,           {}};
  ASSERT_TRUE(store().Write([&](Tx& tx) { return InsertConsultation(tx, c); }).ok());
  auto null_rows = [&](Tx& tx) -> absl::StatusOr<int64_t> {
    SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                         tx.Query("SELECT COUNT(*) FROM consultations WHERE close_date IS NULL", {}));
    return rows.at(0).Int(0);
  };
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(*null_rows(tx), 1);
    return absl::OkStatus();
  }).ok());
  // As an earlier version stored it, then migrated.
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    SEC_RETURN_IF_ERROR(tx.Exec("UPDATE consultations SET close_date = ''", {}).status());
    for (const Migration& m : EmbeddedMigrations(tx.dialect().name)) {
      if (m.version == 8) return tx.conn().ExecScript(m.sql);
    }
    return absl::NotFoundError("migration 8");
  }).ok());
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(*null_rows(tx), 1);
    absl::StatusOr<std::optional<Consultation>> found = FindConsultation(tx, "SECMP0006");
    EXPECT_TRUE(found.ok()) << found.status();
    EXPECT_FALSE((*found)->closed.has_value());
    return absl::OkStatus();
  }).ok());
}

TEST_P(GovernanceStoreTest, ConsultationVersionCheckAndResponses) {
  Consultation c{
      "SECMP0006", 1, Date(2017, 4, 4), Date(2017, 4, 27), "SECAS@gemserv.com", true, std::nullopt,
      1,           {}};
  ASSERT_TRUE(store().Write([&](Tx& tx) { return InsertConsultation(tx, c); }).ok());
  ConsultationResponse r{"SECMP0006", 1, "british-gas", ConsultationPosition::kSupport, "yes", Date(2017, 4, 10), "bg"};
  ASSERT_TRUE(store().Write([&](Tx& tx) { return PutResponse(tx, r); }).ok());
  r.position = ConsultationPosition::kOppose;  // a second response replaces the first
  ASSERT_TRUE(store().Write([&](Tx& tx) { return PutResponse(tx, r); }).ok());
  Consultation closed = c;
  closed.open = false;
  closed.closed = Date(2017, 4, 28);
  closed.version = 2;
  ASSERT_TRUE(store().Write([&](Tx& tx) { return UpdateConsultation(tx, closed, 1); }).ok());
  absl::Status stale = store().Write([&](Tx& tx) { return UpdateConsultation(tx, closed, 1); });
  EXPECT_TRUE(absl::IsAborted(stale)) << stale;
  ASSERT_TRUE(
      store()
          .Read([](Tx& tx) -> absl::Status {
            absl::StatusOr<std::optional<Consultation>> got = FindConsultation(tx, "SECMP0006");
            EXPECT_TRUE(got.ok() && got->has_value());
            EXPECT_FALSE((*got)->open);
            EXPECT_EQ((*got)->closed, Date(2017, 4, 28));
            absl::StatusOr<std::vector<ConsultationResponse>> rows = ListResponses(tx, "SECMP0006", 1);
            EXPECT_EQ(rows->size(), 1u);
            EXPECT_EQ(rows->front().position, ConsultationPosition::kOppose);
            EXPECT_EQ(*CountResponses(tx, "SECMP0006", 1), 1);
            absl::StatusOr<std::optional<Consultation>> none = FindConsultation(tx, "SECMP0007");
            EXPECT_FALSE(none->has_value());
            return absl::OkStatus();
          })
          .ok());
}

TEST_P(GovernanceStoreTest, VersionsInForceAndReportInput) {
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) -> absl::Status {
                    if (auto s = InsertVersion(
                            tx, {"5.5", Date(2017, 3, 15), {"SECMP0026"}, {"G7.6-7.12"}, "", 1});
                        !s.ok()) {
                      return s;
                    }
                    if (auto s = InsertVersion(
                            tx, {"5.6", Date(2017, 4, 1), {"SECMP0016"}, {"A", "J"}, "", 1});
                        !s.ok()) {
                      return s;
                    }
                    Meeting m{"panel-42", MeetingBody::kPanel, 42, Date(2017, 3, 17), {}, "", 1};
                    if (auto s = InsertMeeting(tx, m); !s.ok()) return s;
                    Decision d;
                    d.meeting = "panel-42";
                    d.modification = "SECMP0006";
                    d.kind = "IMR_ACCEPTED";
                    d.day = Date(2017, 3, 17);
                    d.status = ModStatus::kRefinement;
                    // A free-text milestone (one with a tab in it) and a stage's planned end.
                    d.timetable = {{"Papers\tissued", Date(2017, 3, 31), std::nullopt},
                                   {"Consultation", Date(2017, 4, 4), ModStatus::kRefinement}};
                    if (auto s = InsertDecision(tx, d); !s.ok()) return s;
                    StoredEvent e;
                    e.resource = "modifications/SECMP0006";
                    e.kind = "issue_consultation";
                    e.effective_date = "2017-04-04";
                    e.status = "CONSULTATION";
                    if (auto s = AppendEvent(tx, e); !s.ok()) return s;
                    // Events of sub-resources never count as a proposal's status.
                    StoredEvent sub;
                    sub.resource = "modifications/SECMP0006/consultation";
                    sub.kind = "issue";
                    sub.effective_date = "2017-04-04";
                    return AppendEvent(tx, sub);
                  })
                  .ok());
  absl::Status dup = store().Write([](Tx& tx) {
    return InsertVersion(tx, {"5.5", Date(2017, 3, 15), {}, {}, "", 1});
  });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
  ASSERT_TRUE(
      store()
          .Read([](Tx& tx) -> absl::Status {
            EXPECT_FALSE(VersionInForce(tx, Date(2017, 3, 14))->has_value());
            EXPECT_EQ((*VersionInForce(tx, Date(2017, 3, 31)))->number, "5.5");
            EXPECT_EQ((*VersionInForce(tx, Date(2017, 4, 1)))->number, "5.6");
            EXPECT_EQ(GetVersion(tx, "5.6")->sections, (std::vector<std::string>{"A", "J"}));
            absl::StatusOr<std::vector<Decision>> ds = ListDecisions(tx, "panel-42", "");
            EXPECT_EQ(ds->size(), 1u);
            EXPECT_EQ(ds->front().timetable.size(), 2u);
            if (ds->front().timetable.size() == 2u) {
              const TimetableEntry& free = ds->front().timetable[0];
              EXPECT_EQ(free.milestone, "Papers\tissued");
              EXPECT_EQ(free.target, Date(2017, 3, 31));
              EXPECT_EQ(free.stage, std::nullopt);
              const TimetableEntry& planned = ds->front().timetable[1];
              EXPECT_EQ(planned.milestone, "Consultation");
              EXPECT_EQ(planned.stage, ModStatus::kRefinement);
            }
            absl::StatusOr<StatusReportInput> in = LoadStatusReportInput(tx);
            EXPECT_TRUE(in.ok()) << in.status();
            EXPECT_EQ(in->proposals.size(), 1u);
            EXPECT_EQ(in->proposals[0].history.size(), 2u);
            EXPECT_EQ(in->proposals[0].history[1].status, ModStatus::kConsultation);
            EXPECT_EQ(in->versions.size(), 2u);
            EXPECT_EQ(in->meetings.size(), 1u);
            EXPECT_EQ(in->decisions.size(), 1u);
            return absl::OkStatus();
          })
          .ok());
}

TEST_P(GovernanceStoreTest, NominationsVotesAndAssessmentsRoundTrip) {
  StoredNomination n;
  n.nomination.nominating_party = "british-gas";
  n.nomination.nominator_name = "A";
  n.nomination.nominator_position = "CISO";
  n.nomination.nominator_is_senior = true;
  n.nomination.nominee = "B";
  n.nomination.nominee_category = PartyCategory::kGasNetworkParty;
  n.nomination.nominated_on = Date(2017, 4, 3);
  n.version = 1;
  StoredDccAssessment a;
  a.assessment.modification = "SECMP0006";
  a.assessment.requested_on = Date(2017, 4, 10);
  a.assessment.due_on = Date(2017, 4, 26);
  a.assessment.updates = {{Date(2017, 4, 12), "started\nwith a newline"}};
  a.version = 1;
  RecordedVote v;
  v.modification = "SECMP0006";
  v.vote.member = "m1";
  v.vote.choice = VoteChoice::kReject;
  v.day = Date(2017, 6, 1);
  ASSERT_TRUE(store()
                  .Write([&](Tx& tx) -> absl::Status {
                    if (auto s = InsertNomination(tx, n); !s.ok()) return s;
                    if (auto s = InsertAssessment(tx, a); !s.ok()) return s;
                    if (auto s = InsertVote(tx, v); !s.ok()) return s;
                    v.vote.choice = VoteChoice::kApprove;
                    return InsertVote(tx, v);
                  })
                  .ok());
  n.nomination.state = NominationState::kAccepted;
  n.nomination.vetting = Vetting{true, Date(2017, 4, 5)};
  n.version = 2;
  ASSERT_TRUE(store().Write([&](Tx& tx) { return UpdateNomination(tx, n, 1); }).ok());
  EXPECT_TRUE(absl::IsAborted(store().Write([&](Tx& tx) { return UpdateNomination(tx, n, 1); })));
  ASSERT_TRUE(store()
                  .Read([&](Tx& tx) -> absl::Status {
                    absl::StatusOr<StoredNomination> got = GetNomination(tx, n.id);
                    EXPECT_TRUE(got.ok()) << got.status();
                    EXPECT_EQ(got->nomination.state, NominationState::kAccepted);
                    EXPECT_TRUE(got->nomination.vetting.has_value() &&
                                got->nomination.vetting->passed);
                    EXPECT_FALSE(got->nomination.appointed_on.has_value());
                    EXPECT_EQ(ListNominations(tx, NominationState::kAccepted)->size(), 1u);
                    EXPECT_EQ(ListNominations(tx, NominationState::kAppointed)->size(), 0u);
                    absl::StatusOr<StoredDccAssessment> ga = GetAssessment(tx, a.id);
                    EXPECT_TRUE(ga.ok()) << ga.status();
                    EXPECT_EQ(ga->assessment.updates.size(), 1u);
                    EXPECT_EQ(ga->assessment.updates[0].note, "started\nwith a newline");
                    EXPECT_TRUE(absl::IsNotFound(GetAssessment(tx, a.id + 1).status()));
                    absl::StatusOr<std::vector<RecordedVote>> votes = ListVotes(tx, "SECMP0006", 1);
                    EXPECT_EQ(votes->size(), 2u);
                    EXPECT_LT((*votes)[0].sequence, (*votes)[1].sequence);
                    EXPECT_EQ((*votes)[1].vote.choice, VoteChoice::kApprove);
                    return absl::OkStatus();
                  })
                  .ok());
}

SEC_INSTANTIATE_BACKENDS(GovernanceStoreTest);

}  // namespace
}  // namespace sec::storage
