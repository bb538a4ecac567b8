// The rules of the SEC's text as data: clause identifiers and their order, what a redline may
// change, conflicts between proposals, rebasing, and what designating a version consolidates.
#include "domain/legal_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "domain/errors.h"
#include "domain/sec_version.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LegalTextTest, ClauseIdentifiersAreSectionLettersThenDottedNumbers) {
  EXPECT_TRUE(ValidateClauseId("G7.6", "clause").ok());
  EXPECT_TRUE(ValidateClauseId("X2", "clause").ok());
  EXPECT_TRUE(ValidateClauseId("AB1.2.3", "clause").ok());
  for (const char* bad : {"", "G", "7.6", "g7.6", "G7..6", "G7.06", "G7.6.", "ABC1", "G1234"}) {
    const absl::Status s = ValidateClauseId(bad, "changes[0].clause");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(FieldOf(s).value_or(""), "changes[0].clause") << bad;
  }
  EXPECT_EQ(SectionOfClause("G7.6"), "G");
  EXPECT_TRUE(ValidateSectionId("G", "section").ok());
  EXPECT_FALSE(ValidateSectionId("G7", "section").ok());
}

TEST(LegalTextTest, ClausesSortInDocumentOrder) {
  std::vector<std::string> ids = {"G7.10", "G7.9", "A1.1", "G7", "G7.6.1", "G7.6"};
  std::sort(ids.begin(), ids.end(),
            [](const std::string& a, const std::string& b) { return ClauseIdLess(a, b); });
  EXPECT_THAT(ids, ElementsAre("A1.1", "G7", "G7.6", "G7.6.1", "G7.9", "G7.10"));
}

std::optional<std::string> BaseText(absl::string_view clause) {
  static const std::map<std::string, std::string> kBase = {{"G7.6", "old six"},
                                                           {"G7.7", "old seven"}};
  auto it = kBase.find(std::string(clause));
  if (it == kBase.end()) return std::nullopt;
  return it->second;
}

TEST(LegalTextTest, ARedlineAmendsOrDeletesClausesThatExistAndInsertsOnesThatDoNot) {
  std::vector<ClauseChange> ok = {{"G7.13", ClauseChangeKind::kInsert, "new"},
                                  {"G7.6", ClauseChangeKind::kAmend, "new six"},
                                  {"G7.7", ClauseChangeKind::kDelete, ""}};
  ASSERT_TRUE(CheckRedline(&ok, BaseText).ok());
  EXPECT_EQ(ok[0].clause, "G7.6");  // sorted into clause order
  EXPECT_THAT(SectionsOfRedline(ok), ElementsAre("G7.6", "G7.7", "G7.13"));

  auto refused = [](std::vector<ClauseChange> c) { return CheckRedline(&c, BaseText); };
  EXPECT_THAT(refused({{"G7.6", ClauseChangeKind::kInsert, "x"}}).message(),
              HasSubstr("already exists"));
  EXPECT_THAT(refused({{"G7.8", ClauseChangeKind::kAmend, "x"}}).message(),
              HasSubstr("not in the base version"));
  EXPECT_THAT(refused({{"G7.6", ClauseChangeKind::kAmend, "old six"}}).message(),
              HasSubstr("same as G7.6"));
  EXPECT_THAT(refused({{"G7.6", ClauseChangeKind::kAmend, ""}}).message(), HasSubstr("empty"));
  EXPECT_THAT(refused({{"G7.7", ClauseChangeKind::kDelete, "x"}}).message(),
              HasSubstr("carries no text"));
  const absl::Status twice =
      refused({{"G7.6", ClauseChangeKind::kAmend, "a"}, {"G7.6", ClauseChangeKind::kAmend, "b"}});
  EXPECT_EQ(FieldOf(twice).value_or(""), "changes[1].clause");
}

RedlineRevision Redline(std::string ref, std::string base, std::vector<std::string> clauses) {
  RedlineRevision r;
  r.modification = std::move(ref);
  r.base_version = std::move(base);
  for (std::string& c : clauses) r.changes.push_back({c, ClauseChangeKind::kAmend, c + " new"});
  return r;
}

TEST(LegalTextTest, TwoProposalsChangingOneClauseConflict) {
  const std::vector<TextConflict> conflicts = FindConflicts(
      {Redline("SECMP0030", "5.5", {"G7.8", "G7.9"}), Redline("SECMP0026", "5.5", {"G7.6", "G7.8"}),
       Redline("SECMP0031", "5.5", {"J3.2"})});
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(conflicts[0].clause, "G7.8");
  EXPECT_THAT(conflicts[0].modifications, ElementsAre("SECMP0026", "SECMP0030"));
}

