#include "engines/files/file_views.h"

#include <fstream>
#include <iterator>
#include <utility>
#include <vector>

#include "engines/duckdb/dialect.h"
#include "engines/duckdb/introspect.h"

namespace ferry::files {
namespace {

namespace ddb = ferry::duckdb;

// DuckDB's CSV sniffer samples this many rows; ferry's own inference looks
// at as many.
constexpr int kSampleRows = 20480;

// ferry's csv dialect (row_encoder.h), fixed so nothing about it is guessed.
constexpr const char* kCsvOptions =
    "header = true, delim = ',', quote = '\"', escape = '\"', comment = '', allow_quoted_nulls = false";

// ferry's text spellings of values (docs/files.md), tried in this order on a
// text column, and the type a column of them is read as.
struct Spelling {
  const char* pattern;  // a whole-value regular expression
  const char* type;     // DuckDB type; BLOB is decoded from hex
};
constexpr Spelling kSpellings[] = {
    {R"(\\x([0-9a-fA-F]{2})*)", "BLOB"},
    {R"(-?\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?\+00)", "TIMESTAMPTZ"},
    {R"(-?\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?)", "TIMESTAMP"},
    {R"(-?\d{4,}-\d{2}-\d{2})", "DATE"},
    {R"(\d{2}:\d{2}:\d{2}(\.\d+)?)", "TIME"},
    {R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})", "UUID"},
};

struct RawColumn {
  std::string name;
  std::string type;       // as DuckDB reads it
  std::string read_as;    // a DuckDB type to read the column as instead, or ""
  std::string expr;       // the view's expression for it (ChooseReads, InferSpellings)
};

using Overrides = std::vector<std::pair<std::string, std::string>>;  // column -> type

// "{'a': 'VARCHAR', ...}"
std::string StructLiteral(const Overrides& types) {
  ddb::DuckdbDialect d;
  std::string out;
  for (const auto& [name, type] : types) out += (out.empty() ? "" : ", ") + d.QuoteString(name) + ": " + d.QuoteString(type);
  return "{" + out + "}";
}

// The table function reading `path`. csv: `types` names only the columns
// read otherwise; jsonl: `types` is empty or names every column in order.
std::string ReadSql(const std::string& format, const std::string& path, const Overrides& types) {
  const std::string file = ddb::DuckdbDialect().QuoteString(path);
  if (format == "parquet") return "read_parquet(" + file + ")";
  if (format == "csv")
    return "read_csv(" + file + ", " + kCsvOptions + (types.empty() ? "" : ", types = " + StructLiteral(types)) + ")";
  return "read_json(" + file + ", format = 'newline_delimited', records = true" +
         (types.empty() ? "" : ", columns = " + StructLiteral(types)) + ")";
}

// DuckDB's message without its list of "Possible fixes" (options ferry sets itself).
std::string Short(const std::string& message) {
  std::string out = message.substr(0, message.find("\nPossible fixes"));
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// The fields of a csv header line ("a,""b"",c" quoting).
std::vector<std::string> CsvHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
    else if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.emplace_back();
    else fields.back() += c;
  }
  return fields;
}

// Why a csv file the sniffer refused cannot be read: its header's columns
// read as text, without sniffing, name the first bad line.
std::string CsvFault(const ddb::Session& session, const std::string& path, const std::string& sniff_error) {
  Overrides columns;
  for (const auto& name : CsvHeader(path)) columns.emplace_back(name, "VARCHAR");
  auto counted = session.QueryText("SELECT count(*) FROM read_csv(" + ddb::DuckdbDialect().QuoteString(path) + ", " +
                                   kCsvOptions + ", auto_detect = false, columns = " + StructLiteral(columns) + ")");
  return Short(counted.ok() ? sniff_error : counted.status().message());
}

Result<std::vector<RawColumn>> Describe(const ddb::Session& session, const std::string& from) {
  FERRY_ASSIGN_OR_RETURN(auto rows, session.QueryText("DESCRIBE SELECT * FROM " + from));
  std::vector<RawColumn> out;
  for (const auto& row : rows)
    if (row.size() >= 2 && row[0] && row[1]) out.push_back(RawColumn{*row[0], *row[1], "", ""});
  return out;
}

