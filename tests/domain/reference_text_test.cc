// The reference data's Section G 7.6 to 7.12, before and after SECMP0026 (data/legal-text,
// illustrative), parses in the import format and its tracked changes mark what the April 2017
// paper says the amendments did: a senior nominator, rejection for lack of security expertise,
// security vetting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "domain/text_diff.h"
#include "domain/text_import.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Section G's tracked changes from version 5.4 to 5.5, as `secctl text diff` would print them.
TrackedChanges SectionGChanges() {
  const std::string dir = std::string(SEC_SOURCE_DIR) + "/data/legal-text/";
  absl::StatusOr<std::vector<ImportedClause>> before =
      ParseSectionText("G", ReadText(dir + "G-5.4.md"));
  absl::StatusOr<std::vector<ImportedClause>> after =
      ParseSectionText("G", ReadText(dir + "G-5.5.md"));
  EXPECT_TRUE(before.ok()) << before.status();
  EXPECT_TRUE(after.ok()) << after.status();
  TrackedChanges doc;
  doc.title = "SEC Section G 7.6 to 7.12: version 5.4 to 5.5 (SECMP0026)";
  doc.from_label = "5.4";
  doc.to_label = "5.5";
  if (!before.ok() || !after.ok()) return doc;
  EXPECT_EQ(before->size(), 7u);
  EXPECT_EQ(after->size(), 7u);
  for (size_t i = 0; i < before->size() && i < after->size(); ++i) {
    EXPECT_EQ((*before)[i].clause, (*after)[i].clause);
    doc.clauses.push_back(DiffClause({(*after)[i].clause, (*before)[i].text, (*after)[i].text}));
  }
  return doc;
}

std::string Marked(const ClauseDiff& d, DiffOp op) {
  std::string out;
  for (const DiffSpan& s : d.spans) {
    if (s.op == op) absl::StrAppend(&out, s.text, "|");
  }
  return out;
}

TEST(ReferenceTextTest, SecMp0026sAmendmentsAreTheMarkedWords) {
  const TrackedChanges doc = SectionGChanges();
  ASSERT_EQ(doc.clauses.size(), 7u);
  EXPECT_EQ(doc.clauses[0].kind, ClauseDiffKind::kUnchanged);  // G7.6
  EXPECT_THAT(Marked(doc.clauses[1], DiffOp::kInsert), HasSubstr("relevant senior position"));
  EXPECT_THAT(Marked(doc.clauses[1], DiffOp::kDelete), HasSubstr("authorised to act for it"));
  EXPECT_THAT(Marked(doc.clauses[4], DiffOp::kInsert), HasSubstr("lacks relevant security"));
  EXPECT_THAT(Marked(doc.clauses[5], DiffOp::kInsert), HasSubstr("security vetting"));
  const std::string md = RenderMarkdown(doc);
  EXPECT_THAT(md, HasSubstr("### G7.7"));
  EXPECT_THAT(md, HasSubstr("{++"));
  if (const char* out = std::getenv("SECD_WRITE_TRACKED_CHANGES")) {
    std::ofstream(std::string(out) + ".md") << md;
    std::ofstream(std::string(out) + ".html") << RenderHtml(doc);
  }
}

}  // namespace
}  // namespace sec
