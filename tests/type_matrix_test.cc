// The type-fidelity matrix: every logical type, with NULLs, extremes,
// unicode, empty strings, long text and binary with NUL bytes, copied by
// the ferry binary through all 16 engine pairs and asserted value by value
// on the target with the target engine's own client. Each case is one line
// of data below: the native column type in each engine (nullptr = the
// engine has no such source type) and the values as SQL literals.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_env.h"

namespace ferry::test {
namespace {

const char* kEngines[] = {"sqlite", "postgres", "mysql", "duckdb"};

enum class Compare { kExact, kBool, kFloat, kDecimal, kHex, kTimestamp, kJson, kLower };

struct TypeCase {
  const char* column;
  const char* native[4];  // sqlite, postgres, mysql, duckdb
  Compare compare;
  std::vector<std::string> values;  // SQL literals valid in all four engines; "NULL" included
};

// A long text, built by each engine's SQL would differ; a literal is simple.
std::string LongText() {
  std::string s;
  for (int i = 0; i < 600; ++i) s += "long text ü " + std::to_string(i) + " ";
  return "'" + s + "'";
}

const std::vector<TypeCase>& Cases() {
  static const std::vector<TypeCase> cases = {
      {"c_bool", {"BOOLEAN", "boolean", "tinyint(1)", "BOOLEAN"}, Compare::kBool, {"TRUE", "FALSE", "NULL", "TRUE"}},
      {"c_int8", {"TINYINT", nullptr, "tinyint", "TINYINT"}, Compare::kExact, {"-128", "127", "NULL", "0"}},
      {"c_int16", {"SMALLINT", "smallint", "smallint", "SMALLINT"}, Compare::kExact, {"-32768", "32767", "0", "NULL"}},
      {"c_int32", {"INTEGER", "integer", "int", "INTEGER"}, Compare::kExact, {"-2147483648", "2147483647", "NULL", "7"}},
      {"c_int64", {"BIGINT", "bigint", "bigint", "BIGINT"}, Compare::kExact,
       {"-9223372036854775807", "9223372036854775807", "NULL", "0"}},
      {"c_float32", {"REAL", "real", "float", "REAL"}, Compare::kFloat, {"1.5", "-2.25", "NULL", "1024.125"}},
      {"c_enum", {nullptr, nullptr, "enum('a','b c')", "ENUM('a', 'b c')"}, Compare::kExact, {"'a'", "'b c'", "NULL", "'a'"}},
      {"c_float64", {"DOUBLE", "double precision", "double", "DOUBLE"}, Compare::kFloat,
       {"0.1", "-1.5e300", "3.141592653589793", "NULL"}},
      {"c_decimal", {"DECIMAL(12,3)", "numeric(12,3)", "decimal(12,3)", "DECIMAL(12,3)"}, Compare::kDecimal,
       {"123456789.123", "-0.001", "0", "NULL"}},
      {"c_text", {"TEXT", "text", "longtext", "VARCHAR"}, Compare::kExact,
       {"'it''s Zoë 🚀 ✓'", "''", "NULL", LongText()}},
      {"c_varchar", {"VARCHAR(20)", "varchar(20)", "varchar(20)", "VARCHAR(20)"}, Compare::kExact,
       {"'tab\there'", "'back\\slash'", "'12345678901234567890'", "NULL"}},
      {"c_bytes", {"BLOB", "bytea", "longblob", "BLOB"}, Compare::kHex, {"HEX:00ff00", "HEX:", "NULL", "HEX:0a0d09275c"}},
      {"c_date", {"DATE", "date", "date", "DATE"}, Compare::kExact, {"'2024-02-29'", "'1970-01-01'", "'9999-12-31'", "NULL"}},
      {"c_time", {"TIME", "time", "time(6)", "TIME"}, Compare::kTimestamp, {"'23:59:59.123456'", "'00:00:00'", "NULL", "'12:30:00'"}},
      {"c_timestamp", {"DATETIME", "timestamp", "datetime(6)", "TIMESTAMP"}, Compare::kTimestamp,
       {"'2024-02-29 23:59:59.123456'", "'1970-01-01 00:00:00'", "'1000-01-01 00:00:01'", "NULL"}},
      {"c_timestamptz", {"TIMESTAMPTZ", "timestamptz", nullptr, "TIMESTAMPTZ"}, Compare::kTimestamp,
       {"'2024-02-29 23:59:59.5+00'", "'2000-01-01 00:00:00+00'", "NULL", "'1999-12-31 23:00:00+00'"}},
      {"c_uuid", {"UUID", "uuid", "char(36)", "UUID"}, Compare::kLower,
       {"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "NULL", "'00000000-0000-0000-0000-000000000000'", "NULL"}},
      {"c_json", {"JSON", "jsonb", "json", "JSON"}, Compare::kJson,
       {"'{\"a\": [1, 2.5, null], \"b\": \"ü\"}'", "'[]'", "NULL", "'\"str\"'"}},
  };
  return cases;
}

size_t EngineIndex(const std::string& e) {
  for (size_t i = 0; i < 4; ++i)
    if (e == kEngines[i]) return i;
  return 0;
}

std::string Quote(const std::string& engine, const std::string& id) {
  return engine == "mysql" ? "`" + id + "`" : "\"" + id + "\"";
}

// A value literal in the engine's SQL.
std::string Literal(const std::string& engine, const std::string& v) {
  if (v.rfind("HEX:", 0) == 0) {
    std::string hex = v.substr(4);
    if (engine == "postgres") return "'\\x" + hex + "'::bytea";
    if (engine == "duckdb") return "from_hex('" + hex + "')";
    return "X'" + hex + "'";
  }
  if (engine == "postgres" || engine == "duckdb") {
    // Standard strings: no backslash escapes (the literal is taken as is).
    return v;
  }
  if (engine == "mysql" && v.size() > 1 && v.front() == '\'') {
    // MySQL treats backslash as an escape inside strings.
    std::string out;
    for (char c : v) {
      if (c == '\\') out += "\\\\";
      else out += c;
    }
    return out;
  }
  return v;
}

// What the engine's client shows for a column, in a comparable form.
std::string SelectExpr(const std::string& engine, const TypeCase& tc) {
  std::string col = Quote(engine, tc.column);
  if (tc.compare == Compare::kHex) {
    if (engine == "postgres") return "encode(" + col + ", 'hex')";
    // SQLite's hex(NULL) is '', not NULL.
    return "CASE WHEN " + col + " IS NULL THEN NULL ELSE lower(hex(" + col + ")) END";
  }
  if (tc.compare == Compare::kJson && engine == "postgres") return col + "::text";
  // MySQL prints FLOAT with 6 significant digits; as a double it shows all.
  if (tc.compare == Compare::kFloat && engine == "mysql") return "(" + col + " + 0e0)";
  return col;
}

std::string Unquote(const std::string& literal) {
  if (literal.size() >= 2 && literal.front() == '\'' && literal.back() == '\'') {
    std::string out;
    for (size_t i = 1; i + 1 < literal.size(); ++i) {
      out += literal[i];
      if (literal[i] == '\'' && literal[i + 1] == '\'') ++i;
    }
    return out;
  }
  return literal;
}

std::string StripZeros(std::string s) {  // "1.500" -> "1.5", "2.000" -> "2"
  if (s.find('.') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string Normalize(Compare how, std::string v) {
  switch (how) {
    case Compare::kBool:
      return (v == "t" || v == "1" || v == "true" || v == "TRUE") ? "true" : "false";
    case Compare::kDecimal:
      return StripZeros(v);
    case Compare::kHex:
      if (v.rfind("HEX:", 0) == 0) v = v.substr(4);
      for (auto& c : v) c = static_cast<char>(std::tolower(c));
      return v;
    case Compare::kTimestamp: {
      // Zone suffixes and trailing zero fractions differ by engine only.
      for (const char* z : {"+00:00", "+00", "Z"})
        if (v.size() > strlen(z) && v.compare(v.size() - strlen(z), strlen(z), z) == 0) v.resize(v.size() - strlen(z));
      if (v.size() > 10 && v[10] == 'T') v[10] = ' ';
      return StripZeros(v);
    }
    case Compare::kLower:
      for (auto& c : v) c = static_cast<char>(std::tolower(c));
      return v;
    case Compare::kJson:
      return nlohmann::json::parse(v, nullptr, false).dump();
    case Compare::kFloat: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", std::strtod(v.c_str(), nullptr));
      return buf;
    }
    case Compare::kExact:
      return v;
  }
  return v;
}

class TypeMatrix : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(TypeMatrix, EveryValueArrivesExactly) {
  const auto& [src_engine, dst_engine] = GetParam();
  const size_t si = EngineIndex(src_engine), di = EngineIndex(dst_engine);
  (void)di;
  std::string src = FreshDatabase(src_engine, "_src");
  std::string dst = FreshDatabase(dst_engine, "_dst");

  std::vector<const TypeCase*> cases;
  for (const auto& tc : Cases())
    if (tc.native[si]) cases.push_back(&tc);
  std::string ddl = "CREATE TABLE " + Quote(src_engine, "matrix") + " (id INTEGER NOT NULL PRIMARY KEY";
  for (const auto* tc : cases) ddl += ", " + Quote(src_engine, tc->column) + " " + tc->native[si];
  ddl += ")";
  Query(src, ddl);
  const size_t rows = 4;
  for (size_t r = 0; r < rows; ++r) {
    std::string sql = "INSERT INTO " + Quote(src_engine, "matrix") + " VALUES (" + std::to_string(r + 1);
    for (const auto* tc : cases) sql += ", " + Literal(src_engine, tc->values[r]);
    Query(src, sql + ")");
  }

  RunResult run = RunFerry({"copy", src, dst, "--no-progress", "--reject-file", TempDir() + "/rejects.jsonl"});
  ASSERT_EQ(run.exit_code, 0) << src_engine << " -> " << dst_engine << "\nstdout:\n" << run.out << "\nstderr:\n" << run.err;

  std::string select = "SELECT id";
  for (const auto* tc : cases) select += ", " + SelectExpr(dst_engine, *tc);
  select += " FROM " + Quote(dst_engine, "matrix") + " ORDER BY id";
  auto got = Query(dst, select);
  ASSERT_EQ(got.size(), rows);
  for (size_t r = 0; r < rows; ++r) {
    ASSERT_EQ(*got[r][0], std::to_string(r + 1));
    for (size_t c = 0; c < cases.size(); ++c) {
      const TypeCase& tc = *cases[c];
      const std::string& lit = tc.values[r];
      const auto& cell = got[r][c + 1];
      if (lit == "NULL") {
        EXPECT_FALSE(cell.has_value()) << tc.column << " row " << r + 1 << ": expected NULL, got '" << *cell << "'";
        continue;
      }
      ASSERT_TRUE(cell.has_value()) << src_engine << " -> " << dst_engine << ": " << tc.column << " row " << r + 1
                                    << " arrived as NULL";
      EXPECT_EQ(Normalize(tc.compare, *cell), Normalize(tc.compare, Unquote(lit)))
          << src_engine << " -> " << dst_engine << ": " << tc.column << " row " << r + 1;
    }
  }
}

std::string PairName(const ::testing::TestParamInfo<TypeMatrix::ParamType>& info) {
  return std::get<0>(info.param) + "_to_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllPairs, TypeMatrix,
                         ::testing::Combine(::testing::Values("sqlite", "postgres", "mysql", "duckdb"),
                                            ::testing::Values("sqlite", "postgres", "mysql", "duckdb")),
                         PairName);

}  // namespace
}  // namespace ferry::test
