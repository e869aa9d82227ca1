#include "backup/retention.h"

#include <algorithm>
#include <cctype>

#include "core/temporal.h"

namespace ferry::backup {
namespace {

constexpr int64_t kDay = 86400;

struct Civil {
  int64_t year;
  unsigned month, day, hour;
  int64_t days;  // since 1970-01-01
};

Civil CivilOf(int64_t t) {
  Civil c;
  c.days = t >= 0 ? t / kDay : -((-t + kDay - 1) / kDay);
  c.hour = static_cast<unsigned>((t - c.days * kDay) / 3600);
  CivilFromDays(c.days, &c.year, &c.month, &c.day);
  return c;
}

// ISO 8601 week as year * 100 + week: weeks start on Monday, and week 1 is
// the one holding the year's first Thursday.
int64_t IsoWeek(const Civil& c) {
  const int64_t weekday = ((c.days % 7) + 7 + 3) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
  const int64_t thursday = c.days - weekday + 3;
  int64_t year;
  unsigned month, day;
  CivilFromDays(thursday, &year, &month, &day);
  const int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
  return year * 100 + week;
}

// `t` moved back by `d`, calendar-wise (months clamp to the month's length).
int64_t Minus(int64_t t, const KeepDuration& d) {
  Civil c = CivilOf(t);
  int64_t months = c.year * 12 + (c.month - 1) - d.years * 12 - d.months;
  int64_t year = months >= 0 ? months / 12 : -((-months + 11) / 12);
  unsigned month = static_cast<unsigned>(months - year * 12) + 1;
  unsigned last_day = static_cast<unsigned>(DaysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) -
                                            DaysFromCivil(year, month, 1));
  int64_t days = DaysFromCivil(year, month, std::min(c.day, last_day)) - d.days;
  return days * kDay + (t - c.days * kDay) - int64_t{d.hours} * 3600;
}

struct Bucket {
  int count;
  const char* reason;
  int64_t (*key)(const Civil&, size_t nr);
  std::optional<int64_t> last;
};

}  // namespace

Result<KeepDuration> ParseKeepDuration(std::string_view text) {
  KeepDuration d;
  if (text.empty()) return Status::InvalidInput("an empty duration (e.g. 30d, 12h, 1y2m)");
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i == text.size() || i - start > 6)
      return Status::InvalidInput("duration '" + std::string(text) + "': expected numbers with y, m, d or h (30d, 1y2m)");
    const int n = std::stoi(std::string(text.substr(start, i - start)));
    switch (text[i++]) {
      case 'y': d.years += n; break;
      case 'm': d.months += n; break;
      case 'd': d.days += n; break;
      case 'h': d.hours += n; break;
      default:
        return Status::InvalidInput("duration '" + std::string(text) + "': unit '" + text[i - 1] +
                                    "' is none of y (years), m (months), d (days), h (hours)");
    }
  }
  return d;
}

std::vector<RetentionDecision> ApplyRetention(std::vector<ArchiveInfo> archives, const RetentionPolicy& policy) {
  std::stable_sort(archives.begin(), archives.end(),
                   [](const ArchiveInfo& a, const ArchiveInfo& b) { return a.time > b.time; });
  std::vector<RetentionDecision> out;
  std::vector<size_t> complete;  // indexes into out, newest first
  for (const auto& a : archives) {
    out.push_back(RetentionDecision{a, true, {}});
    if (a.complete) complete.push_back(out.size() - 1);
  }
  const std::optional<int64_t> newest_complete =
      complete.empty() ? std::nullopt : std::optional<int64_t>(out[complete[0]].archive.time);
  for (auto& d : out) {
    if (d.archive.complete) continue;
    if (newest_complete && d.archive.time < *newest_complete) {
      d.keep = false;
      d.reasons.push_back("incomplete, older than the newest complete archive");
    } else {
      d.reasons.push_back("incomplete, newer than every complete archive (in progress, or to resume)");
    }
  }
  if (complete.empty()) return out;
  if (policy.empty()) {
    for (size_t i : complete) out[i].reasons.push_back("no keep rule given");
    return out;
  }
  Bucket buckets[] = {
      {policy.last, "last", [](const Civil&, size_t nr) { return static_cast<int64_t>(nr); }, {}},
      {policy.hourly, "hourly", [](const Civil& c, size_t) { return c.days * 24 + c.hour; }, {}},
      {policy.daily, "daily", [](const Civil& c, size_t) { return c.days; }, {}},
      {policy.weekly, "weekly", [](const Civil& c, size_t) { return IsoWeek(c); }, {}},
      {policy.monthly, "monthly", [](const Civil& c, size_t) { return c.year * 12 + c.month; }, {}},
      {policy.yearly, "yearly", [](const Civil& c, size_t) { return c.year; }, {}},
  };
  const int64_t within_from = policy.within.zero() ? 0 : Minus(*newest_complete, policy.within);
  for (size_t nr = 0; nr < complete.size(); ++nr) {
    RetentionDecision& d = out[complete[nr]];
    const Civil c = CivilOf(d.archive.time);
    d.keep = false;
    if (nr == 0) {
      d.keep = true;
      d.reasons.push_back("newest complete");
    }
    if (!policy.within.zero() && d.archive.time > within_from) {
      d.keep = true;
      d.reasons.push_back("within");
    }
    for (auto& b : buckets) {
      if (b.count <= 0) continue;
      const int64_t key = b.key(c, nr);
      // The oldest archive is kept too while a rule has count left: it
      // stretches the history as far back as the rule allows.
      if (b.last != key || nr + 1 == complete.size()) {
        d.keep = true;
        b.last = key;
        --b.count;
        d.reasons.push_back(b.reason);
      }
    }
    if (!d.keep) d.reasons.push_back("no keep rule matches");
  }
  return out;
}

}  // namespace ferry::backup
