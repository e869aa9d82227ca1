#include "plan/recipes/homarr.h"

#include <cctype>

namespace ferry::recipes {

using Kind = HomarrColumn::Kind;

// From Homarr's Drizzle schema (packages/db/schema/{sqlite,mysql,postgresql}.ts,
// snapshots sqlite 0041 / mysql 0043 / pg 0009). In MySQL and PostgreSQL
// every timestamp below is `timestamp` and every boolean `boolean`.
const std::vector<HomarrColumn>& HomarrColumns() {
  static const std::vector<HomarrColumn> kColumns = {
      // int({mode: "timestamp_ms"}) in SQLite.
      {"user", "email_verified", Kind::kEpochMillis},
      {"session", "expires", Kind::kEpochMillis},
      {"verificationToken", "expires", Kind::kEpochMillis},
      // int({mode: "timestamp"}) in SQLite: seconds.
      {"invite", "expiration_date", Kind::kEpochSeconds},
      {"media", "created_at", Kind::kEpochSeconds},
      {"integrationSecret", "updated_at", Kind::kEpochSeconds},
      {"custom_widget_definition", "created_at", Kind::kEpochSeconds},
      {"custom_widget_definition", "updated_at", Kind::kEpochSeconds},
      {"custom_widget_secret", "updated_at", Kind::kEpochSeconds},
      {"widget_secret", "updated_at", Kind::kEpochSeconds},
      // int({mode: "boolean"}) in SQLite: 0/1. The converter checks 0/1.
      {"user", "open_search_in_new_tab", Kind::kBool},
      {"user", "ddg_bangs", Kind::kBool},
      {"user", "ping_icons_enabled", Kind::kBool},
      {"user", "enable_right_click_on_widgets", Kind::kBool},
      {"user", "completed_manage_tour", Kind::kBool},
      {"user", "completed_board_tour", Kind::kBool},
      {"board", "is_public", Kind::kBool},
      {"board", "disable_status", Kind::kBool},
      {"section_collapse_state", "collapsed", Kind::kBool},
      {"custom_widget_definition", "enabled", Kind::kBool},
      {"cron_job_configuration", "is_enabled", Kind::kBool},
      // SuperJSON text: moved byte-exact as text in every dialect.
      {"item", "options", Kind::kJsonText},
      {"item", "advanced_options", Kind::kJsonText},
      {"section", "options", Kind::kJsonText},
      {"serverSetting", "value", Kind::kJsonText},
      {"custom_widget_definition", "display_config", Kind::kJsonText},
      // "<hex ciphertext>.<hex iv>", AES-256-CBC with SECRET_ENCRYPTION_KEY:
      // never decoded or re-encoded; the key must be the same on both sides.
      {"integrationSecret", "value", Kind::kSecret},
      {"custom_widget_secret", "value", Kind::kSecret},
      {"widget_secret", "value", Kind::kSecret},
  };
  return kColumns;
}

CopyOptions HomarrMoveOptions() {
  CopyOptions options;
  options.mode = SchemaMode::kDataOnly;
  options.truncate = true;
  for (const auto& c : HomarrColumns()) {
    if (c.kind != Kind::kEpochMillis && c.kind != Kind::kEpochSeconds) continue;
    CastRule rule;
    rule.match = CastRule::Match::kColumn;
    rule.table = c.table;
    rule.column = c.column;
    rule.to = LogicalType(TypeId::kTimestamp);
    rule.using_fn = c.kind == Kind::kEpochMillis ? CastFunction::kEpochMilliseconds : CastFunction::kEpochSeconds;
    rule.text = std::string("column ") + c.table + "." + c.column + " to timestamp using " +
                std::string(CastFunctionName(rule.using_fn));
    options.casts.push_back(std::move(rule));
  }
  return options;
}

bool LooksEncrypted(std::string_view value) {
  auto dot = value.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == value.size()) return false;
  for (size_t i = 0; i < value.size(); ++i)
    if (i != dot && !std::isxdigit(static_cast<unsigned char>(value[i]))) return false;
  return true;
}

}  // namespace ferry::recipes
