#include "engines/files/row_encoder.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/temporal.h"

namespace ferry::files {

namespace {

void AppendHex(std::string_view bytes, std::string* out) {
  static const char* kHex = "0123456789abcdef";
  out->append("\\x");
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
}

void AppendNumber(double v, std::string* out) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, p);
}

// A non-finite double's spelling (PostgreSQL's and DuckDB's).
const char* NonFinite(double v) { return std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"; }

// Plain text of a value that is not a string column (bools, numbers, times).
void AppendScalar(const Column& c, size_t row, std::string* out) {
  const TypeId id = c.type().id;
  if (c.kind() == PhysicalKind::kDouble) {
    double v = c.Double(row);
    if (std::isfinite(v)) AppendNumber(v, out);
    else out->append(NonFinite(v));
    return;
  }
  int64_t v = c.Int(row);
  switch (id) {
    case TypeId::kBool: out->append(v ? "true" : "false"); return;
    case TypeId::kDate: AppendDate(out, v); return;
    case TypeId::kTime: AppendTime(out, v); return;
    case TypeId::kTimestamp: AppendTimestamp(out, v); return;
    case TypeId::kTimestampTz: out->append(FormatTimestampTz(v)); return;
    default: out->append(std::to_string(v)); return;
  }
}

class CsvEncoder final : public RowEncoder {
 public:
  bool HasHeader() const override { return true; }
  std::string Header(const std::vector<Field>& fields) const override {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i) out.push_back(',');
      AppendField(fields[i].name, &out);
    }
    out.push_back('\n');
    return out;
  }

  Status AppendRows(const RecordBatch& batch, size_t begin, size_t end, std::string* out) const override {
    for (size_t row = begin; row < end; ++row) {
      for (size_t i = 0; i < batch.num_columns(); ++i) {
        if (i) out->push_back(',');
        const Column& c = batch.column(i);
        if (c.IsNull(row)) continue;
        if (c.kind() != PhysicalKind::kString) {
          AppendScalar(c, row, out);
        } else if (c.type().id == TypeId::kBytes) {
          AppendHex(c.String(row), out);
        } else {
          AppendField(c.String(row), out);
        }
      }
      out->push_back('\n');
    }
    return Status::OK();
  }

  int64_t CountRecords(std::string_view data, bool* in_quotes) const override {
    int64_t n = 0;
    bool q = *in_quotes;
    for (char ch : data) {
      if (ch == '"') q = !q;
      else if (ch == '\n' && !q) ++n;
    }
    *in_quotes = q;
    return n;
  }

 private:
  // Quoted when it must be: separators, quotes, line breaks, or empty
  // (an unquoted empty field is NULL).
  static void AppendField(std::string_view v, std::string* out) {
    bool quote = v.empty() || v.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
      out->append(v);
      return;
    }
    out->push_back('"');
    for (char ch : v) {
      if (ch == '"') out->push_back('"');
      out->push_back(ch);
    }
    out->push_back('"');
  }
};

class JsonlEncoder final : public RowEncoder {
 public:
  bool HasHeader() const override { return false; }
  std::string Header(const std::vector<Field>&) const override { return ""; }

  Status AppendRows(const RecordBatch& batch, size_t begin, size_t end, std::string* out) const override {
    const size_t start = out->size();
    // Each object's keys, once per call: `"name":`.
    std::vector<std::string> keys(batch.num_columns());
    for (size_t i = 0; i < batch.num_columns(); ++i) {
      if (!AppendString(batch.fields()[i].name, &keys[i]))
        return Fail(out, start, batch.fields()[i].name, begin, "its name is not valid UTF-8");
      keys[i] += ':';
    }
    for (size_t row = begin; row < end; ++row) {
      out->push_back('{');
      for (size_t i = 0; i < batch.num_columns(); ++i) {
        if (i) out->push_back(',');
        out->append(keys[i]);
        const Column& c = batch.column(i);
        const TypeId id = c.type().id;
        if (c.IsNull(row)) {
          out->append("null");
        } else if (c.kind() == PhysicalKind::kDouble && !std::isfinite(c.Double(row))) {
          out->append("\"").append(NonFinite(c.Double(row))).append("\"");
        } else if (c.kind() == PhysicalKind::kDouble || id == TypeId::kBool || c.type().IsInteger()) {
          AppendScalar(c, row, out);  // a JSON number or boolean
        } else if (c.kind() == PhysicalKind::kInt64) {
          out->push_back('"');  // dates and times
          AppendScalar(c, row, out);
          out->push_back('"');
        } else if (id == TypeId::kBytes) {
          std::string hex;
          AppendHex(c.String(row), &hex);
          AppendString(hex, out);
        } else if (!AppendJsonOrString(id, c.String(row), out)) {
          return Fail(out, start, batch.fields()[i].name, row, "the value is not valid UTF-8, which JSON cannot hold");
        }
      }
      out->append("}\n");
    }
    return Status::OK();
  }

  int64_t CountRecords(std::string_view data, bool*) const override {
    int64_t n = 0;
    for (char ch : data) n += ch == '\n';  // JSON escapes line breaks inside strings
    return n;
  }

 private:
  static Status Fail(std::string* out, size_t start, const std::string& column, size_t row,
                     const std::string& why) {
    out->resize(start);
    return Status::Data("column " + column + " (row " + std::to_string(row) + " of the batch): " + why);
  }
  // A json column's value embedded as JSON when it is JSON (key order
  // kept), else like any text: a string. False when it is not UTF-8.
  static bool AppendJsonOrString(TypeId id, std::string_view v, std::string* out) {
    if (id == TypeId::kJson) {
      auto parsed = nlohmann::ordered_json::parse(v, nullptr, false);
      if (!parsed.is_discarded()) {
        out->append(parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        return true;
      }
    }
    return AppendString(v, out);
  }
  // False (out unchanged) when `v` is not valid UTF-8.
  static bool AppendString(std::string_view v, std::string* out) {
    try {
      out->append(nlohmann::json(std::string(v)).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
      return true;
    } catch (const nlohmann::json::type_error&) {
      return false;
    }
  }
};

}  // namespace

std::unique_ptr<RowEncoder> RowEncoder::Make(std::string_view format) {
  if (format == "csv") return std::make_unique<CsvEncoder>();
  if (format == "jsonl") return std::make_unique<JsonlEncoder>();
  return nullptr;
}

}  // namespace ferry::files
