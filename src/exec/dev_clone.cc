// Dev clones (dev_clone.h): the mask stage and the stage list of a task.
#include "exec/dev_clone.h"

namespace ferry {

namespace {

// Masks one batch column in place by its rule.
class MaskStage : public Stage {
 public:
  MaskStage(const DevClone* clone, const Masker* masker, const ColumnMask* mask, size_t column, std::string counted_as)
      : clone_(clone), masker_(masker), mask_(mask), column_(column), counted_as_(std::move(counted_as)) {}
  std::string_view name() const override { return "mask"; }
  Status Process(InFlight* b) override {
    const int64_t n = masker_->MaskColumn(mask_->rule, mask_->fixed, mask_->hash_type, &b->batch->column(column_));
    if (!counted_as_.empty()) clone_->CountMasked(counted_as_, n);
    return Status::OK();
  }

 private:
  const DevClone* clone_;
  const Masker* masker_;
  const ColumnMask* mask_;
  size_t column_;
  std::string counted_as_;  // "" for a second pass: its rows were counted once already
};

}  // namespace

Result<std::unique_ptr<DevClone>> DevClone::Prepare(const DevCloneOptions& options, Plan* plan, Database* source,
                                                      const BatchLimits& limits) {
  FERRY_ASSIGN_OR_RETURN(MaskPlan masks, PlanMasks(options.masks, *plan));
  std::unique_ptr<DevClone> clone(new DevClone(std::move(masks), options.mask_key));
  if (!options.subsets.empty()) {
    FERRY_ASSIGN_OR_RETURN(clone->subset_, Subset::Compute(options.subsets, plan, source, limits));
  }
  return clone;
}

std::vector<std::unique_ptr<Stage>> DevClone::For(const TableJob& job) const {
  std::vector<std::unique_ptr<Stage>> stages;
  if (subset_)
    if (auto s = subset_->MakeStage(job)) stages.push_back(std::move(s));
  auto it = masks_.tables.find(job.source_table);
  if (it == masks_.tables.end()) return stages;
  // The executor's second pass (a staging table "ferry_fix_<table>" of key
  // and FK columns) masks alike but is not counted again.
  const bool second_pass = job.target_table.rfind("ferry_fix_", 0) == 0;
  for (const auto& m : it->second)
    for (size_t i = 0; i < job.columns.size(); ++i)
      if (job.columns[i].source_column == m.column)
        stages.push_back(std::make_unique<MaskStage>(
            this, &masker_, &m, i,
            second_pass ? "" : job.source_table + "." + m.column + "=" + std::string(MaskRuleName(m.rule))));
  return stages;
}

void DevClone::CountMasked(const std::string& column, int64_t n) const {
  std::lock_guard<std::mutex> lock(mu_);
  masked_[column] += n;
}

std::vector<std::string> DevClone::PlanNotes() const {
  std::vector<std::string> notes = masks_.Describe();
  if (subset_)
    for (auto& n : subset_->Notes()) notes.push_back(std::move(n));
  return notes;
}

std::vector<std::string> DevClone::CountNotes() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> notes;
  for (const auto& [column, n] : masked_) notes.push_back("masked: " + column + ": " + std::to_string(n) + " value(s)");
  return notes;
}

}  // namespace ferry
