#include "domain/consultation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sec {
namespace {

using ::testing::HasSubstr;

const Date kIssued(2017, 4, 4);
const Date kDeadline(2017, 4, 27);

TEST(ConsultationTest, ResponsesAreDueByTheDeadlineDayInclusive) {
  EXPECT_TRUE(
      CheckResponse(true, kIssued, kDeadline, PartyCategory::kLargeSupplier, kDeadline).ok());
  EXPECT_TRUE(CheckResponse(true, kIssued, kDeadline, PartyCategory::kSmallSupplier, kIssued).ok());
  absl::Status late =
      CheckResponse(true, kIssued, kDeadline, PartyCategory::kLargeSupplier, kDeadline + 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(late));
  EXPECT_THAT(late.message(), HasSubstr("2017-04-27"));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      CheckResponse(true, kIssued, kDeadline, PartyCategory::kLargeSupplier, kIssued - 1)));
}

TEST(ConsultationTest, TheDccDoesNotRespondAndClosedConsultationsTakeNoResponses) {
  absl::Status dcc = CheckResponse(true, kIssued, kDeadline, PartyCategory::kDcc, kIssued + 1);
  EXPECT_TRUE(absl::IsFailedPrecondition(dcc));
  EXPECT_THAT(dcc.message(), HasSubstr("DCC"));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      CheckResponse(false, kIssued, kDeadline, PartyCategory::kLargeSupplier, kIssued + 1)));
}

TEST(ConsultationTest, ClosesNotBeforeTheDeadline) {
  EXPECT_TRUE(absl::IsFailedPrecondition(CheckClose(kDeadline, kDeadline - 1)));
  EXPECT_TRUE(CheckClose(kDeadline, kDeadline).ok());
  EXPECT_TRUE(CheckClose(kDeadline, kDeadline + 30).ok());
}

TEST(ConsultationTest, ValidatesDatesAndContact) {
  EXPECT_TRUE(ValidateConsultation(kIssued, kDeadline, "SECAS@gemserv.com").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateConsultation(kDeadline, kIssued, "")));
  EXPECT_TRUE(
      absl::IsInvalidArgument(ValidateConsultation(kIssued, kDeadline, std::string(201, 'x'))));
}

}  // namespace
}  // namespace sec
