// A dev clone (`--subset`, `--mask`, `--mask-key`; docs/backup.md "Dev
// clones"): the run's subset decision and mask plan, prepared on the main
// thread before anything is written (every refusal comes then), and the
// stages they add to each task: first the subset's row filter, then one
// mask stage per masked column. Counts masked values per column for the
// summary. Prepared once per run; For() and the stages run on the tasks'
// threads (the counts are locked).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "exec/mask.h"
#include "exec/mask_plan.h"
#include "exec/stage.h"
#include "exec/subset.h"

namespace ferry {

struct DevCloneOptions {
  std::vector<SubsetSpec> subsets;
  std::vector<MaskSpec> masks;
  std::string mask_key;  // empty: a random key for this run

  bool empty() const { return subsets.empty() && masks.empty(); }
};

class DevClone : public ExtraStages {
 public:
  // Resolves the masks against `plan` and computes the subset (reading the
  // source's key columns). May narrow `plan`'s filters (Subset::Compute).
  static Result<std::unique_ptr<DevClone>> Prepare(const DevCloneOptions& options, Plan* plan, Database* source,
                                                    const BatchLimits& limits);

  std::vector<std::unique_ptr<Stage>> For(const TableJob& job) const override;

  // What the clone does: the masks (and which follow an FK) and the
  // subset's rows per table. For the dry run and the summary.
  std::vector<std::string> PlanNotes() const;
  // Values masked so far, per column: "masked: users.email (email): 120 value(s)".
  std::vector<std::string> CountNotes() const;

  // For a stage: adds `n` masked values of `column` ("users.email=email").
  void CountMasked(const std::string& column, int64_t n) const;

 private:
  DevClone(MaskPlan masks, std::string key) : masks_(std::move(masks)), masker_(std::move(key)) {}
  MaskPlan masks_;
  Masker masker_;
  std::unique_ptr<Subset> subset_;
  mutable std::mutex mu_;
  mutable std::map<std::string, int64_t> masked_;
};

}  // namespace ferry
