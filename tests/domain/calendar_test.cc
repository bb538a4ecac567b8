#include "domain/calendar.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Holiday> ShippedHolidays() {
  const std::string text = ReadFile(SEC_SOURCE_DIR "/data/bank-holidays-england-wales.csv");
  absl::StatusOr<std::vector<Holiday>> holidays = ParseHolidayCsv(text);
  EXPECT_TRUE(holidays.ok()) << holidays.status();
  return holidays.ok() ? *holidays : std::vector<Holiday>{};
}

WorkingDayCalendar EnglandAndWales() {
  std::vector<Date> dates;
  for (const Holiday& h : ShippedHolidays()) dates.push_back(h.date);
  return WorkingDayCalendar(dates);
}

// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the
// data file it checks.
Date EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date(y, month, day);
}

bool IsWeekend(Date d) {
  const absl::Weekday w = absl::GetWeekday(d);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

TEST(BankHolidayDataTest, CoversEveryYearWithTheUsualCountAndTheSpecialDays) {
  std::map<int, int> per_year;
  for (const Holiday& h : ShippedHolidays()) {
    ++per_year[static_cast<int>(h.date.year())];
    EXPECT_FALSE(IsWeekend(h.date)) << FormatDate(h.date) << " " << h.name;
  }
  for (int y = 2010; y <= 2035; ++y) {
    // Eight a year; 2011 adds the royal wedding, 2012 the Diamond Jubilee, 2022 the Platinum
    // Jubilee and the Queen's funeral, 2023 the coronation.
    const int expected = y == 2022 ? 10 : (y == 2011 || y == 2012 || y == 2023) ? 9 : 8;
    EXPECT_EQ(per_year[y], expected) << y;
  }
  EXPECT_EQ(per_year.size(), 26u);
}

TEST(BankHolidayDataTest, EasterHolidaysMatchTheComputus) {
  const WorkingDayCalendar cal = EnglandAndWales();
  for (int y = 2010; y <= 2035; ++y) {
    const Date easter = EasterSunday(y);
    EXPECT_TRUE(cal.IsHoliday(easter - 2)) << "Good Friday " << y;
    EXPECT_TRUE(cal.IsHoliday(easter + 1)) << "Easter Monday " << y;
  }
  EXPECT_EQ(EasterSunday(2017), Date(2017, 4, 16));  // the algorithm itself, on a known year
}

TEST(BankHolidayDataTest, HoldsSubstituteAndOneOffDays) {
  const WorkingDayCalendar cal = EnglandAndWales();
  for (Date d : {Date(2010, 12, 27), Date(2010, 12, 28), Date(2011, 4, 29), Date(2012, 6, 4),
                 Date(2012, 6, 5), Date(2016, 12, 27), Date(2017, 1, 2), Date(2020, 5, 8), Date(2020, 12, 28),
                 Date(2021, 12, 27), Date(2021, 12, 28), Date(2022, 1, 3), Date(2022, 6, 2),
                 Date(2022, 6, 3), Date(2022, 9, 19), Date(2023, 5, 8), Date(2026, 12, 28),
                 Date(2027, 12, 27), Date(2027, 12, 28)}) {
    EXPECT_TRUE(cal.IsHoliday(d)) << FormatDate(d);
  }
  // Moved, not doubled: 2020's early May holiday went to VE Day, 2022's spring one to June.
  EXPECT_FALSE(cal.IsHoliday(Date(2020, 5, 4)));
  EXPECT_FALSE(cal.IsHoliday(Date(2022, 5, 30)));
  EXPECT_FALSE(cal.IsHoliday(Date(2012, 5, 28)));
}

TEST(WorkingDayCalendarTest, ThirdWorkingDayAfterMaundyThursday2017) {
  const WorkingDayCalendar cal = EnglandAndWales();
  // After Thu 13 Apr 2017: Good Friday 14, the weekend, Easter Monday 17 are skipped, so the
  // working days are Tue 18 (1st), Wed 19 (2nd), Thu 20 (3rd).
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 13), 1), Date(2017, 4, 18));
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 13), 2), Date(2017, 4, 19));
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 13), 3), Date(2017, 4, 20));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 13), Date(2017, 4, 20)), 3);
}

