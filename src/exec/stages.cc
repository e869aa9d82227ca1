// The copy task's stages (stage.h).
#include <algorithm>
#include <numeric>

#include "exec/convert.h"
#include "exec/rate_limiter.h"
#include "exec/stage.h"

namespace ferry {

InFlight::InFlight(std::unique_ptr<RecordBatch> b) : batch(std::move(b)) {
  read_rows = batch->num_rows();
  read_bytes = batch->ByteSize();
  origin.resize(read_rows);
  std::iota(origin.begin(), origin.end(), uint32_t{0});
}

void InFlight::DropRows(const std::vector<bool>& drop) {
  if (std::find(drop.begin(), drop.end(), true) == drop.end()) return;
  RecordBatch kept(batch->fields());
  std::vector<uint32_t> kept_origin;
  size_t r = 0;
  const size_t n = batch->num_rows();
  while (r < n) {
    if (drop[r]) {
      ++r;
      continue;
    }
    const size_t s = r;
    while (r < n && !drop[r]) ++r;
    kept.AppendRows(*batch, s, r);
    kept_origin.insert(kept_origin.end(), origin.begin() + s, origin.begin() + r);
  }
  *batch = std::move(kept);
  origin = std::move(kept_origin);
}

namespace {

// Records the batch's issues and takes their rows out: shared by the stages
// that flag values (the reader's, the converter's).
Status TakeIssues(InFlight* b, RowRejecter* rejecter) {
  RecordBatch& batch = *b->batch;
  if (batch.issues().empty()) return Status::OK();
  std::vector<bool> drop(batch.num_rows(), false);
  for (const auto& issue : batch.issues()) {
    if (issue.kind == RowIssue::Kind::kNulled) {
      rejecter->Note(batch.fields()[issue.column].name + ": " + issue.reason);
      continue;
    }
    if (drop[issue.row]) continue;  // one reject per row, for its first issue
    drop[issue.row] = true;
    FERRY_RETURN_NOT_OK(
        rejecter->Reject(batch, issue.row, static_cast<int>(issue.column), issue.reason, &issue.original));
  }
  batch.issues().clear();
  b->DropRows(drop);
  return Status::OK();
}

class IssuesStage : public Stage {
 public:
  explicit IssuesStage(RowRejecter* rejecter) : rejecter_(rejecter) {}
  std::string_view name() const override { return "issues"; }
  Status Process(InFlight* b) override { return TakeIssues(b, rejecter_); }

 private:
  RowRejecter* rejecter_;
};

class ConvertStage : public Stage {
 public:
  ConvertStage(const std::vector<ColumnMapping>& columns, RowRejecter* rejecter)
      : columns_(columns), rejecter_(rejecter) {}
  std::string_view name() const override { return "convert"; }
  Status Process(InFlight* b) override {
    ConvertBatch(columns_, b->batch.get());
    return TakeIssues(b, rejecter_);
  }

 private:
  const std::vector<ColumnMapping>& columns_;
  RowRejecter* rejecter_;
};

class NullColumnsStage : public Stage {
 public:
  explicit NullColumnsStage(std::vector<size_t> columns) : columns_(std::move(columns)) {}
  std::string_view name() const override { return "null-columns"; }
  Status Process(InFlight* b) override {
    RecordBatch& batch = *b->batch;
    for (size_t c : columns_) {
      Column nulls(batch.fields()[c].type);
      for (size_t r = 0; r < batch.num_rows(); ++r) nulls.AppendNull();
      batch.ReplaceColumn(c, batch.fields()[c], std::move(nulls));
    }
    return Status::OK();
  }

 private:
  std::vector<size_t> columns_;
};

class PaceStage : public Stage {
 public:
  explicit PaceStage(RateLimiter* rate) : rate_(rate) {}
  std::string_view name() const override { return "pace"; }
  Status Process(InFlight* b) override {
    rate_->Acquire(static_cast<int64_t>(b->batch->num_rows()));
    return Status::OK();
  }

 private:
  RateLimiter* rate_;
};

}  // namespace

std::unique_ptr<Stage> MakeIssuesStage(RowRejecter* rejecter) { return std::make_unique<IssuesStage>(rejecter); }

std::unique_ptr<Stage> MakeConvertStage(const std::vector<ColumnMapping>& columns, RowRejecter* rejecter) {
  return std::make_unique<ConvertStage>(columns, rejecter);
}

std::unique_ptr<Stage> MakeNullColumnsStage(std::vector<size_t> columns) {
  return std::make_unique<NullColumnsStage>(std::move(columns));
}

std::unique_ptr<Stage> MakePaceStage(RateLimiter* rate) { return std::make_unique<PaceStage>(rate); }

std::vector<std::unique_ptr<Stage>> CopyStages(const TableJob& job, const std::vector<size_t>& null_columns,
                                               RateLimiter* rate, RowRejecter* rejecter,
                                               const ExtraStages* extra) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(MakeIssuesStage(rejecter));
  if (extra)
    for (auto& stage : extra->For(job)) stages.push_back(std::move(stage));
  stages.push_back(MakeConvertStage(job.columns, rejecter));
  if (!null_columns.empty()) stages.push_back(MakeNullColumnsStage(null_columns));
  if (rate) stages.push_back(MakePaceStage(rate));
  return stages;
}

}  // namespace ferry
