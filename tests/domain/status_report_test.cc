#include "domain/status_report.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

using S = ModStatus;

// An invented register for mid-2020. The report under test is as of Friday 10 July 2020, so the
// default period is (10 June, 10 July].
StatusReportInput Register() {
  StatusReportInput in;
  in.proposals = {
      // Long-running, in refinement throughout.
      {"SECMP0101",
       "Old refinement",
       "alpha-energy",
       Date(2019, 11, 2),
       {{Date(2019, 11, 2), S::kSubmitted}, {Date(2019, 12, 20), S::kRefinement}}},
      // Moves to consultation inside the period.
      {"SECMP0102",
       "Consulted in period",
       "beta-power",
       Date(2020, 1, 6),
       {{Date(2020, 1, 6), S::kSubmitted},
        {Date(2020, 2, 21), S::kRefinement},
        {Date(2020, 7, 1), S::kConsultation}}},
      // Moves on after the report date: the report shows the status it had on 10 July.
      {"SECMP0103",
       "Changes later",
       "alpha-energy",
       Date(2020, 2, 3),
       {{Date(2020, 2, 3), S::kSubmitted},
        {Date(2020, 3, 20), S::kReportPhase},
        {Date(2020, 7, 11), S::kChangeBoard}}},
      // Implemented before the report date: closed, not in the open table.
      {"SECMP0104",
       "Done already",
       "gamma-networks",
       Date(2019, 9, 9),
       {{Date(2019, 9, 9), S::kSubmitted},
        {Date(2020, 5, 1), S::kApproved},
        {Date(2020, 6, 25), S::kImplemented}}},
      // Withdrawn after the report date: still open on 10 July.
      {"SECMP0105",
       "Withdrawn later",
       "beta-power",
       Date(2020, 4, 4),
       {{Date(2020, 4, 4), S::kSubmitted}, {Date(2020, 7, 15), S::kWithdrawn}}},
      // Raised exactly on the period start: not new in this period (it was in the last one).
      {"SECMP0106", "Raised on the boundary", "alpha-energy", Date(2020, 6, 10), {}},
      // Raised in the period with no recorded history: submitted.
      {"SECMP0107", "New in period", "delta-supply", Date(2020, 7, 3), {}},
      // Raised on the report date itself: new, and open.
      {"SECMP0108",
       "Raised on the day",
       "beta-power",
       Date(2020, 7, 10),
       {{Date(2020, 7, 10), S::kSubmitted}}},
      // Raised after the report date: nowhere in the report.
      {"SECMP0109",
       "Raised after",
       "alpha-energy",
       Date(2020, 7, 13),
       {{Date(2020, 7, 13), S::kSubmitted}}},
      // Suspended in the period: open.
      {"SECMP0110",
       "Suspended",
       "gamma-networks",
       Date(2020, 1, 20),
       {{Date(2020, 1, 20), S::kSubmitted},
        {Date(2020, 2, 21), S::kRefinement},
        {Date(2020, 6, 30), S::kSuspended}}},
  };
  in.versions = {
      {"9.3", Date(2020, 7, 1), {"SECMP0104"}, {"H"}},   // input out of date order
      {"9.1", Date(2020, 6, 10), {"SECMP0090"}, {"A"}},  // on the period start: last report's
      {"9.2",
       Date(2020, 6, 25),
       {"SECMP0091"},
       {"G 7.6\xE2\x80\x93"
        "7.12"}},
      {"9.4", Date(2020, 7, 10), {}, {"X"}},            // on the report date: in
      {"9.5", Date(2020, 8, 1), {"SECMP0102"}, {"D"}},  // after: out
  };
  in.meetings = {
      {"panel-60", MeetingBody::kPanel, 60, Date(2020, 5, 15)},
      {"panel-61", MeetingBody::kPanel, 61, Date(2020, 6, 19)},
      {"cb-30", MeetingBody::kChangeBoard, 30, Date(2020, 6, 24)},  // later, but not the Panel
      {"panel-63", MeetingBody::kPanel, 63, Date(2020, 8, 21)},      // out of order: 62 comes first
      {"panel-62", MeetingBody::kPanel, 62, Date(2020, 7, 17)},
  };
  in.decisions = {
      {"panel-60", "SECMP0101", "TIMETABLE", "extended"},
      {"panel-61", "SECMP0103", "IMR_ACCEPTED", "Path 3; report phase"},
      {"cb-30", "SECMP0104", "VOTE", "approved"},
      {"panel-61", "SECMP0110", "REFERRAL", "referred under X2.3(d)"},
      {"panel-61", "SECMP0999", "NOTE", "not in this register"},
  };
  in.consultations = {
      {"SECMP0102", Date(2020, 7, 1), Date(2020, 7, 22), "secas@example.org"},
      {"SECMP0101", Date(2020, 6, 10), Date(2020, 6, 30), "secas@example.org"},  // on start: out
      {"SECMP0110", Date(2020, 6, 12), Date(2020, 6, 26), "other@example.org"},
  };
  return in;
}

StatusReport Report(std::optional<Date> start = std::nullopt) {
  absl::StatusOr<StatusReport> r = BuildStatusReport(Register(), Date(2020, 7, 10), start);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : StatusReport();
}

