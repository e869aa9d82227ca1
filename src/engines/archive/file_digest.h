// A file's size and SHA-256, read front to back in large blocks: what an
// archive's manifest records per Parquet file and what `backup check` and
// restore compare. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace ferry::archive {

struct FileDigest {
  int64_t bytes = 0;
  std::string sha256;  // lowercase hex
};

// kNotFound when the file is missing, kIo when it cannot be read.
Result<FileDigest> DigestFile(const std::string& path);

}  // namespace ferry::archive
