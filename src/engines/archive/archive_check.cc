#include "engines/archive/archive_check.h"

#include <algorithm>
#include <filesystem>

#include "engines/archive/file_digest.h"
#include "engines/archive/parquet_rows.h"

namespace ferry::archive {

std::vector<std::string> CheckFiles(const std::string& dir, const Manifest& manifest) {
  std::vector<std::string> problems;
  if (!manifest.complete)
    problems.push_back("incomplete: " + dir + "/manifest.json has no \"complete\": true (the backup did not finish)");
  for (const auto& t : manifest.tables) {
    if (t.file.empty() || t.bytes < 0 || t.sha256.empty()) {
      problems.push_back("table " + t.schema.name + ": no finished file recorded");
      continue;
    }
    const std::string path = (std::filesystem::path(dir) / t.file).string();
    auto digest = DigestFile(path);
    if (!digest.ok()) {
      problems.push_back(t.file + ": " + (digest.status().code() == StatusCode::kNotFound
                                              ? std::string("missing")
                                              : digest.status().message()));
      continue;
    }
    if (digest->bytes != t.bytes) {
      problems.push_back(t.file + ": size " + std::to_string(digest->bytes) + " bytes, the manifest says " +
                         std::to_string(t.bytes));
    } else if (digest->sha256 != t.sha256) {
      problems.push_back(t.file + ": SHA-256 " + digest->sha256 + ", the manifest says " + t.sha256);
    }
  }
  return problems;
}

std::vector<std::string> CheckRows(const std::string& dir, const Manifest& manifest,
                                   const std::vector<std::string>& skip_files) {
  std::vector<std::string> problems;
  for (const auto& t : manifest.tables) {
    if (t.file.empty() || t.rows < 0) continue;
    if (std::find(skip_files.begin(), skip_files.end(), t.file) != skip_files.end()) continue;
    auto rows = CountParquetRows((std::filesystem::path(dir) / t.file).string());
    if (!rows.ok()) {
      problems.push_back(t.file + ": " + rows.status().message());
    } else if (*rows != t.rows) {
      problems.push_back(t.file + ": " + std::to_string(*rows) + " rows, the manifest says " + std::to_string(t.rows));
    }
  }
  return problems;
}

}  // namespace ferry::archive
