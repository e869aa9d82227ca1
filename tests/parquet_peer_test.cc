// Parquet files against a peer reader: ferry's archives and parquet://
// folders are meant to be read without ferry ("every Parquet reader can
// open a backup"). DuckDB is ferry's own writer, so the peer here is
// hyparquet (npm, pure JavaScript, its own decoder of Parquet format
// version 2 pages, delta encodings and zstd): every value of a table of
// each kind must come back as the source held it.
//
// Needs node and npm (scripts/setup.sh installs npm when missing) and the
// npm registry or npm's cache; without them the test fails and says why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "support/shell.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// Prints each file's rows as one JSON array per line: 64-bit integers as
// strings (exact), bytes as "hex:..", dates and timestamps as ISO text.
constexpr const char* kReader = R"JS(
import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { readFileSync } from 'fs'
for (const path of process.argv.slice(2)) {
  const buf = readFileSync(path)
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
  const rows = await parquetReadObjects({ file, compressors, utf8: false })
  console.log(JSON.stringify(rows, (k, v) => {
    if (typeof v === 'bigint') return v.toString()
    if (v instanceof Uint8Array) return 'hex:' + Buffer.from(v).toString('hex')
    return v
  }))
}
)JS";

// hyparquet's reading of each file, one JSON array per file.
std::vector<json> ReadWithHyparquet(const std::vector<std::string>& files) {
  std::string dir = NpmInstall("hyparquet@1.33.0 hyparquet-compressors@1.1.2");
  if (dir.empty()) return {};
  std::ofstream(dir + "/read.mjs") << kReader;
  std::string command = "cd '" + dir + "' && node read.mjs";
  for (const auto& f : files) command += " '" + f + "'";
  Command run = Shell(command);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::vector<json> out;
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) out.push_back(json::parse(line, nullptr, false));
  return out;
}

TEST(ParquetPeer, HyparquetReadsArchivesAndParquetFoldersAsTheSourceHeld) {
  std::string src = FreshDatabase("sqlite");
  Query(src,
        "CREATE TABLE kinds (id INTEGER PRIMARY KEY, name TEXT, price DECIMAL(10,2), born DATE, seen TIMESTAMP, "
        "data BLOB, ratio REAL, big BIGINT);\n"
        "INSERT INTO kinds VALUES (1, 'Zoë ünï €', 12.30, '2024-02-29', '2024-01-02 03:04:05.678', x'00ff10', 0.5, "
        "9007199254740993);\n"
        "INSERT INTO kinds VALUES (2, '', -0.05, '1999-12-31', '2000-01-01 00:00:00', x'', -2.25, -1);\n"
        "INSERT INTO kinds (id) VALUES (3)");
  const std::string backups = TempDir() + "/backups", folder = TempDir() + "/parquet";
  auto backup = RunFerry({"backup", src, backups, "--name", "app", "--time", "2026-12-03T02:00:00Z", "--no-progress"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  auto copy = RunFerry({"copy", src, "parquet://" + folder, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  const std::string archived = backups + "/app-20261203T020000Z/kinds.parquet", exported = folder + "/kinds.parquet";
  ASSERT_TRUE(fs::exists(archived));
  ASSERT_TRUE(fs::exists(exported));

  const json expected = json::parse(R"([
    {"id": "1", "name": "Zoë ünï €", "price": 12.3, "born": "2024-02-29T00:00:00.000Z",
     "seen": "2024-01-02T03:04:05.678Z", "data": "hex:00ff10", "ratio": 0.5, "big": "9007199254740993"},
    {"id": "2", "name": "", "price": -0.05, "born": "1999-12-31T00:00:00.000Z",
     "seen": "2000-01-01T00:00:00.000Z", "data": "hex:", "ratio": -2.25, "big": "-1"},
    {"id": "3", "name": null, "price": null, "born": null, "seen": null, "data": null, "ratio": null, "big": null}
  ])");
  auto read = ReadWithHyparquet({archived, exported});
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0], expected) << "archive: " << read[0].dump();
  EXPECT_EQ(read[1], expected) << "parquet:// folder: " << read[1].dump();
}

}  // namespace
}  // namespace ferry::test
