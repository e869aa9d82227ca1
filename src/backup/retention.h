// Which backup archives a rotation keeps, with restic's vocabulary and
// semantics (`restic forget`): --keep-last N, --keep-hourly/daily/weekly/
// monthly N (the newest archive of each of the last N hours, days, ISO
// weeks, months that have one; when a rule still has count left at the
// oldest archive, that one is kept too), --keep-within DURATION (everything
// newer than the newest archive's time minus DURATION). An archive any rule
// keeps stays. Calendar buckets are in UTC, as archive names are.
//
// ferry's own rules around restic's: only complete archives (manifest says
// so) are subject to the policy and count as backups; the newest complete
// archive is never removed, whatever the policy; an incomplete archive
// older than the newest complete one is removed (a run that died and was
// superseded); a newer incomplete one stays (a run in progress, or one to
// resume). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ferry::backup {

// restic's duration: years, months, days, hours ("30d", "12h", "1y2m3d4h").
struct KeepDuration {
  int years = 0, months = 0, days = 0, hours = 0;
  bool zero() const { return years == 0 && months == 0 && days == 0 && hours == 0; }
};
Result<KeepDuration> ParseKeepDuration(std::string_view text);

struct RetentionPolicy {
  int last = 0, hourly = 0, daily = 0, weekly = 0, monthly = 0, yearly = 0;  // 0: rule off
  KeepDuration within;
  bool empty() const { return !last && !hourly && !daily && !weekly && !monthly && !yearly && within.zero(); }
};

struct ArchiveInfo {
  std::string name;
  int64_t time = 0;  // seconds since 1970, UTC
  bool complete = false;
};

struct RetentionDecision {
  ArchiveInfo archive;
  bool keep = false;
  std::vector<std::string> reasons;  // why kept ("daily", "newest complete"), or why removed
};

// One decision per archive, newest first. An empty policy keeps everything.
std::vector<RetentionDecision> ApplyRetention(std::vector<ArchiveInfo> archives, const RetentionPolicy& policy);

}  // namespace ferry::backup
