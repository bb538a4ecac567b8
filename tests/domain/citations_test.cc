#include "domain/citations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "domain/errors.h"
#include "domain/lifecycle.h"

namespace sec {
namespace {

using ::testing::Contains;
using ::testing::Pair;

TEST(Citations, EveryRuleHasOneRowWithAClause) {
  std::set<std::string> names;
  const int last = static_cast<int>(CitedRule::kCreditWithdrawal);
  ASSERT_EQ(Citations().size(), static_cast<size_t>(last + 1)) << "one row per rule";
  for (int i = 0; i <= last; ++i) {
    const CitedRule r = static_cast<CitedRule>(i);
    const Citation& c = CitationOf(r);
    EXPECT_EQ(c.rule, r);
    EXPECT_TRUE(c.clause != nullptr && std::string(c.clause).size() >= 2) << c.name;
    EXPECT_TRUE(std::string("DJGX").find(c.clause[0]) != std::string::npos) << c.clause;
    EXPECT_FALSE(std::string(c.says).empty()) << c.name;
    EXPECT_TRUE(names.insert(c.name).second) << "duplicate name " << c.name;
  }
}

TEST(Citations, EveryLifecycleEventHasItsOwnRule) {
  const LifecycleEvent events[] = {LifecycleEvent::kAcceptToRefinement, LifecycleEvent::kWithdraw,
                                   LifecycleEvent::kChangeBoardApprove,
                                   LifecycleEvent::kReferToSecretaryOfState};
  for (LifecycleEvent e : events) {
    EXPECT_EQ(CitationOf(EventRule(e)).name, std::string(LifecycleEventName(e)));
  }
}

TEST(Citations, CiteRuleAppendsClauseAndVersionAndKeepsTheReason) {
  const absl::Status refused = Refused(absl::StatusCode::kFailedPrecondition, "EVENT_NOT_ALLOWED",
                                       "SECMP0001: no", {{"status", "SUBMITTED"}});
  SecVersion v;
  v.number = "5.6";
  const Date day(2017, 6, 28);
  const absl::Status cited = CiteRule(refused, CitedRule::kChangeBoardApprove, v, day);
  EXPECT_EQ(cited.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(cited.message(), "SECMP0001: no; refused under SEC D7.8 (version 5.6)");
  std::optional<ErrorReason> r = ReasonOf(cited);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->reason, "EVENT_NOT_ALLOWED");
  EXPECT_THAT(r->metadata, Contains(Pair("status", "SUBMITTED")));
  EXPECT_THAT(r->metadata, Contains(Pair("sec_clause", "D7.8")));
  EXPECT_THAT(r->metadata, Contains(Pair("sec_version", "5.6")));
  // Cited once only.
  EXPECT_EQ(CiteRule(cited, CitedRule::kChangeBoardApprove, v, day).message(), cited.message());

  const absl::Status none = CiteRule(absl::FailedPreconditionError("closed"),
                                     CitedRule::kResponseNotOpen, std::nullopt, Date(2016, 1, 4));
  EXPECT_EQ(none.message(),
            "closed; refused under SEC D6.5 (no SEC version recorded in force on 2016-01-04)");
  EXPECT_EQ(ReasonOf(none)->reason, "FAILED_PRECONDITION");
  EXPECT_THAT(ReasonOf(none)->metadata, Contains(Pair("sec_version", "")));
}

TEST(Citations, CiteRefusalUsesTheRuleTheDomainNamedAndTheVersionInForce) {
  SecVersion a;
  a.number = "5.5";
  a.effective = Date(2017, 1, 1);
  SecVersion b;
  b.number = "5.6";
  b.effective = Date(2017, 6, 1);
  const std::vector<SecVersion> versions = {b, a};
  const absl::Status refused =
      UnderRule(absl::FailedPreconditionError("closed"), CitedRule::kResponseNotOpen);
  EXPECT_EQ(CiteRefusal(refused, versions, Date(2017, 5, 31)).message(),
            "closed; refused under SEC D6.5 (version 5.5)");
  EXPECT_EQ(CiteRefusal(refused, versions, Date(2017, 6, 1)).message(),
            "closed; refused under SEC D6.5 (version 5.6)");
  // No rule named and none given: unchanged.
  EXPECT_EQ(CiteRefusal(absl::FailedPreconditionError("x"), versions, Date(2017, 6, 1)).message(),
            "x");
  EXPECT_TRUE(CiteRefusal(absl::OkStatus(), versions, Date(2017, 6, 1)).ok());
}

TEST(VersionInForce, TheLatestEffectiveOnOrBeforeTheDay) {
  SecVersion a;
  a.number = "5.9";
  a.effective = Date(2018, 1, 1);
  SecVersion b;
  b.number = "5.10";
  b.effective = Date(2018, 1, 1);
  EXPECT_FALSE(VersionInForce({a, b}, Date(2017, 12, 31)).has_value());
  EXPECT_EQ(VersionInForce({a, b}, Date(2018, 1, 1))->number, "5.10");
  EXPECT_FALSE(VersionInForce({}, Date(2018, 1, 1)).has_value());
}

}  // namespace
}  // namespace sec
