#include "backup/archive_digests.h"

#include "core/uri.h"
#include "engines/engine.h"
#include "verify/checksum.h"

namespace ferry::backup {
namespace {

Result<verify::Checksum> DigestOf(Database& archive, const TableSchema& table) {
  ReadSpec spec;
  spec.table = table.name;
  spec.columns = table.columns;
  std::vector<Field> fields;
  std::vector<LogicalType> types;
  for (const auto& c : table.columns) {
    fields.push_back(Field{c.name, c.type});
    types.push_back(c.type);
  }
  FERRY_ASSIGN_OR_RETURN(auto reader, archive.OpenReader(spec));
  const auto renders = verify::SelfRenders(types);
  verify::Checksum digest;
  RecordBatch batch(fields);
  std::string scratch;
  while (true) {
    FERRY_ASSIGN_OR_RETURN(bool more, reader->Next(&batch));
    if (!more) break;
    for (size_t row = 0; row < batch.num_rows(); ++row) digest.Add(verify::HashRow(batch, row, renders, &scratch));
  }
  return digest;
}

}  // namespace

Result<std::vector<std::string>> CheckDigests(const std::string& dir, const archive::Manifest& manifest) {
  FERRY_ASSIGN_OR_RETURN(Uri uri, ParseUri("archive://" + dir, "archive"));
  FERRY_ASSIGN_OR_RETURN(auto archive, OpenDatabase(uri, AccessMode::kReadOnly));
  std::vector<std::string> problems;
  for (const auto& t : manifest.tables) {
    if (t.checksum.empty()) continue;
    FERRY_ASSIGN_OR_RETURN(verify::Checksum digest, DigestOf(*archive, t.schema));
    if (digest.Hex() != t.checksum || static_cast<int64_t>(digest.count) != t.rows)
      problems.push_back(t.file + ": its " + std::to_string(digest.count) + " rows read back have checksum " +
                         digest.Hex() + ", the manifest says " + std::to_string(t.rows) + " rows, " + t.checksum);
  }
  return problems;
}

}  // namespace ferry::backup
