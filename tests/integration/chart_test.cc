// secctl's SVG charts read right: the portfolio chart's axis ticks are at one round step and
// labelled exactly (the April 2017 population's ticks every £500k once read £3m, £3m, £2m, ...),
// shortfalls are marked, and `credit compare --chart` draws both policies side by side with the
// two shares. Each SVG is also rendered by librsvg (rsvg-convert), as a viewer would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;

// The y-axis labels of a chart, bottom to top: the <text text-anchor="end"> elements.
std::vector<std::string> TickLabels(const std::string& svg) {
  std::vector<std::string> labels;
  static const std::regex kTick(R"(<text [^>]*text-anchor="end">([^<]*)</text>)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kTick); it != std::sregex_iterator();
       ++it) {
    labels.push_back((*it)[1].str());
  }
  return labels;
}

// "£1.5m" -> 1500000, "£500k" -> 500000, "£40" -> 40 (pounds); -1 when it does not parse.
int64_t LabelPounds(std::string label) {
  if (label.rfind("£", 0) != 0) return -1;
  label = label.substr(std::string("£").size());
  int64_t unit = 1;
  if (!label.empty() && label.back() == 'm') unit = 1000000;
  if (!label.empty() && label.back() == 'k') unit = 1000;
  if (unit != 1) label.pop_back();
  double v = 0;
  if (!absl::SimpleAtod(label, &v)) return -1;
  return static_cast<int64_t>(v * static_cast<double>(unit) + 0.5);
}

// Renders the SVG to PNG with librsvg: a viewer can read it.
void ExpectRenders(const std::string& svg_path) {
  const std::string png = svg_path + ".png";
  CommandResult r = Run({"/usr/bin/env", "rsvg-convert", "-o", png, svg_path});
  ASSERT_EQ(r.exit_code, 0) << "rsvg-convert (Debian librsvg2-bin, scripts/install-deps): " << r.err;
  EXPECT_GT(ReadFileText(png).size(), 1000u);
}

class ChartTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("secctl-chart-"));
    secd_ = new SecdProcess(*dir_, {});
    ASSERT_TRUE(secd_->running()) << secd_->log();
    ASSERT_EQ(ImportReferenceData(secd_->address(), *dir_ + "/secd-admin.token"), "");
  }
  static void TearDownTestSuite() {
    delete secd_;
    delete dir_;
  }
  static CommandResult Ctl(std::vector<std::string> args) {
    return Secctl(secd_->address(), *dir_ + "/secd-admin.token", std::move(args));
  }
  static std::string* dir_;
  static SecdProcess* secd_;
};
std::string* ChartTest::dir_ = nullptr;
SecdProcess* ChartTest::secd_ = nullptr;

TEST_F(ChartTest, PortfolioTicksAreOneRoundStepLabelledExactly) {
  const std::string path = *dir_ + "/portfolio.svg";
  CommandResult r = Ctl({"credit", "portfolio", "--as-of", "2017-04-01", "--chart", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = ReadFileText(path);
  const std::vector<std::string> labels = TickLabels(svg);
  ASSERT_GE(labels.size(), 3u) << svg;
  std::vector<int64_t> pounds;
  for (const std::string& l : labels) {
    pounds.push_back(LabelPounds(l));
    ASSERT_GE(pounds.back(), 0) << "unreadable tick label " << l;
  }
  EXPECT_EQ(pounds.front(), 0) << labels.front();
  const int64_t step = pounds[1] - pounds[0];
  ASSERT_GT(step, 0);
  for (size_t i = 1; i < pounds.size(); ++i) {
    // Every label is the tick's own value: equal steps, no two alike.
    EXPECT_EQ(pounds[i] - pounds[i - 1], step) << "ticks " << labels[i - 1] << ", " << labels[i];
  }
  // The population's requirement runs to a few million: ticks every £500k, half-millions shown.
  EXPECT_EQ(step, 500000) << absl::StrJoin(labels, " ");
  EXPECT_THAT(labels, ::testing::Contains("£1.5m"));
  ExpectRenders(path);
}

TEST_F(ChartTest, CompareDrawsBothPoliciesAndTheirShares) {
  const std::string path = *dir_ + "/compare.svg";
  CommandResult r = Ctl({"credit", "compare", "--as-of", "2017-04-01", "--policy", "sec-5-5",
                         "--policy", "sec-5-6", "--chart", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string svg = ReadFileText(path);
  CommandResult table = Ctl({"credit", "compare", "--as-of", "2017-04-01", "--policy", "sec-5-5",
                             "--policy", "sec-5-6", "-o", "json"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  // Both policies' requirements are series, and the shares in the note are the server's.
  EXPECT_THAT(svg, HasSubstr("Requirement, SEC 5.5"));
  EXPECT_THAT(svg, HasSubstr("Requirement, SEC 5.6"));
  std::smatch share;
  const std::regex kShare(R"re("requirement_share_bp":\s*(\d+))re");
  std::vector<std::string> shares;
  for (auto it = std::sregex_iterator(table.out.begin(), table.out.end(), kShare);
       it != std::sregex_iterator(); ++it) {
    const int64_t bp = std::stoll((*it)[1].str());
    shares.push_back(absl::StrCat(bp / 100, ".", bp % 100 < 10 ? "0" : "", bp % 100, "%"));
  }
  ASSERT_EQ(shares.size(), 2u) << table.out;
  EXPECT_THAT(svg, ::testing::ContainsRegex(absl::StrCat(
                       "Requirement as a share of Value at Risk: SEC 5.5[^,<]* ", shares[0],
                       ", SEC 5.6[^<]* ", shares[1], "</text>")));
  // One group per party category present in the population, each with three bars.
  EXPECT_THAT(svg, HasSubstr(">LARGE_SUPPLIER</text>"));
  ExpectRenders(path);
}

}  // namespace
}  // namespace sec::testing
