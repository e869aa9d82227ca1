#include "engines/archive/digesting_writer.h"

#include <string>
#include <vector>

namespace ferry::archive {
namespace {

class DigestingWriter final : public TableWriter {
 public:
  DigestingWriter(std::unique_ptr<TableWriter> inner, std::vector<verify::ColumnRender> renders,
                  std::shared_ptr<verify::Checksum> digest)
      : inner_(std::move(inner)), renders_(std::move(renders)), digest_(std::move(digest)) {}

  Status Commit() override { return inner_->Commit(); }
  Status Finish() override { return inner_->Finish(); }

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    FERRY_RETURN_NOT_OK(inner_->Write(batch, begin, end, checkpoint, counts));
    for (size_t row = begin; row < end; ++row) digest_->Add(verify::HashRow(batch, row, renders_, &scratch_));
    return Status::OK();
  }

 private:
  std::unique_ptr<TableWriter> inner_;
  std::vector<verify::ColumnRender> renders_;
  std::shared_ptr<verify::Checksum> digest_;
  std::string scratch_;  // one row's encoding, reused
};

}  // namespace

std::unique_ptr<TableWriter> DigestRows(std::unique_ptr<TableWriter> inner, const WriteSpec& spec,
                                        std::shared_ptr<verify::Checksum> digest) {
  std::vector<LogicalType> types;
  for (const auto& f : spec.columns) types.push_back(f.type);
  return std::make_unique<DigestingWriter>(std::move(inner), verify::SelfRenders(types), std::move(digest));
}

}  // namespace ferry::archive
