// Exit codes of the ferry binary, one per cause; documented in README.md
// and `ferry --help`.
#pragma once

#include "core/status.h"

namespace ferry {

enum ExitCode : int {
  kExitOk = 0,           // done; every row arrived
  kExitInternal = 1,     // a bug in ferry
  kExitUsage = 2,        // bad flag, URI, cast rule, or a plan ferry refuses
  kExitRejected = 3,     // finished, but rows need attention: rejected (reject file) or orphaned
  kExitSource = 4,       // the source failed: connect, read, missing table
  kExitTarget = 5,       // the target failed: connect, DDL, write
  kExitUnsupported = 6,  // a type or feature with no mapping
  kExitIo = 7,           // a local file: reject file, report
  kExitCancelled = 8,    // interrupted, or --max-rejects crossed
  kExitDifferent = 9,    // verify: the two sides differ
  kExitConflict = 10,    // --on-conflict error: a source row's key exists in the target
};

inline int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidInput: return kExitUsage;
    case StatusCode::kNotFound: return kExitSource;
    case StatusCode::kUnsupported: return kExitUnsupported;
    case StatusCode::kSource: return kExitSource;
    case StatusCode::kTarget: return kExitTarget;
    case StatusCode::kData: return kExitRejected;
    case StatusCode::kConflict: return kExitConflict;
    case StatusCode::kIo: return kExitIo;
    case StatusCode::kCancelled: return kExitCancelled;
    case StatusCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace ferry
