// Rotation of a backup directory: the archives under it (engines/archive
// layout.h), each marked complete or not by its manifest, run through the
// retention policy (retention.h) one archive NAME at a time (a directory
// may hold several databases' archives), and the archives it does not keep
// removed. Main thread; touches only archive folders directly under `dir`.
#pragma once

#include <string>
#include <vector>

#include "backup/retention.h"
#include "core/result.h"

namespace ferry::backup {

struct RotationStep {
  std::string path;  // the archive folder
  RetentionDecision decision;
};

// What the policy keeps and removes, newest first within each NAME.
// REQUIRES: !policy.empty().
Result<std::vector<RotationStep>> PlanRotation(const std::string& dir, const RetentionPolicy& policy);

// Removes the archives `steps` does not keep. The first failure is
// returned, naming the folder; what was removed before it stays removed.
Status ApplyRotation(const std::vector<RotationStep>& steps);

}  // namespace ferry::backup
