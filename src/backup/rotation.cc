#include "backup/rotation.h"

#include <filesystem>
#include <map>

#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"

namespace ferry::backup {

Result<std::vector<RotationStep>> PlanRotation(const std::string& dir, const RetentionPolicy& policy) {
  FERRY_ASSIGN_OR_RETURN(auto found, archive::ListArchives(dir));
  std::map<std::string, std::vector<ArchiveInfo>> by_name;
  std::map<std::string, std::string> path_of;  // folder name -> path
  for (const auto& a : found) {
    auto manifest = archive::ReadManifest(a.path);
    const std::string folder = std::filesystem::path(a.path).filename().string();
    by_name[a.folder.name].push_back(ArchiveInfo{folder, a.folder.time, manifest.ok() && manifest->complete});
    path_of[folder] = a.path;
  }
  std::vector<RotationStep> steps;
  for (auto& [name, archives] : by_name)
    for (auto& decision : ApplyRetention(std::move(archives), policy))
      steps.push_back(RotationStep{path_of[decision.archive.name], std::move(decision)});
  return steps;
}

Status ApplyRotation(const std::vector<RotationStep>& steps) {
  for (const auto& step : steps) {
    if (step.decision.keep) continue;
    std::error_code ec;
    std::filesystem::remove_all(step.path, ec);
    if (ec) return Status::Io("cannot remove archive " + step.path + ": " + ec.message());
  }
  return Status::OK();
}

}  // namespace ferry::backup