std::vector<std::string> Refs(const std::vector<ReportRow>& rows) {
  std::vector<std::string> out;
  for (const ReportRow& r : rows) out.push_back(r.reference);
  return out;
}

TEST(StatusReportTest, DefaultPeriodIsSameDayOfPreviousMonthClamped) {
  EXPECT_EQ(DefaultPeriodStart(Date(2020, 7, 10)), Date(2020, 6, 10));
  EXPECT_EQ(DefaultPeriodStart(Date(2020, 1, 15)), Date(2019, 12, 15));
  EXPECT_EQ(DefaultPeriodStart(Date(2020, 3, 31)), Date(2020, 2, 29));
  EXPECT_EQ(DefaultPeriodStart(Date(2021, 3, 31)), Date(2021, 2, 28));
  EXPECT_EQ(DefaultPeriodStart(Date(2020, 5, 31)), Date(2020, 4, 30));
  EXPECT_EQ(DefaultPeriodStart(Date(2020, 3, 1)), Date(2020, 2, 1));

  StatusReport r = Report();
  EXPECT_EQ(r.period_start, Date(2020, 6, 10));
  EXPECT_EQ(r.as_of, Date(2020, 7, 10));
}

TEST(StatusReportTest, VersionsEffectiveInThePeriod) {
  StatusReport r = Report();
  // Both the one effective on the 1st of the report month and the one mid previous month, in
  // date order; the one on the period start belongs to the previous report.
  EXPECT_THAT(r.versions, ElementsAre(Field(&ReportVersion::number, "9.2"),
                                      Field(&ReportVersion::number, "9.3"),
                                      Field(&ReportVersion::number, "9.4")));
  EXPECT_THAT(r.versions[0].sections, ElementsAre("G 7.6\xE2\x80\x93"
                                                  "7.12"));
  EXPECT_THAT(r.versions[1].implements, ElementsAre("SECMP0104"));
}

TEST(StatusReportTest, NewProposalsRaisedInThePeriod) {
  StatusReport r = Report();
  EXPECT_THAT(Refs(r.new_proposals), ElementsAre("SECMP0107", "SECMP0108"));
  EXPECT_EQ(r.new_proposals[0].title, "New in period");
  EXPECT_EQ(r.new_proposals[0].proposer, "delta-supply");
  EXPECT_EQ(r.new_proposals[0].date_raised, Date(2020, 7, 3));
  EXPECT_EQ(r.new_proposals[0].status, S::kSubmitted);
}

TEST(StatusReportTest, HighlightsAreTheLatestPanelMeetingsDecisions) {
  StatusReport r = Report();
  ASSERT_TRUE(r.highlights_meeting.has_value());
  EXPECT_EQ(r.highlights_meeting->number, 61);
  EXPECT_EQ(r.highlights_meeting->date, Date(2020, 6, 19));
  ASSERT_EQ(r.highlights.size(), 3u);
  EXPECT_EQ(r.highlights[0].decision.modification, "SECMP0103");
  EXPECT_EQ(r.highlights[0].decision.kind, "IMR_ACCEPTED");
  EXPECT_EQ(r.highlights[0].decision.outcome, "Path 3; report phase");
  EXPECT_EQ(r.highlights[0].title, "Changes later");
  EXPECT_EQ(r.highlights[1].decision.modification, "SECMP0110");
  EXPECT_EQ(r.highlights[2].title, "");  // unknown reference kept, without a title
}

