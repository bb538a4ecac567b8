#include "domain/credit_csv.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void ExpectInvalid(const absl::Status& s, const std::string& message) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr(message));
}

TEST(ParseCsvTest, HandlesQuotesEmbeddedCommasNewlinesAndCrlf) {
  absl::StatusOr<std::vector<CsvRecord>> r = ParseCsv(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\r\n\"two\nlines\",,z\n");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_THAT((*r)[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_EQ((*r)[0].line, 1);
  EXPECT_THAT((*r)[1].fields, ElementsAre("x, y", "say \"hi\"", ""));
  EXPECT_EQ((*r)[1].line, 2);
  EXPECT_THAT((*r)[2].fields, ElementsAre("two\nlines", "", "z"));
  EXPECT_EQ((*r)[2].line, 4);  // line 3 was blank
}

TEST(ParseCsvTest, RejectsBrokenQuoting) {
  ExpectInvalid(ParseCsv("a\n\"open,b\n").status(), "line 2: a quoted field is never closed");
  ExpectInvalid(ParseCsv("a\n\"x\"y\n").status(), "line 2: unexpected text after a closing quote");
}

TEST(ParseChargesCsvTest, ReadsAllRowsInAnyColumnOrder) {
  absl::StatusOr<std::vector<MonthlyCharge>> c = ParseChargesCsv(
      "amount_pence,party,period,invoice_date\n"
      "10000000,british-gas,2017-03,2017-03-31\n"
      "0,\"e.on, uk\",2017-03,2017-03-31\n");
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[0].party, "british-gas");
  EXPECT_EQ((*c)[0].period, "2017-03");
  EXPECT_EQ((*c)[0].invoice_date, Date(2017, 3, 31));
  EXPECT_EQ((*c)[0].amount_pence, 10'000'000);
  EXPECT_EQ((*c)[1].party, "e.on, uk");
  EXPECT_EQ((*c)[1].amount_pence, 0);
}

TEST(ParseChargesCsvTest, OneBadRowRejectsTheFileAndNamesItsLine) {
  const std::string header = "party,period,invoice_date,amount_pence\n";
  const std::string good = "p,2017-03,2017-03-31,100\n";
  struct Case {
    std::string row;
    std::string message;
  };
  for (const Case& c : {
           Case{"p,2017-03,2017-03-31,12.50\n", "line 3: amount_pence: \"12.50\" is not a whole"},
           Case{"p,2017-03,2017-03-31,-5\n", "line 3: amount_pence"},
           Case{"p,2017-03,2017-03-31,1000000000000000000000\n", "line 3: amount_pence"},
           Case{"p,2017-03,2017-02-30,1\n", "line 3: invoice_date"},
           Case{"p,2017-13,2017-03-31,1\n", "line 3: charge period"},
           Case{",2017-03,2017-03-31,1\n", "line 3: charge party is required"},
           Case{"p,2017-03,2017-03-31\n", "line 3: expected 4 fields, found 3"},
       }) {
    absl::StatusOr<std::vector<MonthlyCharge>> r = ParseChargesCsv(header + good + c.row + good);
    ExpectInvalid(r.status(), c.message);
  }
}

TEST(ParseChargesCsvTest, HeaderMustNameTheColumns) {
  ExpectInvalid(ParseChargesCsv("").status(), "empty");
  ExpectInvalid(ParseChargesCsv("party,period,invoice_date\n").status(),
                "column \"amount_pence\" is missing");
  ExpectInvalid(ParseChargesCsv("party,period,invoice_date,amount_pence,vat\n").status(),
                "column \"vat\" is unknown");
  ExpectInvalid(ParseChargesCsv("party,party,period,invoice_date,amount_pence\n").status(),
                "column \"party\" is repeated");
  // A header alone is a valid, empty import.
  absl::StatusOr<std::vector<MonthlyCharge>> empty =
      ParseChargesCsv("party,period,invoice_date,amount_pence\n");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->empty());
}

