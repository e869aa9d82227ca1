#include "engines/archive/layout.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/temporal.h"

namespace ferry::archive {
namespace {

constexpr int64_t kDay = 86400;

bool Plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second;
};

Civil CivilOf(int64_t t) {
  const int64_t days = t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay);
  int64_t rest = t - days * kDay;
  Civil c;
  CivilFromDays(days, &c.year, &c.month, &c.day);
  c.hour = static_cast<unsigned>(rest / 3600);
  c.minute = static_cast<unsigned>(rest % 3600 / 60);
  c.second = static_cast<unsigned>(rest % 60);
  return c;
}

}  // namespace

std::string ArchiveFolderName(const std::string& name, int64_t unix_seconds) {
  Civil c = CivilOf(unix_seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02u%02u%02uZ", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return name + "-" + buf;
}

std::string FormatRfc3339(int64_t unix_seconds) {
  Civil c = CivilOf(unix_seconds);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return buf;
}

std::optional<FolderName> ParseArchiveFolderName(std::string_view folder) {
  constexpr size_t kStamp = 16;  // YYYYMMDDTHHMMSSZ
  if (folder.size() < kStamp + 2 || folder[folder.size() - kStamp - 1] != '-') return std::nullopt;
  std::string_view stamp = folder.substr(folder.size() - kStamp);
  for (size_t i = 0; i < kStamp; ++i) {
    const bool digit = stamp[i] >= '0' && stamp[i] <= '9';
    if (i == 8 ? stamp[i] != 'T' : i == 15 ? stamp[i] != 'Z' : !digit) return std::nullopt;
  }
  auto num = [&](size_t at, size_t n) {
    int64_t v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (stamp[i] - '0');
    return v;
  };
  const int64_t month = num(4, 2), day = num(6, 2), hour = num(9, 2), minute = num(11, 2), second = num(13, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  FolderName out;
  out.name = std::string(folder.substr(0, folder.size() - kStamp - 1));
  out.time = DaysFromCivil(num(0, 4), static_cast<unsigned>(month), static_cast<unsigned>(day)) * kDay +
             hour * 3600 + minute * 60 + second;
  return out;
}

std::string SafeArchiveName(std::string_view name) {
  std::string out;
  for (char c : name) out.push_back(Plain(c) ? c : '_');
  if (out.empty() || out == "." || out == "..") return "backup";
  return out;
}

std::string TableFileName(const std::string& table, const std::set<std::string>& taken) {
  std::string base;
  bool plain = !table.empty() && table != "." && table != "..";
  for (char c : table) {
    plain = plain && Plain(c);
    base.push_back(Plain(c) ? c : '_');
  }
  if (base.empty() || base == "." || base == "..") base = "table";
  std::string name = base + ".parquet";
  if (plain && !taken.count(name)) return name;
  for (int n = 2;; ++n) {
    name = base + "." + std::to_string(n) + ".parquet";
    if (!taken.count(name)) return name;
  }
}

Result<std::vector<FoundArchive>> ListArchives(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + " is not a directory");
  std::vector<FoundArchive> out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory()) continue;
    auto parsed = ParseArchiveFolderName(entry.path().filename().string());
    if (parsed) out.push_back(FoundArchive{entry.path().string(), *parsed});
  }
  if (ec) return Status::Io("cannot list " + dir + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const FoundArchive& a, const FoundArchive& b) {
    return a.folder.time != b.folder.time ? a.folder.time < b.folder.time : a.path < b.path;
  });
  return out;
}

}  // namespace ferry::archive
