// A meeting's deadlines in working days (domain/meeting.h).
#include "domain/meeting.h"

#include "gtest/gtest.h"

namespace sec {
namespace {

TEST(MeetingTest, PapersAreDueFiveWorkingDaysBeforeAndProposalFormsFiveMore) {
  // Panel meeting of Friday 21 April 2017, after Easter (Good Friday 14 April, Easter Monday 17
  // April): papers 20, 19, 18, 13, 12 April -> 12 April; proposal forms 11, 10, 7, 6, 5 April ->
  // 5 April, the day British Gas raised SECMP0034.
  const WorkingDayCalendar easter({Date(2017, 4, 14), Date(2017, 4, 17)});
  Meeting m;
  m.day = Date(2017, 4, 21);
  const MeetingDeadlines due = DeadlinesFor(m, easter);
  EXPECT_EQ(due.papers_due, Date(2017, 4, 12));
  EXPECT_EQ(due.proposals_due, Date(2017, 4, 5));
}

}  // namespace
}  // namespace sec
