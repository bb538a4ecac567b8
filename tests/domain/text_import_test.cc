// A section's text from clause-numbered plain text or Markdown (domain/text_import.h).
#include "domain/text_import.h"

#include <string>

#include "domain/errors.h"
#include "domain/legal_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

std::string Show(const absl::StatusOr<std::vector<ImportedClause>>& r) {
  if (!r.ok()) return std::string(r.status().ToString());
  std::string out;
  for (const ImportedClause& c : *r) out += c.clause + "=[" + c.text + "]";
  return out;
}

TEST(TextImportTest, MarkdownHeadings) {
  EXPECT_EQ(Show(ParseSectionText("G",
                                  "## G7.6\n"
                                  "The Panel shall\n"
                                  "  meet monthly.\n"
                                  "\n"
                                  "It may meet more often.\n"
                                  "## 7.7 Nominations ##\n"
                                  "Each Party may nominate.\r\n")),
            "G7.6=[The Panel shall meet monthly.\n\nIt may meet more often.]"
            "G7.7=[Nominations\n\nEach Party may nominate.]");
}

TEST(TextImportTest, PlainHeadingsAndNumberedLines) {
  EXPECT_EQ(Show(ParseSectionText("G",
                                  "G7.6 The Panel shall meet\n"
                                  "monthly, and:\n"
                                  "(a) the Party shall attend;\n"
                                  "1. each member votes;\n"
                                  "12 months apart.\n"
                                  "\n"
                                  "7.10.\n"
                                  "Text.\n"
                                  "G8\n"
                                  "Eight.\n")),
            "G7.6=[The Panel shall meet monthly, and: (a) the Party shall attend; 1. each "
            "member votes; 12 months apart.]G7.10=[Text.]G8=[Eight.]");
}

void ExpectError(absl::string_view source, absl::string_view want) {
  absl::StatusOr<std::vector<ImportedClause>> r = ParseSectionText("G", source);
  ASSERT_FALSE(r.ok()) << Show(r);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(r.status()).value_or(""), "text");
  EXPECT_THAT(r.status().message(), HasSubstr(want));
}

TEST(TextImportTest, Errors) {
  ExpectError("# Section G\n## G7.6\nText.\n", "line 1: text before the first clause heading");
  ExpectError("G7.6\nText.\n7.6\nAgain.\n", "line 3: clause G7.6 appears twice (first at line 1)");
  ExpectError("G7.6\nText.\n## H7.7\nOther.\n", "line 3: heading \"H7.7\" is not in section G");
  ExpectError("G7.6\n\n7.7\nText.\n", "line 1: clause G7.6 has no text");
  ExpectError("G7.6\n" + std::string(kMaxClauseTextBytes + 1, 'x') + "\n",
              "line 1: clause G7.6's text is 65537 bytes, over the 65536-byte limit");
  std::string many;
  for (size_t i = 1; i <= kMaxClausesPerImport + 1; ++i) {
    many += "G" + std::to_string(i % 999 + 1) + "." + std::to_string(i / 999 + 1) + "\nx\n";
  }
  ExpectError(many, "line 4001: more than 2000 clauses");
  ExpectError("", "no clause headings");
  ExpectError("\n\n", "no clause headings");
  absl::StatusOr<std::vector<ImportedClause>> r = ParseSectionText("g", "G7.6\nx\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(FieldOf(r.status()).value_or(""), "section");
  r = ParseSectionText("G", "x", "document.text");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(FieldOf(r.status()).value_or(""), "document.text");
}

}  // namespace
}  // namespace sec
