// Word diffs and tracked-change renderings (domain/text_diff.h), expectations worked by hand.
#include "domain/text_diff.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// "=[the ]-[old]+[new]" for reading failures.
std::string Show(const std::vector<DiffSpan>& spans) {
  std::string out;
  for (const DiffSpan& s : spans) {
    out += s.op == DiffOp::kEqual ? "=" : s.op == DiffOp::kInsert ? "+" : "-";
    out += "[" + s.text + "]";
  }
  return out;
}

TEST(TextDiffTest, InsertionDeletionReplacement) {
  EXPECT_EQ(Show(DiffWords("the Party shall", "the Panel Party shall")),
            "=[the ]+[Panel ]=[Party shall]");
  EXPECT_EQ(Show(DiffWords("the Party shall pay", "the Party pay")),
            "=[the Party ]-[shall ]=[pay]");
  EXPECT_EQ(Show(DiffWords("the old car", "the new car")), "=[the ]-[old]+[new]=[ car]");
}

TEST(TextDiffTest, ASeparatorBetweenTwoReplacementsIsAbsorbed) {
  EXPECT_EQ(Show(DiffWords("the old red car", "the new blue car")),
            "=[the ]-[old red]+[new blue]=[ car]");
}

TEST(TextDiffTest, AMovedWordIsADeletionAndAnInsertion) {
  EXPECT_EQ(Show(DiffWords("Promptly each Party shall notify", "each Party shall notify promptly")),
            "-[Promptly ]=[each Party shall notify]+[ promptly]");
}

TEST(TextDiffTest, WhitespaceOnlyChangesAreNoChange) {
  EXPECT_EQ(Show(DiffWords("a  b\tc\nd", "a b c d")), "=[a b c d]");
  EXPECT_EQ(Show(DiffWords("a,b", "a, b")), "=[a, b]");
  EXPECT_EQ(Show(DiffWords("  lead and trail  ", "lead and trail")), "=[lead and trail]");
}

TEST(TextDiffTest, AParagraphBreakIsAChange) {
  EXPECT_EQ(Show(DiffWords("a b c", "a\n\nb c")), "=[a]+[\n\n]=[b c]");
}

TEST(TextDiffTest, PunctuationMarksAreTheirOwnTokens) {
  EXPECT_EQ(Show(DiffWords("the Party, and", "the Party; and")), "=[the Party]-[,]+[;]=[ and]");
  // Apostrophes and hyphens inside words, dots and commas inside numbers stay in the word.
  EXPECT_EQ(Show(DiffWords("G7.5 applies to the Party's non-Domestic 1,000 sites",
                           "G7.6 applies to the Party's Domestic 1,000 sites")),
            "-[G7.5]+[G7.6]=[ applies to the Party's ]-[non-Domestic]+[Domestic]=[ 1,000 sites]");
}

TEST(TextDiffTest, AnEmptySide) {
  EXPECT_EQ(Show(DiffWords("", "new text here")), "+[new text here]");
  EXPECT_EQ(Show(DiffWords("old text", "")), "-[old text]");
  EXPECT_EQ(Show(DiffWords("", "")), "");
}

TEST(TextDiffTest, ClauseKinds) {
  ClauseDiff ins = DiffClause({"G7.7", std::nullopt, std::string("New.")});
  EXPECT_EQ(ins.kind, ClauseDiffKind::kInserted);
  EXPECT_EQ(Show(ins.spans), "+[New.]");
  ClauseDiff del = DiffClause({"G7.8", std::string("Gone."), std::nullopt});
  EXPECT_EQ(del.kind, ClauseDiffKind::kDeleted);
  EXPECT_EQ(Show(del.spans), "-[Gone.]");
  EXPECT_EQ(DiffClause({"G7.1", std::string("a  b"), std::string("a b")}).kind,
            ClauseDiffKind::kUnchanged);
  EXPECT_EQ(DiffClause({"G7.1", std::string("a b"), std::string("a c")}).kind,
            ClauseDiffKind::kAmended);
  EXPECT_STREQ(ClauseDiffKindCode(ClauseDiffKind::kAmended), "AMENDED");
  EXPECT_STREQ(ClauseDiffKindCode(ClauseDiffKind::kInserted), "INSERTED");
  EXPECT_STREQ(ClauseDiffKindCode(ClauseDiffKind::kDeleted), "DELETED");
  EXPECT_STREQ(ClauseDiffKindCode(ClauseDiffKind::kUnchanged), "UNCHANGED");
}

