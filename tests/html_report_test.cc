// `--report run.html`: a self-contained page, checked in a real headless
// Chromium (Debian's): the DOM it builds holds the summary, the chart, the
// rejected rows with their reasons, the notes and the verify result; the
// page loads no script and logs no console error; a screenshot renders
// (kept in a temp dir, never in the repository).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "support/test_env.h"

namespace ferry::test {
namespace {

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

Output Shell(const std::string& command) {
  Output out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.text.append(buf.data(), n);
  int status = pclose(p);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string Chromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (Shell(std::string("command -v ") + name).code == 0) return name;
  return "";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(HtmlReport, ChromiumRendersTheSummaryChartRejectsNotesAndVerify) {
  const std::string browser = Chromium();
  ASSERT_NE(browser, "") << "no Chromium: scripts/setup.sh --servers installs Debian's chromium";
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, code TEXT);\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) "
        "INSERT INTO items SELECT i, CASE WHEN i % 1000 = 0 THEN 'too long <b>' ELSE 'ok' END FROM c");
  const std::string dst = FreshDatabase("postgres");
  Query(dst, "CREATE TABLE items (id integer PRIMARY KEY, code varchar(3))");
  const std::string dir = TempDir();
  const std::string page = dir + "/run.html";
  auto run = RunFerry({"copy", src, dst, "--data-only", "--no-progress", "--rate", "5000", "--report", page,
                       "--reject-file", dir + "/rejects.jsonl"});
  ASSERT_EQ(run.exit_code, 3) << run.out << run.err;  // rows need attention: 3 rejected

  const std::string html = ReadFile(page);
  EXPECT_EQ(html.find("<script"), std::string::npos) << "the page must run no script";
  EXPECT_EQ(html.find("http://"), std::string::npos) << "the page must load nothing from the network";
  EXPECT_EQ(html.find("too long <b>"), std::string::npos) << "source values are escaped";

  const std::string flags = " --headless --no-sandbox --disable-gpu --no-first-run --enable-logging=stderr --v=0 ";
  Output dom = Shell("timeout 120 " + browser + flags + "--dump-dom 'file://" + page + "'");
  ASSERT_EQ(dom.code, 0) << dom.text;
  EXPECT_NE(dom.text.find("<h1>ferry copy</h1>"), std::string::npos) << dom.text.substr(0, 2000);
  EXPECT_NE(dom.text.find("<td>items</td><td>3,000</td>"), std::string::npos) << dom.text.substr(0, 4000);
  EXPECT_NE(dom.text.find("<polyline"), std::string::npos) << "no throughput chart";
  EXPECT_NE(dom.text.find("Rejected rows"), std::string::npos);
  EXPECT_NE(dom.text.find("value too long"), std::string::npos) << "the reject reasons are shown";
  EXPECT_NE(dom.text.find("too long &lt;b&gt;"), std::string::npos) << "the refused value, escaped";
  EXPECT_EQ(dom.text.find("CONSOLE"), std::string::npos) << "console messages: " << dom.text;
  EXPECT_EQ(dom.text.find("Uncaught"), std::string::npos) << dom.text;

  const std::string shot = dir + "/report.png";
  Output screenshot = Shell("timeout 120 " + browser + flags + "--window-size=1200,1400 --screenshot=" + shot +
                            " 'file://" + page + "'");
  ASSERT_EQ(screenshot.code, 0) << screenshot.text;
  struct stat st {};
  ASSERT_EQ(stat(shot.c_str(), &st), 0) << screenshot.text;
  EXPECT_GT(st.st_size, 10000) << "the screenshot is (nearly) empty";

  // --verify's result lands on the page too; a JSON path still gets JSON.
  const std::string dst2 = FreshDatabase("postgres", "_2");
  const std::string page2 = dir + "/verified.html";
  auto verified = RunFerry({"copy", src, dst2, "--no-progress", "--verify", "--report", page2});
  ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(ReadFile(page2).find("<h2>Verify</h2>"), std::string::npos);
  auto json = RunFerry({"copy", src, FreshDatabase("postgres", "_3"), "--no-progress", "--report", dir + "/r.json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(ReadFile(dir + "/r.json").rfind("{", 0), 0u);
}

}  // namespace
}  // namespace ferry::test
