// How an archive is laid out on disk. An archive is a folder named
// "NAME-YYYYMMDDTHHMMSSZ" (its time in UTC), holding one Parquet file per
// table and manifest.json (manifest.h). A backup directory holds archives
// side by side; anything else in it is left alone. Pure, except
// ListArchives, which reads a directory.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry::archive {

inline constexpr char kManifestFile[] = "manifest.json";

// "halo-20261203T020000Z" for ("halo", 1796263200).
std::string ArchiveFolderName(const std::string& name, int64_t unix_seconds);

struct FolderName {
  std::string name;
  int64_t time = 0;  // seconds since 1970, UTC
};
// The parts of a folder name of that form; nullopt for any other name.
std::optional<FolderName> ParseArchiveFolderName(std::string_view folder);

// "2026-12-03T02:00:00Z".
std::string FormatRfc3339(int64_t unix_seconds);

// A name usable as a folder-name prefix: the database's name, its '/' and
// other characters outside [A-Za-z0-9._-] made '_'; "backup" when empty.
std::string SafeArchiveName(std::string_view name);

// The Parquet file of `table`: "<table>.parquet" when the name is plain,
// else its characters outside [A-Za-z0-9._-] as '_' and a number to keep it
// apart from the `taken` names. The manifest records the name chosen.
std::string TableFileName(const std::string& table, const std::set<std::string>& taken);

// Archive folders directly under `dir` (by their names), oldest first.
struct FoundArchive {
  std::string path;
  FolderName folder;
};
Result<std::vector<FoundArchive>> ListArchives(const std::string& dir);

}  // namespace ferry::archive
