#include "core/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace ferry {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ferry_atomic_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The names in the directory, sorted: no temp file may be left behind.
  std::string Listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += n + ";";
    return out;
  }

  std::string dir_;
};

TEST_F(AtomicFileTest, CreatesAndReplacesWholeFiles) {
  const std::string path = dir_ + "/report.json";
  ASSERT_TRUE(ReplaceFileAtomically(path, "{\"first\": 1}\n").ok());
  EXPECT_EQ(Read(path), "{\"first\": 1}\n");
  ASSERT_TRUE(ReplaceFileAtomically(path, "2").ok());  // shorter: nothing of the old left
  EXPECT_EQ(Read(path), "2");
  ASSERT_TRUE(ReplaceFileAtomically(path, "").ok());
  EXPECT_EQ(Read(path), "");
  EXPECT_EQ(Listing(), "report.json;");
}

TEST_F(AtomicFileTest, ReplacesAStaleTempFileFromACrash) {
  const std::string path = dir_ + "/ck.json";
  std::ofstream(path + ".tmp") << "half a checkpoint";
  ASSERT_TRUE(ReplaceFileAtomically(path, "whole").ok());
  EXPECT_EQ(Read(path), "whole");
  EXPECT_EQ(Listing(), "ck.json;");
}

TEST_F(AtomicFileTest, RelativePathInTheWorkingDirectory) {
  const fs::path before = fs::current_path();
  fs::current_path(dir_);
  Status st = ReplaceFileAtomically("plain.json", "x");
  fs::current_path(before);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Read(dir_ + "/plain.json"), "x");
}

TEST_F(AtomicFileTest, FailureLeavesTheOldFileAndNamesTheReason) {
  Status st = ReplaceFileAtomically(dir_ + "/no/such/dir/r.json", "x");
  EXPECT_EQ(st.code(), StatusCode::kIo);
  EXPECT_NE(st.message().find(dir_ + "/no/such/dir/r.json.tmp"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("No such file or directory"), std::string::npos) << st.message();

  // A directory where the file should go: the rename fails, the temp goes.
  const std::string path = dir_ + "/taken";
  fs::create_directory(path);
  std::ofstream(path + "/inside") << "kept";
  st = ReplaceFileAtomically(path, "x");
  EXPECT_EQ(st.code(), StatusCode::kIo);
  EXPECT_NE(st.message().find("cannot replace " + path), std::string::npos) << st.message();
  EXPECT_EQ(Read(path + "/inside"), "kept");
  EXPECT_EQ(Listing(), "taken;");
}

}  // namespace
}  // namespace ferry
