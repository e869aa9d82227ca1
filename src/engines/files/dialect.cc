#include "engines/files/dialect.h"

#include "core/sql_text.h"

namespace ferry::files {

std::string FilesDialect::QuoteIdent(std::string_view identifier) const {
  return QuoteDoubling(identifier, '"');
}

}  // namespace ferry::files
