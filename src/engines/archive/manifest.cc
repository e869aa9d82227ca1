#include "engines/archive/manifest.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.h"
#include "engines/archive/layout.h"
#include "engines/archive/schema_json.h"

namespace ferry::archive {
namespace {

using json = nlohmann::ordered_json;

Result<Manifest> Parse(const json& j, const std::string& where) {
  Manifest m;
  if (j.value("format", "") != "ferry-archive") return Status::InvalidInput(where + " is not a ferry archive manifest");
  m.format_version = j.value("format_version", 0);
  if (m.format_version < 1 || m.format_version > kFormatVersion)
    return Status::Unsupported(where + ": archive format " + std::to_string(m.format_version) +
                               " is not one this ferry reads (up to " + std::to_string(kFormatVersion) +
                               "); use a newer ferry");
  m.ferry_version = j.value("ferry_version", "");
  m.name = j.value("name", "");
  m.created = j.value("created", "");
  if (j.contains("source")) {
    m.source_engine = j["source"].value("engine", "");
    m.source_uri = j["source"].value("uri", "");
    m.schema_name = j["source"].value("schema", "");
  }
  for (const auto& t : j.value("tables", json::array())) {
    ManifestTable table;
    auto schema = TableSchemaFromJson(t.at("schema"));
    if (!schema.ok()) return schema.status().WithContext(where);
    table.schema = std::move(schema).value();
    table.file = t.value("file", "");
    table.rows = t.value("rows", int64_t{-1});
    table.bytes = t.value("bytes", int64_t{-1});
    table.sha256 = t.value("sha256", "");
    table.checksum = t.value("checksum", "");
    table.sorted_by = t.value("sorted_by", std::vector<std::string>{});
    m.tables.push_back(std::move(table));
  }
  m.notes = j.value("notes", std::vector<std::string>{});
  m.complete = j.value("complete", false);
  return m;
}

}  // namespace

ManifestTable* Manifest::Find(std::string_view table) {
  for (auto& t : tables)
    if (t.schema.name == table) return &t;
  return nullptr;
}

const ManifestTable* Manifest::Find(std::string_view table) const {
  return const_cast<Manifest*>(this)->Find(table);
}

Catalog Manifest::ToCatalog() const {
  Catalog catalog;
  catalog.schema_name = schema_name;
  for (const auto& t : tables) {
    catalog.tables.push_back(t.schema);
    catalog.tables.back().row_estimate = t.rows;
  }
  return catalog;
}

std::string ManifestToText(const Manifest& m) {
  json j;
  j["format"] = "ferry-archive";
  j["format_version"] = m.format_version;
  j["ferry_version"] = m.ferry_version;
  j["name"] = m.name;
  j["created"] = m.created;
  j["source"] = {{"engine", m.source_engine}, {"uri", m.source_uri}, {"schema", m.schema_name}};
  json tables = json::array();
  for (const auto& t : m.tables) {
    json e = {{"name", t.schema.name}, {"file", t.file}};
    if (t.rows >= 0) e["rows"] = t.rows;
    if (t.bytes >= 0) e["bytes"] = t.bytes;
    if (!t.sha256.empty()) e["sha256"] = t.sha256;
    if (!t.checksum.empty()) e["checksum"] = t.checksum;
    if (!t.sorted_by.empty()) e["sorted_by"] = t.sorted_by;
    e["schema"] = TableSchemaToJson(t.schema);
    tables.push_back(std::move(e));
  }
  j["tables"] = std::move(tables);
  j["notes"] = m.notes;
  // Last, so the text itself ends with it: written only when all else is.
  j["complete"] = m.complete;
  return j.dump(2) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text, const std::string& where) {
  try {
    return Parse(json::parse(text), where);
  } catch (const std::exception& e) {
    return Status::InvalidInput(where + ": not a readable manifest: " + e.what());
  }
}

Result<Manifest> ReadManifest(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / kManifestFile).string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + " does not exist: " + dir + " is not an archive (or its backup never started)");
  std::stringstream s;
  s << in.rdbuf();
  return ParseManifest(s.str(), path);
}

Status WriteManifest(const std::string& dir, const Manifest& manifest) {
  return ReplaceFileAtomically((std::filesystem::path(dir) / kManifestFile).string(), ManifestToText(manifest));
}

}  // namespace ferry::archive
