#include "report/progress.h"

#include <cstdio>

#include "report/log.h"

namespace ferry {

std::string Progress::Bytes(int64_t bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

std::string Progress::Count(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

void Progress::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { Loop(); });
}

void Progress::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  // The last point of each table: where it ended.
  const double at = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  for (const auto& t : tables_)
    if (t->started) t->AddSample(at, t->rows_written.load());
  if (live_) {
    log::SetProgressLineActive(false);
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
}

void Progress::Loop() {
  using namespace std::chrono;
  // Every tick samples the tables for the report's chart; the display is
  // redrawn each tick when live, else logged every 10 s.
  const auto tick = milliseconds(250);
  const int ticks_per_line = live_ ? 1 : 40;
  std::unique_lock lock(mu_);
  for (int n = 1; !cv_.wait_for(lock, tick, [this] { return stop_; }); ++n) {
    const double at = duration<double>(steady_clock::now() - started_).count();
    for (const auto& t : tables_)
      if (t->started) t->AddSample(at, t->rows_written.load());
    if (n % ticks_per_line != 0) continue;
    std::string line;
    int64_t total_rows = 0, total_expected = 0;
    for (const auto& t : tables_) {
      if (!t->started || t->finished) {
        if (t->finished) total_rows += t->rows_written.load();
        if (t->rows_expected > 0) total_expected += t->rows_expected;
        continue;
      }
      int64_t done = t->rows_written.load();
      total_rows += done;
      if (t->rows_expected > 0) total_expected += t->rows_expected;
      double secs = t->Seconds();
      double rate = secs > 0 ? done / secs : 0;
      std::string item = t->table + " " + Count(done);
      if (t->rows_expected > 0) {
        int pct = static_cast<int>(std::min<int64_t>(99, done * 100 / std::max<int64_t>(1, t->rows_expected)));
        item += " (" + std::to_string(pct) + "%";
        if (rate > 0 && t->rows_expected > done)
          item += ", ETA " + std::to_string(static_cast<int>((t->rows_expected - done) / rate)) + "s";
        item += ")";
      }
      item += " " + Count(static_cast<int64_t>(rate)) + " rows/s, " + Bytes(t->bytes.load());
      if (live_) {
        line += (line.empty() ? "" : " | ") + item;
      } else {
        log::Info(t->table, "progress: " + item);
      }
    }
    if (live_ && !line.empty()) {
      if (line.size() > 200) line = line.substr(0, 197) + "...";
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
      std::fflush(stderr);
      log::SetProgressLineActive(true);
    }
  }
}

}  // namespace ferry