TEST(LegalTextTest, RebaseIsCleanOnlyWhenItsClausesDidNotChangeSinceItsBase) {
  const RedlineRevision r = Redline("SECMP0030", "5.5", {"G7.8"});
  EXPECT_TRUE(CheckRebase(r, "5.6", {"J3.2", "A1.1"}).ok());
  const absl::Status s = CheckRebase(r, "5.6", {"G7.8"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(s)->reason, "REBASE_CONFLICT");
  EXPECT_THAT(s.message(), HasSubstr("G7.8 changed between version 5.5"));
}

TEST(LegalTextTest, ConsolidationAppliesRedlinesOrRefusesConflictsAndStaleBases) {
  auto nothing_changed = [](absl::string_view) { return std::vector<std::string>{}; };
  RedlineRevision del = Redline("SECMP0031", "5.5", {});
  del.changes.push_back({"J3.2", ClauseChangeKind::kDelete, ""});
  absl::StatusOr<std::vector<ClauseVersion>> rows =
      Consolidate({Redline("SECMP0026", "5.5", {"G7.6"}), del}, "5.6", nothing_changed);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].clause, "G7.6");
  EXPECT_EQ((*rows)[0].text, "G7.6 new");
  EXPECT_EQ((*rows)[0].version, "5.6");
  EXPECT_EQ((*rows)[0].modification, "SECMP0026");
  EXPECT_TRUE((*rows)[1].deleted);

  const absl::Status conflict =
      Consolidate({Redline("SECMP0026", "5.5", {"G7.8"}), Redline("SECMP0030", "5.5", {"G7.8"})},
                  "5.6", nothing_changed)
          .status();
  EXPECT_EQ(ReasonOf(conflict)->reason, "TEXT_CONFLICT");
  EXPECT_THAT(conflict.message(), HasSubstr("SECMP0026 and SECMP0030 both change G7.8"));

  auto g78_changed = [](absl::string_view base) {
    return base == "5.4" ? std::vector<std::string>{"G7.8"} : std::vector<std::string>{};
  };
  const absl::Status stale =
      Consolidate({Redline("SECMP0030", "5.4", {"G7.8"})}, "5.6", g78_changed).status();
  EXPECT_EQ(ReasonOf(stale)->reason, "REBASE_NEEDED");
  EXPECT_TRUE(Consolidate({Redline("SECMP0030", "5.5", {"G7.8"})}, "5.6", g78_changed).ok());
}

TEST(LegalTextTest, SortKeysFollowDocumentAndVersionOrder) {
  EXPECT_LT(ClauseSortKey("G7.9"), ClauseSortKey("G7.10"));
  EXPECT_LT(ClauseSortKey("G7"), ClauseSortKey("G7.1"));
  EXPECT_LT(ClauseSortKey("G9.9"), ClauseSortKey("GA1"));
  EXPECT_TRUE(VersionNumberLess("5.9", "5.10"));
  EXPECT_FALSE(VersionNumberLess("5.10", "5.9"));
  EXPECT_LT(VersionSortKey("5.9"), VersionSortKey("5.10"));
  EXPECT_LT(VersionSortKey("5.10"), VersionSortKey("6.0"));
}

// G7.6 imported in 5.4 and amended in 5.10; G7.7 imported in 5.4 and deleted in 5.9; G7.8 new
// in 5.9.
std::vector<ClauseVersion> History() {
  return {{"G7.6", "5.4", "six", false, ""},
          {"G7.6", "5.10", "six again", false, "SECMP0040"},
          {"G7.7", "5.4", "seven", false, ""},
          {"G7.7", "5.9", "", true, ""},
          {"G7.8", "5.9", "eight", false, "SECMP0039"}};
}

TEST(LegalTextTest, AVersionReadsEachClausesLatestRowNotAfterIt) {
  EXPECT_THAT(TextInVersion(History(), "5.4"),
              ElementsAre(std::pair<const std::string, std::string>{"G7.6", "six"},
                          std::pair<const std::string, std::string>{"G7.7", "seven"}));
  // 5.9: G7.7 deleted, G7.8 new; 5.6 sits between and reads 5.4's.
  EXPECT_THAT(TextInVersion(History(), "5.9"),
              ElementsAre(std::pair<const std::string, std::string>{"G7.6", "six"},
                          std::pair<const std::string, std::string>{"G7.8", "eight"}));
  EXPECT_EQ(TextInVersion(History(), "5.6").at("G7.7"), "seven");
  // 5.10 comes after 5.9 (as numbers), and its row names where it came from.
  std::vector<ClauseVersion> rows = RowsInForce(History(), "5.10");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].version, "5.10");
  EXPECT_EQ(rows[0].modification, "SECMP0040");
  EXPECT_TRUE(TextInVersion(History(), "5.3").empty());
  // Before 5.10: what 5.10 changes.
  EXPECT_EQ(TextBefore(History(), "5.10").at("G7.6"), "six");
  EXPECT_THAT(ClausesChangedBetween(History(), "5.4", "5.9"), ElementsAre("G7.7", "G7.8"));
  EXPECT_THAT(ClausesChangedBetween(History(), "5.9", "5.10"), ElementsAre("G7.6"));
  EXPECT_TRUE(ClausesChangedBetween(History(), "5.10", "5.10").empty());
}

TEST(LegalTextTest, AnImportStoresOnlyWhatChangedAndDeletesWhatItLacks) {
  const ClauseTexts before = {{"G7.6", "six"}, {"G7.7", "seven"}};
  const std::vector<ClauseVersion> rows =
      ImportedRows(before, {{"G7.8", "eight"}, {"G7.6", "six"}}, "5.5");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].clause, "G7.7");  // in document order
  EXPECT_TRUE(rows[0].deleted);
  EXPECT_EQ(rows[1].clause, "G7.8");
  EXPECT_EQ(rows[1].text, "eight");
  EXPECT_EQ(rows[1].version, "5.5");
}

TEST(LegalTextTest, ARedlineAppliedToItsBase) {
  const ClauseTexts after = ApplyRedline({{"G7.6", "six"}, {"G7.7", "seven"}},
                                         {{"G7.6", ClauseChangeKind::kAmend, "SIX"},
                                          {"G7.7", ClauseChangeKind::kDelete, ""},
                                          {"G7.8", ClauseChangeKind::kInsert, "eight"}});
  EXPECT_THAT(after, ElementsAre(std::pair<const std::string, std::string>{"G7.6", "SIX"},
                                 std::pair<const std::string, std::string>{"G7.8", "eight"}));
}

}  // namespace
}  // namespace sec
