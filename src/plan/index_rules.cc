#include "plan/index_rules.h"

namespace ferry {

namespace {

bool IsStringy(const ColumnSchema* c) {
  return c && (c->type.id == TypeId::kText || c->type.id == TypeId::kBytes);
}

}  // namespace

void TranslateIndexes(const Sink& sink, bool same_engine, TableSchema* table, std::vector<std::string>* notes) {
  const SinkCapabilities& caps = sink.capabilities();
  const std::string engine(sink.dialect().name());
  std::vector<IndexSchema> kept;
  for (IndexSchema idx : table->indexes) {
    const std::string what = table->name + ": " + idx.Describe();
    switch (idx.kind) {
      case IndexKind::kFullText: {
        bool text = caps.full_text_indexes;
        for (const auto& c : idx.columns) {
          const ColumnSchema* col = table->FindColumn(c);
          text &= col && col->type.id == TypeId::kText;
        }
        if (!text) {
          notes->push_back(what + " not created: " + engine +
                           " has no full-text index (searches still work, by scanning)");
          continue;
        }
        break;
      }
      case IndexKind::kSpatial:
        // Geometry keeps its type only between databases of one engine;
        // elsewhere it arrives as the source's binary form, which no
        // spatial index reads.
        if (!caps.spatial_indexes || !same_engine) {
          notes->push_back(what + " not created: " + engine + " holds the geometry as bytes, which no index of " +
                           "its kind reads");
          continue;
        }
        break;
      case IndexKind::kBtree:
        for (size_t i = 0; i < idx.prefix_lengths.size(); ++i) {
          if (idx.prefix_lengths[i] <= 0) continue;
          const ColumnSchema* col = table->FindColumn(idx.columns[i]);
          if (col && IsStringy(col) && sink.dialect().IndexPrefixSql(*col, idx.prefix_lengths[i])) continue;
          notes->push_back(what + ": " + engine + " cannot index a prefix of " + idx.columns[i] +
                           "; the index covers its whole values" +
                           (idx.unique ? " (so it is unique over the whole values)" : ""));
          idx.prefix_lengths[i] = 0;
        }
        if (!idx.HasPrefix()) idx.prefix_lengths.clear();
        break;
    }
    kept.push_back(std::move(idx));
  }
  table->indexes = std::move(kept);
}

std::vector<IndexSchema> IndexFallbacks(const TableSchema& table, const IndexSchema& index,
                                        const SinkCapabilities& caps) {
  if (index.kind != IndexKind::kBtree || index.hashed || caps.max_index_key_bytes <= 0 || !caps.hash_indexes)
    return {};
  bool any = false;
  for (const auto& c : index.columns) any |= IsStringy(table.FindColumn(c));
  if (!any) return {};
  IndexSchema hashed = index;
  hashed.hashed = true;
  return {hashed};
}

}  // namespace ferry