TrackedChanges SmallDoc() {
  TrackedChanges doc;
  doc.title = "SEC Section G: version 5.4 to 5.5";
  doc.from_label = "5.4";
  doc.to_label = "5.5";
  doc.clauses.push_back(DiffClause(
      {"G7.6", std::string("The Panel shall meet monthly.\n\nEach Party, {so} <notified>."),
       std::string("The Panel shall meet quarterly.\n\nEach Party, {so} <notified>.")}));
  doc.clauses.push_back(DiffClause({"G7.7", std::nullopt, std::string("A & B.")}));
  doc.clauses.push_back(DiffClause({"G7.8", std::string("- Old."), std::nullopt}));
  return doc;
}

TEST(TextDiffTest, MarkdownOfASmallExample) {
  EXPECT_EQ(RenderMarkdown(SmallDoc()),
            "# SEC Section G: version 5.4 to 5.5\n"
            "\n"
            "Tracked changes from 5.4 to 5.5 in CriticMarkup: {--deleted--} and {++inserted++}.\n"
            "\n"
            "### G7.6\n"
            "\n"
            "The Panel shall meet {--monthly--}{++quarterly++}.\n"
            "\n"
            "Each Party, \\{so\\} \\<notified\\>.\n"
            "\n"
            "### G7.7\n"
            "\n"
            "*(new clause)*\n"
            "\n"
            "{++A \\& B.++}\n"
            "\n"
            "### G7.8\n"
            "\n"
            "*(deleted clause)*\n"
            "\n"
            "{--\\- Old.--}\n");
}

TEST(TextDiffTest, MarkdownBracesInTextCannotFakeAMark) {
  TrackedChanges doc;
  doc.clauses.push_back(
      DiffClause({"G1.1", std::string("x {--y--} {++z++}"), std::string("x {--y--} {++z++}")}));
  const std::string md = RenderMarkdown(doc);
  EXPECT_THAT(md, HasSubstr("x \\{--y--\\} \\{++z++\\}"));
  // Every brace from the text is escaped: the only unescaped ones would be real marks.
  const std::string body = md.substr(md.find("### G1.1"));
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '{' || body[i] == '}') {
      EXPECT_EQ(body[i - 1], '\\') << body;
    }
  }
}

TEST(TextDiffTest, HtmlIsSelfContainedAndEscaped) {
  const std::string html = RenderHtml(SmallDoc());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<title>SEC Section G: version 5.4 to 5.5</title>"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http")));
  EXPECT_THAT(html, HasSubstr("<section class=\"amended\" id=\"clause-G7.6\">\n<h2>G7.6</h2>\n"
                              "<p>The Panel shall meet <del>monthly</del><ins>quarterly</ins>."
                              "</p>\n<p>Each Party, {so} &lt;notified&gt;.</p>\n</section>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"note\">(new clause)</p>\n<p><ins>A &amp; B.</ins></p>"));
  EXPECT_THAT(html, HasSubstr("<p><del>- Old.</del></p>"));
  TrackedChanges quotes;
  quotes.title = "\"q\" 'a'";
  EXPECT_THAT(RenderHtml(quotes), HasSubstr("<h1>&quot;q&quot; &#39;a&#39;</h1>"));
}

TEST(TextDiffTest, AOneSidedParagraphBreakIsAMarkedPilcrow) {
  TrackedChanges doc;
  doc.clauses.push_back(DiffClause({"G1.1", std::string("a b c"), std::string("a\n\nb c")}));
  EXPECT_THAT(RenderMarkdown(doc), HasSubstr("\na{++\xC2\xB6++}\n\nb c\n"));
  EXPECT_THAT(RenderHtml(doc), HasSubstr("<p>a<ins>\xC2\xB6</ins></p>\n<p>b c</p>"));
}

}  // namespace
}  // namespace sec
