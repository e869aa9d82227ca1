// Crash points for tests of the moments no signal can be timed to hit.
// With FERRY_TEST_CRASH=<point>:<n> in the environment, CrashPoint(point, n)
// kills the process with SIGKILL, as a power cut or the OOM killer would;
// without it (every real run) it does nothing. Points in use:
//   after-post-ddl:<step>   post-data statement <step> (1-based) ran and
//                           committed, its step count is not yet recorded
//   file-synced:<n>         a file writer's n-th Commit made its rows
//                           durable, its checkpoint is not yet recorded
//   after-reject:<n>        the n-th rejected row is in the reject file, its
//                           batch is not yet committed
//   hep-delivered:<n>       a HEP writer's n-th Commit saw its packets
//                           delivered, its checkpoint is not yet recorded
//   hep-recorded:<n>        ... and its checkpoint is recorded
#pragma once

#include <cstdint>
#include <string_view>

namespace ferry {

void CrashPoint(std::string_view point, int64_t n);

}  // namespace ferry