TEST(WorkingDayCalendarTest, ChristmasWithSubstituteBoxingDay2020) {
  const WorkingDayCalendar cal = EnglandAndWales();
  // Fri 25 Dec, weekend, Mon 28 (Boxing Day substitute): the next working day is Tue 29.
  EXPECT_EQ(cal.AddWorkingDays(Date(2020, 12, 24), 1), Date(2020, 12, 29));
}

TEST(WorkingDayCalendarTest, NeverCountsTheStartDay) {
  const WorkingDayCalendar cal;                                            // weekends only
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 10), 1), Date(2017, 4, 11));  // Mon -> Tue
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 7), 1), Date(2017, 4, 10));   // Fri -> Mon
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 8), 1), Date(2017, 4, 10));   // Sat -> Mon
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 10), 0), Date(2017, 4, 10));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 10), Date(2017, 4, 10)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 10), Date(2017, 4, 3)), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 7), Date(2017, 4, 10)), 1);  // Fri..Mon
}

TEST(WorkingDayCalendarTest, AddAndBetweenAgreeOverEightYears) {
  const WorkingDayCalendar cal = EnglandAndWales();
  for (Date d = Date(2016, 1, 1); d < Date(2024, 1, 1); d += 3) {
    for (int n : {1, 3, 10, 30}) {
      const Date end = cal.AddWorkingDays(d, n);
      ASSERT_TRUE(cal.IsWorkingDay(end)) << FormatDate(d) << " +" << n;
      ASSERT_EQ(cal.WorkingDaysBetween(d, end), n) << FormatDate(d) << " +" << n;
      ASSERT_EQ(cal.WorkingDaysBetween(d, end - 1), n - 1) << FormatDate(d) << " +" << n;
    }
  }
}

TEST(WorkingDayCalendarTest, HolidaysAndWeekendsAreNotWorkingDays) {
  const WorkingDayCalendar cal = EnglandAndWales();
  EXPECT_FALSE(cal.IsWorkingDay(Date(2017, 4, 14)));  // Good Friday
  EXPECT_FALSE(cal.IsWorkingDay(Date(2017, 4, 15)));  // Saturday
  EXPECT_TRUE(cal.IsWorkingDay(Date(2017, 4, 18)));
  EXPECT_FALSE(cal.IsHoliday(Date(2017, 4, 15)));  // a weekend is not a holiday
}

TEST(ParseHolidayCsvTest, SkipsCommentsBlankLinesAndCarriageReturns) {
  absl::StatusOr<std::vector<Holiday>> h =
      ParseHolidayCsv("# source\r\n\r\n2017-04-14,Good Friday\r\n 2017-04-17 , Easter Monday \n");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].date, Date(2017, 4, 14));
  EXPECT_EQ((*h)[0].name, "Good Friday");
  EXPECT_EQ((*h)[1].date, Date(2017, 4, 17));
  EXPECT_EQ((*h)[1].name, "Easter Monday");
}

TEST(ParseHolidayCsvTest, ReadsRfc4180AsSecctlWritesIt) {
  // `secctl calendar list -o csv`: a header, and a name holding a comma in quotes.
  absl::StatusOr<std::vector<Holiday>> h = ParseHolidayCsv(
      "date,name\r\n2022-12-27,\"Christmas Day, observed\"\r\n2023-05-08,\"The \"\"Coronation\"\"\"\r\n");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].date, Date(2022, 12, 27));
  EXPECT_EQ((*h)[0].name, "Christmas Day, observed");
  EXPECT_EQ((*h)[1].name, "The \"Coronation\"");
}

TEST(ParseHolidayCsvTest, ErrorsNameTheLine) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : {
           Case{"# x\n2017-02-30,Nope\n", "line 2"},
           Case{"2017-04-14 Good Friday\n", "line 1"},
           Case{"2017-04-14,\n", "no name"},
           Case{"2017-04-14,A\n2017-04-14,B\n", "listed twice"},
           Case{"2017-04-14,Christmas Day, observed\n", "quote a name"},
           Case{"2017-04-14,\"Good Friday\n", "never closed"},
       }) {
    absl::StatusOr<std::vector<Holiday>> h = ParseHolidayCsv(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_EQ(h.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(h.status().message()), HasSubstr(c.message)) << c.text;
  }
}

}  // namespace
}  // namespace sec
