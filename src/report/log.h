// Log: timestamped lines on stderr, "12:04:31.207 INFO  [app.users] copied ...".
// Thread-safe; one line is written whole. The level is set once at start.
// Callers pass text that is already redacted (Uri::Redacted, RedactSecrets).
#pragma once

#include <string>
#include <string_view>

namespace ferry::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void SetLevel(Level level);
bool Enabled(Level level);
void Write(Level level, std::string_view tag, std::string_view message);

// While a live progress line is on the terminal, log lines clear it first.
void SetProgressLineActive(bool active);

inline void Debug(std::string_view tag, std::string_view m) { Write(Level::kDebug, tag, m); }
inline void Info(std::string_view tag, std::string_view m) { Write(Level::kInfo, tag, m); }
inline void Warn(std::string_view tag, std::string_view m) { Write(Level::kWarn, tag, m); }
inline void Error(std::string_view tag, std::string_view m) { Write(Level::kError, tag, m); }

}  // namespace ferry::log