// csv and jsonl: each text column whose sampled values all have one of
// ferry's spellings is read as that type.
Status InferSpellings(const ddb::Session& session, const std::string& from, const std::vector<RawColumn*>& text) {
  if (text.empty()) return Status::OK();
  ddb::DuckdbDialect d;
  std::string select;
  for (const RawColumn* c : text) {
    const std::string q = d.QuoteIdent(c->name);
    select += (select.empty() ? "" : ", ") + std::string("count(") + q + ")";
    for (const auto& s : kSpellings)
      select += ", bool_and(regexp_full_match(" + q + ", " + d.QuoteString(s.pattern) + "))";
  }
  FERRY_ASSIGN_OR_RETURN(auto rows, session.QueryText("SELECT " + select + " FROM (SELECT * FROM " + from +
                                                      " LIMIT " + std::to_string(kSampleRows) + ")"));
  if (rows.empty()) return Status::OK();
  const size_t per = 1 + std::size(kSpellings);
  for (size_t i = 0; i < text.size(); ++i) {
    const auto& count = rows[0][i * per];
    if (!count || *count == "0") continue;  // nothing to tell by
    for (size_t s = 0; s < std::size(kSpellings); ++s) {
      const auto& all = rows[0][i * per + 1 + s];
      if (!all || *all != "true") continue;
      const std::string type = kSpellings[s].type;
      const std::string q = d.QuoteIdent(text[i]->name);
      text[i]->expr = type == "BLOB" ? "from_hex(substr(" + q + ", 3))" : "CAST(" + q + " AS " + type + ")";
      break;
    }
  }
  return Status::OK();
}

// A column as DuckDB types it: nullable, no default.
ColumnSchema Column(const std::string& name, const std::string& duckdb_type) {
  ColumnSchema c;
  c.name = name;
  c.type = ddb::LogicalFromNative(duckdb_type);
  c.native_type = duckdb_type;
  return c;
}

// How each column is read: a given type's column as raw text (bytes
// decoded), a jsonl nested column as JSON; the text columns left for
// InferSpellings go to `text`. Returns ReadSql's `types`.
Overrides ChooseReads(const std::string& format, const std::string& table, const GivenType& given,
                      std::vector<RawColumn>* columns, std::vector<RawColumn*>* text) {
  ddb::DuckdbDialect d;
  bool any = false;
  for (auto& c : *columns) {
    c.expr = d.QuoteIdent(c.name);
    const ColumnSchema inferred = Column(c.name, c.type);
    std::optional<LogicalType> to;
    if (format != "parquet" && given) to = given(table, inferred);
    if (to) {
      // Its raw text; the copy converts it to the given type (bytes here).
      c.read_as = "VARCHAR";
      if (to->id == TypeId::kBytes) c.expr = "from_hex(substr(" + c.expr + ", 3))";
    } else if (format == "jsonl" && inferred.type.id == TypeId::kJson) {
      c.read_as = "JSON";  // nested values as written, not as a STRUCT of every key seen
    } else if (format != "parquet" && c.type == "VARCHAR") {
      text->push_back(&c);
    }
    any = any || !c.read_as.empty();
  }
  Overrides types;
  if (!any) return types;
  // csv takes the columns read otherwise; jsonl's list is every column.
  for (const auto& c : *columns)
    if (format == "jsonl" || !c.read_as.empty()) types.emplace_back(c.name, c.read_as.empty() ? c.type : c.read_as);
  return types;
}

}  // namespace

Result<std::vector<ColumnSchema>> CreateFileView(const duckdb::Session& session, const std::string& format,
                                                 const std::string& path, const std::string& table,
                                                 const GivenType& given) {
  ddb::DuckdbDialect d;
  const std::string where = format + " file " + path;
  auto described = Describe(session, ReadSql(format, path, {}));
  if (!described.ok()) {
    const std::string why = described.status().message();
    return Status::Source(where + " cannot be read: " + (format == "csv" ? CsvFault(session, path, why) : Short(why)));
  }
  std::vector<RawColumn> columns = std::move(described).value();
  std::vector<RawColumn*> text;
  const Overrides types = ChooseReads(format, table, given, &columns, &text);
  const std::string from = ReadSql(format, path, types);
  Status inferred = InferSpellings(session, from, text);
  if (!inferred.ok()) return Status::Source(where + " cannot be read: " + Short(inferred.message()));
  std::string select;
  for (const auto& c : columns) select += (select.empty() ? "" : ", ") + c.expr + " AS " + d.QuoteIdent(c.name);
  FERRY_RETURN_NOT_OK(session.Exec("CREATE VIEW " + d.QuoteIdent(table) + " AS SELECT " + select + " FROM " + from)
                          .WithContext(where));
  FERRY_ASSIGN_OR_RETURN(auto view, Describe(session, d.QuoteIdent(table)));
  std::vector<ColumnSchema> out;
  for (const auto& c : view) out.push_back(Column(c.name, c.type));
  return out;
}

}  // namespace ferry::files
