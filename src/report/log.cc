#include "report/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace ferry::log {

namespace {
std::atomic<Level> g_level{Level::kInfo};
std::atomic<bool> g_progress_active{false};
std::mutex g_mu;
}  // namespace

void SetLevel(Level level) { g_level = level; }
bool Enabled(Level level) { return level >= g_level.load(); }
void SetProgressLineActive(bool active) { g_progress_active = active; }

void Write(Level level, std::string_view tag, std::string_view message) {
  if (!Enabled(level)) return;
  using namespace std::chrono;
  auto now = system_clock::now();
  std::time_t t = system_clock::to_time_t(now);
  int ms = static_cast<int>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm;
  localtime_r(&t, &tm);
  static const char* kNames[] = {"DEBUG", "INFO ", "WARN ", "ERROR"};
  std::lock_guard lock(g_mu);
  if (g_progress_active) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "%02d:%02d:%02d.%03d %s ", tm.tm_hour, tm.tm_min, tm.tm_sec, ms,
               kNames[static_cast<int>(level)]);
  if (!tag.empty()) std::fprintf(stderr, "[%.*s] ", static_cast<int>(tag.size()), tag.data());
  std::fprintf(stderr, "%.*s\n", static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace ferry::log
