// How the indexes a source declares become indexes the target can build,
// decided in the plan (docs/schema-translation.md, "Index kinds"). What the
// target builds as declared stays; what it builds another way changes
// (FULLTEXT becomes PostgreSQL's GIN over to_tsvector, a prefix part an
// expression on the prefix); what it cannot build goes. Every change that
// loses something, and every loss, is a note naming the table and index.
// Pure functions of the schema and the sink.
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"
#include "engines/sink.h"

namespace ferry {

// Translates, in place, the indexes of `table` (a target schema made from
// the source's) for `sink`. `same_engine`: the source is of the sink's
// engine, so its native types (MySQL geometry) are kept.
void TranslateIndexes(const Sink& sink, bool same_engine, TableSchema* table, std::vector<std::string>* notes);

// The forms to try, in order, when creating `index` on `table` fails: where
// the sink's keys are bounded and it can index a hash, the same index over
// md5() of its text and bytes columns. Empty when there is none.
std::vector<IndexSchema> IndexFallbacks(const TableSchema& table, const IndexSchema& index,
                                        const SinkCapabilities& caps);

}  // namespace ferry
