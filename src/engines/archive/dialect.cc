#include "engines/archive/dialect.h"

#include "core/sql_text.h"

namespace ferry::archive {

std::string ArchiveDialect::QuoteIdent(std::string_view identifier) const { return QuoteDoubling(identifier, '"'); }

}  // namespace ferry::archive
