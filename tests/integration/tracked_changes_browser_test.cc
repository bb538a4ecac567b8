// The tracked-change HTML as a reader sees it: Debian's Chromium, headless, parses and renders
// the page, and the words its DOM holds inside <ins> and <del> are exactly the inserted and
// deleted ones (the browser, not a regex of ours, decides what is marked).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/text_diff.h"
#include "support/process.h"

namespace sec::testing {
namespace {

using ::testing::ElementsAre;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Chromium as the probe of this machine runs it: no sandbox (root), no network chatter.
std::vector<std::string> Chromium(const std::string& profile) {
  return {"/usr/bin/timeout",
          "90",
          "/usr/bin/chromium",
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--user-data-dir=" + profile};
}

TEST(TrackedChangesBrowserTest, ChromiumRendersTheMarksAsInsertedAndDeletedWords) {
  ASSERT_EQ(access("/usr/bin/chromium", X_OK), 0)
      << "Chromium is needed (Debian package chromium; scripts/install-deps installs it)";
  TrackedChanges doc;
  doc.title = "SEC Section G: version 5.4 to 5.5";
  doc.from_label = "5.4";
  doc.to_label = "5.5";
  doc.clauses.push_back(DiffClause({"G7.6", std::string("Each Party may nominate a person."),
                                    std::string("Each Party may nominate a senior person.")}));
  doc.clauses.push_back(DiffClause({"G7.7", std::string("Nominees are appointed at once."),
                                    std::string("Nominees are appointed after vetting.")}));
  doc.clauses.push_back(
      DiffClause({"G7.13", std::nullopt, std::string("The Sub-Committee may reject <nominees>.")}));
  const std::string html = RenderHtml(doc);

  const std::string dir = MakeTempDir("tracked-html");
  WriteFile(dir + "/page.html", html);
  // The same page with a script appended that lists, in document order, what the browser put
  // inside the marks of the clauses (not the legend).
  const std::string probe = html + R"(<script>
    const list = (sel) => Array.from(document.querySelectorAll(sel)).map(e => e.textContent.trim());
    const pre = document.createElement('pre');
    pre.id = 'result';
    pre.textContent = 'INS=' + list('main ins').join('|') + '\nDEL=' + list('main del').join('|');
    document.body.appendChild(pre);
  </script>)";
  WriteFile(dir + "/probe.html", probe);

  std::vector<std::string> dump = Chromium(dir + "/profile-dom");
  dump.push_back("--dump-dom");
  dump.push_back("file://" + dir + "/probe.html");
  const CommandResult dom = sec::testing::Run(dump);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom.out, m, std::regex("INS=([^\\n]*)\\nDEL=([^<]*)</pre>")))
      << dom.out.substr(0, 2000);
  std::vector<std::string> inserted = absl::StrSplit(m[1].str(), '|');
  std::vector<std::string> deleted = absl::StrSplit(m[2].str(), '|');
  // The HTML-escaped "<nominees>" comes back as text, not as an element.
  EXPECT_THAT(inserted, ElementsAre("senior", "after vetting",
                                    "The Sub-Committee may reject &lt;nominees&gt;."));
  EXPECT_THAT(deleted, ElementsAre("at once"));

  std::vector<std::string> shot = Chromium(dir + "/profile-shot");
  shot.push_back("--screenshot=" + dir + "/page.png");
  shot.push_back("--window-size=1000,800");
  shot.push_back("file://" + dir + "/page.html");
  const CommandResult png = sec::testing::Run(shot);
  ASSERT_EQ(png.exit_code, 0) << png.err;
  const std::string bytes = ReadFileText(dir + "/page.png");
  ASSERT_GT(bytes.size(), 5000u) << "the screenshot is empty";
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
}

}  // namespace
}  // namespace sec::testing
