// A credit CSV larger than the server's message limit imports through secctl in batches, on the
// real secd: every row once (and once only when the command is run again), an error naming the
// line of the operator's file, and progress shown on a terminal but never in a pipe.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The server's limit, lowered so a file of 40,000 rows (1.36 MB) is larger than it, while a
// batch of secctl's (1 MiB) fits.
constexpr int kMaxMessageBytes = 1200000;
constexpr int kRows = 40000;

// 40,000 monthly charges (1,000 months, over and over) for the reference data's registered
// parties, a party's 1,000 at a time; `bad_row` (1-based data row), when given, names an
// unregistered party.
std::string ChargesCsv(const std::vector<std::string>& parties, int bad_row = 0) {
  std::string csv = "party,period,invoice_date,amount_pence\n";
  for (int i = 0; i < kRows; ++i) {
    const std::string& party = parties[static_cast<size_t>(i / 1000) % parties.size()];
    const int month = i % 1000;
    const int year = 1901 + month / 12, m = 1 + month % 12;
    absl::StrAppendFormat(&csv, "%s,%04d-%02d,%04d-%02d-28,%d\n",
                          i + 1 == bad_row ? "no-such-party" : party, year, m, year, m,
                          100000 + i);
  }
  return csv;
}

class LargeImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("secctl-large-import-");
    secd_ = std::make_unique<SecdProcess>(
        dir_, std::vector<std::string>{absl::StrCat("--max_message_bytes=", kMaxMessageBytes)});
    ASSERT_TRUE(secd_->running()) << secd_->log();
    CommandResult r =
        Ctl({"import", absl::StrCat(SEC_SOURCE_DIR, "/data/reference/10-register.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult Ctl(std::vector<std::string> args) {
    return Secctl(secd_->address(), dir_ + "/secd-admin.token", std::move(args));
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  int ChargesOf(const std::string& party) {
    CommandResult r = Ctl({"-o", "csv", "--no-headers", "credit", "charges", party});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return static_cast<int>(std::count(r.out.begin(), r.out.end(), '\n'));
  }
  std::string dir_;
  std::unique_ptr<SecdProcess> secd_;
};

const std::vector<std::string> kParties = {"british-gas", "dcc"};

TEST_F(LargeImportTest, AFileLargerThanTheMessageLimitImportsEveryRowOnce) {
  const std::string csv = ChargesCsv(kParties);
  ASSERT_GT(csv.size(), static_cast<size_t>(kMaxMessageBytes));
  const std::string path = Write("charges.csv", csv);
  CommandResult r = Ctl({"-o", "json", "credit", "import", "--charges", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::ContainsRegex(absl::StrCat("\"charges\": ?", kRows)));
  // Not a terminal: no progress lines in the captured stderr.
  EXPECT_THAT(r.err, Not(HasSubstr("rows (")));
  EXPECT_EQ(ChargesOf("british-gas") + ChargesOf("dcc"), kRows);
  // The same command again: every batch's request id is its content's, so nothing is added.
  r = Ctl({"credit", "import", "--charges", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ChargesOf("british-gas") + ChargesOf("dcc"), kRows);
}

TEST_F(LargeImportTest, AnErrorNamesTheLineOfTheFile) {
  // Data row 35,000 is line 35,001 of the file, in its second batch.
  const std::string path = Write("charges.csv", ChargesCsv(kParties, 35000));
  CommandResult r = Ctl({"credit", "import", "--charges", path});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("line 35001"));
  EXPECT_THAT(r.err, HasSubstr("no-such-party"));
  EXPECT_THAT(r.err, HasSubstr("batch 2 of 2"));
}

TEST_F(LargeImportTest, ProgressIsShownOnATerminal) {
  const std::string path = Write("charges.csv", ChargesCsv(kParties));
  // script(1) gives secctl a terminal for stderr.
  const std::string command =
      absl::StrCat(SEC_BINARY_DIR, "/client/secctl --server ", secd_->address(), " --token-file ",
                   dir_, "/secd-admin.token credit import --charges ", path);
  CommandResult r = testing::Run({"/usr/bin/script", "-qec", command, "/dev/null"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("charges.csv: ", kRows, " of ", kRows, " rows (100%)")));
}

}  // namespace
}  // namespace sec::testing