TEST(ParseAssessmentsCsvTest, RatingAndScoreAreOptional) {
  absl::StatusOr<std::vector<CreditAssessment>> a = ParseAssessmentsCsv(
      "party,effective_date,rating,score,mcv_pence\n"
      "a,2017-01-01,BBB-,,100\n"
      "b,2017-02-01,,65,200\n"
      "c,2017-03-01,,,0\n");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ((*a)[0].rating, "BBB-");
  EXPECT_FALSE((*a)[0].score.has_value());
  EXPECT_EQ((*a)[0].mcv_pence, 100);
  EXPECT_FALSE((*a)[1].rating.has_value());
  EXPECT_EQ((*a)[1].score, 65);
  EXPECT_EQ((*a)[1].effective_date, Date(2017, 2, 1));
  EXPECT_FALSE((*a)[2].rating.has_value());
  EXPECT_FALSE((*a)[2].score.has_value());
}

TEST(ParseAssessmentsCsvTest, RejectsBadRatingsAndScores) {
  const std::string header = "party,effective_date,rating,score,mcv_pence\n";
  ExpectInvalid(ParseAssessmentsCsv(header + "a,2017-01-01,Baa1,,1\n").status(),
                "line 2: assessment rating: \"Baa1\" is not a credit rating");
  ExpectInvalid(ParseAssessmentsCsv(header + "a,2017-01-01,,101,1\n").status(),
                "line 2: score: must be from 0 to 100");
  ExpectInvalid(ParseAssessmentsCsv(header + "a,2017-01-01,,-1,1\n").status(), "line 2: score");
  ExpectInvalid(ParseAssessmentsCsv(header + "a,2017-01-01,A,,\n").status(), "line 2: mcv_pence");
}

TEST(ParseInstrumentsCsvTest, ReadsKindsAndOptionalEndDate) {
  absl::StatusOr<std::vector<CreditInstrument>> i = ParseInstrumentsCsv(
      "party,kind,amount_pence,issuer,valid_from,valid_to\n"
      "p,BANK_GUARANTEE,14000000,\"Barclays Bank, PLC\",2017-01-01,\n"
      "p,LETTER_OF_CREDIT,5,HSBC,2017-01-01,2018-01-01\n"
      "p,CASH_DEPOSIT,7,,2017-02-01,\n");
  ASSERT_TRUE(i.ok()) << i.status();
  ASSERT_EQ(i->size(), 3u);
  EXPECT_EQ((*i)[0].kind, InstrumentKind::kBankGuarantee);
  EXPECT_EQ((*i)[0].issuer, "Barclays Bank, PLC");
  EXPECT_EQ((*i)[0].amount_pence, 14'000'000);
  EXPECT_FALSE((*i)[0].valid_to.has_value());
  EXPECT_EQ((*i)[1].kind, InstrumentKind::kLetterOfCredit);
  EXPECT_EQ((*i)[1].valid_to, Date(2018, 1, 1));
  EXPECT_EQ((*i)[2].kind, InstrumentKind::kCashDeposit);
}

TEST(ParseInstrumentsCsvTest, RejectsBadRows) {
  const std::string header = "party,kind,amount_pence,issuer,valid_from,valid_to\n";
  ExpectInvalid(ParseInstrumentsCsv(header + "p,IOU,1,X,2017-01-01,\n").status(),
                "line 2: kind: instrument kind \"IOU\" is not one of");
  ExpectInvalid(ParseInstrumentsCsv(header + "p,BANK_GUARANTEE,1,,2017-01-01,\n").status(),
                "line 2: instrument issuer is required");
  ExpectInvalid(
      ParseInstrumentsCsv(header + "p,BANK_GUARANTEE,1,X,2017-01-01,2016-12-31\n").status(),
      "line 2: instrument valid_to 2016-12-31 is before valid_from 2017-01-01");
  ExpectInvalid(ParseInstrumentsCsv(header + "p,BANK_GUARANTEE,1,X,01/01/2017,\n").status(),
                "line 2: valid_from");
}

}  // namespace
}  // namespace sec