TEST(StatusReportTest, PanelMeetingOnTheReportDateIsTheLatestNotTheNext) {
  StatusReportInput in = Register();
  in.meetings.push_back({"panel-61b", MeetingBody::kPanel, 99, Date(2020, 7, 10)});
  in.decisions.push_back({"panel-61b", "SECMP0101", "TIMETABLE", "agreed"});
  absl::StatusOr<StatusReport> r = BuildStatusReport(in, Date(2020, 7, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->highlights_meeting->id, "panel-61b");
  ASSERT_EQ(r->highlights.size(), 1u);
  EXPECT_EQ(r->highlights[0].decision.outcome, "agreed");
  EXPECT_EQ(r->next_panel_meeting->number, 62);
}

TEST(StatusReportTest, ConsultationsIssuedInThePeriodWithDeadlines) {
  StatusReport r = Report();
  ASSERT_EQ(r.consultations.size(), 2u);
  EXPECT_EQ(r.consultations[0].consultation.modification, "SECMP0110");
  EXPECT_EQ(r.consultations[0].consultation.deadline, Date(2020, 6, 26));
  EXPECT_EQ(r.consultations[0].consultation.contact, "other@example.org");
  EXPECT_EQ(r.consultations[1].consultation.modification, "SECMP0102");
  EXPECT_EQ(r.consultations[1].consultation.issued, Date(2020, 7, 1));
  EXPECT_EQ(r.consultations[1].consultation.deadline, Date(2020, 7, 22));
  EXPECT_EQ(r.consultations[1].title, "Consulted in period");
}

TEST(StatusReportTest, OpenProposalsWithTheirStatusOnTheReportDate) {
  StatusReport r = Report();
  EXPECT_THAT(Refs(r.open_proposals),
              ElementsAre("SECMP0101", "SECMP0102", "SECMP0103", "SECMP0105", "SECMP0106",
                          "SECMP0107", "SECMP0108", "SECMP0110"));
  auto status_of = [&](const std::string& ref) {
    for (const ReportRow& row : r.open_proposals) {
      if (row.reference == ref) return row.status;
    }
    ADD_FAILURE() << ref << " not in the table";
    return S::kCancelled;
  };
  EXPECT_EQ(status_of("SECMP0101"), S::kRefinement);
  EXPECT_EQ(status_of("SECMP0102"), S::kConsultation);
  EXPECT_EQ(status_of("SECMP0103"), S::kReportPhase);  // Change Board only from 11 July
  EXPECT_EQ(status_of("SECMP0105"), S::kSubmitted);    // withdrawn only on 15 July
  EXPECT_EQ(status_of("SECMP0106"), S::kSubmitted);    // no history recorded
  EXPECT_EQ(status_of("SECMP0110"), S::kSuspended);
  EXPECT_EQ(r.open_proposals[0].title, "Old refinement");
}

TEST(StatusReportTest, AnEarlierDateGivesTheRegisterAsItThenWas) {
  absl::StatusOr<StatusReport> r = BuildStatusReport(Register(), Date(2020, 6, 30));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->period_start, Date(2020, 5, 30));
  // SECMP0104 was implemented on 25 June; 0107 and 0108 not yet raised.
  EXPECT_THAT(Refs(r->open_proposals), ElementsAre("SECMP0101", "SECMP0102", "SECMP0103",
                                                   "SECMP0105", "SECMP0106", "SECMP0110"));
  EXPECT_EQ(r->open_proposals[1].status, S::kRefinement);  // consultation only from 1 July
  EXPECT_THAT(Refs(r->new_proposals), ElementsAre("SECMP0106"));
  EXPECT_EQ(r->next_panel_meeting->number, 62);
  EXPECT_EQ(r->highlights_meeting->number, 61);
}

TEST(StatusReportTest, NextPanelMeetingIsTheFirstAfterTheReportDate) {
  StatusReport r = Report();
  ASSERT_TRUE(r.next_panel_meeting.has_value());
  EXPECT_EQ(r.next_panel_meeting->number, 62);
  EXPECT_EQ(r.next_panel_meeting->date, Date(2020, 7, 17));

  absl::StatusOr<StatusReport> late = BuildStatusReport(Register(), Date(2020, 9, 1));
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->next_panel_meeting.has_value());
  EXPECT_EQ(late->highlights_meeting->number, 63);
  EXPECT_THAT(late->highlights, IsEmpty());
}

TEST(StatusReportTest, ExplicitPeriodStart) {
  StatusReport r = Report(Date(2020, 6, 30));
  EXPECT_EQ(r.period_start, Date(2020, 6, 30));
  EXPECT_THAT(r.versions, ElementsAre(Field(&ReportVersion::number, "9.3"),
                                      Field(&ReportVersion::number, "9.4")));
  EXPECT_THAT(Refs(r.new_proposals), ElementsAre("SECMP0107", "SECMP0108"));
  ASSERT_EQ(r.consultations.size(), 1u);
  EXPECT_EQ(r.consultations[0].consultation.modification, "SECMP0102");

  // An empty period is allowed; a backwards one is not.
  StatusReport empty = Report(Date(2020, 7, 10));
  EXPECT_THAT(empty.versions, IsEmpty());
  EXPECT_THAT(empty.new_proposals, IsEmpty());
  EXPECT_EQ(empty.open_proposals.size(), 8u);  // the table does not depend on the period
  absl::Status s = BuildStatusReport(Register(), Date(2020, 7, 10), Date(2020, 7, 11)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), ::testing::HasSubstr("period_start"));
}

TEST(StatusReportTest, StatusOnUsesLatestEntryAndListOrderWithinADay) {
  ReportProposal p{"SECMP0200",
                   "t",
                   "alpha-energy",
                   Date(2020, 1, 1),
                   {{Date(2020, 3, 1), S::kReportPhase},
                    {Date(2020, 2, 1), S::kRefinement},  // out of order in the input
                    {Date(2020, 3, 1), S::kConsultation}}};
  EXPECT_FALSE(StatusOn(p, Date(2019, 12, 31)).has_value());
  EXPECT_EQ(*StatusOn(p, Date(2020, 1, 1)), S::kSubmitted);
  EXPECT_EQ(*StatusOn(p, Date(2020, 2, 29)), S::kRefinement);
  EXPECT_EQ(*StatusOn(p, Date(2020, 3, 1)), S::kConsultation);
}

TEST(StatusReportTest, EmptyRegister) {
  absl::StatusOr<StatusReport> r = BuildStatusReport(StatusReportInput(), Date(2020, 7, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->open_proposals, IsEmpty());
  EXPECT_FALSE(r->highlights_meeting.has_value());
  EXPECT_FALSE(r->next_panel_meeting.has_value());
}

}  // namespace
}  // namespace sec
