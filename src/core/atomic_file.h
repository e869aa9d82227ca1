// Whole-file replacement that survives crashes and power cuts: whoever reads
// `path` afterwards (a resumed run reading its checkpoint file, a script
// reading a JSON report) finds the old contents or the new, never a torn or
// empty file. Used for the checkpoint file and every JSON report.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ferry {

// Writes `contents` to "<path>.tmp" in the same directory, fsyncs it,
// renames it over `path` and fsyncs the directory, so once this returns OK
// the new contents are durable. On failure `path` is untouched and the temp
// file removed; the error (kIo) names the file and the system's reason.
// REQUIRES: no other thread or process replaces the same `path` at once
// (they would share the temp file).
Status ReplaceFileAtomically(const std::string& path, std::string_view contents);

}  // namespace ferry
